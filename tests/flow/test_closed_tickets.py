"""SPEC "What the real services do": a closed ticket is skipped (audited, not a dead letter), and one permanent
failure on one secondary write (a deleted ticket) never strands a case half-way: the rest of the step completes and
the failure is listed as a dead letter that names the case."""
from __future__ import annotations

import copy
from datetime import datetime, time, timezone

import pytest
import sqlalchemy as sa

from bot.db.models import AuditEntry
from bot.worker import loop as worker
from sandbox.stack import Stack, in_days

# Ticket texts the detector reads as a Self-Managed org moving to SaaS (MIGRATION) and as an ordinary
# Self-Managed problem (ORDINARY); kept here so this file depends on nothing but the sandbox.
MIGRATION = ("Pipelines stuck on GitLab.com after moving off our self-managed server",
             "Hi, we are migrating from our self-managed GitLab instance to GitLab.com (SaaS) and have moved our\n"
             "first group over to gitlab.com. Pipelines on gitlab.com now sit in pending: 'This job is stuck\n"
             "because you don't have any active runners'. How do we use the shared runners on GitLab.com?")
ORDINARY = ("Gitaly CPU at 100%", "Our self-managed Gitaly node CPU is pegged at 100% during business hours.\n"
            "Top RPCs are from CI clones. Should we enable the pack-objects cache on our instance?")


@pytest.fixture
def stack(sqlite_url):
    s = Stack(sqlite_url).start()
    yield s
    s.stop()


def midnight(day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def approve(stack, issue: dict) -> None:
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    stack.settle()


def open_issue_case(stack, extra_tickets: int = 0):
    """A case up to its open Support Ops issue: (org, [tickets], issue, target date)."""
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"], notes="Key account since 2019.")
    tickets = [stack.create_ticket(org, *MIGRATION)]
    stack.settle()
    for n in range(extra_tickets):  # the same org writes again: the ticket joins the open case
        tickets.append(stack.create_ticket(org, *MIGRATION, requester=f"dev{n + 2}@example.com"))
        stack.settle()
    target = in_days(40)
    stack.reply(tickets[0], f"We'll buy Ultimate on GitLab.com. Migration target date: {target.isoformat()}.")
    stack.settle()
    issues = stack.issues()
    assert len(issues) == 1, issues
    return org, tickets, issues[0], target


def label(stack, issue: dict, name: str) -> None:
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels=name)
    stack.settle()


def close(stack, ticket: dict) -> None:
    stack.zendesk("PUT", f"tickets/{ticket['id']}", ticket={"status": "closed"})
    stack.settle()


def failed_events(stack) -> list:
    with stack.rt.engine.connect() as conn:
        return conn.execute(sa.text("SELECT id, result FROM inbox WHERE status = 'failed'")).all()


def failed_actions(stack) -> list:
    with stack.rt.engine.connect() as conn:
        return conn.execute(sa.text("SELECT case_id, kind, last_error FROM scheduled_actions "
                                    "WHERE status = 'failed'")).all()


def audit(stack, case_id: int, action: str) -> list[dict]:
    with stack.rt.sessions() as s:
        rows = s.scalars(sa.select(AuditEntry).where(AuditEntry.case_id == case_id, AuditEntry.action == action))
        return [r.detail for r in rows]


def pending_kinds(stack, case_id: int) -> set[str]:
    return {a.kind for a in stack.rt.store.actions(case_id) if a.status == "pending"}


def test_a_closed_ticket_at_approval_is_skipped_and_the_case_completes(stack):
    org, (ticket,), issue, target = open_issue_case(stack)
    close(stack, ticket)
    notes_before = len(stack.bot_comments(ticket["id"], public=False))
    label(stack, issue, "offering-migration::approved")

    case = stack.rt.store.case_for_ticket(str(ticket["id"]))
    assert case.state == "tickets_aligned"
    org_now = stack.org(org["id"])
    assert "saas_ultimate" in org_now["tags"]
    assert org_now["notes"].splitlines()[-1].startswith(f"Approved saas ultimate support until {target}")
    assert any("saas_ultimate" in n["body"] for n in stack.gitlab("GET", f"issues/{issue['iid']}/notes"))
    assert len(stack.bot_comments(ticket["id"], public=False)) == notes_before  # its note was left out
    assert pending_kinds(stack, case.id) == {"remind:7", "remind:1", "expire"}
    skipped = audit(stack, case.id, "ticket_closed_skipped")
    assert [d["ticket_id"] for d in skipped] == [str(ticket["id"])]
    assert failed_events(stack) == [] and failed_actions(stack) == []  # a skip is not a dead letter

    worker.run_due(stack.rt, midnight(target))
    assert stack.rt.store.case(case.id).state == "expired"
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]
    assert stack.gitlab("GET", f"issues/{issue['iid']}")["state"] == "closed"
    assert failed_events(stack) == [] and failed_actions(stack) == []


def test_a_closed_ticket_at_rejection_is_skipped_not_dead_lettered(stack):
    org, (ticket,), issue, _ = open_issue_case(stack)
    close(stack, ticket)
    label(stack, issue, "offering-migration::rejected")
    case = stack.rt.store.case_for_ticket(str(ticket["id"]))
    assert case.state == "rejected"
    assert [d["ticket_id"] for d in audit(stack, case.id, "ticket_closed_skipped")] == [str(ticket["id"])]
    assert failed_events(stack) == [] and failed_actions(stack) == []
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]


def test_a_deleted_ticket_is_a_dead_letter_naming_the_case_and_the_rest_completes(stack):
    org, (first, second), issue, target = open_issue_case(stack, extra_tickets=1)
    zd = stack.sandbox.zendesk
    with zd.lock:  # an agent deletes the joined ticket (spam, merged) while Support Ops decides
        kept = (zd.tickets.pop(int(second["id"])), zd._comments.pop(int(second["id"])))
    label(stack, issue, "offering-migration::approved")

    case = stack.rt.store.case_for_ticket(str(first["id"]))
    assert case.state == "tickets_aligned"
    assert "saas_ultimate" in stack.org(org["id"])["tags"]
    assert "approved" in stack.bot_comments(first["id"], public=False)[-1]["body"]
    assert pending_kinds(stack, case.id) == {"remind:7", "remind:1", "expire"}
    assert failed_events(stack) == []
    dead = failed_actions(stack)
    assert len(dead) == 1 and dead[0].case_id == case.id
    assert f"case {case.id}" in dead[0].last_error and str(second["id"]) in dead[0].last_error
    assert audit(stack, case.id, "effect_failed")

    # Still deleted: a replay fails again and stays listed; restored: the replay writes the missing note.
    worker.replay(stack.rt)
    assert len(failed_actions(stack)) == 1
    with zd.lock:
        zd.tickets[int(second["id"])], zd._comments[int(second["id"])] = copy.deepcopy(kept)
    worker.replay(stack.rt)
    assert failed_actions(stack) == []
    assert "approved" in stack.bot_comments(second["id"], public=False)[-1]["body"]
    assert stack.rt.store.case(case.id).state == "tickets_aligned"
