"""An idle worker takes a new delivery at once: the hand-over is woken by the insert, not by its next poll."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from tests.conftest import ORDINARY


@pytest.fixture
def slow_poll_stack(db_url, make_stack):
    """SQLite and PostgreSQL, polling only every 60 s: a hand-over within seconds can come only from the wake-up
    (the bound below leaves room for a loaded CI machine; speed itself is benchmarks/bench_overhead.py's)."""
    return make_stack(db_url, poll_interval=60.0)


def test_idle_worker_hands_over_a_new_row_long_before_its_next_poll(slow_poll_stack):
    stack = slow_poll_stack
    org = stack.create_org("Quiet Corp", ["sm_ultimate", "amer"])
    waits = []
    for n in range(3):
        time.sleep(0.5)
        sent = time.monotonic()
        ticket = stack.create_ticket(org, f"{ORDINARY[0]} #{n}", ORDINARY[1])
        handed_over(stack, ticket["id"])
        waits.append(time.monotonic() - sent)
    assert max(waits) < 15, waits


def handed_over(stack, ticket_id: int) -> None:
    """Wait until the ticket's ticket.created row has left `new` (queued or done)."""
    deadline = time.monotonic() + 70
    while time.monotonic() < deadline:
        with stack.rt.engine.connect() as conn:
            rows = conn.execute(text("SELECT status, payload FROM inbox WHERE event_type = 'ticket.created'")).all()
        if any(status != "new" and f'"id":"{ticket_id}"' in payload.replace(" ", "") for status, payload in rows):
            return
        time.sleep(0.01)
    raise AssertionError(f"the row of ticket {ticket_id} was not handed over")
