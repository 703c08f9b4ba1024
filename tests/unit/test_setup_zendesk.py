"""`setup zendesk` against recorded answers (`responses`): the plan writes nothing, --apply creates or patches only
what differs, a second apply writes nothing, and the secret is printed for the operator only."""
from __future__ import annotations

import io
import json

import pytest
import responses

from bot.services.base import RetryPolicy
from bot.services.zendesk import ZendeskClient
from bot.setup import plan as setup_plan
from bot.setup import zendesk as setup_zendesk
from handlers.routing import Router

BASE = "https://acme.zendesk.example"
PUBLIC = "https://bot.example.com"
ENDPOINT = PUBLIC + "/webhooks/zendesk"
HOOK_ID = "01GK8E6BKWMJZD2T8Y5AXJQMG5"
SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="


def client() -> ZendeskClient:
    return ZendeskClient(BASE, "bot@acme.example", "api-token", retry=RetryPolicy.none())


def webhook(**extra) -> dict:
    return {"id": HOOK_ID, "name": "Offering migration bot", "status": "active", "endpoint": ENDPOINT,
            "http_method": "POST", "request_format": "json", "created_at": "2026-03-02T10:00:00Z",
            "created_by": "7272236579355", "subscriptions": list(setup_zendesk.EVENT_TYPES), **extra}


def listing(*hooks: dict) -> None:
    responses.get(f"{BASE}/api/v2/webhooks", json={"webhooks": list(hooks), "meta": {"has_more": False},
                                                   "links": {"next": None}})


def secret() -> None:
    responses.get(f"{BASE}/api/v2/webhooks/{HOOK_ID}/signing_secret",
                  json={"signing_secret": {"algorithm": "SHA256", "secret": SECRET}})


def run(apply: bool) -> str:
    out = io.StringIO()
    outcome = setup_zendesk.plan(client(), PUBLIC)
    assert setup_plan.run("zendesk", outcome, apply, out) == 0
    return out.getvalue()


def writes() -> list[str]:
    return [c.request.method for c in responses.calls if c.request.method != "GET"]


def test_the_event_types_are_the_ones_the_handlers_act_on():
    import handlers.zendesk  # noqa: F401 - registers the routes

    routed = {t for source, t in handlers.zendesk.router.routes() if source == "zendesk"}
    assert {t.removeprefix("zen:event-type:") for t in setup_zendesk.EVENT_TYPES} == routed
    assert isinstance(handlers.zendesk.router, Router)


@responses.activate
def test_plan_names_the_webhook_to_create_and_writes_nothing():
    listing()
    text = run(apply=False)
    assert "create  Zendesk webhook 'Offering migration bot' -> https://bot.example.com/webhooks/zendesk" in text
    assert "ticket.created, ticket.comment_added" in text
    assert writes() == [] and "ZENDESK_WEBHOOK_SECRET" not in text


@responses.activate
def test_apply_creates_a_signed_event_webhook_and_prints_its_secret():
    listing()
    responses.post(f"{BASE}/api/v2/webhooks", status=201, json={"webhook": webhook()})
    secret()
    text = run(apply=True)
    create = json.loads(next(c for c in responses.calls if c.request.method == "POST").request.body)
    assert create == {"webhook": {"name": "Offering migration bot", "endpoint": ENDPOINT, "http_method": "POST",
                                  "request_format": "json", "status": "active",
                                  "subscriptions": ["zen:event-type:ticket.created",
                                                    "zen:event-type:ticket.comment_added",
                                                    "zen:event-type:organization.tags_changed"]}}
    assert "created Zendesk webhook" in text and text.rstrip().endswith(f"ZENDESK_WEBHOOK_SECRET={SECRET}")
    # What follows "applying" is the plan and then a shell comment and KEY=value: `| tail -n 2 >> .env` is safe.
    assert text.rstrip().splitlines()[-2].startswith("# ")


@responses.activate
def test_a_second_apply_writes_nothing_and_still_prints_the_secret():
    listing(webhook(name="renamed by an admin"))
    secret()
    text = run(apply=True)
    assert writes() == [] and "nothing to change" in text and "kept    Zendesk webhook" in text
    assert f"ZENDESK_WEBHOOK_SECRET={SECRET}" in text


@responses.activate
def test_apply_patches_only_what_differs():
    listing(webhook(status="inactive", subscriptions=["zen:event-type:ticket.created"]))
    responses.patch(f"{BASE}/api/v2/webhooks/{HOOK_ID}", status=204)
    secret()
    plan_text = run(apply=False)
    assert "update  Zendesk webhook" in plan_text and writes() == []
    run(apply=True)
    patch = json.loads(next(c for c in responses.calls if c.request.method == "PATCH").request.body)
    assert patch == {"webhook": {"status": "active", "subscriptions": list(setup_zendesk.EVENT_TYPES)}}


@responses.activate
def test_a_trigger_webhook_at_the_same_url_is_left_alone_and_named():
    listing(webhook(id="01TRIGGER", subscriptions=["conditional_ticket_events"]))
    text = run(apply=False)
    assert "create  Zendesk webhook" in text and "note: webhook 01TRIGGER" in text


@responses.activate
def test_dry_run_turns_apply_into_the_plan():
    listing()
    out = io.StringIO()
    setup_plan.run("zendesk", setup_zendesk.plan(client(), PUBLIC), True, out, dry_run=True)
    assert "BOT_DRY_RUN is on" in out.getvalue() and writes() == []


@pytest.mark.parametrize("url", ["ftp://bot.example.com", "http://bot.example.com", "bot.example.com", ""])
def test_public_url_must_be_https_or_loopback_http(url):
    from bot.errors import ConfigError
    from bot.settings import Settings

    with pytest.raises(ConfigError, match="BOT_PUBLIC_URL"):
        setup_plan.public_url(Settings(public_url=url))
    assert setup_plan.public_url(Settings(public_url="http://127.0.0.1:8000/")) == "http://127.0.0.1:8000"
