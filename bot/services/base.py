"""Shared plumbing for the service clients: URLs, error mapping, retries, dry run, rate limits, metrics."""
from __future__ import annotations

import email.utils
import json
import logging
import math
import random
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Mapping, TypeVar
from urllib.parse import parse_qsl, urlsplit

import requests
import tenacity
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from bot import metrics
from bot.errors import ApiError, ApiRateLimited, ApiTransient, ApiUnavailable, error_for_status
from bot.services import journal as journals
from bot.services.ratelimit import GLOBAL_KEY, NullLimiter, RateInfo, RateLimiter, endpoint_buckets, rate_info

log = logging.getLogger("bot.services")
T = TypeVar("T")
OnWrite = Callable[[str, str, str, Any], None]        # service, METHOD, path, payload
OnCall = Callable[[str, str, str, int, float], None]  # service, METHOD, path template, status (0: no answer), seconds
USER_AGENT = "offering-migration-bot/0.1"
# The bot never spends the last tenth of the account's minute (X-Rate-Limit-Remaining): it is left to the other
# integrations, and a bot that stops there gets no 429.
ACCOUNT_RESERVE = 0.1
# A 429 with Retry-After is waited out inside the call, without using up an attempt, at most this often per call
# (and never past the call's time budget): a server that keeps saying "come back in 0 s" cannot spin us.
MAX_RATE_LIMIT_WAITS = 30


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry transient failures (shape of hynek/stamina)."""

    attempts: int = 5
    max_total_seconds: float = 60.0
    base_delay: float = 0.5
    max_delay: float = 30.0
    jitter: bool = True

    @classmethod
    def none(cls) -> "RetryPolicy":
        """One attempt, no waiting: for tests and for callers that retry themselves."""
        return cls(attempts=1, max_total_seconds=0.0, base_delay=0.0, max_delay=0.0, jitter=False)

    def backoff(self, retry_number: int, rand: Callable[[], float] = random.random) -> float:
        """Delay before retry `retry_number` (1-based): exponential, capped; jitter keeps 50-100% of it."""
        delay = min(self.max_delay, self.base_delay * 2 ** (retry_number - 1))
        return delay * (0.5 + rand() / 2) if self.jitter else delay


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def error_message(body: object) -> str:
    """A short human message from the vendors' error bodies (Zendesk error/description, GitLab message/error)."""
    if isinstance(body, dict):
        parts = [body.get(k) for k in ("error", "message", "description", "details")]
        return "; ".join(str(p) if not isinstance(p, str) else p for p in parts if p)[:300] or "error"
    return str(body or "").strip()[:300] or "error"


def unavailable(service: str, what: str, maybe_applied: bool) -> ApiUnavailable:
    """No answer. maybe_applied marks a request that may have reached the service (read timeout, reset)."""
    exc = ApiUnavailable(service, None, what)
    exc.maybe_applied = maybe_applied  # type: ignore[attr-defined]
    return exc


def query_params(url: str) -> dict[str, str]:
    """The query of a vendor's next-page link, to re-issue against our own base URL (keeps the path prefix)."""
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


