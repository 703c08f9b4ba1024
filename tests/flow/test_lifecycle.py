"""The whole migration flow against the sandbox services: SPEC "Observable behaviour" 1-6, step by step."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest

from bot.worker import loop as worker
from sandbox.stack import Stack, in_days

MIGRATION = ("Pipelines stuck on GitLab.com after moving off our self-managed server",
             "Hi, we are migrating from our self-managed GitLab instance to GitLab.com (SaaS) and have moved our\n"
             "first group over to gitlab.com. Pipelines on gitlab.com now sit in pending: 'This job is stuck\n"
             "because you don't have any active runners'. How do we use the shared runners on GitLab.com?\n-- Jana")
ORDINARY = ("Gitaly CPU at 100%", "Our self-managed Gitaly node CPU is pegged at 100% during business hours.\n"
            "Top RPCs are from CI clones. Should we enable the pack-objects cache on our instance?")


@pytest.fixture
def stack(db_url):
    s = Stack(db_url).start()
    yield s
    s.stop()


def start_case(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea", "enterprise"],
                           notes="Key account since 2019.")
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    return org, ticket


def test_confident_detection_notes_asks_and_tags(stack):
    org, ticket = start_case(stack)
    internal = stack.bot_comments(ticket["id"], public=False)
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(internal) == 1 and len(public) == 1
    assert "Self-Managed" in internal[0]["body"] and "SaaS" in internal[0]["body"]
    assert "support level" in public[0]["body"] and "target date" in public[0]["body"]
    assert "offering_migration" in stack.ticket(ticket["id"])["tags"]
    assert stack.issues() == [] and stack.slack_messages() == []


def test_ordinary_ticket_causes_no_write(stack):
    org = stack.create_org("Quiet Corp", ["sm_ultimate", "amer"])
    ticket = stack.create_ticket(org, *ORDINARY)
    stack.settle()
    assert stack.bot_comments(ticket["id"]) == []
    assert "offering_migration" not in stack.ticket(ticket["id"])["tags"]
    assert stack.issues() == [] and stack.slack_messages() == []
    calls = stack.sandbox.controls("zendesk").calls.list()
    assert any(c.get("auth_user") == stack.env["ZENDESK_EMAIL"] for c in calls)  # it did read the ticket
    writes = [c for c in calls if c["method"] != "GET" and c.get("auth_user") == stack.env["ZENDESK_EMAIL"]]
    assert writes == []


def test_invalid_reply_gets_one_comment_saying_what_is_missing(stack):
    org, ticket = start_case(stack)
    stack.reply(ticket, "We will take Ultimate, and want to be done in early March.")
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 2
    assert "ambiguous" in public[-1]["body"]
    stack.reply(ticket, f"Ultimate, target date {in_days(3).isoformat()}.")
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 3 and "at least 7 days" in public[-1]["body"]
    assert stack.issues() == []


def test_full_flow_approval_alignment_reminders_expiry(stack):
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
    midnight = lambda d: datetime.combine(d, time(0, 0), tzinfo=timezone.utc)  # noqa: E731
    worker.run_due(stack.rt, midnight(target - timedelta(days=7)))
    msgs = stack.slack_messages()
    assert any("Crannock Systems" in m.get("text", "") for m in msgs)
    worker.run_due(stack.rt, midnight(target))
    org_end = stack.org(org["id"])
    assert "saas_ultimate" not in org_end["tags"] and "sm_premium" in org_end["tags"]
    assert "Expired saas ultimate support" in org_end["notes"].splitlines()[-1]
    assert stack.gitlab("GET", f"issues/{issue['iid']}")["state"] == "closed"
    assert stack.rt.store.list_cases()[0].state == "expired"


def test_reconcile_finishes_a_case_left_between_states(stack):
    """A case interrupted after its transition (the worker's sweep is the safety net behind DBOS recovery)."""
    from datetime import timedelta

    from bot.case.machine import State
    from bot.case.machine import parse_iso_date

    org, ticket = start_case(stack)
    case = stack.rt.store.list_cases()[0]
    # Simulate a crash right after the answer was accepted: state moved, nothing else happened.
    stack.rt.store.transition(case.id, "reply_valid", support_level="premium",
                              target_date=parse_iso_date(in_days(30).isoformat()))
    assert stack.rt.store.case(case.id).state == State.INFO_RECEIVED
    handles = worker.reconcile_stuck(stack.rt, stack.rt.now() + timedelta(hours=1), older_than=60)
    assert [h.get_result() for h in handles] == ["issue_open"]
    assert len(stack.issues()) == 1
    again = worker.reconcile_stuck(stack.rt, stack.rt.now() + timedelta(hours=1), older_than=60)
    assert again == []  # issue_open is a waiting state: nothing left to finish
