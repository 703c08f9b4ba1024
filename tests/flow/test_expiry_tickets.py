"""SPEC "Observable behaviour" 6: at expiry, open tickets that carry the removed tag get the org's remaining level
tag instead, with an internal note; no ticket ever carries both offerings' level tags."""
from __future__ import annotations

from bot.worker import loop as worker
from sandbox.stack import in_days
from tests.conftest import MIGRATION, ORDINARY
from tests.flow.conftest import approve, midnight, open_issue_case_with_tickets

LEVEL = {"sm_premium", "saas_ultimate"}


def test_expiry_gives_open_tickets_the_remaining_level_tag_with_a_note(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"], notes="Key account since 2019.")
    ticket = stack.create_ticket(org, *MIGRATION)
    other = stack.create_ticket(org, *ORDINARY, requester="ops@example.com")
    stack.settle()
    target = in_days(40)
    stack.reply(ticket, f"We'll buy Ultimate on GitLab.com. Migration target date: {target.isoformat()}.")
    stack.settle()
    approve(stack, stack.issues()[0])
    assert set(stack.ticket(ticket["id"])["tags"]) & LEVEL == {"saas_ultimate"}
    assert set(stack.ticket(other["id"])["tags"]) & LEVEL == {"sm_premium"}
    stack.zendesk("PUT", f"tickets/{ticket['id']}/tags", tags=["vip_watch"])  # an agent's own tag stays
    stack.settle()
    other_notes = len(stack.bot_comments(other["id"], public=False))

    worker.run_due(stack.rt, midnight(target))
    stack.settle()
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]
    tags = set(stack.ticket(ticket["id"])["tags"])
    assert tags & LEVEL == {"sm_premium"}
    assert {"vip_watch", "offering_migration"} <= tags
    last = stack.bot_comments(ticket["id"], public=False)[-1]["body"]
    assert "ended" in last and "sm_premium" in last
    # The ticket that already carried the paid level tag is left alone.
    assert set(stack.ticket(other["id"])["tags"]) & LEVEL == {"sm_premium"}
    assert len(stack.bot_comments(other["id"], public=False)) == other_notes
    assert stack.rt.store.case_for_ticket(str(ticket["id"])).state == "expired"


def test_an_expiry_refused_half_way_is_finished_by_replay(stack):
    """The case had already moved to `expired` when Zendesk refused the tag removal: a replay must finish the
    expiry (the ledger skips what was done), not cancel it as stale and leave the temporary tag on for good."""
    org, (ticket,), issue, target = open_issue_case_with_tickets(stack, 0)
    approve(stack, issue)
    stack.faults("zendesk", error_rate=1.0, error_status=422)
    worker.run_due(stack.rt, midnight(target))
    stack.faults("zendesk")
    case = stack.rt.store.case_for_ticket(str(ticket["id"]))
    assert case.state == "expired" and "saas_ultimate" in stack.org(org["id"])["tags"]
    assert [a.status for a in stack.rt.store.actions(case.id) if a.kind == "expire"] == ["failed"]

    worker.replay(stack.rt)
    stack.settle()  # the running worker may have taken the replayed action first
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]
    assert "Expired" in stack.org(org["id"])["notes"].splitlines()[-1]
    assert stack.gitlab("GET", f"issues/{issue['iid']}")["state"] == "closed"
    assert [a.status for a in stack.rt.store.actions(case.id) if a.kind == "expire"] == ["done"]
