"""Client-side rate ceilings: a RateLimiter protocol, the vendors' limits, and an in-process sliding window.

Zendesk's account limit depends on the plan and is shared with every other integration of the account, so the bot
does not guess it: each Zendesk answer carries it (`X-Rate-Limit`, and `ratelimit-limit` on Ticketing APIs) and
the bot keeps to a configured share of it (`learn()`). Until the first answer it assumes ASSUMED_ACCOUNT_LIMITS.
"""
from __future__ import annotations

import math
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Mapping, NamedTuple, Protocol


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


# The bot's own ceilings below the vendors' published limits, calls a minute:
# - Update Organization: 5 a minute (Zendesk, 2022 announcement; SPEC), counted per organization.
# - Update Ticket (PUT /api/v2/tickets/{id}): 100 a minute per account, agents' edits in the UI included
#   (Zendesk help 8638126078234): the bot keeps half of it.
# - GitLab.com authenticated API, Slack tier 3 (chat.postMessage is ~1/s per channel besides).
# Zendesk's account limit is not here: it is learned (see DEFAULT_SHARES).
DEFAULT_LIMITS: dict[str, Rate] = {
    "zendesk:org_update": Rate(5, 60.0),
    "zendesk:ticket_update": Rate(50, 60.0),
    "gitlab": Rate(300, 60.0),
    "slack": Rate(50, 60.0),
}

# Share of the account's per-minute limit the bot may spend (BOT_ZENDESK_RATE_SHARE); the rest is the other
# integrations'. The account limit is learned from each answer; before the first one the bot assumes the Suite
# Growth / Professional plan (400 a minute; Team 200, Enterprise 700, Enterprise Plus and High Volume 2500).
DEFAULT_SHARES: dict[str, float] = {"zendesk": 0.5}
ASSUMED_ACCOUNT_LIMITS: dict[str, int] = {"zendesk": 400}
ACCOUNT_WINDOW = 60.0  # Zendesk's limits are per minute ("requests remaining in the current minute")

# Endpoints with a vendor limit of their own, counted in an extra bucket: (service, METHOD, path template) ->
# (bucket, key template filled from the path's arguments). The templates are those of bot/services/zendesk.py.
ENDPOINT_BUCKETS: dict[tuple[str, str, str], tuple[str, str]] = {
    ("zendesk", "PUT", "/api/v2/tickets/{ticket_id}"): ("zendesk:ticket_update", "account"),
}

GLOBAL_KEY = "global"
_UNITS = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0}


def account_bucket(service: str) -> str:
    """The bucket that counts every call of `service` against the bot's share of the account's limit."""
    return f"{service}:account"


def share_of(limit: int, share: float) -> Rate:
    """The bot's ceiling for an account limit of `limit` calls a minute: never less than one call."""
    return Rate(max(1, math.floor(limit * share)), ACCOUNT_WINDOW)


def endpoint_buckets(service: str, method: str, template: str, path_args: dict) -> list[tuple[str, str]]:
    """The extra buckets a call to this endpoint counts against (ENDPOINT_BUCKETS)."""
    found = ENDPOINT_BUCKETS.get((service, method, template))
    if found is None:
        return []
    bucket, key = found
    try:
        return [(bucket, key.format(**path_args))]
    except (KeyError, IndexError):
        return [(bucket, key)]


def parse_rate(text: str) -> Rate:
    """Parse "700/min", "5/minute", "10/s" or "100/30s" into a Rate."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*\.?\d*)\s*([a-z]+)\s*", text.lower())
    if not m or m.group(3) not in _UNITS:
        raise ValueError(f"not a rate: {text!r} (expected e.g. 700/min)")
    count = float(m.group(2)) if m.group(2) else 1.0
    return Rate(int(m.group(1)), count * _UNITS[m.group(3)])


@dataclass(frozen=True)
class RateInfo:
    """What an answer says about the account's rate limit, and endpoint limits that are spent."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None                                # seconds until the window starts afresh
    endpoints: dict[str, tuple[int, int, float]] = field(default_factory=dict)  # name -> (total, remaining, resets)


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) and number >= 0 else None


