"""The fake Zendesk's unpleasant parts, over real HTTP: closed tickets refuse every update path, safe_update
conflicts, rate-limit headers and 429s (account-wide and Update Organization's own limit)."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import requests
from zenpy import Zenpy
from zenpy.lib.api_objects import Ticket
from zenpy.lib.exception import APIException

from sandbox.zendesk import ZendeskSandboxConfig, controls_of, create_app, state_of
from tests.services.conftest import zendesk_sandbox

REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "zendesk-go-aaronellington" / "responses"
CLOSED = {"error": "RecordInvalid", "description": "Record validation errors",
          "details": {"status": [{"description": "Status: closed prevents ticket update"}]}}


@pytest.fixture()
def zd(receiver):
    cfg = ZendeskSandboxConfig(webhook_url=receiver.url + "/webhooks/zendesk", webhook_retry_delays=(0.01,))
    with zendesk_sandbox(cfg) as (url, session, cfg, app):
        session.base = url  # type: ignore[attr-defined]
        yield url, session, cfg, app


@pytest.fixture()
def zp(zd, monkeypatch) -> Zenpy:
    url, _, cfg, _ = zd
    monkeypatch.setenv("ZENPY_FORCE_SCHEME", "http")
    monkeypatch.setenv("ZENPY_FORCE_NETLOC", url.removeprefix("http://"))
    return Zenpy(subdomain="sandbox", email=cfg.agent_email, token=cfg.agent_token, timeout=5, disable_cache=True)


def _ticket(session: requests.Session, url: str, status: str = "open") -> dict:
    org = session.post(f"{url}/api/v2/organizations", json={"organization": {"name": f"Org {time.time_ns()}"}})
    return session.post(f"{url}/api/v2/tickets", json={"ticket": {
        "subject": "Moving to SaaS", "comment": {"body": "We move to SaaS"}, "status": status, "tags": ["keep"],
        "organization_id": org.json()["organization"]["id"]}}).json()["ticket"]


def _jobs_done(url: str, timeout: float = 10.0) -> None:
    """update_many only queues a job; the sandbox's job worker runs it a moment later, as Zendesk's does."""
    deadline = time.monotonic() + timeout
    while requests.get(f"{url}/_sandbox/jobs").json()["active"]:
        assert time.monotonic() < deadline, "jobs still running"
        time.sleep(0.01)


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not checked out")
def test_the_refusal_is_the_one_zendesk_sends():
    """Zendesk documents no example; aaronellington/zendesk-go captured a real answer for a closed ticket."""
    assert json.loads((REALDATA / "errors_422_record_invalid.json").read_text()) == CLOSED


def test_a_closed_ticket_refuses_every_update_path(zd, zp):
    url, session, _, app = zd
    ticket = _ticket(session, url)
    assert requests.post(f"{url}/_sandbox/tickets/{ticket['id']}/close").json() == {"closed": [ticket["id"]]}
    before = state_of(app).dump()["tickets"][0]
    tickets = f"{url}/api/v2/tickets/{ticket['id']}"
    refusals = [
        session.put(tickets, json={"ticket": {"status": "open"}}),
        session.put(tickets, json={"ticket": {"comment": {"body": "a note", "public": False}}}),
        session.put(tickets, json={"ticket": {"additional_tags": ["saas_premium"]}}),
        session.put(f"{tickets}/tags", json={"tags": ["saas_premium"]}),
        session.post(f"{tickets}/tags", json={"tags": ["saas_premium"]}),
        session.delete(f"{tickets}/tags", json={"tags": ["keep"]}),
        session.delete(f"{tickets}/tags?tags=keep"),
    ]
    assert [(r.status_code, r.json()) for r in refusals] == [(422, CLOSED)] * len(refusals)
    with pytest.raises(APIException, match="closed prevents ticket update"):
        zp.tickets.update(Ticket(id=ticket["id"], status="open"))
    assert state_of(app).dump()["tickets"][0] == before  # nothing changed, no comment slipped in
    assert session.get(tickets).json()["ticket"]["status"] == "closed"  # reads still work


def test_update_many_reports_the_closed_ticket_as_a_failed_task(zd, zp):
    url, session, _, _ = zd
    closed, open_ = _ticket(session, url), _ticket(session, url)
    requests.post(f"{url}/_sandbox/tickets/{closed['id']}/close")
    queued = session.put(f"{url}/api/v2/tickets/update_many.json?ids={closed['id']},{open_['id']}",
                         json={"ticket": {"additional_tags": ["offering_migration"]}})
    assert queued.status_code == 200 and queued.json()["job_status"]["status"] == "queued"
    _jobs_done(url)
    job = session.get(queued.json()["job_status"]["url"]).json()["job_status"]
    assert job["status"] == "completed" and job["total"] == 2
    assert job["results"] == [
        {"id": closed["id"], "action": "update", "success": False, "error": "RecordInvalid",
         "details": "Status: closed prevents ticket update"},
        {"id": open_["id"], "action": "update", "status": "Updated", "success": True}]
    assert "offering_migration" in session.get(f"{url}/api/v2/tickets/{open_['id']}").json()["ticket"]["tags"]
    # zenpy sends a list of tickets to update_many (the batch form) and reads the job status back
    status = zp.tickets.update([Ticket(id=closed["id"], priority="high"), Ticket(id=open_["id"], priority="high")])
    _jobs_done(url)
    polled = zp.job_status(id=status.id)
    assert [r.success for r in polled.results] == [False, True]


def test_close_solved_is_the_close_automation(zd, receiver):
    url, session, _, app = zd
    solved, pending = _ticket(session, url, "solved"), _ticket(session, url, "pending")
    assert requests.post(f"{url}/_sandbox/close_solved").json() == {"closed": [solved["id"]]}
    statuses = {t["id"]: t["status"] for t in state_of(app).dump()["tickets"]}
    assert statuses == {solved["id"]: "closed", pending["id"]: "pending"}
    assert controls_of(app).webhooks.wait_idle(5)
    changed = [json.loads(h["body"]) for h in receiver.hits if b"status_changed" in h["body"]]
    assert [(e["event"]["previous"], e["event"]["current"], e["detail"]["actor_id"]) for e in changed] == [
        ("SOLVED", "CLOSED", "-1")]


def test_safe_update_with_a_stale_stamp_is_409_on_every_write(zd):
    url, session, _, _ = zd
    ticket = _ticket(session, url)
    stale = ticket["updated_at"]
    session.put(f"{url}/api/v2/tickets/{ticket['id']}", json={"ticket": {"priority": "high"}})  # an agent edits
    tickets = f"{url}/api/v2/tickets/{ticket['id']}"
    guard = {"safe_update": True, "updated_stamp": stale}
    conflicts = [
        session.put(tickets, json={"ticket": {"status": "pending", **guard}}),
        session.put(f"{tickets}/tags", json={"tags": ["x"], **guard}),
        session.post(f"{tickets}/tags", json={"tags": ["x"], **guard}),
        session.delete(f"{tickets}/tags", json={"tags": ["keep"], **guard}),
    ]
    for resp in conflicts:
        assert resp.status_code == 409 and resp.json()["error"] == "UpdateConflict"
    job = session.put(f"{url}/api/v2/tickets/update_many", json={"tickets": [
        {"id": ticket["id"], "status": "pending", **guard}]}).json()["job_status"]
    _jobs_done(url)
    result = session.get(job["url"]).json()["job_status"]["results"][0]
    assert result["success"] is False and result["error"] == "UpdateConflict"
    fresh = session.get(tickets).json()["ticket"]["updated_at"]
    assert session.put(f"{tickets}/tags", json={"tags": ["x"], "safe_update": True,
                                                "updated_stamp": fresh}).status_code == 200


def test_every_api_answer_carries_the_rate_limit_headers(zd):
    url, session, _, _ = zd
    answers = [session.get(f"{url}/api/v2/users/me"), session.get(f"{url}/api/v2/tickets/999"),
               session.post(f"{url}/api/v2/organizations", json={"organization": {}}),
               session.get(f"{url}/api/v2/organizations.json")]
    assert [a.status_code for a in answers] == [200, 404, 422, 200]
    remaining = [int(a.headers["X-Rate-Limit-Remaining"]) for a in answers]
    assert all(a.headers["X-Rate-Limit"] == "700" == a.headers["ratelimit-limit"] for a in answers)
    assert remaining == [699, 698, 697, 696]
    assert all(a.headers["ratelimit-remaining"] == a.headers["X-Rate-Limit-Remaining"] for a in answers)
    assert all(1 <= int(a.headers["ratelimit-reset"]) <= 60 for a in answers)


def test_the_account_limit_answers_429_with_retry_after_then_recovers(zd):
    url, session, _, _ = zd
    assert requests.post(f"{url}/_sandbox/limits", json={"account": 3, "window": 2}).ok
    time.sleep(2 - time.time() % 2 + 0.05)  # start at the top of a window
    answers = [session.get(f"{url}/api/v2/users/me") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json() == {"error": "APIRateLimitExceeded",
                                 "description": "Number of allowed API requests per minute exceeded"}
    assert 1 <= int(answers[3].headers["Retry-After"]) <= 2 and answers[3].headers["X-Rate-Limit-Remaining"] == "0"
    time.sleep(int(answers[3].headers["Retry-After"]))
    assert session.get(f"{url}/api/v2/users/me").status_code == 200
    requests.post(f"{url}/_sandbox/reset")
    assert requests.get(f"{url}/_sandbox/limits").json() == {"account": 700, "org_update": 5, "update_ticket": 100,
                                                             "window": 60.0}


def test_update_organization_allows_five_calls_a_minute_per_organization(zd):
    url, session, _, _ = zd
    orgs = [session.post(f"{url}/api/v2/organizations", json={"organization": {"name": n}}).json()["organization"]
            for n in ("Acme", "Globex")]
    acme, globex = (f"{url}/api/v2/organizations/{o['id']}" for o in orgs)
    codes = [session.put(acme, json={"organization": {"notes": f"line {i}"}}).status_code for i in range(5)]
    refused = session.put(acme, json={"organization": {"notes": "line 6"}})
    assert codes == [200] * 5 and refused.status_code == 429
    assert refused.json() == {"errors": [{"code": "TooManyRequests", "title": "Too many requests to update"}]}
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert session.get(acme).json()["organization"]["notes"] == "line 4"  # the refused write did nothing
    assert session.put(globex, json={"organization": {"notes": "x"}}).status_code == 200  # counted per organization
    assert session.put(f"{acme}/tags", json={"tags": ["sm_premium"]}).status_code == 200  # the Tags API is not


def test_update_many_is_a_background_job_followed_through_its_status(zd):
    """The PUT answers at once with a queued job; the job goes queued -> working -> completed (zendesk-oas
    JobStatusObject: "queued", "working", "failed", "completed"), progress counting the tickets done."""
    url, session, _, _ = zd
    tickets = [_ticket(session, url) for _ in range(3)]
    requests.post(f"{url}/_sandbox/jobs", json={"seconds_per_task": 0.2})
    ids = ",".join(str(t["id"]) for t in tickets)
    job = session.put(f"{url}/api/v2/tickets/update_many.json?ids={ids}",
                      json={"ticket": {"additional_tags": ["saas_premium"], "remove_tags": ["keep"]}}).json()
    seen = [job["job_status"]["status"]]
    while seen[-1] != "completed":
        time.sleep(0.05)
        status = session.get(f"{url}/api/v2/job_statuses/{job['job_status']['id']}.json").json()["job_status"]
        if status["status"] != seen[-1]:
            seen.append(status["status"])
    assert seen == ["queued", "working", "completed"]
    assert status["progress"] == status["total"] == 3 and all(r["success"] for r in status["results"])
    for t in tickets:
        tags = session.get(f"{url}/api/v2/tickets/{t['id']}").json()["ticket"]["tags"]
        assert "saas_premium" in tags and "keep" not in tags  # added and removed, the other tags kept


def test_only_so_many_jobs_may_be_queued_or_running_at_once(zd):
    url, session, _, _ = zd
    ticket = _ticket(session, url)
    requests.post(f"{url}/_sandbox/jobs", json={"seconds_per_task": 0.5, "max_active": 2})
    put = lambda: session.put(f"{url}/api/v2/tickets/update_many?ids={ticket['id']}",  # noqa: E731
                              json={"ticket": {"additional_tags": ["x"]}})
    answers = [put() for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].json()["error"] == "TooManyJobs" and int(answers[2].headers["Retry-After"]) > 0
    _jobs_done(url)
    assert put().status_code == 200


def test_cursor_pagination_of_an_organizations_tickets(zd):
    """page[size] selects cursor pagination: meta.has_more, meta.after_cursor and links.next lead to the next page
    (developer.zendesk.com "Pagination"); the last page has has_more false and no next link."""
    url, session, _, _ = zd
    org = session.post(f"{url}/api/v2/organizations", json={"organization": {"name": "Paged"}}).json()
    oid = org["organization"]["id"]
    made = [session.post(f"{url}/api/v2/tickets", json={"ticket": {"subject": f"t{n}", "comment": {"body": "b"},
                                                                   "organization_id": oid}}).json()["ticket"]["id"]
            for n in range(5)]
    page = session.get(f"{url}/api/v2/organizations/{oid}/tickets.json", params={"page[size]": 2}).json()
    got = []
    while True:
        got += [t["id"] for t in page["tickets"]]
        assert set(page["meta"]) >= {"has_more", "after_cursor", "before_cursor"}
        if not page["meta"]["has_more"]:
            assert page["links"]["next"] is None
            break
        page = session.get(page["links"]["next"]).json()
    assert got == made


def test_update_ticket_has_its_own_account_wide_limit(zd):
    """Update Ticket (PUT /api/v2/tickets/{id}): 100 requests a minute per account, whatever the account limit;
    the Tags API and reads are other endpoints and go on."""
    url, session, _, _ = zd
    ticket = _ticket(session, url)
    assert requests.post(f"{url}/_sandbox/limits", json={"update_ticket": 2, "window": 2}).ok
    time.sleep(2 - time.time() % 2 + 0.05)
    puts = [session.put(f"{url}/api/v2/tickets/{ticket['id']}", json={"ticket": {"priority": "high"}})
            for _ in range(3)]
    assert [p.status_code for p in puts] == [200, 200, 429] and int(puts[2].headers["Retry-After"]) >= 1
    assert session.put(f"{url}/api/v2/tickets/{ticket['id']}/tags", json={"tags": ["x"]}).status_code == 200
    assert session.get(f"{url}/api/v2/tickets/{ticket['id']}").status_code == 200


def test_deleting_the_limits_starts_every_counter_on_a_new_minute():
    from sandbox.zendesk import ZendeskSandboxConfig, create_app
    from sandbox.zendesk_limits import ZendeskLimits

    cfg = ZendeskSandboxConfig(limits=ZendeskLimits(account=2))
    client = create_app(cfg).test_client()
    auth = {"Authorization": "Basic " + __import__("base64").b64encode(
        f"{cfg.agent_email}/token:{cfg.agent_token}".encode()).decode(), "Accept": "application/json"}
    assert [client.get("/api/v2/users/me.json", headers=auth).status_code for _ in range(3)] == [200, 200, 429]
    assert client.delete("/_sandbox/limits").status_code == 200
    assert client.get("/api/v2/users/me.json", headers=auth).status_code == 200
    assert client.get("/_sandbox/limits").get_json()["account"] == 2  # the limit itself is kept
