"""Fixed-window request counters for the documented rate limits the sandboxes enforce."""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """One counted (or peeked) request: whether it may pass, and what the rate-limit headers say."""
    allowed: bool
    limit: int
    remaining: int
    reset: int  # whole seconds until the window starts afresh (what Retry-After and ratelimit-reset carry)


class WindowLimiter:
    """Counts requests per key in clock-aligned windows, like "requests remaining in the current minute"."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, limit: int, window: float, now: float | None = None) -> Verdict:
        """Count one request; a refused request is not counted (it did no work)."""
        return self._count(key, limit, window, 1, now)

    def peek(self, key: str, limit: int, window: float, now: float | None = None) -> Verdict:
        return self._count(key, limit, window, 0, now)

    def _count(self, key: str, limit: int, window: float, add: int, now: float | None) -> Verdict:
        now = time.time() if now is None else now
        start = math.floor(now / window) * window
        reset = max(1, math.ceil(start + window - now))
        with self._lock:
            seen_start, used = self._windows.get(key, (start, 0))
            if seen_start != start:
                used = 0
            if add and used >= limit:
                return Verdict(False, limit, 0, reset)
            used += add
            self._windows[key] = (start, used)
            return Verdict(True, limit, max(limit - used, 0), reset)

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()
