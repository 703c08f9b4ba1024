"""The database rate limiter: a ceiling shared by several processes, on SQLite and PostgreSQL."""
from __future__ import annotations

import threading
import time

import pytest

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
            limiter.acquire_many([("zendesk", "global"), ("zendesk:org_update", "42")])
            with lock:
                stamps.append(time.monotonic())

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
