"""ZendeskClient: one test per endpoint (method, path, auth, body), pagination, safe updates, dry run."""
from __future__ import annotations

import base64
import json
import logging

import pytest
import requests
import responses

from bot.services.base import RetryPolicy
from bot.services.zendesk import ZendeskClient
from bot.errors import ApiBadRequest, ApiConflict, ApiNotFound, ApiRateLimited, ApiUnauthorized, ApiUnavailable
from tests.conftest import SHARED
from tests.services.conftest import body, sent

BASE = "http://127.0.0.1:9100/zd"
EMAIL, TOKEN = "migration-bot@sandbox.example", "zd-T0KEN-abc123"
REALDATA = SHARED / "realdata" / "zendesk-go-aaronellington"

TICKET = {"id": 4711, "subject": "Moving to Dedicated: runner question", "status": "open", "requester_id": 90001,
          "organization_id": 361, "tags": ["sm_premium", "dedicated_question"], "updated_at": "2026-03-02T10:00:00Z",
          "url": f"{BASE}/api/v2/tickets/4711.json", "via": {"channel": "web"}, "description": "Hello"}
ORG = {"id": 361, "name": "Acme Corp", "notes": "Key account", "details": "", "tags": ["sm_premium"],
       "organization_fields": {}, "url": f"{BASE}/api/v2/organizations/361.json",
       "created_at": "2025-01-04T00:00:00Z", "updated_at": "2026-03-01T00:00:00Z"}


def comment(cid: int, body: str, public: bool = True) -> dict:
    return {"id": cid, "type": "Comment", "author_id": 90001, "body": body, "public": public, "attachments": [],
            "audit_id": cid + 1000, "created_at": "2026-03-02T10:00:00Z", "metadata": {"via": {"channel": "web"}}}


@pytest.fixture
def zd():
    return ZendeskClient(BASE, EMAIL, TOKEN, retry=RetryPolicy.none())


@responses.activate
def test_me_uses_api_token_basic_auth(zd):
    responses.get(f"{BASE}/api/v2/users/me", json={"user": {"id": 7, "name": "Migration Bot", "role": "agent"}})
    assert zd.me()["id"] == 7
    expected = base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
    assert sent().headers["Authorization"] == f"Basic {expected}"


@responses.activate
def test_get_user_and_ticket_and_org_unwrap_envelopes(zd):
    responses.get(f"{BASE}/api/v2/users/90001", json={"user": {"id": 90001, "name": "Ada", "role": "end-user"}})
    responses.get(f"{BASE}/api/v2/tickets/4711", json={"ticket": TICKET})
    responses.get(f"{BASE}/api/v2/organizations/361", json={"organization": ORG})
    assert zd.get_user(90001)["name"] == "Ada"
    assert zd.get_ticket(4711) == TICKET
    assert zd.get_organization("361") == ORG


@responses.activate
def test_list_comments_follows_cursor_pages(zd):
    url = f"{BASE}/api/v2/tickets/4711/comments"
    page1 = {"comments": [comment(1, "first")], "meta": {"has_more": True, "after_cursor": "xyz=="},
             "links": {"next": "https://acme.zendesk.com/api/v2/tickets/4711/comments.json"
                               "?page%5Bafter%5D=xyz%3D%3D&page%5Bsize%5D=100"}}
    page2 = {"comments": [comment(2, "second", public=False)], "meta": {"has_more": False, "after_cursor": None},
             "links": {"next": None}}
    responses.get(url, json=page1)
    responses.get(url, json=page2)
    assert [c["body"] for c in zd.list_comments(4711)] == ["first", "second"]
    assert sent(0).params == {"page[size]": "100"}
    # The next page is asked of our own base URL (prefix kept), never of the host in the link.
    assert sent(1).url.startswith(f"{url}?") and sent(1).params == {"page[after]": "xyz==", "page[size]": "100"}


