"""The fake Zendesk's Webhooks API, driven by zenpy and requests: shapes, status codes, cursor pages, errors, and
events delivered to each registered webhook signed with that webhook's own secret."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import requests
from zenpy import Zenpy
from zenpy.lib.api_objects import Webhook

from bot.web.signatures import SignatureError
from bot.web.signatures import verify_zendesk as _verify
from sandbox.zendesk import ZendeskSandboxConfig, controls_of
from tests.services.conftest import zendesk_sandbox

EVENTS = ["zen:event-type:ticket.created", "zen:event-type:ticket.comment_added"]


@pytest.fixture()
def zd(receiver):
    """A sandbox with no configured webhook URL: only webhooks created through the API receive events."""
    with zendesk_sandbox(ZendeskSandboxConfig(webhook_retry_delays=(0.01,))) as sandbox:
        yield sandbox


def verify_zendesk(secret: str, timestamp: str, signature: str, body: bytes) -> None:
    """The bot's own check (raises SignatureError), at the current time."""
    _verify(secret, timestamp, signature, body, now=datetime.now(timezone.utc))


def spec(receiver, path: str = "/webhooks/zendesk", **extra) -> dict:
    return {"name": "Offering migration bot", "endpoint": receiver.url + path, "http_method": "POST",
            "request_format": "json", "status": "active", "subscriptions": EVENTS, **extra}


def create(url: str, session: requests.Session, body: dict) -> dict:
    resp = session.post(f"{url}/api/v2/webhooks", json={"webhook": body})
    assert resp.status_code == 201, resp.text
    return resp.json()["webhook"]


def new_ticket(url: str, session: requests.Session) -> dict:
    return session.post(f"{url}/api/v2/tickets", json={"ticket": {"subject": "Moving to SaaS",
                                                                   "comment": {"body": "hello"}}}).json()["ticket"]


def test_create_show_list_patch_put_delete_in_the_api_shapes(zd, receiver):
    url, session, cfg, _ = zd
    hook = create(url, session, spec(receiver))
    assert len(hook["id"]) == 26 and hook["id"].isalnum()
    assert {k: hook[k] for k in ("name", "status", "subscriptions", "http_method", "request_format")} == {
        "name": "Offering migration bot", "status": "active", "subscriptions": EVENTS, "http_method": "POST",
        "request_format": "json"}
    assert hook["created_by"] == hook["updated_by"] and isinstance(hook["created_by"], str)
    assert "signing_secret" not in hook  # only GET .../signing_secret shows it
    assert session.get(f"{url}/api/v2/webhooks/{hook['id']}").json() == {"webhook": hook}
    patched = session.patch(f"{url}/api/v2/webhooks/{hook['id']}", json={"webhook": {"status": "inactive"}},
                            headers={"Content-Type": "application/merge-patch+json"})
    assert patched.status_code == 204 and not patched.content
    shown = session.get(f"{url}/api/v2/webhooks/{hook['id']}").json()["webhook"]
    assert shown["status"] == "inactive" and shown["subscriptions"] == EVENTS  # the rest is kept
    put = session.put(f"{url}/api/v2/webhooks/{hook['id']}", json={"webhook": spec(receiver, name="renamed")})
    assert put.status_code == 204
    assert session.get(f"{url}/api/v2/webhooks/{hook['id']}").json()["webhook"]["name"] == "renamed"
    assert session.delete(f"{url}/api/v2/webhooks/{hook['id']}").status_code == 204
    missing = session.get(f"{url}/api/v2/webhooks/{hook['id']}")
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "WebhookNotFound"


def test_list_is_cursor_paginated_and_filtered(zd, receiver):
    url, session, _, _ = zd
    ids = [create(url, session, spec(receiver, name=f"hook {i}"))["id"] for i in range(3)]
    first = session.get(f"{url}/api/v2/webhooks", params={"page[size]": 2}).json()
    assert [w["id"] for w in first["webhooks"]] == ids[:2] and first["meta"]["has_more"] is True
    second = session.get(first["links"]["next"]).json()
    assert [w["id"] for w in second["webhooks"]] == ids[2:] and second["meta"]["has_more"] is False
    assert second["links"]["next"] is None
    named = session.get(f"{url}/api/v2/webhooks", params={"filter[name_contains]": "HOOK 1"}).json()
    assert [w["id"] for w in named["webhooks"]] == [ids[1]]


@pytest.mark.parametrize("change, pointer", [
    ({"endpoint": "not a url"}, "/webhook/endpoint"),
    ({"http_method": "GET"}, "/webhook/http_method"),  # event subscriptions need POST and json
    ({"status": "paused"}, "/webhook/status"),
    ({"subscriptions": ["conditional_ticket_events", "zen:event-type:ticket.created"]}, "/webhook/subscriptions"),
    ({"name": ""}, "/webhook/name"),
])
def test_invalid_webhooks_are_refused_with_400(zd, receiver, change, pointer):
    url, session, _, _ = zd
    resp = session.post(f"{url}/api/v2/webhooks", json={"webhook": spec(receiver, **change)})
    assert resp.status_code == 400 and resp.json()["errors"][0]["source"]["pointer"] == pointer
    assert session.post(f"{url}/api/v2/webhooks", data="nope").status_code == 400


def test_the_connection_method_cannot_change(zd, receiver):
    url, session, _, _ = zd
    hook = create(url, session, spec(receiver, subscriptions=["conditional_ticket_events"]))
    resp = session.patch(f"{url}/api/v2/webhooks/{hook['id']}", json={"webhook": {"subscriptions": EVENTS}})
    assert resp.status_code == 400


def test_the_api_needs_credentials(zd):
    url, _, _, _ = zd
    assert requests.get(f"{url}/api/v2/webhooks").status_code == 401


