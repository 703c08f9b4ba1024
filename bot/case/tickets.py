"""Turn Zendesk API objects into the detector's ticket format and read org facts (pure)."""
from __future__ import annotations

from bot.judgement.detect import outcomes_for_offerings
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


def event_ticket(detail: dict) -> dict | None:
    """The ticket as a `ticket.created` event carries it (Zendesk's ticket-event `detail`: subject, description,
    tags, requester and organization at creation), or None when the body carries no text to judge (the trigger
    template sends ids only)."""
    if not isinstance(detail.get("subject"), str) or not isinstance(detail.get("description"), str):
        return None
    tags = detail.get("tags") or []
    if isinstance(tags, str):  # a trigger's {{ticket.tags}} placeholder renders as one space-separated string
        tags = tags.split()
    return {"id": str(detail["id"]), "subject": detail["subject"], "description": detail["description"],
            "tags": [str(t) for t in tags], "status": str(detail.get("status") or "").lower(),
            "requester_id": detail.get("requester_id"), "organization_id": detail.get("organization_id"),
            "updated_at": detail.get("updated_at")}


def could_be_migration(ticket: dict, today: str, rules: Rules) -> str | None:
    """Could this new ticket be a migration, whatever the org pays for? The detector's verdict is asked once per
    offering the org might pay for alone (an org paying for none or for several never migrates), with the ticket's
    own text and no comments (a new ticket has none besides its description), the offering the ticket's tags name
    first. Returns the first offering under which it could be one, or None when every answer is "none": then no read
    of the org, the ticket or its comments could change the verdict."""
    for offering, outcome in gate_outcomes(ticket, today, rules):
        if outcome != "none":
            return offering
    return None


def gate_outcomes(ticket: dict, today: str, rules: Rules):
    """(offering, classify()'s outcome for the ticket with no comments, an org paying for that offering alone) in
    the gate's order, lazily: detect.outcomes_for_offerings(), which reads the ticket's clause evidence once for
    every offering and stops at the outcome. Pinned to classify() by tests/unit/test_event_gate.py."""
    offerings = list(rules.offerings)
    # The offering the ticket's tags name is the likeliest answer: asked first, it ends most migrations' checks.
    copied = rules.paid_offering(list(ticket.get("tags") or []))
    if copied in offerings:
        offerings.remove(copied)
        offerings.insert(0, copied)
    # an offering sold at no level can never be the one an org pays for
    sold = {o for o, _level in rules.level_tags.values()}
    item = ticket_item(ticket, {"name": "", "tags": []}, [], today, None)
    return outcomes_for_offerings(item, [o for o in offerings if o in sold], rules)


def same_level_tags(known: list[str] | None, ticket_tags: list[str] | None, rules: Rules) -> bool:
    """Zendesk copies the org's tags onto a ticket when it is created: a new ticket whose level tags are those the
    bot last read on its org was created under them, so that read may stand in for a new one. Where they differ
    (the org changed since, or the ticket's tags lag or were edited) only a read tells."""
    if known is None:
        return False
    levels = rules.level_tags
    return {t for t in known if t in levels} == {t for t in ticket_tags or [] if t in levels}
