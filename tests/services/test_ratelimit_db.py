"""The database rate limiter: a ceiling shared by several processes, on SQLite and PostgreSQL."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event

from bot.services.ratelimit import Rate
from bot.db.engine import make_engine, upgrade
from bot.services.ratelimit_db import DatabaseRateLimiter


def test_ceiling_holds_across_limiters_sharing_a_database(db_url):
    upgrade(db_url)
    engines = [make_engine(db_url) for _ in range(3)]  # three "processes"
    limiters = [DatabaseRateLimiter(e, {"zendesk": Rate(5, 0.5), "zendesk:org_update": Rate(2, 0.5)})
                for e in engines]
    stamps: list[float] = []
    lock = threading.Lock()

    def caller(limiter):
        for _ in range(6):
            # the instant the limiter let the call go (its record committed), not a clock read after it returned:
            # a thread that is not scheduled for a while in between would stamp its call late
            released = limiter.acquire_many([("zendesk", "global"), ("zendesk:org_update", "42")])
            with lock:
                stamps.append(released)

    threads = [threading.Thread(target=caller, args=(lim,)) for lim in limiters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(stamps) == 18
    stamps.sort()
    window = 0.5
    for i, start in enumerate(stamps):
        assert len([s for s in stamps[i:] if s < start + window]) <= 2  # the stricter per-org bucket
    for e in engines:
        e.dispose()


def at_most_in_any_window(stamps: list[float], window: float) -> int:
    stamps = sorted(stamps)
    return max(len([s for s in stamps[i:] if s < start + window]) for i, start in enumerate(stamps))


def test_a_commit_slower_than_the_allowance_lets_no_call_follow_too_closely(db_url):
    """A call leaves when its record has committed. When the first caller's commit stalls (the database stuck on an
    fsync) for longer than commit_allowance while it holds the bucket, the two callers queued behind it must not
    both be let go within the window of the first one's late departure."""
    upgrade(db_url)
    engines = [make_engine(db_url) for _ in range(3)]
    limiters = [DatabaseRateLimiter(e, {"zendesk:org_update": Rate(2, 0.5)}, shares={}) for e in engines]
    stalling, stalls = threading.Event(), [0.8]

    @event.listens_for(engines[0], "commit")
    def stall(conn):  # noqa: ANN001 - before the first commit, the bucket still held
        if stalls:
            stalling.set()
            time.sleep(stalls.pop())

    released: list[float] = []
    lock = threading.Lock()

    def caller(limiter):
        at = limiter.acquire_many([("zendesk:org_update", "42")])
        with lock:
            released.append(at)

    first = threading.Thread(target=caller, args=(limiters[0],))
    first.start()
    assert stalling.wait(10)
    others = [threading.Thread(target=caller, args=(limiter,)) for limiter in limiters[1:]]
    for t in others:
        t.start()
    for t in [first, *others]:
        t.join(timeout=30)
    assert len(released) == 3
    assert at_most_in_any_window(released, 0.5) <= 2, sorted(r - min(released) for r in released)
    for e in engines:
        e.dispose()


def test_a_database_whose_every_commit_is_slow_still_lets_calls_go(sqlite_url, caplog):
    """A slow grant is asked again (above), but a database whose every commit takes longer than commit_allowance must
    not hold the caller forever: after a few slow grants in a row the call goes, and a warning says why (a later
    429 is answered by its Retry-After; a worker stuck in acquire would stop all its work)."""
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    limiter = DatabaseRateLimiter(engine, {"zendesk:org_update": Rate(5, 0.5)}, shares={}, commit_allowance=0.05)

    @event.listens_for(engine, "commit")
    def stall(conn):  # noqa: ANN001 - every commit, as on a disk that stalls on each fsync
        time.sleep(0.1)

    done = threading.Event()

    def caller():
        limiter.acquire_many([("zendesk:org_update", "42")])
        done.set()

    with caplog.at_level("WARNING", logger="bot.services.ratelimit_db"):
        threading.Thread(target=caller, daemon=True).start()
        assert done.wait(10), "acquire never returned on a database whose every commit is slow"
    assert any("commit" in r.getMessage() for r in caplog.records)
    engine.dispose()


def test_unknown_service_is_not_limited(sqlite_url):
    upgrade(sqlite_url)
    limiter = DatabaseRateLimiter(make_engine(sqlite_url), {"zendesk": Rate(1, 60)})
    started = time.monotonic()
    for _ in range(20):
        limiter.acquire("slack", "global")
    assert time.monotonic() - started < 1.0
    with pytest.raises(KeyError):
        _ = limiter.limits["slack"]


def test_the_share_of_the_account_is_counted_across_processes(db_url):
    """Each process learns the account's limit from its own answers; their calls count against one share."""
    upgrade(db_url)
    engines = [make_engine(db_url) for _ in range(2)]
    first, second = (DatabaseRateLimiter(e, {}, shares={"zendesk": 0.5}) for e in engines)
    for limiter in (first, second):
        limiter.learn("zendesk", 4)  # two calls a minute for the bot, whichever process makes them
    first.acquire_many([("zendesk", "global")])
    second.acquire_many([("zendesk", "global")])
    waited = []
    first._sleep = lambda s: (waited.append(s), first.learn("zendesk", 700))
    first.acquire_many([("zendesk", "global")])
    assert len(waited) == 1 and 60 < waited[0] < 62
    for e in engines:
        e.dispose()
