"""Zendesk sandbox resource shapes: users, organizations, tickets, comments, audits as the Support API renders them."""
from __future__ import annotations

import calendar
import html
import re
import time
from typing import Any

from sandbox.common import HttpError, now_iso

STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
PRIORITIES = ("low", "normal", "high", "urgent")
TYPES = ("problem", "incident", "question", "task")

NOT_FOUND = {"error": "RecordNotFound", "description": "Not found"}
UPDATE_CONFLICT = {"error": "UpdateConflict",
                   "description": "Safe Update prevented the update due to outdated ticket data. "
                                  "Please fetch the latest ticket data and try again."}
# Zendesk's answer to any update of a closed ticket, as captured in aaronellington/zendesk-go's 422_record_invalid.json.
CLOSED_PREVENTS_UPDATE = {"error": "RecordInvalid", "description": "Record validation errors",
                          "details": {"status": [{"description": "Status: closed prevents ticket update"}]}}


def not_found() -> HttpError:
    return HttpError(404, dict(NOT_FOUND))


def invalid(field: str, message: str, error: str = "InvalidValue") -> HttpError:
    """422 RecordInvalid with per-field details, as the real API reports validation failures."""
    return HttpError(422, {"error": "RecordInvalid", "description": "Record validation errors",
                           "details": {field: [{"description": message, "error": error}]}})


def bad_request(message: str) -> HttpError:
    return HttpError(400, {"error": "BadRequest", "description": message})


def clean_tags(raw: Any) -> list[str]:
    """Zendesk splits on whitespace/commas and keeps each tag once, in first-seen order."""
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for item in items:
        for tag in re.split(r"[\s,]+", str(item)):
            if tag and tag not in out:
                out.append(tag)
    return out


def user_json(uid: int, base: str, name: str, email: str | None, role: str,
              organization_id: int | None = None) -> dict[str, Any]:
    stamp = now_iso()
    return {"id": uid, "url": f"{base}/api/v2/users/{uid}.json", "name": name, "email": email,
            "created_at": stamp, "updated_at": stamp, "time_zone": "UTC", "iana_time_zone": "Etc/UTC",
            "phone": None, "shared_phone_number": None, "photo": None, "locale_id": 1, "locale": "en-US",
            "organization_id": organization_id, "role": role, "verified": True, "external_id": None,
            "tags": [], "alias": None, "active": True, "shared": False, "shared_agent": False,
            "last_login_at": None, "two_factor_auth_enabled": False, "signature": None, "details": None,
            "notes": None, "role_type": None, "custom_role_id": None, "moderator": role != "end-user",
            "ticket_restriction": None if role != "end-user" else "requested", "only_private_comments": False,
            "restricted_agent": False, "suspended": False, "default_group_id": None,
            "report_csv": False, "user_fields": {}}


def org_json(oid: int, base: str, data: dict[str, Any]) -> dict[str, Any]:
    stamp = now_iso()
    return {"id": oid, "url": f"{base}/api/v2/organizations/{oid}.json", "name": data["name"],
            "shared_tickets": bool(data.get("shared_tickets", False)),
            "shared_comments": bool(data.get("shared_comments", False)), "external_id": data.get("external_id"),
            "created_at": stamp, "updated_at": stamp, "domain_names": list(data.get("domain_names") or []),
            "details": data.get("details"), "notes": data.get("notes"), "group_id": data.get("group_id"),
            "tags": clean_tags(data.get("tags")), "organization_fields": data.get("organization_fields") or {}}


def ticket_json(tid: int, base: str, subject: str, description: str, requester_id: int, submitter_id: int,
                organization_id: int | None, is_public: bool) -> dict[str, Any]:
    stamp = now_iso()
    return {"url": f"{base}/api/v2/tickets/{tid}.json", "id": tid, "external_id": None,
            "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
            "created_at": stamp, "updated_at": stamp, "generated_timestamp": int(time.time()),
            "type": None, "subject": subject, "raw_subject": subject, "description": description,
            "priority": None, "status": "new", "recipient": None, "requester_id": requester_id,
            "submitter_id": submitter_id, "assignee_id": None, "organization_id": organization_id,
            "group_id": None, "collaborator_ids": [], "follower_ids": [], "email_cc_ids": [],
            "forum_topic_id": None, "problem_id": None, "has_incidents": False, "is_public": is_public,
            "due_at": None, "tags": [], "custom_fields": [], "satisfaction_rating": None,
            "sharing_agreement_ids": [], "custom_status_id": 1, "encoded_id": f"SBX-{tid}", "fields": [],
            "followup_ids": [], "ticket_form_id": None, "brand_id": 1, "allow_channelback": False,
            "allow_attachments": True, "from_messaging_channel": False}


def comment_json(cid: int, audit_id: int, author_id: int, body: str, public: bool,
                 created_at: str) -> dict[str, Any]:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
    return {"id": cid, "type": "Comment", "author_id": author_id, "body": body,
            "html_body": f'<div class="zd-comment" dir="auto">{paragraphs}</div>', "plain_body": body,
            "public": public, "attachments": [], "audit_id": audit_id,
            "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
            "created_at": created_at, "metadata": {"system": {"client": "sandbox", "ip_address": "127.0.0.1"},
                                                   "custom": {}}}


def audit_json(aid: int, ticket_id: int, author_id: int, created_at: str,
               events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": aid, "ticket_id": ticket_id, "created_at": created_at, "author_id": author_id,
            "metadata": {"system": {"client": "sandbox", "ip_address": "127.0.0.1"}, "custom": {}},
            "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}}, "events": events}


def check_enum(field: str, value: Any, allowed: tuple[str, ...], nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    text = str(value).lower() if value is not None else ""
    if text not in allowed:
        raise invalid(field, f"{field.capitalize()}: {value} is not valid")
    return text


def as_id(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise invalid(field, f"{field} must be an integer") from None


def stamp_after(previous: str | None) -> str:
    """A fresh updated_at strictly later than `previous`, so every write changes the safe_update stamp."""
    now = int(time.time())
    if previous:
        prev = calendar.timegm(time.strptime(previous, "%Y-%m-%dT%H:%M:%SZ"))
        now = max(now, prev + 1)
    return now_iso(now)


def apply_tag_op(current: list[str], op: str, tags: list[str]) -> list[str]:
    """The Tags API's set (POST), add (PUT) and remove (DELETE) on a tag list."""
    if op == "set":
        return list(tags)
    if op == "add":
        return current + [t for t in tags if t not in current]
    if op == "remove":
        return [t for t in current if t not in tags]
    raise ValueError(op)


def tag_change(before: list[str], after: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """The ticket.tags_changed event a tag write causes, if it changed anything."""
    added = [t for t in after if t not in before]
    removed = [t for t in before if t not in after]
    return [("ticket.tags_changed", {"tags_added": added, "tags_removed": removed})] if added or removed else []