def rate_info(headers: Mapping[str, str], now: float | None = None) -> RateInfo:
    """Zendesk sends `X-Rate-Limit` / `X-Rate-Limit-Remaining` (the account's limit and what is left of the current
    minute) on every answer, Ticketing APIs add `ratelimit-limit` / `-remaining` / `-reset` (seconds), and some
    endpoints `Zendesk-RateLimit-<name>: total=N; remaining=M; resets=S`
    (developer.zendesk.com/api-reference/introduction/rate-limits/). GitLab.com sends `RateLimit-*` with Reset as
    a Unix time. Header names are case-insensitive."""
    headers = {k.lower(): v for k, v in headers.items()}
    limit = _number(headers.get("ratelimit-limit") or headers.get("x-rate-limit"))
    remaining = _number(headers.get("ratelimit-remaining") or headers.get("x-rate-limit-remaining"))
    reset = _number(headers.get("ratelimit-reset"))
    if reset is not None and reset > 1e9:  # a Unix time (GitLab), not seconds
        reset = max(0.0, reset - (time.time() if now is None else now))
    endpoints = {}
    for name, value in headers.items():
        if name.startswith("zendesk-ratelimit-"):
            parts = dict(re.findall(r"(\w+)=([\d.]+)", value))
            total, left, resets = (_number(parts.get(k)) for k in ("total", "remaining", "resets"))
            if total is not None and left is not None:
                endpoints[name[len("zendesk-ratelimit-"):]] = (int(total), int(left), resets or 1.0)
    return RateInfo(int(limit) if limit is not None else None, int(remaining) if remaining is not None else None,
                    reset, endpoints)


class NullLimiter:
    """Never waits; the default when no limiter is wired."""

    def acquire(self, service: str, key: str) -> None:
        return None


class AccountShares:
    """The learned part of a limiter: per service, the bot's share of the account's limit as a Rate."""

    def __init__(self, shares: dict[str, float] | None, assumed: dict[str, int] | None = None):
        self.shares = dict(DEFAULT_SHARES if shares is None else shares)
        assumed = ASSUMED_ACCOUNT_LIMITS if assumed is None else assumed
        self.account_limits = {s: assumed.get(s, ASSUMED_ACCOUNT_LIMITS.get(s, 400)) for s in self.shares}

    def initial(self) -> dict[str, Rate]:
        return {account_bucket(s): share_of(self.account_limits[s], share) for s, share in self.shares.items()}

    def learned(self, service: str, limit: int) -> tuple[str, Rate] | None:
        """(bucket, new Rate) when the account's limit for a shared service changed, else None."""
        if service not in self.shares or limit < 1 or self.account_limits.get(service) == limit:
            return None
        self.account_limits[service] = limit
        return account_bucket(service), share_of(limit, self.shares[service])

    def expand(self, buckets: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Every call to a shared service also counts against the account bucket."""
        extra = [(account_bucket(s), GLOBAL_KEY) for s in dict.fromkeys(s for s, k in buckets if k == GLOBAL_KEY)
                 if s in self.shares]
        return [*buckets, *extra]


class SlidingWindowLimiter:
    """Thread-safe sliding-window limiter for one process; a bucket per (service, key)."""

    def __init__(self, limits: dict[str, Rate] | None = None, *, shares: dict[str, float] | None = None,
                 assumed: dict[str, int] | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.accounts = AccountShares(shares, assumed)
        self.limits = self.accounts.initial() | dict(DEFAULT_LIMITS if limits is None else limits)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._calls: dict[tuple[str, str], deque[float]] = {}

    def learn(self, service: str, account_limit: int) -> None:
        """The service said what the account may spend a minute: keep our share of that from now on."""
        with self._lock:
            change = self.accounts.learned(service, account_limit)
            if change:
                self.limits[change[0]] = change[1]

    def acquire(self, service: str, key: str) -> None:
        self.acquire_many([(service, key)])

    def acquire_many(self, buckets: list[tuple[str, str]]) -> None:
        """One call that counts against several buckets: recorded in all at once, only when all have room
        (taking them one by one would stamp the first while waiting for the second)."""
        buckets = self.accounts.expand(list(buckets))
        while True:
            with self._lock:
                now = self._clock()
                waits = [self._room(service, key, now) for service, key in buckets]
                if max(waits, default=0.0) <= 0:
                    for service, key in buckets:
                        if service in self.limits:
                            self._calls[(service, key)].append(now)
                    return
            self._sleep(max(waits))  # outside the lock so other buckets keep flowing

    def _room(self, service: str, key: str, now: float) -> float:
        """0 when the bucket has room now, else how long until its oldest call leaves the window."""
        rate = self.limits.get(service)
        if rate is None:
            return 0.0
        calls = self._calls.setdefault((service, key), deque())
        window = rate.guarded_window
        while calls and calls[0] <= now - window:
            calls.popleft()
        if len(calls) < rate.calls:
            return 0.0
        # A lowered limit (learned) may leave more calls in the window than it allows: wait for enough to leave.
        return calls[len(calls) - rate.calls] + window - now
