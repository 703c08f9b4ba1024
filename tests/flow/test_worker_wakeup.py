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


# --- how often DBOS looks for queued work: often while work is handed over, seldom when idle ----------------------
def test_pace_follows_the_hand_overs(monkeypatch):
    from bot.worker import loop, workflows

    written = []
    monkeypatch.setattr(workflows, "pace", lambda busy: written.append(busy))
    pace = loop._Pace()
    pace.update(0, 100.0)  # start: idle, written once (a stopped busy worker may have left the shared row fast)
    pace.update(0, 100.5)
    pace.update(3, 101.0)  # work: busy at once
    pace.update(2, 101.5)  # still busy, said less than REASSERT ago: no write
    pace.update(1, 103.5)  # busy again after REASSERT: said again (another worker may have slowed the queue)
    pace.update(0, 110.0)  # nothing for less than BUSY_FOR
    pace.update(0, 113.6)  # BUSY_FOR after the last hand-over: idle
    assert written == [False, True, True, False]


def test_the_shared_queue_looks_often_while_busy_and_seldom_when_idle(db_url, make_stack, monkeypatch):
    from bot.worker import loop, workflows

    monkeypatch.setattr(loop._Pace, "BUSY_FOR", 1.0)
    stack = make_stack(db_url)

    def interval() -> float:  # what the last set_polling_interval_sec wrote to the queue's row
        return workflows._state["queue"]._polling_interval_sec  # noqa: SLF001

    def settles_at(value: float) -> bool:
        deadline = time.monotonic() + 20
        while interval() != value and time.monotonic() < deadline:
            time.sleep(0.01)
        return interval() == value

    assert settles_at(workflows.QUEUE_LOOK_IDLE)  # nothing handed over yet
    org = stack.create_org("Pace Corp", ["sm_ultimate", "amer"])
    ticket = stack.create_ticket(org, ORDINARY[0], ORDINARY[1])
    handed_over(stack, ticket["id"])
    assert settles_at(workflows.QUEUE_LOOK_BUSY)  # the pass that handed it over said so
    assert settles_at(workflows.QUEUE_LOOK_IDLE)  # BUSY_FOR later
