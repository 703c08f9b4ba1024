"""`setup zendesk`: one event-subscription webhook to <BOT_PUBLIC_URL>/webhooks/zendesk, and its signing secret.

Webhooks API: https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/ . A webhook subscribed to
Zendesk events must use POST and JSON; every webhook is signed with its own secret, which Zendesk generates."""
from __future__ import annotations

from typing import Any

from bot.services.zendesk import ZendeskClient
from bot.setup.plan import CREATE, KEEP, UPDATE, Change, Outcome

PATH = "/webhooks/zendesk"
NAME = "Offering migration bot"
# The events the bot's handlers act on (handlers/zendesk.py; a test keeps the two lists the same). An org's tag
# change tells the bot that its memory of those tags is stale.
EVENT_TYPES = ("zen:event-type:ticket.created", "zen:event-type:ticket.comment_added",
               "zen:event-type:organization.tags_changed")
# A webhook connected to triggers subscribes to this instead of event types; its connection method cannot change.
TRIGGER_SUBSCRIPTION = "conditional_ticket_events"
FIXED = {"http_method": "POST", "request_format": "json", "status": "active"}


def desired(endpoint: str) -> dict[str, Any]:
    return {"name": NAME, "endpoint": endpoint, **FIXED, "subscriptions": list(EVENT_TYPES)}


def differences(webhook: dict[str, Any]) -> dict[str, Any]:
    """The fields to patch so an existing webhook sends the bot what it needs (its name is the operator's)."""
    changes: dict[str, Any] = {k: v for k, v in FIXED.items() if str(webhook.get(k) or "").lower() != v.lower()}
    if sorted(webhook.get("subscriptions") or []) != sorted(EVENT_TYPES):
        changes["subscriptions"] = list(EVENT_TYPES)
    return changes


def plan(zendesk: ZendeskClient, public_url: str) -> Outcome:
    """Read the webhooks (no write) and say what would make one of them serve the bot."""
    endpoint = public_url + PATH
    at_url = [w for w in zendesk.list_webhooks() if (w.get("endpoint") or "").rstrip("/") == endpoint]
    by_events = [w for w in at_url if TRIGGER_SUBSCRIPTION not in (w.get("subscriptions") or [])]
    events = ", ".join(t.rsplit(":", 1)[-1] for t in EVENT_TYPES)
    target: dict[str, Any] = {}
    notes = [f"webhook {w['id']} ({w.get('name')!r}) also posts to {endpoint} from triggers, signed with its own "
             f"secret; the bot verifies one secret, so delete it or disconnect its triggers"
             for w in at_url if w not in by_events]
    if not by_events:
        def create() -> None:
            target.update(zendesk.create_webhook(desired(endpoint)))
        change = Change(CREATE, f"Zendesk webhook {NAME!r} -> {endpoint}", f"events {events}", create)
    else:
        found = by_events[0]
        target.update(found)
        notes += [f"webhook {w['id']} also posts the same events to {endpoint}: each event would arrive twice, "
                  f"signed with different secrets; delete it" for w in by_events[1:]]
        patch = differences(found)
        what = f"Zendesk webhook {found['id']} ({found.get('name')!r}) -> {endpoint}"
        if patch:
            detail = "; ".join(f"{k}: {_show(found.get(k))} -> {_show(v)}" for k, v in patch.items())
            change = Change(UPDATE, what, detail, lambda: zendesk.patch_webhook(found["id"], patch))
        else:
            change = Change(KEEP, what, f"events {events}, active")

    def secret_lines() -> list[str]:
        # Printed for the operator to copy, never logged: the bot verifies every delivery with it.
        secret = zendesk.get_webhook_signing_secret(target["id"])["secret"]
        return ["# Set this in the bot's environment (serve checks every Zendesk delivery against it):",
                f"ZENDESK_WEBHOOK_SECRET={secret}"]
    return Outcome([change], notes, secret_lines)


def _show(value: Any) -> str:
    return ",".join(str(v).rsplit(":", 1)[-1] for v in value) if isinstance(value, list) else repr(value)