@responses.activate
def test_add_comment_puts_ticket_comment_and_is_not_retried_after_read_timeout():
    responses.put(f"{BASE}/api/v2/tickets/4711", json={"ticket": TICKET, "audit": {"events": [
        {"id": 5, "type": "Comment", "body": "Internal note", "public": False}]}})
    zd = ZendeskClient(BASE, EMAIL, TOKEN, retry=RetryPolicy(attempts=3, base_delay=0, jitter=False))
    assert zd.add_comment(4711, "Internal note", public=False)["id"] == 4711
    assert body() == {"ticket": {"comment": {"body": "Internal note", "public": False}}}
    responses.replace(responses.PUT, f"{BASE}/api/v2/tickets/4711", body=requests.ReadTimeout())
    with pytest.raises(ApiUnavailable):
        zd.add_comment(4711, "Again", public=True)
    assert len(responses.calls) == 2


@pytest.mark.parametrize("name, method", [("add_ticket_tags", "PUT"), ("remove_ticket_tags", "DELETE"),
                                          ("set_ticket_tags", "POST")])
@responses.activate
def test_ticket_tag_calls(zd, name, method):
    responses.add(method, f"{BASE}/api/v2/tickets/4711/tags", json={"tags": ["dedicated_ultimate"]})
    assert getattr(zd, name)(4711, ["dedicated_ultimate"]) == ["dedicated_ultimate"]
    assert sent().method == method and body() == {"tags": ["dedicated_ultimate"]}


@responses.activate
def test_ticket_tags_safe_update_and_conflict(zd):
    responses.put(f"{BASE}/api/v2/tickets/4711/tags", status=409,
                  json={"error": "UpdateConflict", "description": "Ticket has been updated since you last viewed it"})
    with pytest.raises(ApiConflict):
        zd.add_ticket_tags(4711, ["x"], updated_stamp="2026-03-02T10:00:00Z")
    assert body() == {"tags": ["x"], "updated_stamp": "2026-03-02T10:00:00Z", "safe_update": True}


@responses.activate
def test_update_organization_sends_whole_fields_and_uses_per_org_bucket():
    responses.put(f"{BASE}/api/v2/organizations/361", json={"organization": {**ORG, "notes": "Key account\nnew"}})
    calls = []
    limiter = type("L", (), {"acquire": lambda self, s, k: calls.append((s, k))})()
    zd = ZendeskClient(BASE, EMAIL, TOKEN, retry=RetryPolicy.none(), limiter=limiter)
    assert zd.update_organization(361, notes="Key account\nnew")["notes"] == "Key account\nnew"
    assert body() == {"organization": {"notes": "Key account\nnew"}}
    assert calls == [("zendesk", "global"), ("zendesk:org_update", "361")]


@pytest.mark.parametrize("name, method", [("add_organization_tags", "PUT"), ("remove_organization_tags", "DELETE")])
@responses.activate
def test_organization_tag_calls(zd, name, method):
    responses.add(method, f"{BASE}/api/v2/organizations/361/tags", json={"tags": ["sm_premium", "dedicated_ultimate"]})
    assert getattr(zd, name)(361, ["dedicated_ultimate"]) == ["sm_premium", "dedicated_ultimate"]
    assert sent().method == method and body() == {"tags": ["dedicated_ultimate"]}


@responses.activate
def test_list_organization_tickets_pages(zd):
    url = f"{BASE}/api/v2/organizations/361/tickets"
    responses.get(url, json={"tickets": [TICKET], "meta": {"has_more": True},
                             "links": {"next": f"{url}.json?page%5Bafter%5D=c2&page%5Bsize%5D=100"}})
    responses.get(url, json={"tickets": [{**TICKET, "id": 4712}], "meta": {"has_more": False}, "links": {}})
    assert [t["id"] for t in zd.list_organization_tickets(361)] == [4711, 4712]


@responses.activate
def test_search_follows_next_page(zd):
    url = f"{BASE}/api/v2/search"
    query = "type:ticket organization:361 status<solved"
    responses.get(url, json={"results": [{**TICKET, "result_type": "ticket"}], "count": 2, "previous_page": None,
                             "next_page": "https://acme.zendesk.com/api/v2/search.json?page=2&per_page=100"
                                          "&query=type%3Aticket+organization%3A361+status%3Csolved", "facets": None})
    responses.get(url, json={"results": [{**TICKET, "id": 4712, "result_type": "ticket"}], "count": 2,
                             "next_page": None})
    assert [r["id"] for r in zd.search(query)] == [4711, 4712]
    assert sent(0).params == {"query": query, "per_page": "100"}
    assert sent(1).params["page"] == "2" and sent(1).params["query"] == query


