"""Shared client plumbing: URL joining, error mapping, retry policy, dry run, limits, hooks, redaction."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
import requests
import responses

from bot.services.base import BaseClient, RetryPolicy, error_message, parse_retry_after, query_params
from bot.services.ratelimit import NullLimiter, Rate, SlidingWindowLimiter, parse_rate
from bot.errors import (ApiBadRequest, ApiConflict, ApiError, ApiForbidden, ApiNotFound, ApiRateLimited,
                        ApiServerError, ApiUnauthorized, ApiUnavailable)
from tests.conftest import free_port

BASE = "http://127.0.0.1:9100/zd"
SECRET = "s3cr3t-token-value"
FAST = RetryPolicy(attempts=4, max_total_seconds=60, base_delay=0.5, max_delay=30, jitter=False)


class FakeClock:
    """A monotonic clock that only moves when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class RecordingLimiter:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def acquire(self, service: str, key: str) -> None:
        self.calls.append((service, key))


def make(retry: RetryPolicy = FAST, **kwargs) -> tuple[BaseClient, FakeClock]:
    clock = FakeClock()
    client = BaseClient(BASE, retry=retry, sleep=clock.sleep, clock=clock, secrets=[SECRET], **kwargs)
    client.service = "test"
    return client, clock


# -- pure helpers ---------------------------------------------------------------------------------------------------
def test_backoff_is_exponential_and_capped():
    policy = RetryPolicy(base_delay=0.5, max_delay=3, jitter=False)
    assert [policy.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_backoff_jitter_stays_between_half_and_full():
    policy = RetryPolicy(base_delay=2, max_delay=30, jitter=True)
    assert policy.backoff(2, rand=lambda: 0.0) == 2.0
    assert policy.backoff(2, rand=lambda: 1.0) == 4.0


def test_retry_policy_none_makes_one_attempt():
    assert RetryPolicy.none().attempts == 1


@pytest.mark.parametrize("value, expected", [("7", 7.0), ("0.5", 0.5), ("-3", 0.0), ("", None), (None, None),
                                             ("soon", None)])
def test_parse_retry_after_seconds(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date():
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now=now) == 90.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 0.0


def test_error_message_reads_vendor_bodies():
    assert error_message({"error": "RecordNotFound", "description": "Not found"}) == "RecordNotFound; Not found"
    assert error_message({"message": "404 Issue Not Found"}) == "404 Issue Not Found"
    assert error_message("<html>bad gateway</html>") == "<html>bad gateway</html>"


def test_query_params_of_next_link():
    link = "https://x.zendesk.com/api/v2/tickets/1/comments.json?page%5Bafter%5D=aCursor%3D%3D&page%5Bsize%5D=100"
    assert query_params(link) == {"page[after]": "aCursor==", "page[size]": "100"}


# -- URLs and error mapping --------------------------------------------------------------------------------------------
@responses.activate
def test_path_prefix_is_kept():
    responses.get(f"{BASE}/api/v2/users/me", json={"user": {"id": 1}})
    client, _ = make()
    assert client._request("GET", "/api/v2/users/me") == {"user": {"id": 1}}
    assert responses.calls[0].request.url == f"{BASE}/api/v2/users/me"


@pytest.mark.parametrize("status, cls", [(400, ApiBadRequest), (422, ApiBadRequest), (401, ApiUnauthorized),
                                         (403, ApiForbidden), (404, ApiNotFound), (409, ApiConflict),
                                         (429, ApiRateLimited), (500, ApiServerError), (503, ApiServerError)])
@responses.activate
def test_status_maps_to_error_class(status, cls):
    responses.get(f"{BASE}/x", status=status, json={"error": "Boom", "description": "went wrong"})
    client, _ = make(retry=RetryPolicy.none())
    with pytest.raises(cls) as info:
        client._request("GET", "/x")
    assert info.value.status == status and "Boom; went wrong" in str(info.value)
    assert info.value.body == {"error": "Boom", "description": "went wrong"}


@responses.activate
def test_empty_204_decodes_to_empty_dict():
    responses.delete(f"{BASE}/x", status=204)
    client, _ = make()
    assert client._request("DELETE", "/x") == {}


# -- retries -----------------------------------------------------------------------------------------------------------
@responses.activate
def test_server_error_is_retried_with_backoff_then_succeeds():
    responses.get(f"{BASE}/x", status=502, body="bad gateway")
    responses.get(f"{BASE}/x", status=500, json={"error": "oops"})
    responses.get(f"{BASE}/x", json={"ok": 1})
    client, clock = make()
    assert client._request("GET", "/x") == {"ok": 1}
    assert clock.sleeps == [0.5, 1.0]


@responses.activate
def test_out_of_attempts_raises_last_error():
    for status in (500, 502, 503, 504):
        responses.get(f"{BASE}/x", status=status, json={"error": f"e{status}"})
    client, clock = make()
    with pytest.raises(ApiServerError) as info:
        client._request("GET", "/x")
    assert info.value.status == 504 and len(responses.calls) == FAST.attempts and len(clock.sleeps) == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
@responses.activate
def test_client_errors_are_never_retried(status):
    responses.get(f"{BASE}/x", status=status, json={"error": "no"})
    client, clock = make()
    with pytest.raises(ApiError):
        client._request("GET", "/x")
    assert len(responses.calls) == 1 and clock.sleeps == []


@responses.activate
def test_429_waits_retry_after_seconds():
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "7"},
                  json={"error": "APIRateLimitExceeded", "description": "slow down"})
    responses.get(f"{BASE}/x", json={"ok": 1})
    client, clock = make()
    assert client._request("GET", "/x") == {"ok": 1}
    assert clock.sleeps == [7.0]


