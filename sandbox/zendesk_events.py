"""Zendesk event-subscription webhooks (zen:event-type:ticket.*, organization.tags_changed): envelope, detail, signing
headers."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any, Callable

from bot.web.signatures import sign_zendesk

EVENT_VERSION = "2022-11-06"
PREFIX = "zen:event-type:"
# The REST channel "api" is reported as "web_service" in event payloads.
EVENT_CHANNELS = {"api": "web_service"}


def _sid(value: Any) -> str | None:
    return None if value is None else str(value)


def _upper(value: str | None) -> str | None:
    return value.upper() if isinstance(value, str) else value


def ticket_detail(ticket: dict[str, Any], actor_id: int) -> dict[str, Any]:
    """The `detail` object: ticket fields with ids as strings and enums upper-case, as Zendesk sends them."""
    return {"actor_id": str(actor_id), "assignee_id": _sid(ticket["assignee_id"]),
            "brand_id": _sid(ticket["brand_id"]), "created_at": ticket["created_at"],
            "custom_status": _sid(ticket["custom_status_id"]), "description": ticket["description"],
            "external_id": ticket["external_id"], "form_id": _sid(ticket["ticket_form_id"]),
            "group_id": _sid(ticket["group_id"]), "id": str(ticket["id"]), "is_public": ticket["is_public"],
            "organization_id": _sid(ticket["organization_id"]), "priority": _upper(ticket["priority"]),
            "requester_id": _sid(ticket["requester_id"]), "status": _upper(ticket["status"]),
            "subject": ticket["subject"], "submitter_id": _sid(ticket["submitter_id"]),
            "tags": list(ticket["tags"]), "type": _upper(ticket["type"]),
            "updated_at": ticket["updated_at"],
            "via": {"channel": EVENT_CHANNELS.get(ticket["via"]["channel"], ticket["via"]["channel"])}}


def build_events(account_id: int, ticket: dict[str, Any], actor_id: int,
                 changes: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """One envelope per (short type, event) change; one action shares a meta.sequence id, like the real ones."""
    sequence = uuid.uuid4().hex.upper()
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    detail = ticket_detail(ticket, actor_id)
    out = []
    for position, (kind, event) in enumerate(changes, start=1):
        meta = {"sequence": {"id": sequence, "position": position, "total": len(changes)}}
        out.append({"account_id": account_id, "detail": detail, "event": {**event, "meta": meta},
                    "id": str(uuid.uuid4()), "subject": f"zen:ticket:{ticket['id']}", "time": now,
                    "type": PREFIX + kind, "zendesk_event_version": EVENT_VERSION})
    return out


def org_tags_event(account_id: int, org: dict[str, Any], added: list[str], removed: list[str]) -> dict[str, Any]:
    """zen:event-type:organization.tags_changed. The detail is the organization with ids as strings (Zendesk's
    organization-events page); the event's added/removed shape is the one public clients read for tag changes of
    users and organizations (bb-io/Zendesk, Webhooks/Payload/TagsChangedEvent.cs)."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    detail = {"created_at": org["created_at"], "external_id": org["external_id"], "group_id": _sid(org["group_id"]),
              "id": str(org["id"]), "name": org["name"], "shared_comments": org["shared_comments"],
              "shared_tickets": org["shared_tickets"], "updated_at": org["updated_at"]}
    return {"account_id": account_id, "detail": detail,
            "event": {"added": {"tags": list(added)}, "removed": {"tags": list(removed)}},
            "id": str(uuid.uuid4()), "subject": f"zen:organization:{org['id']}", "time": now,
            "type": PREFIX + "organization.tags_changed", "zendesk_event_version": EVENT_VERSION}


def comment_event(comment: dict[str, Any], author: dict[str, Any] | None) -> dict[str, Any]:
    author = author or {}
    return {"comment": {"id": str(comment["id"]), "body": comment["body"], "is_public": comment["public"],
                        "author": {"id": str(comment["author_id"]),
                                   "is_staff": author.get("role") in ("agent", "admin"),
                                   "name": author.get("name", "")}}}


def signer(secret: str, webhook_id: str) -> Callable[[bytes, str], dict[str, str]]:
    """Headers for one attempt: fresh timestamp and signature over timestamp + raw body."""
    def sign(body: bytes, invocation_id: str) -> dict[str, str]:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {"X-Zendesk-Webhook-Signature": sign_zendesk(secret, stamp, body),
                "X-Zendesk-Webhook-Signature-Timestamp": stamp, "X-Zendesk-Webhook-Id": webhook_id,
                "X-Zendesk-Webhook-Invocation-Id": invocation_id, "User-Agent": "Zendesk Webhook",
                "Content-Type": "application/json"}
    return sign