def test_ticket_url_keeps_prefix(zd):
    assert zd.ticket_url(4711) == f"{BASE}/agent/tickets/4711"


@responses.activate
def test_errors_map_to_types(zd):
    responses.get(f"{BASE}/api/v2/tickets/1", status=404, json={"error": "RecordNotFound", "description": "Not found"})
    responses.get(f"{BASE}/api/v2/tickets/2", status=401, json={"error": "Couldn't authenticate you"})
    responses.get(f"{BASE}/api/v2/tickets/3", status=429, headers={"Retry-After": "11"},
                  json={"error": "APIRateLimitExceeded", "description": "Number of allowed API requests exceeded"})
    with pytest.raises(ApiNotFound):
        zd.get_ticket(1)
    with pytest.raises(ApiUnauthorized) as info:
        zd.get_ticket(2)
    assert TOKEN not in str(info.value)
    with pytest.raises(ApiRateLimited) as limited:
        zd.get_ticket(3)
    assert limited.value.retry_after == 11


@responses.activate
def test_dry_run_skips_writes_but_reads_and_previews_tags(caplog):
    responses.get(f"{BASE}/api/v2/organizations/361/tags", json={"tags": ["sm_premium"]})
    writes = []
    zd = ZendeskClient(BASE, EMAIL, TOKEN, retry=RetryPolicy.none(), dry_run=True,
                       on_write=lambda *a: writes.append(a))
    with caplog.at_level(logging.INFO):
        assert zd.add_organization_tags(361, ["dedicated_ultimate"]) == ["sm_premium", "dedicated_ultimate"]
        assert zd.remove_organization_tags(361, ["sm_premium"]) == []
        assert zd.add_comment(4711, "note", public=False)["dry_run"] is True
        assert zd.update_organization(361, notes="x") == {"dry_run": True, "id": 361, "notes": "x"}
    assert [c.request.method for c in responses.calls] == ["GET", "GET"]
    assert [w[1:3] for w in writes] == [("PUT", "/api/v2/organizations/361/tags"),
                                        ("DELETE", "/api/v2/organizations/361/tags"),
                                        ("PUT", "/api/v2/tickets/4711"), ("PUT", "/api/v2/organizations/361")]
    assert "DRY RUN zendesk PUT /api/v2/tickets/4711" in caplog.text and TOKEN not in caplog.text


# -- real response bodies (skipped when ../shared is absent) -----------------------------------------------------------
def realdata(name: str) -> dict:
    path = REALDATA / "responses" / name
    if not path.exists():
        pytest.skip("../shared/realdata not available")
    return json.loads(path.read_text())


@responses.activate
def test_real_comment_list_parses_and_stops_when_has_more_is_false(zd):
    responses.get(f"{BASE}/api/v2/tickets/1000/comments", json=realdata("ticket_comments_list_200.json"))
    comments = zd.list_comments(1000)
    assert len(responses.calls) == 1 and [c["public"] for c in comments] == [True, False]


@responses.activate
def test_real_tag_and_error_bodies(zd):
    responses.put(f"{BASE}/api/v2/tickets/1/tags", json=realdata("tickets_add_tags_200.json"))
    responses.put(f"{BASE}/api/v2/tickets/2", status=422, json=realdata("errors_422_record_invalid.json"))
    assert "test_tag_zendesk_go" in zd.add_ticket_tags(1, ["test_tag_zendesk_go"])
    with pytest.raises(ApiBadRequest) as info:
        zd.add_comment(2, "x", public=True)
    assert "RecordInvalid" in str(info.value)