@responses.activate
def test_429_retry_after_http_date_is_honoured():
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": format_datetime(when, usegmt=True)})
    responses.get(f"{BASE}/x", json={})
    client, clock = make()
    client._request("GET", "/x")
    assert 27 <= clock.sleeps[0] <= 30


@responses.activate
def test_429_whose_wait_does_not_fit_the_budget_gives_up_at_once():
    # Coming back before Retry-After would only earn another 429; the workflow waits it out durably instead.
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "120"}, json={"error": "rate"})
    client, clock = make(retry=RetryPolicy(attempts=5, max_total_seconds=20, base_delay=0, jitter=False))
    with pytest.raises(ApiRateLimited) as info:
        client._request("GET", "/x")
    assert clock.sleeps == [] and len(responses.calls) == 1 and info.value.retry_after == 120


@responses.activate
def test_429s_with_retry_after_are_waited_out_without_using_up_attempts():
    for _ in range(5):
        responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "2"}, json={"error": "rate"})
    responses.get(f"{BASE}/x", json={"ok": 1})
    client, clock = make(retry=RetryPolicy(attempts=2, max_total_seconds=60, base_delay=0.5, jitter=False))
    assert client._request("GET", "/x") == {"ok": 1}
    assert clock.sleeps == [2.0] * 5 and len(responses.calls) == 6


@responses.activate
def test_429s_and_failures_together_still_stop_at_the_attempts():
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "1"}, json={"error": "rate"})
    responses.get(f"{BASE}/x", status=500, json={"error": "a"})
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "1"}, json={"error": "rate"})
    responses.get(f"{BASE}/x", status=502, json={"error": "b"})
    client, clock = make(retry=RetryPolicy(attempts=2, max_total_seconds=60, base_delay=0.5, jitter=False))
    with pytest.raises(ApiServerError) as info:
        client._request("GET", "/x")
    assert info.value.status == 502 and len(responses.calls) == 4 and clock.sleeps == [1.0, 0.5, 1.0]


@responses.activate
def test_429_without_retry_after_counts_as_a_failed_attempt():
    responses.get(f"{BASE}/x", status=429, json={"error": "rate"})
    client, clock = make(retry=RetryPolicy(attempts=2, max_total_seconds=60, base_delay=0.5, jitter=False))
    with pytest.raises(ApiRateLimited):
        client._request("GET", "/x")
    assert len(responses.calls) == 2 and clock.sleeps == [0.5]


