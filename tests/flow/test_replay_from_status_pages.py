"""The status pages' Replay button hands a dead letter back: the running worker runs it again, under a fresh
workflow id, without anyone calling `migration-bot replay`."""
from __future__ import annotations

from sqlalchemy import select, update

from bot.db.models import InboxEvent
from bot.web.admin import queries
from tests.conftest import ORDINARY


def test_a_dead_letter_replayed_from_the_status_pages_runs_again(stack):
    org = stack.create_org("Quiet Corp", ["sm_ultimate", "amer"])
    stack.create_ticket(org, *ORDINARY)
    stack.settle()
    with stack.rt.engine.begin() as conn:
        (event_id,) = conn.execute(select(InboxEvent.id).where(InboxEvent.event_type == "ticket.created")).scalars()
        conn.execute(update(InboxEvent).where(InboxEvent.id == event_id).values(status="failed", result="boom"))
    assert queries.replay(stack.rt.engine, "ops", "event", event_id) == 1
    stack.wait_for(lambda: _row(stack, event_id).status == "done", what="the replayed row to run")
    assert _row(stack, event_id).result != "boom"


def _row(stack, event_id: str) -> InboxEvent:
    with stack.rt.engine.connect() as conn:
        return conn.execute(select(InboxEvent).where(InboxEvent.id == event_id)).first()
