"""The whole migration flow against the sandbox services, SPEC "Observable behaviour" 1-6 step by step: detection,
answer, Support Ops issue, approval, org tag and note, alignment, reminders and expiry."""
from __future__ import annotations

from datetime import timedelta

from bot.worker import loop as worker
from sandbox.stack import in_days
from tests.conftest import ORDINARY
from tests.flow.conftest import midnight, start_case


def test_full_flow_approval_alignment_reminders_expiry(any_db_stack):
    stack = any_db_stack
    org, ticket = start_case(stack)
    other = stack.create_ticket(org, *ORDINARY, requester="ops@example.com")
    stack.settle()
    target = in_days(40)
    stack.reply(ticket, f"Thanks! We'll buy Ultimate on GitLab.com. Migration target date: {target.isoformat()}.")
    stack.settle()

    issues = stack.issues()
    assert len(issues) == 1
    issue = issues[0]
    assert "offering-migration" in issue["labels"] and issue["due_date"] == target.isoformat()
    assert "Crannock Systems" in issue["title"]
    for fact in (str(org["id"]), str(ticket["id"]), "Self-Managed", "SaaS", "Ultimate", target.isoformat(),
                 "Partner-managed | no"):
        assert fact in issue["description"], fact
    assert any(issue["web_url"] in c["body"] for c in stack.bot_comments(ticket["id"], public=False))

    # Support Ops approves in GitLab.
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    stack.settle()
    org_now = stack.org(org["id"])
    assert set(org_now["tags"]) >= {"sm_premium", "saas_ultimate", "emea", "enterprise"}
    lines = org_now["notes"].splitlines()
    assert lines[0] == "Key account since 2019."
    assert lines[1] == f"Approved saas ultimate support until {target.isoformat()} ({issue['web_url']})"
    notes = stack.gitlab("GET", f"issues/{issue['iid']}/notes")
    assert any("saas_ultimate" in n["body"] for n in notes)
    # Tickets end with exactly one level tag: the SaaS problem keeps saas_ultimate, the Gitaly one sm_premium.
    level = {"sm_premium", "saas_ultimate"}
    assert set(stack.ticket(ticket["id"])["tags"]) & level == {"saas_ultimate"}
    assert set(stack.ticket(other["id"])["tags"]) & level == {"sm_premium"}

    # Duplicate webhook deliveries and a repeated approval change nothing.
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    stack.settle()
    assert stack.org(org["id"])["notes"].count("Approved") == 1

    # Reminders at 00:00 UTC 7 and 1 days before; expiry on the target date.
    worker.run_due(stack.rt, midnight(target - timedelta(days=7)))
    msgs = stack.slack_messages()
    assert any("Crannock Systems" in m.get("text", "") for m in msgs)
    worker.run_due(stack.rt, midnight(target))
    org_end = stack.org(org["id"])
    assert "saas_ultimate" not in org_end["tags"] and "sm_premium" in org_end["tags"]
    assert "Expired saas ultimate support" in org_end["notes"].splitlines()[-1]
    assert stack.gitlab("GET", f"issues/{issue['iid']}")["state"] == "closed"
    assert stack.rt.store.list_cases()[0].state == "expired"
