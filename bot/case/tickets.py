"""Turn Zendesk API objects into the detector's ticket format and read org facts (pure)."""
from __future__ import annotations

from bot.rules.loader import Rules

OPEN_STATUSES = ("new", "open", "pending", "hold")


def ticket_item(ticket: dict, org: dict, comments: list[dict], today: str, bot_user_id: str | None) -> dict:
    """The corpus/classify format: description plus later comments, the bot's own comments left out."""
    requester = str(ticket.get("requester_id"))
    later = []
    for c in comments[1:]:
        if bot_user_id is not None and str(c.get("author_id")) == str(bot_user_id):
            continue
        later.append({"author": "requester" if str(c.get("author_id")) == requester else "agent",
                      "public": bool(c.get("public", True)), "body": c.get("body") or ""})
    description = ticket.get("description") or (comments[0].get("body") if comments else "") or ""
    return {"id": str(ticket.get("id")), "today": today,
            "org": {"name": org.get("name") or "", "tags": list(org.get("tags") or [])},
            "ticket": {"subject": ticket.get("subject") or "", "description": description,
                       "tags": list(ticket.get("tags") or []), "offering_field": None, "comments": later}}


def partner_facts(org: dict, rules: Rules) -> tuple[bool, str | None]:
    """(partner-managed?, partner name when the org holds one in its fields)."""
    managed = rules.partner_tag in (org.get("tags") or [])
    fields = org.get("organization_fields") or {}
    name = fields.get(rules.data.get("partner_org_field", "partner_name")) if isinstance(fields, dict) else None
    return managed, (str(name) if name else None)


def is_open(ticket: dict) -> bool:
    return str(ticket.get("status", "")).lower() in OPEN_STATUSES