@responses.activate
def test_429s_are_waited_out_only_until_the_budget_is_spent():
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "4"}, json={"error": "rate"})
    client, clock = make(retry=RetryPolicy(attempts=5, max_total_seconds=10, base_delay=0, jitter=False))
    with pytest.raises(ApiRateLimited):
        client._request("GET", "/x")
    assert clock.sleeps == [4.0, 4.0] and len(responses.calls) == 3


@responses.activate
def test_every_retry_is_counted_with_its_cause(monkeypatch):
    seen = []
    monkeypatch.setattr("bot.metrics.on_retry", lambda service, status: seen.append((service, status)))
    responses.get(f"{BASE}/x", status=500, json={})
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "1"}, json={})
    responses.get(f"{BASE}/x", body=requests.ConnectionError("reset"))
    responses.get(f"{BASE}/x", json={"ok": 1})
    client, _ = make()
    assert client._request("GET", "/x") == {"ok": 1}
    assert seen == [("test", 500), ("test", 429), ("test", None)]


@responses.activate
def test_a_failing_retry_metric_never_breaks_the_call(monkeypatch):
    def broken(service, status):
        raise RuntimeError("metrics down")

    monkeypatch.setattr("bot.metrics.on_retry", broken)
    responses.get(f"{BASE}/x", status=503, json={})
    responses.get(f"{BASE}/x", json={"ok": 1})
    client, _ = make()
    assert client._request("GET", "/x") == {"ok": 1}


@responses.activate
def test_read_timeout_on_create_is_not_retried():
    responses.post(f"{BASE}/create", body=requests.ReadTimeout("read timed out"))
    client, clock = make()
    with pytest.raises(ApiUnavailable) as info:
        client._request("POST", "/create", json_body={"a": 1}, idempotent=False)
    assert len(responses.calls) == 1 and clock.sleeps == [] and "read timeout" in str(info.value)


@responses.activate
def test_gateway_timeout_on_create_is_not_retried():
    responses.post(f"{BASE}/create", status=504, body="gateway timeout")
    client, _ = make()
    with pytest.raises(ApiServerError):
        client._request("POST", "/create", json_body={}, idempotent=False)
    assert len(responses.calls) == 1


@responses.activate
def test_read_timeout_on_idempotent_call_is_retried():
    responses.put(f"{BASE}/thing", body=requests.ReadTimeout("read timed out"))
    responses.put(f"{BASE}/thing", json={"done": True})
    client, _ = make()
    assert client._request("PUT", "/thing", json_body={}) == {"done": True}
    assert len(responses.calls) == 2


def test_connection_refused_on_create_is_retried_then_raises():
    clock = FakeClock()
    client = BaseClient(f"http://127.0.0.1:{free_port()}/prefix", retry=FAST, sleep=clock.sleep, clock=clock,
                        timeout=2)
    with pytest.raises(ApiUnavailable) as info:
        client._request("POST", "/create", json_body={}, idempotent=False)
    assert len(clock.sleeps) == FAST.attempts - 1 and "connection refused" in str(info.value)


# -- limits, hooks, dry run, secrets -----------------------------------------------------------------------------------
@responses.activate
def test_limiter_is_asked_before_every_attempt():
    responses.put(f"{BASE}/org/5", status=503)
    responses.put(f"{BASE}/org/5", json={})
    limiter = RecordingLimiter()
    client, _ = make(limiter=limiter)
    client._request("PUT", "/org/{org}", json_body={}, limits=[("test:org_update", "5")], org=5)
    assert limiter.calls == [("test", "global"), ("test:org_update", "5")] * 2


@responses.activate
def test_on_call_gets_template_status_and_duration_and_may_fail():
    responses.get(f"{BASE}/t/9", status=500)
    responses.get(f"{BASE}/t/9", json={})
    seen = []

    def on_call(service, method, path, status, seconds):
        seen.append((service, method, path, status))
        raise RuntimeError("metrics down")

    client, _ = make(on_call=on_call)
    assert client._request("GET", "/t/{tid}", tid=9) == {}
    assert seen == [("test", "GET", "/t/{tid}", 500), ("test", "GET", "/t/{tid}", 200)]


