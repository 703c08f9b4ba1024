"""The inbox Waker: the worker's hand-over wakes when a row is recorded instead of waiting for its next poll."""
from __future__ import annotations

import threading
import time

from bot.db import inbox
from bot.db.engine import make_engine, upgrade
from bot.db.inbox import Delivery


def record(engine, n: int) -> None:
    inbox.record(engine, "zendesk", Delivery(f"zendesk:wake-{n}", "ticket.created", True, "org:1"), {"n": n})


def settled(waker) -> None:
    """Let whatever start-up woke (PostgreSQL's listener says so once it listens) pass."""
    if waker.engine.dialect.name == "postgresql":
        assert waker.listening.wait(10)
    deadline = time.monotonic() + 10
    while waker.wait(0.3) and time.monotonic() < deadline:
        pass


def test_a_recorded_row_wakes_the_waiter_and_an_idle_inbox_does_not(db_url):
    upgrade(db_url)
    web, worker = make_engine(db_url), make_engine(db_url)  # two processes' engines
    waker = inbox.Waker(worker)
    try:
        settled(waker)
        started = time.monotonic()
        assert waker.wait(0.5) is False and time.monotonic() - started >= 0.45
        timer = threading.Timer(0.2, record, (web, 1))
        timer.start()
        started = time.monotonic()
        assert waker.wait(5.0) is True
        assert 0.15 <= time.monotonic() - started < 1.0
        timer.join()
    finally:
        waker.close()
        web.dispose()
        worker.dispose()


def test_rows_recorded_while_nobody_waits_are_not_missed(db_url):
    upgrade(db_url)
    web, worker = make_engine(db_url), make_engine(db_url)
    waker = inbox.Waker(worker)
    try:
        settled(waker)
        record(web, 2)
        time.sleep(0.2)
        assert waker.wait(2.0) is True
    finally:
        waker.close()
        web.dispose()
        worker.dispose()


def test_the_workers_stop_ends_a_wait_at_once(db_url):
    upgrade(db_url)
    engine, stop = make_engine(db_url), threading.Event()
    waker = inbox.Waker(engine, stop=stop)
    try:
        settled(waker)
        threading.Timer(0.2, stop.set).start()
        started = time.monotonic()
        assert waker.wait(30.0) is False and time.monotonic() - started < 2.0
    finally:
        waker.close()
        engine.dispose()


def test_mark_queued_leaves_rows_another_worker_took(sqlite_url):
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    for n in range(3):
        record(engine, n)
    inbox.mark(engine, "zendesk:wake-1", "done", "taken elsewhere")
    inbox.mark_queued(engine, ["zendesk:wake-0", "zendesk:wake-1", "zendesk:wake-2"])
    assert [inbox.load(engine, f"zendesk:wake-{n}")["status"] for n in range(3)] == ["queued", "done", "queued"]
    engine.dispose()