# -- against the local sandbox (same API, real HTTP, path prefix) ------------------------------------------------------
def test_round_trip_against_sandbox():
    runner = pytest.importorskip("sandbox.runner")
    with runner.Sandbox(bot_url=None, prefixes=("/zd", None, None)) as sandbox:
        env = sandbox.env()
        zd = ZendeskClient(env["ZENDESK_URL"], env["ZENDESK_EMAIL"], env["ZENDESK_API_TOKEN"],
                           retry=RetryPolicy.none())
        auth = (f"{env['ZENDESK_EMAIL']}/token", env["ZENDESK_API_TOKEN"])
        org = requests.post(f"{env['ZENDESK_URL']}/api/v2/organizations", auth=auth, timeout=5, json={
            "organization": {"name": "Acme", "tags": ["sm_premium"], "notes": "Key account"}}).json()["organization"]
        ticket = requests.post(f"{env['ZENDESK_URL']}/api/v2/tickets", auth=auth, timeout=5, json={"ticket": {
            "subject": "Moving to Dedicated", "comment": {"body": "We move to Dedicated"}, "organization_id": org["id"],
            "requester": {"name": "Ada", "email": "ada@acme.example"}}}).json()["ticket"]
        assert zd.me()["email"] == env["ZENDESK_EMAIL"]
        zd.add_comment(ticket["id"], "Internal note", public=False)
        assert [c["public"] for c in zd.list_comments(ticket["id"])] == [True, False]
        assert "offering_migration" in zd.add_ticket_tags(ticket["id"], ["offering_migration"])
        with pytest.raises(ApiConflict):
            zd.set_ticket_tags(ticket["id"], ["x"], updated_stamp="2000-01-01T00:00:00Z")
        zd.update_organization(org["id"], notes="Key account\nApproved")
        assert zd.get_organization(org["id"])["notes"] == "Key account\nApproved"
        assert "dedicated_ultimate" in zd.add_organization_tags(org["id"], ["dedicated_ultimate"])
        assert [t["id"] for t in zd.search(f"type:ticket organization:{org['id']}")] == [ticket["id"]]
        assert [t["id"] for t in zd.list_organization_tickets(org["id"])] == [ticket["id"]]


# -- Webhooks API -------------------------------------------------------------------------------------------------------
WEBHOOK = {"id": "01GK8E6BKWMJZD2T8Y5AXJQMG5", "name": "offering-migration bot", "status": "active",
           "subscriptions": ["zen:event-type:ticket.created"], "endpoint": "https://bot.example/webhooks/zendesk",
           "http_method": "POST", "request_format": "json", "created_at": "2026-03-02T10:00:00Z",
           "created_by": "7272236579355"}


@responses.activate
def test_list_webhooks_follows_cursor_pages_and_filters_by_name(zd):
    url = f"{BASE}/api/v2/webhooks"
    other = {**WEBHOOK, "id": "01OTHER", "name": "offering-migration bot (old)"}
    responses.get(url, json={"webhooks": [WEBHOOK], "meta": {"has_more": True, "after_cursor": "c1"},
                             "links": {"next": "https://acme.zendesk.com/api/v2/webhooks?page%5Bafter%5D=c1"
                                               "&page%5Bsize%5D=100&filter%5Bname_contains%5D=offering"}})
    responses.get(url, json={"webhooks": [other], "meta": {"has_more": False}, "links": {"next": None}})
    assert [w["id"] for w in zd.list_webhooks("offering")] == [WEBHOOK["id"], "01OTHER"]
    assert sent(0).params == {"page[size]": "100", "filter[name_contains]": "offering"}
    assert sent(1).params["page[after]"] == "c1" and sent(1).url.startswith(f"{url}?")


@responses.activate
def test_create_webhook_posts_envelope_and_returns_the_created_webhook(zd):
    responses.post(f"{BASE}/api/v2/webhooks", status=201, json={"webhook": WEBHOOK})
    spec = {k: WEBHOOK[k] for k in ("name", "status", "subscriptions", "endpoint", "http_method", "request_format")}
    assert zd.create_webhook(spec)["id"] == WEBHOOK["id"]
    assert sent().method == "POST" and body() == {"webhook": spec}


@responses.activate
def test_create_webhook_is_not_retried_after_a_read_timeout():
    responses.post(f"{BASE}/api/v2/webhooks", body=requests.ReadTimeout())
    zd = ZendeskClient(BASE, EMAIL, TOKEN, retry=RetryPolicy(attempts=3, base_delay=0, jitter=False))
    with pytest.raises(ApiUnavailable):
        zd.create_webhook({"name": "x"})
    assert len(responses.calls) == 1


@responses.activate
def test_get_and_patch_webhook(zd):
    url = f"{BASE}/api/v2/webhooks/{WEBHOOK['id']}"
    responses.get(url, json={"webhook": WEBHOOK})
    responses.patch(url, status=204)
    assert zd.get_webhook(WEBHOOK["id"]) == WEBHOOK
    assert zd.patch_webhook(WEBHOOK["id"], {"status": "active"}) is None
    assert sent(1).method == "PATCH" and body(1) == {"webhook": {"status": "active"}}


