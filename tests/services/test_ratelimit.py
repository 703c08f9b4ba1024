"""Rate limits that follow the account: Zendesk's headers teach the limit, the bot keeps its share of it, holds
when the account or an endpoint is nearly spent, and counts endpoints with limits of their own."""
from __future__ import annotations

import threading

import pytest
import responses

from bot.services import zendesk
from bot.services.base import BaseClient, RetryPolicy
from bot.services.ratelimit import (ENDPOINT_BUCKETS, GLOBAL_KEY, Rate, SlidingWindowLimiter, endpoint_buckets,
                                    rate_info)
from bot.services.ratelimit_db import DatabaseRateLimiter
from bot.services.zendesk import ZendeskClient
from tests.services.test_base_client import BASE, FakeClock

# The headers of Zendesk's rate-limits page ("Monitoring the request activity of Ticketing APIs").
TICKETING = {"X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "699", "ratelimit-limit": "700",
             "ratelimit-remaining": "699", "ratelimit-reset": "41"}


def client(limiter=None, retry=RetryPolicy.none()) -> tuple[BaseClient, FakeClock]:
    clock = FakeClock()
    c = BaseClient(BASE, retry=retry, sleep=clock.sleep, clock=clock, limiter=limiter)
    c.service = "zendesk"
    return c, clock


def in_thread(func) -> None:
    """Run `func` in another thread: holds never make the thread that caused them wait twice."""
    worker = threading.Thread(target=func)
    worker.start()
    worker.join(10)


def test_rate_info_reads_zendesk_headers():
    info = rate_info({**TICKETING, "zendesk-ratelimit-tickets-index": "total=100; remaining=0; resets=41"})
    assert (info.limit, info.remaining, info.reset) == (700, 699, 41.0)
    assert info.endpoints == {"tickets-index": (100, 0, 41.0)}
    assert rate_info({"X-Rate-Limit": "400", "X-Rate-Limit-Remaining": "3"}).limit == 400
    assert rate_info({"X-Rate-Limit": "lots"}).limit is None and rate_info({}).remaining is None


def test_rate_info_reads_a_reset_given_as_unix_time():
    assert rate_info({"RateLimit-Reset": "1700000030", "ratelimit-limit": "600"}, now=1700000000).reset == 30


@responses.activate
def test_the_account_limit_is_learned_and_the_bot_keeps_its_share():
    limiter = SlidingWindowLimiter({}, shares={"zendesk": 0.5})
    assert limiter.limits["zendesk:account"] == Rate(200, 60)  # before any answer: the 400 plans assumed
    responses.get(f"{BASE}/x", json={}, headers=TICKETING)
    c, _ = client(limiter)
    c._request("GET", "/x")
    assert limiter.limits["zendesk:account"] == Rate(350, 60)


def test_a_share_is_configurable_and_never_below_one_call():
    limiter = SlidingWindowLimiter({}, shares={"zendesk": 0.25})
    limiter.learn("zendesk", 2500)
    assert limiter.limits["zendesk:account"] == Rate(625, 60)
    limiter.learn("zendesk", 2)
    assert limiter.limits["zendesk:account"] == Rate(1, 60)


def test_every_call_counts_against_the_account_share_and_a_fixed_ceiling():
    clock = FakeClock()
    limiter = SlidingWindowLimiter({"zendesk": Rate(100, 1.0)}, shares={"zendesk": 0.5}, clock=clock,
                                   sleep=clock.sleep)
    limiter.learn("zendesk", 6)  # three calls a minute for the bot
    for _ in range(3):
        limiter.acquire("zendesk", GLOBAL_KEY)
    assert clock.sleeps == []
    limiter.acquire("zendesk", GLOBAL_KEY)
    assert clock.sleeps == [pytest.approx(Rate(3, 60).guarded_window)]


def test_a_lowered_limit_waits_until_enough_calls_have_left_the_window():
    clock = FakeClock()
    limiter = SlidingWindowLimiter({}, shares={"zendesk": 1.0}, clock=clock, sleep=clock.sleep)
    limiter.learn("zendesk", 10)
    for _ in range(10):
        limiter.acquire("zendesk", GLOBAL_KEY)
        clock.now += 1
    limiter.learn("zendesk", 4)
    limiter.acquire("zendesk", GLOBAL_KEY)
    # Four may be in the window: the seventh call (t=6) must leave first.
    assert clock.sleeps == [pytest.approx(6 + Rate(4, 60).guarded_window - 10)]


def test_services_without_a_share_learn_nothing():
    limiter = SlidingWindowLimiter({"gitlab": Rate(300, 60)}, shares={"zendesk": 0.5})
    limiter.learn("gitlab", 2000)
    assert limiter.limits["gitlab"] == Rate(300, 60) and "gitlab:account" not in limiter.limits