class BaseClient:
    """Everything the three clients share; subclasses add one short method per endpoint."""

    service = "api"

    def __init__(self, base_url: str, *, timeout: float = 10.0, retry: RetryPolicy | None = None,
                 dry_run: bool = False, limiter: RateLimiter | None = None, on_write: OnWrite | None = None,
                 on_call: OnCall | None = None, session: requests.Session | None = None,
                 headers: dict[str, str] | None = None, secrets: Iterable[str] = (), sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry if retry is not None else RetryPolicy()
        self.dry_run = dry_run
        self.limiter: RateLimiter = limiter or NullLimiter()
        self.on_write = on_write
        self.on_call = on_call
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
        self.session = session
        # Credentials go on each request, never on the session: a caller may share one session between clients.
        # Zendesk requires Accept: application/json (requests sends */* by default); GitLab answers JSON to it too.
        self._headers = {"Accept": "application/json", **(headers or {})}
        self.sleep = sleep
        self.clock = clock
        self._secrets = [s for s in secrets if s]
        self._cooldown_lock = threading.Lock()
        # Holds: no call before `until`, except by the thread that caused it (it waits in its own retry loop).
        # Key None holds every call of this client; ("p", path) one resource; ("t", template) one endpoint.
        self._holds: dict[object, tuple[float, int]] = {}

    def close(self) -> None:
        """Release pooled connections."""
        self.session.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base_url!r}, dry_run={self.dry_run})"

    # -- safety -------------------------------------------------------------------------------------------------
    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _error(self, status: int, method: str, path: str, body: object, retry_after: float | None) -> ApiError:
        message = self._redact(f"{method} {path}: {error_message(body)}")
        return error_for_status(self.service, status, message, body, retry_after=retry_after)

    # -- retries, limits, metrics ---------------------------------------------------------------------------------
    def _execute(self, method: str, template: str, attempt: Callable[[], T], *, idempotent: bool = True,
                 limits: Iterable[tuple[str, str]] = (), path: str | None = None) -> T:
        """Run `attempt` under the rate limiter and the retry policy; only ApiTransient is ever retried.

        A 429 that says when to come back (Retry-After) is waited out here without using up an attempt, as long
        as the wait fits the call's time budget: the caller's work resumes where it was instead of failing."""
        policy, start = self.retry, self.clock()
        buckets = [(self.service, GLOBAL_KEY), *limits]
        rate_waits = 0
        if method != "GET":
            journal = journals.current()
            if journal is not None:
                journal.wrote()

        def remaining() -> float:
            return policy.max_total_seconds - (self.clock() - start)

        def one_attempt() -> T:
            nonlocal rate_waits
            if hasattr(self.limiter, "acquire_many"):
                self.limiter.acquire_many(buckets)
            else:
                for bucket, key in buckets:
                    self.limiter.acquire(bucket, key)
            self._respect_cooldown(template, path)
            began, status = time.monotonic(), 0
            try:
                result = attempt()
                status = getattr(result, "status_code", 200)
                return result
            except ApiError as exc:
                status = exc.status or 0
                if isinstance(exc, ApiRateLimited):
                    self._rate_limited(exc, template, path, policy)
                    if exc.retry_after is not None:
                        rate_waits += 1
                raise
            finally:
                self._metric(method, template, status, time.monotonic() - began)

        def retryable(state: tenacity.RetryCallState) -> bool:
            exc = state.outcome.exception() if state.outcome else None
            if not isinstance(exc, ApiTransient):
                return False
            # A create that may have been applied must not be sent twice: the caller looks first.
            return idempotent or not getattr(exc, "maybe_applied", False)

        def stop(state: tenacity.RetryCallState) -> bool:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, ApiRateLimited) and exc.retry_after is not None:
                # Coming back sooner than asked would only earn another 429: give up now if the wait does not fit.
                return exc.retry_after > remaining() or rate_waits > MAX_RATE_LIMIT_WAITS
            return state.attempt_number - rate_waits >= policy.attempts or remaining() <= 0

        def wait(state: tenacity.RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, ApiRateLimited) and exc.retry_after is not None:
                delay = max(exc.retry_after, 0.05)
            else:
                delay = policy.backoff(state.attempt_number - rate_waits)
            return max(0.0, min(delay, remaining()))

        def before_sleep(state: tenacity.RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            delay = state.next_action.sleep if state.next_action else 0.0
            self._retry_metric(getattr(exc, "status", None))
            if isinstance(exc, ApiRateLimited) and exc.retry_after is not None:
                log.info("%s %s %s: rate limited (%s), waiting %.2fs as asked", self.service, method, template,
                         exc, delay)
                return
            log.warning("%s %s %s: attempt %d failed (%s), retrying in %.2fs", self.service, method, template,
                        state.attempt_number - rate_waits, exc, delay)

        retrying = tenacity.Retrying(stop=stop, wait=wait, retry=retryable, sleep=self.sleep,
                                     before_sleep=before_sleep, reraise=True)
        return retrying(one_attempt)

    def _rate_limited(self, exc: ApiRateLimited, template: str, path: str | None, policy: RetryPolicy) -> None:
        """Hold this client's other calls for Retry-After: all of them when the account's limit is spent, only
        those to the same resource when the answer says the account has room left (an endpoint's own limit,
        e.g. Update Organization's)."""
        seconds = exc.retry_after if exc.retry_after is not None else policy.backoff(1)
        account_left = getattr(exc, "account_remaining", None)
        self._cool_down(seconds, None if not account_left else ("p", path or template))

    def _observe(self, headers: Mapping[str, str], template: str) -> RateInfo:
        """Learn the account's limit from an answer, and hold calls when the account or an endpoint is nearly spent."""
        info = rate_info(headers)
        if info.limit:
            learn = getattr(self.limiter, "learn", None)
            if learn is not None:
                learn(self.service, info.limit)
            if info.remaining is not None and info.remaining <= math.ceil(info.limit * ACCOUNT_RESERVE):
                self._cool_down(min(info.reset or 1.0, 60.0), None, owner=False)
        for total, left, resets in info.endpoints.values():
            if left <= 0:
                self._cool_down(min(resets, 60.0), ("t", template), owner=False)
        return info

    def _cool_down(self, seconds: float, key: object = None, owner: bool = True) -> None:
        """A 429 speaks for the whole account (key None) or one resource: every other thread of this client waits
        it out too (the thread that got it waits in its own retry loop)."""
        with self._cooldown_lock:
            until = max(self._holds.get(key, (0.0, 0))[0], self.clock() + seconds)
            self._holds[key] = (until, threading.get_ident() if owner else 0)

    def _respect_cooldown(self, template: str = "", path: str | None = None) -> None:
        me, now, left = threading.get_ident(), self.clock(), 0.0
        with self._cooldown_lock:
            for key in (None, ("t", template), ("p", path or template)):
                until, owner = self._holds.get(key, (0.0, 0))
                if until <= now:
                    self._holds.pop(key, None)
                elif owner != me:
                    left = max(left, until - now)
        if left > 0:
            self.sleep(left)

    def _retry_metric(self, status: int | None) -> None:
        try:
            metrics.on_retry(self.service, status)
        except Exception:  # metrics must never break a call
            log.exception("on_retry hook failed")

    def _metric(self, method: str, template: str, status: int, seconds: float) -> None:
        if self.on_call is None:
            return
        try:
            self.on_call(self.service, method, template, status, seconds)
        except Exception:  # metrics must never break a call
            log.exception("on_call hook failed")

    # -- dry run and audit ----------------------------------------------------------------------------------------
    def _record_write(self, method: str, path: str, payload: Any) -> None:
        if self.on_write is None:
            return
        try:
            self.on_write(self.service, method, path, payload)
        except Exception:  # the write has happened (or is skipped); an audit failure must not cause a repeat
            log.exception("on_write hook failed")

    def _skip_write(self, method: str, path: str, payload: Any, result: T) -> T:
        """Dry run: log the planned write, record it, and hand back a synthetic result."""
        journal = journals.current()
        if journal is not None:
            journal.wrote()
        summary = json.dumps(payload, sort_keys=True, default=str)
        summary = summary if len(summary) <= 500 else summary[:497] + "..."
        log.info("DRY RUN %s %s %s %s", self.service, method, path, self._redact(summary))
        self._record_write(method, path, payload)
        return result

    # -- HTTP -----------------------------------------------------------------------------------------------------
    def _send(self, method: str, url: str, path: str, template: str, *, params: dict | None = None,
              json_body: Any = None, idempotent: bool = True,
              limits: Iterable[tuple[str, str]] = ()) -> requests.Response:
        """One logical HTTP call (retried as needed); returns a 2xx response or raises an ApiError.

        Inside a journaled unit of work (a workflow step) a read its last run made is answered from the journal."""
        journal = journals.current() if method == "GET" else None
        if journal is None:
            return self._send_now(method, url, path, template, params=params, json_body=json_body,
                                  idempotent=idempotent, limits=limits)
        key = (self.service, url, tuple(sorted((params or {}).items())))
        return journal.read(key, lambda: self._send_now(method, url, path, template, params=params, limits=limits))

    def _send_now(self, method: str, url: str, path: str, template: str, *, params: dict | None = None,
                  json_body: Any = None, idempotent: bool = True,
                  limits: Iterable[tuple[str, str]] = ()) -> requests.Response:
        def attempt() -> requests.Response:
            try:
                resp = self.session.request(method, url, params=params, json=json_body, headers=self._headers,
                                            timeout=self.timeout)
            except requests.ConnectTimeout:
                raise unavailable(self.service, f"{method} {path}: connect timeout", False) from None
            except requests.Timeout:
                raise unavailable(self.service, f"{method} {path}: read timeout after {self.timeout}s",
                                  True) from None
            except requests.ConnectionError as exc:
                reason = getattr(exc.args[0], "reason", None) if exc.args else None
                refused = isinstance(reason, (NewConnectionError, ConnectTimeoutError))
                what = "connection refused" if refused else "connection lost"
                raise unavailable(self.service, f"{method} {path}: {what}", not refused) from None
            except requests.RequestException as exc:
                raise unavailable(self.service, f"{method} {path}: {type(exc).__name__}", True) from None
            info = self._observe(resp.headers, template)
            if resp.status_code >= 400:
                exc = self._response_error(resp, method, path, idempotent)
                exc.account_remaining = info.remaining  # type: ignore[attr-defined]
                raise exc
            resp.content  # noqa: B018 - read now: a journaled answer is read again after the connection is gone
            return resp

        return self._execute(method, template, attempt, idempotent=idempotent, limits=limits, path=path)

    def _response_error(self, resp: requests.Response, method: str, path: str, idempotent: bool) -> ApiError:
        try:
            body: object = resp.json()
        except ValueError:
            body = resp.text[:500]
        retry_after = parse_retry_after(resp.headers.get("Retry-After")) if resp.status_code == 429 else None
        exc = self._error(resp.status_code, method, path, body, retry_after)
        # A gateway timeout is a read timeout one hop further: the create may have been applied.
        exc.maybe_applied = resp.status_code == 504  # type: ignore[attr-defined]
        return exc

    def _request(self, method: str, template: str, *, params: dict | None = None, json_body: Any = None,
                 idempotent: bool = True, limits: Iterable[tuple[str, str]] = (), **path_args: Any) -> Any:
        """Call `template` (formatted with path_args) under the base URL and return the decoded JSON body."""
        path = template.format(**path_args)
        limits = [*limits, *endpoint_buckets(self.service, method, template, path_args)]
        resp = self._send(method, self.base_url + path, path, template, params=params, json_body=json_body,
                          idempotent=idempotent, limits=limits)
        if method != "GET":
            self._record_write(method, path, json_body)
        return decode(resp)

    def _write(self, method: str, template: str, json_body: Any, dry_result: Any, *, idempotent: bool = True,
               limits: Iterable[tuple[str, str]] = (), params: dict | None = None, **path_args: Any) -> Any:
        """A write: performed and recorded, or in dry run skipped with `dry_result` (a value or a callable)."""
        if self.dry_run:
            path = template.format(**path_args)
            result = dry_result() if callable(dry_result) else dry_result
            return self._skip_write(method, path, json_body if params is None else {**params, **(json_body or {})},
                                    result)
        return self._request(method, template, params=params, json_body=json_body, idempotent=idempotent,
                             limits=limits, **path_args)


def decode(resp: requests.Response) -> Any:
    """JSON body of a 2xx response; {} when empty (204)."""
    if resp.status_code == 204 or not resp.content:
        return {}
    try:
        return resp.json()
    except ValueError:
        return {}