@responses.activate
def test_get_webhook_signing_secret_and_missing_webhook(zd):
    url = f"{BASE}/api/v2/webhooks/{WEBHOOK['id']}/signing_secret"
    responses.get(url, json={"signing_secret": {"algorithm": "SHA256", "secret": "dGhpc19zZWNyZXQ="}})
    assert zd.get_webhook_signing_secret(WEBHOOK["id"]) == {"algorithm": "SHA256", "secret": "dGhpc19zZWNyZXQ="}
    responses.get(f"{BASE}/api/v2/webhooks/nope/signing_secret", status=404,
                  json={"errors": [{"code": "WebhookNotFound", "title": "Webhook not found"}]})
    with pytest.raises(ApiNotFound):
        zd.get_webhook_signing_secret("nope")


@responses.activate
def test_webhook_writes_are_skipped_in_dry_run():
    zd = ZendeskClient(BASE, EMAIL, TOKEN, retry=RetryPolicy.none(), dry_run=True)
    assert zd.create_webhook({"name": "x"})["dry_run"] is True
    zd.patch_webhook("01X", {"status": "active"})
    assert len(responses.calls) == 0


@responses.activate
def test_update_many_tickets_queues_one_job_for_the_ids(zd):
    job = {"id": "82de0b044094f0c67893ac9fe64f1a99", "status": "queued", "total": 2, "progress": None,
           "url": f"{BASE}/api/v2/job_statuses/82de0b044094f0c67893ac9fe64f1a99.json", "results": None}
    responses.put(f"{BASE}/api/v2/tickets/update_many", json={"job_status": job})
    got = zd.update_many_tickets([244, "245"], {"additional_tags": ["saas_ultimate"], "remove_tags": ["sm_premium"]})
    assert got == job
    call = responses.calls[0].request
    assert call.method == "PUT" and call.url == f"{BASE}/api/v2/tickets/update_many?ids=244%2C245"
    assert json.loads(call.body) == {"ticket": {"additional_tags": ["saas_ultimate"], "remove_tags": ["sm_premium"]}}
    with pytest.raises(ValueError):
        zd.update_many_tickets(range(101), {"additional_tags": ["x"]})  # Zendesk takes up to 100


@responses.activate
def test_job_status_and_show_many_tickets(zd):
    # zendesk-oas JobStatusResponseExample
    done = {"id": "82de0b044094f0c67893ac9fe64f1a99", "message": "Completed at 2018-03-08 10:07:04 +0000",
            "progress": 2, "status": "completed", "total": 2,
            "results": [{"action": "update", "id": 244, "status": "Updated", "success": True},
                        {"action": "update", "id": 245, "status": "Updated", "success": True}]}
    responses.get(f"{BASE}/api/v2/job_statuses/82de0b044094f0c67893ac9fe64f1a99", json={"job_status": done})
    responses.get(f"{BASE}/api/v2/tickets/show_many", json={"tickets": [TICKET]})
    assert zd.job_status("82de0b044094f0c67893ac9fe64f1a99") == done
    assert zd.show_many_tickets([4711, 4712]) == [TICKET]
    assert responses.calls[1].request.url == f"{BASE}/api/v2/tickets/show_many?ids=4711%2C4712"


@responses.activate
def test_update_many_is_skipped_in_dry_run():
    zd = ZendeskClient(BASE, EMAIL, TOKEN, retry=RetryPolicy.none(), dry_run=True)
    job = zd.update_many_tickets([1, 2], {"additional_tags": ["x"]})
    assert job["status"] == "completed" and [r["id"] for r in job["results"]] == [1, 2]
    assert len(responses.calls) == 0


@responses.activate
def test_recent_job_statuses_is_one_cursor_page(zd):
    # zendesk-oas JobStatusesResponseExample
    statuses = [{"id": "8b726e606741012ffc2d782bcb7848fe", "status": "completed"},
                {"id": "e7665094164c498781ebe4c8db6d2af5", "status": "completed"}]
    responses.get(f"{BASE}/api/v2/job_statuses", json={"job_statuses": statuses, "meta": {"has_more": True}})
    assert zd.recent_job_statuses() == statuses
    assert len(responses.calls) == 1 and "page%5Bsize%5D=100" in responses.calls[0].request.url