def test_the_database_limiter_learns_too(db_url):
    from bot.db.engine import make_engine, upgrade

    upgrade(db_url)
    engine = make_engine(db_url)
    limiter = DatabaseRateLimiter(engine, {}, shares={"zendesk": 0.5})
    limiter.learn("zendesk", 4)  # two calls a minute
    limiter.acquire_many([("zendesk", GLOBAL_KEY)])
    limiter.acquire_many([("zendesk", GLOBAL_KEY)])
    waited = []
    limiter._sleep = lambda s: (waited.append(s), limiter.learn("zendesk", 700))  # the next answer raises it
    limiter.acquire_many([("zendesk", GLOBAL_KEY)])
    assert waited and 60 < waited[0] < 62
    engine.dispose()


@responses.activate
def test_a_nearly_spent_account_holds_calls_until_the_window_resets():
    responses.get(f"{BASE}/x", json={}, headers={**TICKETING, "X-Rate-Limit-Remaining": "60",
                                                 "ratelimit-remaining": "60", "ratelimit-reset": "7"})
    responses.get(f"{BASE}/x", json={}, headers=TICKETING)
    c, clock = client()
    c._request("GET", "/x")
    assert clock.sleeps == []
    c._request("GET", "/x")  # the last tenth of the minute is left to the other integrations
    assert clock.sleeps == [7.0]


@responses.activate
def test_an_account_with_room_holds_nothing():
    responses.get(f"{BASE}/x", json={}, headers={**TICKETING, "ratelimit-remaining": "71"})
    c, clock = client()
    c._request("GET", "/x")
    c._request("GET", "/x")
    assert clock.sleeps == []


@responses.activate
def test_a_spent_endpoint_limit_holds_only_that_endpoint():
    responses.get(f"{BASE}/api/v2/tickets", json={"tickets": []},
                  headers={**TICKETING, "Zendesk-RateLimit-tickets-index": "total=100; remaining=0; resets=9"})
    responses.get(f"{BASE}/api/v2/users/me", json={})
    c, clock = client()
    c._request("GET", "/api/v2/tickets")
    c._request("GET", "/api/v2/users/me")
    assert clock.sleeps == []
    c._request("GET", "/api/v2/tickets")
    assert clock.sleeps == [9.0]


@responses.activate
def test_an_account_429_holds_every_other_thread():
    responses.get(f"{BASE}/a", status=429, json={"error": "APIRateLimitExceeded"},
                  headers={"Retry-After": "5", "X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "0"})
    responses.get(f"{BASE}/b", json={})
    c, clock = client()
    with pytest.raises(Exception):
        c._request("GET", "/a")
    in_thread(lambda: c._request("GET", "/b"))
    assert clock.sleeps == [5.0]


@responses.activate
def test_an_endpoint_429_with_account_room_holds_only_that_resource():
    # Update Organization's own limit: the account has calls left, other resources go on.
    responses.put(f"{BASE}/api/v2/organizations/5", status=429, json={"errors": [{"code": "TooManyRequests"}]},
                  headers={"Retry-After": "5", "X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "650"})
    responses.put(f"{BASE}/api/v2/organizations/6", json={})
    responses.put(f"{BASE}/api/v2/organizations/5", json={})
    c, clock = client()
    with pytest.raises(Exception):
        c._request("PUT", "/api/v2/organizations/{org_id}", json_body={}, org_id=5)
    in_thread(lambda: c._request("PUT", "/api/v2/organizations/{org_id}", json_body={}, org_id=6))
    assert clock.sleeps == []
    in_thread(lambda: c._request("PUT", "/api/v2/organizations/{org_id}", json_body={}, org_id=5))
    assert clock.sleeps == [5.0]


class Recording:
    def __init__(self):
        self.calls = []

    def acquire_many(self, buckets):
        self.calls.append(list(buckets))


@responses.activate
def test_update_ticket_counts_against_its_per_account_bucket():
    responses.put(f"{BASE}/api/v2/tickets/7", json={"ticket": {"id": 7}})
    responses.get(f"{BASE}/api/v2/tickets/7", json={"ticket": {"id": 7}})
    limiter = Recording()
    zd = ZendeskClient(BASE, "bot@example.com", "tok", retry=RetryPolicy.none(), limiter=limiter)
    zd.add_comment(7, "note", public=False)
    zd.get_ticket(7)
    assert limiter.calls == [[("zendesk", GLOBAL_KEY), ("zendesk:ticket_update", "account")],
                             [("zendesk", GLOBAL_KEY)]]


def test_endpoint_buckets_name_real_client_endpoints():
    templates = {v for k, v in vars(zendesk).items() if k.isupper() and isinstance(v, str)}
    for service, method, template in ENDPOINT_BUCKETS:
        assert service == "zendesk" and template in templates, template
    assert endpoint_buckets("zendesk", "PUT", zendesk.TICKET, {"ticket_id": 1}) == [("zendesk:ticket_update",
                                                                                    "account")]
    assert endpoint_buckets("zendesk", "GET", zendesk.TICKET, {"ticket_id": 1}) == []
