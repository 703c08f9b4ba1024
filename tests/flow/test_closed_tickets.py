"""SPEC "What the real services do": a closed ticket is skipped (audited, not a dead letter), and one permanent
failure on one secondary write (a deleted ticket) never strands a case half-way: the rest of the step completes and
the failure is listed as a dead letter that names the case."""
from __future__ import annotations

import copy

import sqlalchemy as sa

from bot.db.models import AuditEntry
from bot.worker import loop as worker
from tests.flow.conftest import midnight, open_issue_case_with_tickets


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
    org, (ticket,), issue, target = open_issue_case_with_tickets(stack, 0)
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
    org, (ticket,), issue, _ = open_issue_case_with_tickets(stack, 0)
    close(stack, ticket)
    label(stack, issue, "offering-migration::rejected")
    case = stack.rt.store.case_for_ticket(str(ticket["id"]))
    assert case.state == "rejected"
    assert [d["ticket_id"] for d in audit(stack, case.id, "ticket_closed_skipped")] == [str(ticket["id"])]
    assert failed_events(stack) == [] and failed_actions(stack) == []
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]


def test_a_deleted_ticket_is_a_dead_letter_naming_the_case_and_the_rest_completes(stack):
    org, (first, second), issue, target = open_issue_case_with_tickets(stack, 1)
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
    # The replayed row goes back to the running worker, which may pick it up at once (it is woken, not polled):
    # wait for its outcome rather than read the row while it is in flight.
    worker.replay(stack.rt)
    stack.settle()
    stack.wait_for(lambda: len(failed_actions(stack)) == 1, 20, "the replayed note to fail again")
    with zd.lock:
        zd.tickets[int(second["id"])], zd._comments[int(second["id"])] = copy.deepcopy(kept)
    worker.replay(stack.rt)
    stack.settle()
    stack.wait_for(lambda: failed_actions(stack) == [], 20, "the replayed note to be written")
    assert "approved" in stack.bot_comments(second["id"], public=False)[-1]["body"]
    assert stack.rt.store.case(case.id).state == "tickets_aligned"