def test_each_webhook_gets_events_signed_with_its_own_secret(zd, receiver):
    url, session, _, app = zd
    a = create(url, session, spec(receiver, path="/a"))
    b = create(url, session, spec(receiver, path="/b", subscriptions=["zen:event-type:ticket.comment_added"]))
    create(url, session, spec(receiver, path="/off", status="inactive"))
    secret_a = session.get(f"{url}/api/v2/webhooks/{a['id']}/signing_secret").json()["signing_secret"]
    assert secret_a["algorithm"] == "SHA256" and len(secret_a["secret"]) == 44
    secret_b = session.get(f"{url}/api/v2/webhooks/{b['id']}/signing_secret").json()["signing_secret"]["secret"]
    assert secret_b != secret_a["secret"]
    ticket = new_ticket(url, session)
    session.put(f"{url}/api/v2/tickets/{ticket['id']}", json={"ticket": {"comment": {"body": "more",
                                                                                      "public": True}}})
    assert controls_of(app).webhooks.wait_idle(5)
    got_a, got_b = receiver.by_path("/a"), receiver.by_path("/b")
    assert receiver.by_path("/off") == []
    assert [b'"zen:event-type:ticket.created"' in body for _, body in got_a] == [True, False]  # then the comment
    assert {h["X-Zendesk-Webhook-Id"] for h, _ in got_a} == {a["id"]}
    assert len(got_b) == 1 and got_b[0][0]["X-Zendesk-Webhook-Id"] == b["id"]
    for (headers, body), secret in [(got_a[0], secret_a["secret"]), (got_b[0], secret_b)]:
        verify_zendesk(secret, headers["X-Zendesk-Webhook-Signature-Timestamp"],
                       headers["X-Zendesk-Webhook-Signature"], body)  # raises when it does not verify
    with pytest.raises(SignatureError):
        verify_zendesk(secret_b, got_a[0][0]["X-Zendesk-Webhook-Signature-Timestamp"],
                       got_a[0][0]["X-Zendesk-Webhook-Signature"], got_a[0][1])


def test_resetting_the_secret_signs_later_events_with_the_new_one(zd, receiver):
    url, session, _, app = zd
    hook = create(url, session, spec(receiver))
    old = session.get(f"{url}/api/v2/webhooks/{hook['id']}/signing_secret").json()["signing_secret"]["secret"]
    reset = session.post(f"{url}/api/v2/webhooks/{hook['id']}/signing_secret")
    assert reset.status_code == 201 and reset.json()["signing_secret"]["secret"] != old
    new_ticket(url, session)
    assert controls_of(app).webhooks.wait_idle(5)
    headers, body = receiver.hits[0]["headers"], receiver.hits[0]["body"]
    verify_zendesk(reset.json()["signing_secret"]["secret"], headers["X-Zendesk-Webhook-Signature-Timestamp"],
                   headers["X-Zendesk-Webhook-Signature"], body)


def test_the_configured_url_gives_way_to_a_registered_webhook_at_the_same_url(receiver):
    """Hand-wired sandboxes keep working; once setup registers the same URL, events arrive once, signed by it."""
    cfg = ZendeskSandboxConfig(webhook_url=receiver.url + "/webhooks/zendesk", webhook_retry_delays=(0.01,))
    with zendesk_sandbox(cfg) as (url, session, cfg, app):
        new_ticket(url, session)
        assert controls_of(app).webhooks.wait_idle(5)
        configured = receiver.by_path("/webhooks/zendesk")
        verify_zendesk(cfg.webhook_secret, configured[0][0]["X-Zendesk-Webhook-Signature-Timestamp"],
                       configured[0][0]["X-Zendesk-Webhook-Signature"], configured[0][1])
        hook = create(url, session, spec(receiver))
        receiver.hits.clear()
        new_ticket(url, session)
        assert controls_of(app).webhooks.wait_idle(5)
        assert len(receiver.hits) == 1 and {h["headers"]["X-Zendesk-Webhook-Id"] for h in receiver.hits} == {
            hook["id"]}


def test_zenpy_manages_webhooks_against_the_sandbox(zd, receiver, monkeypatch):
    url, _, cfg, _ = zd
    monkeypatch.setenv("ZENPY_FORCE_SCHEME", "http")
    monkeypatch.setenv("ZENPY_FORCE_NETLOC", url.removeprefix("http://"))
    zp = Zenpy(subdomain="sandbox", email=cfg.agent_email, token=cfg.agent_token, timeout=5, disable_cache=True)
    created = zp.webhooks.create(Webhook(**spec(receiver)))
    assert created.id and created.endpoint == receiver.url + "/webhooks/zendesk"
    assert [w.id for w in zp.webhooks.list()] == [created.id]
    created.status = "inactive"
    zp.webhooks.patch(created)
    assert [w.status for w in zp.webhooks.list()] == ["inactive"]
    assert zp.webhooks.show_secret(created).secret


def test_the_configured_url_gives_way_also_for_events_the_registered_webhook_does_not_subscribe_to(receiver):
    # as GitLab's hooks do: the registered webhook replaces the hand-wiring at its URL for every event, so a
    # `setup zendesk --apply` on a wired sandbox leaves no deliveries signed with the old secret
    cfg = ZendeskSandboxConfig(webhook_url=receiver.url + "/webhooks/zendesk", webhook_retry_delays=(0.01,))
    with zendesk_sandbox(cfg) as (url, session, cfg, app):
        create(url, session, spec(receiver, subscriptions=["zen:event-type:ticket.comment_added"]))
        new_ticket(url, session)  # ticket.created, which the registered webhook does not take
        assert controls_of(app).webhooks.wait_idle(5)
        assert receiver.hits == []
