"""A rate limiter shared by every worker process through the database (PostgreSQL deployments).

Same protocol as bot.services.ratelimit: acquire(service, key) blocks until one more call fits the
sliding window, then records it. A PostgreSQL advisory lock per bucket makes check-and-record atomic
across processes and hosts.
"""
from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Engine

from bot.db.models import RateCall
from bot.services.ratelimit import AccountShares, Rate

log = logging.getLogger(__name__)
# Slow grants of one call asked again before one is used anyway: a database whose every commit is slower than the
# allowance must not hold a caller (and its worker) forever; the worst a late call risks is a 429, which Retry-After
# answers.
SLOW_GRANTS_RETRIED = 3

class DatabaseRateLimiter:
    """Sliding-window ceilings counted in the `rate_calls` table.

    A call is recorded at the time its bucket locks were taken, but it leaves only once that transaction has
    committed; a slow commit (a database stalling on fsync) would let the next caller's window start early.
    `commit_allowance` seconds are added to every window for that, and a grant whose commit took longer than that
    is not used: its record stays (a call that never left, counted all the same) and the caller asks again, so a
    call leaves within `commit_allowance` of the instant it is recorded at (unless more than SLOW_GRANTS_RETRIED of one
    call's grants were slow: then the last one is used, with a warning).

    The share of Zendesk's account limit is counted here like any bucket; the limit itself is learned by each
    process from the answers it gets (every answer carries it), so all processes agree without sharing it.
    """

    def __init__(self, engine: Engine, limits: dict[str, Rate], *, shares: dict[str, float] | None = None,
                 assumed: dict[str, int] | None = None,
                 sleep: Callable[[float], None] = time.sleep, commit_allowance: float = 0.5):
        self.accounts = AccountShares(shares, assumed)
        self.engine, self.limits, self._sleep = engine, self.accounts.initial() | dict(limits), sleep
        self.commit_allowance = commit_allowance

    def learn(self, service: str, account_limit: int) -> None:
        """The service said what the account may spend a minute: keep our share of that from now on."""
        change = self.accounts.learned(service, account_limit)
        if change:
            self.limits = self.limits | {change[0]: change[1]}  # one swap: readers see the old or the new dict

    def acquire(self, service: str, key: str) -> float:
        return self.acquire_many([(service, key)])

    def acquire_many(self, buckets: list[tuple[str, str]]) -> float:
        """Record the call in every limited bucket at once, only when all have room. Returns the instant
        (time.monotonic()) the call was let go: its record committed, within `commit_allowance` of its stamp."""
        buckets = self.accounts.expand(list(buckets))
        slow = 0
        while True:
            limits = self.limits  # read afresh each time: a limit learned meanwhile applies to waiting callers
            limited = sorted((s, k) for s, k in buckets if s in limits)
            if not limited:
                return time.monotonic()
            wait, stamped = self._try(limited, limits)
            released = time.monotonic()
            if wait > 0:
                self._sleep(wait)
            elif released - stamped <= self.commit_allowance:
                return released
            else:
                # the commit took longer than the allowance: the call would leave later than its record says, and a
                # caller let in by that record could follow it too closely. The record stays; ask again.
                slow += 1
                if slow > SLOW_GRANTS_RETRIED:
                    log.warning("rate limiter: %d commits for one call took longer than %.2f s; the call goes anyway",
                                slow, self.commit_allowance)
                    return released

    def _try(self, buckets: list[tuple[str, str]], limits: dict[str, Rate]) -> tuple[float, float]:
        """(seconds to wait, 0 when the call was recorded; the time.monotonic() its stamp was taken at)."""
        waits = []
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                for service, key in buckets:  # sorted, so two processes take the locks in the same order
                    digest = hashlib.sha256(f"{service}|{key}".encode()).digest()[:8]
                    conn.execute(text("SELECT pg_advisory_xact_lock(:id)"),
                                 {"id": int.from_bytes(digest, "big", signed=True)})
            # The clock is read once the buckets are ours: a time taken before waiting for a lock would record
            # this call earlier than it happens, and let the next caller in too soon.
            now, stamped = datetime.now(timezone.utc), time.monotonic()
            for service, key in buckets:
                rate = limits[service]
                bucket = (RateCall.service == service) & (RateCall.key == key)
                window = timedelta(seconds=rate.guarded_window + self.commit_allowance)
                conn.execute(delete(RateCall).where(bucket, RateCall.at <= now - window))
                count = conn.execute(select(func.count()).select_from(RateCall).where(bucket)).scalar()
                if count >= rate.calls:
                    # The call that must leave before ours fits (a lowered limit may leave more than it allows).
                    oldest = conn.execute(select(RateCall.at).where(bucket).order_by(RateCall.at)
                                          .offset(count - rate.calls).limit(1)).scalar()
                    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=timezone.utc)
                    waits.append((oldest + window - now).total_seconds())
            if not waits:
                for service, key in buckets:
                    conn.execute(insert(RateCall).values(service=service, key=key, at=now))
                return 0.0, stamped
        return max(0.01, max(waits)), stamped
