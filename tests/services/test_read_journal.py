"""A redone unit of work replays the reads its last run made instead of asking the service again."""
from __future__ import annotations

import pytest
import responses

from bot.errors import ApiServerError
from bot.services.base import BaseClient, RetryPolicy
from bot.services.journal import ReadJournal, journaled
from tests.services.test_base_client import BASE


def make() -> BaseClient:
    c = BaseClient(BASE, retry=RetryPolicy.none())
    c.service = "test"
    return c


def calls(path: str) -> int:
    return sum(1 for c in responses.calls if c.request.url.split("?")[0] == f"{BASE}{path}")


def step(c: BaseClient) -> tuple:
    """Reads, then a write: the shape of a handler judging a ticket and writing its note."""
    ticket = c._request("GET", "/tickets/1")
    org = c._request("GET", "/orgs/2")
    comments = c._request("GET", "/tickets/1/comments", params={"page[size]": 100})
    c._request("PUT", "/tickets/1", json_body={"note": 1})
    return ticket, org, comments


@responses.activate
def test_a_redo_replays_the_reads_and_resumes_at_the_call_that_failed():
    responses.get(f"{BASE}/tickets/1", json={"ticket": 1})
    responses.get(f"{BASE}/orgs/2", json={"org": 2})
    responses.get(f"{BASE}/tickets/1/comments", json={"comments": []})
    responses.put(f"{BASE}/tickets/1", status=503, json={})
    responses.put(f"{BASE}/tickets/1", json={"ok": 1})
    c, journal = make(), ReadJournal()
    with journaled(journal), pytest.raises(ApiServerError):
        step(c)
    with journaled(journal):
        assert step(c) == ({"ticket": 1}, {"org": 2}, {"comments": []})
    assert (calls("/tickets/1/comments"), calls("/orgs/2")) == (1, 1)
    assert [c.request.method for c in responses.calls] == ["GET", "GET", "GET", "PUT", "PUT"]
    assert journal.replayed == 3


@responses.activate
def test_a_redo_that_asks_for_something_else_goes_to_the_service_from_there():
    responses.get(f"{BASE}/tickets/1", json={"ticket": 1})
    responses.get(f"{BASE}/orgs/2", json={"org": 2})
    responses.get(f"{BASE}/orgs/3", json={"org": 3})
    c, journal = make(), ReadJournal()
    with journaled(journal):
        c._request("GET", "/tickets/1")
        c._request("GET", "/orgs/2")
    with journaled(journal):
        c._request("GET", "/tickets/1")
        c._request("GET", "/orgs/3")   # diverges
        c._request("GET", "/orgs/2")   # asked afresh although the last run read it
    assert (calls("/tickets/1"), calls("/orgs/2"), calls("/orgs/3")) == (1, 2, 1)


@responses.activate
def test_reads_after_a_write_of_this_run_are_asked_afresh():
    responses.get(f"{BASE}/tickets/1", json={"ticket": 1})
    responses.put(f"{BASE}/tickets/1", json={})
    c, journal = make(), ReadJournal()
    with journaled(journal):
        c._request("GET", "/tickets/1")
        c._request("GET", "/tickets/1")
    with journaled(journal):
        c._request("GET", "/tickets/1")
        c._request("PUT", "/tickets/1", json_body={})
        c._request("GET", "/tickets/1")
    assert calls("/tickets/1") == 2 + 1 + 1  # two reads, then one replayed, the write, a fresh read


@responses.activate
def test_repeated_reads_replay_in_order():
    """Polling (a job's status) sees in the redo what the last run saw, in the same order."""
    responses.get(f"{BASE}/jobs/9", json={"status": "queued"})
    responses.get(f"{BASE}/jobs/9", json={"status": "completed"})
    c, journal = make(), ReadJournal()
    with journaled(journal):
        first = [c._request("GET", "/jobs/9")["status"] for _ in range(2)]
    with journaled(journal):
        again = [c._request("GET", "/jobs/9")["status"] for _ in range(2)]
    assert first == again == ["queued", "completed"] and calls("/jobs/9") == 2


@responses.activate
def test_old_answers_are_not_replayed():
    responses.get(f"{BASE}/tickets/1", json={"ticket": 1})
    now = [0.0]
    c, journal = make(), ReadJournal(max_age=300, clock=lambda: now[0])
    with journaled(journal):
        c._request("GET", "/tickets/1")
    now[0] = 301.0
    with journaled(journal):
        c._request("GET", "/tickets/1")
    assert calls("/tickets/1") == 2


@responses.activate
def test_outside_a_journal_every_read_is_a_call():
    responses.get(f"{BASE}/tickets/1", json={"ticket": 1})
    c, journal = make(), ReadJournal()
    with journaled(journal):
        c._request("GET", "/tickets/1")
    c._request("GET", "/tickets/1")
    assert calls("/tickets/1") == 2


@responses.activate
def test_a_dry_run_write_also_ends_the_replay():
    responses.get(f"{BASE}/tickets/1", json={"ticket": 1})
    c, journal = make(), ReadJournal()
    c.dry_run = True
    with journaled(journal):
        c._request("GET", "/tickets/1")
        c._request("GET", "/tickets/1")
    with journaled(journal):
        c._request("GET", "/tickets/1")
        c._write("PUT", "/tickets/1", {"x": 1}, {"dry_run": True})
        c._request("GET", "/tickets/1")
    assert calls("/tickets/1") == 3
