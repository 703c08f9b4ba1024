"""Client-side rate ceilings: a RateLimiter protocol and an in-process sliding-window implementation."""
from __future__ import annotations

import re
import threading
import time
from collections import deque
from typing import Callable, NamedTuple, Protocol


class Rate(NamedTuple):
    """At most `calls` calls in any window of `per_seconds`."""

    calls: int
    per_seconds: float

    @property
    def guarded_window(self) -> float:
        """The window we count over: a little longer than the vendor's, because a call leaves here some
        milliseconds before the vendor stamps it and bursts must not look compressed at their end."""
        return self.per_seconds * 1.02 + 0.05


class RateLimiter(Protocol):
    """Blocks until one more call to `service` (bucket `key`) is allowed, then counts it."""

    def acquire(self, service: str, key: str) -> None: ...


# Below the vendors' published ceilings: Zendesk Enterprise 700/min and Update Organization 5/min,
# GitLab.com authenticated API, Slack tier 3 (chat.postMessage is ~1/s per channel besides).
DEFAULT_LIMITS: dict[str, Rate] = {
    "zendesk": Rate(700, 60.0),
    "zendesk:org_update": Rate(5, 60.0),
    "gitlab": Rate(300, 60.0),
    "slack": Rate(50, 60.0),
}

GLOBAL_KEY = "global"
_UNITS = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0}


def parse_rate(text: str) -> Rate:
    """Parse "700/min", "5/minute", "10/s" or "100/30s" into a Rate."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*\.?\d*)\s*([a-z]+)\s*", text.lower())
    if not m or m.group(3) not in _UNITS:
        raise ValueError(f"not a rate: {text!r} (expected e.g. 700/min)")
    count = float(m.group(2)) if m.group(2) else 1.0
    return Rate(int(m.group(1)), count * _UNITS[m.group(3)])


class NullLimiter:
    """Never waits; the default when no limiter is wired."""

    def acquire(self, service: str, key: str) -> None:
        return None


class SlidingWindowLimiter:
    """Thread-safe sliding-window limiter for one process; a bucket per (service, key)."""

    def __init__(self, limits: dict[str, Rate] | None = None, *,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.limits = dict(DEFAULT_LIMITS if limits is None else limits)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._calls: dict[tuple[str, str], deque[float]] = {}

    def acquire(self, service: str, key: str) -> None:
        rate = self.limits.get(service)
        if rate is None:
            return
        while True:
            wait = self._try(service, key, rate)
            if wait <= 0:
                return
            self._sleep(wait)  # outside the lock so other buckets keep flowing

    def acquire_many(self, buckets: list[tuple[str, str]]) -> None:
        """One call that counts against several buckets: recorded in all at once, only when all have room
        (taking them one by one would stamp the first while waiting for the second)."""
        while True:
            with self._lock:
                now = self._clock()
                waits = [self._room(service, key, now) for service, key in buckets]
                if max(waits, default=0.0) <= 0:
                    for service, key in buckets:
                        if service in self.limits:
                            self._calls[(service, key)].append(now)
                    return
            self._sleep(max(waits))

    def _room(self, service: str, key: str, now: float) -> float:
        """0 when the bucket has room now, else how long until its oldest call leaves the window."""
        rate = self.limits.get(service)
        if rate is None:
            return 0.0
        calls = self._calls.setdefault((service, key), deque())
        window = rate.guarded_window
        while calls and calls[0] <= now - window:
            calls.popleft()
        return 0.0 if len(calls) < rate.calls else calls[0] + window - now

    def _try(self, service: str, key: str, rate: Rate) -> float:
        """Record a call and return 0, or return how long to wait before the oldest call leaves the window."""
        with self._lock:
            now = self._clock()
            wait = self._room(service, key, now)
            if wait <= 0:
                self._calls[(service, key)].append(now)
            return wait