@responses.activate
def test_writes_are_recorded_after_success():
    responses.put(f"{BASE}/t/9", json={"ok": 1})
    writes = []
    client, _ = make(on_write=lambda *a: writes.append(a))
    client._write("PUT", "/t/{tid}", {"x": 1}, {"dry": True}, tid=9)
    assert writes == [("test", "PUT", "/t/9", {"x": 1})]


@responses.activate
def test_dry_run_sends_nothing_logs_and_records(caplog):
    writes = []
    client, _ = make(dry_run=True, on_write=lambda *a: writes.append(a))
    with caplog.at_level(logging.INFO, logger="bot.services"):
        result = client._write("POST", "/t/{tid}/notes", {"body": "hello"}, {"dry_run": True, "id": 0}, tid=3)
    assert result == {"dry_run": True, "id": 0} and len(responses.calls) == 0
    assert writes == [("test", "POST", "/t/3/notes", {"body": "hello"})]
    assert 'DRY RUN test POST /t/3/notes {"body": "hello"}' in caplog.text


@responses.activate
def test_secrets_are_redacted_from_errors_and_logs(caplog):
    echo = {"error": "Couldn't authenticate you", "description": f"token {SECRET} rejected"}
    responses.get(f"{BASE}/x", status=500, json=echo)
    responses.get(f"{BASE}/x", status=401, json=echo)
    client, _ = make()
    with caplog.at_level(logging.DEBUG), pytest.raises(ApiUnauthorized) as info:
        client._request("GET", "/x")
    assert SECRET not in str(info.value) and "***" in str(info.value)
    assert SECRET not in caplog.text and "attempt 1 failed" in caplog.text


# -- rate limiter ------------------------------------------------------------------------------------------------------
def test_sliding_window_blocks_until_oldest_call_leaves():
    clock = FakeClock()
    limiter = SlidingWindowLimiter({"svc": Rate(3, 10.0)}, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        limiter.acquire("svc", "k")
        clock.now += 1
    limiter.acquire("svc", "k")
    # The first call at t=0 leaves the (guarded) window at t=10*1.02+0.05=10.25; we were at t=3.
    assert clock.sleeps == [pytest.approx(7.25)]


def test_sliding_window_buckets_are_per_key_and_unknown_services_pass():
    clock = FakeClock()
    limiter = SlidingWindowLimiter({"zendesk:org_update": Rate(1, 60.0)}, clock=clock, sleep=clock.sleep)
    limiter.acquire("zendesk:org_update", "1")
    limiter.acquire("zendesk:org_update", "2")
    for _ in range(50):
        limiter.acquire("other", "global")
    assert clock.sleeps == []
    limiter.acquire("zendesk:org_update", "1")
    assert clock.sleeps == [pytest.approx(Rate(1, 60.0).guarded_window)]
    assert 60.0 < clock.sleeps[0] < 62.0


def test_default_limits_and_null_limiter():
    limits = SlidingWindowLimiter().limits
    # Zendesk's account ceiling is half of the plan's limit, 400 assumed until an answer says otherwise.
    assert "zendesk" not in limits and limits["zendesk:account"] == Rate(200, 60)
    assert limits["zendesk:org_update"] == Rate(5, 60) and limits["zendesk:ticket_update"] == Rate(50, 60)
    assert limits["gitlab"] == Rate(300, 60) and limits["slack"] == Rate(50, 60)
    assert NullLimiter().acquire("x", "y") is None


@pytest.mark.parametrize("text, rate", [("700/min", Rate(700, 60.0)), ("5/minute", Rate(5, 60.0)),
                                        ("10/s", Rate(10, 1.0)), ("100/30s", Rate(100, 30.0))])
def test_parse_rate(text, rate):
    assert parse_rate(text) == rate


def test_parse_rate_rejects_garbage():
    with pytest.raises(ValueError):
        parse_rate("lots")


@responses.activate
def test_credentials_travel_per_request_not_on_a_shared_session():
    responses.get(f"{BASE}/x", json={})
    shared = requests.Session()
    client = BaseClient(BASE, session=shared, headers={"PRIVATE-TOKEN": SECRET}, retry=RetryPolicy.none())
    client._request("GET", "/x")
    assert responses.calls[0].request.headers["PRIVATE-TOKEN"] == SECRET
    assert "PRIVATE-TOKEN" not in shared.headers
