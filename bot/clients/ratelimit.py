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

    def _try(self, service: str, key: str, rate: Rate) -> float:
        """Record a call and return 0, or return how long to wait before the oldest call leaves the window."""
        with self._lock:
            now = self._clock()
            calls = self._calls.setdefault((service, key), deque())
            while calls and calls[0] <= now - rate.per_seconds:
                calls.popleft()
            if len(calls) < rate.calls:
                calls.append(now)
                return 0.0
            return calls[0] + rate.per_seconds - now
