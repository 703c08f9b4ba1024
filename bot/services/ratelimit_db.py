"""A rate limiter shared by every worker process through the database (PostgreSQL deployments).

Same protocol as bot.services.ratelimit: acquire(service, key) blocks until one more call fits the
sliding window, then records it. A PostgreSQL advisory lock per bucket makes check-and-record atomic
across processes and hosts.
"""
from __future__ import annotations

import hashlib
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Engine

from bot.db.models import RateCall
from bot.services.ratelimit import Rate


class DatabaseRateLimiter:
    """Sliding-window ceilings counted in the `rate_calls` table.

    A call is recorded at the time its bucket locks were taken, but it leaves only once that transaction has
    committed; a slow commit (a database stalling on fsync) would let the next caller's window start early.
    `commit_allowance` seconds are added to every window for that.
    """

    def __init__(self, engine: Engine, limits: dict[str, Rate], *,
                 sleep: Callable[[float], None] = time.sleep, commit_allowance: float = 0.5):
        self.engine, self.limits, self._sleep = engine, dict(limits), sleep
        self.commit_allowance = commit_allowance

    def acquire(self, service: str, key: str) -> None:
        self.acquire_many([(service, key)])

    def acquire_many(self, buckets: list[tuple[str, str]]) -> None:
        """Record the call in every limited bucket at once, only when all have room."""
        limited = sorted((s, k) for s, k in buckets if s in self.limits)
        if not limited:
            return
        while True:
            wait = self._try(limited)
            if wait <= 0:
                return
            self._sleep(wait)

    def _try(self, buckets: list[tuple[str, str]]) -> float:
        waits = []
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                for service, key in buckets:  # sorted, so two processes take the locks in the same order
                    digest = hashlib.sha256(f"{service}|{key}".encode()).digest()[:8]
                    conn.execute(text("SELECT pg_advisory_xact_lock(:id)"),
                                 {"id": int.from_bytes(digest, "big", signed=True)})
            # The clock is read once the buckets are ours: a time taken before waiting for a lock would record
            # this call earlier than it happens, and let the next caller in too soon.
            now = datetime.now(timezone.utc)
            for service, key in buckets:
                rate = self.limits[service]
                bucket = (RateCall.service == service) & (RateCall.key == key)
                window = timedelta(seconds=rate.guarded_window + self.commit_allowance)
                conn.execute(delete(RateCall).where(bucket, RateCall.at <= now - window))
                count, oldest = conn.execute(select(func.count(), func.min(RateCall.at)).where(bucket)).one()
                if count >= rate.calls:
                    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=timezone.utc)
                    waits.append((oldest + window - now).total_seconds())
            if not waits:
                for service, key in buckets:
                    conn.execute(insert(RateCall).values(service=service, key=key, at=now))
                return 0.0
        return max(0.01, max(waits))
