"""While an org carries two level tags, give each ticket the one level tag its problem statement matches; when
the temporary tag ends, give the tickets that carried it the org's remaining level tag."""
from __future__ import annotations

import logging

from bot.case.effects import Effects
from bot.case.messages import render
from bot.case.prompts import ask_tag
from bot.case.tickets import is_open, ticket_item
from bot.db.models import Case
from bot.errors import ApiNotFound
from bot.judgement.detect import classify

log = logging.getLogger(__name__)
def candidate_tags(rt, case: Case, org_tags: list[str]) -> dict[str, str]:
    """offering -> the level tag a ticket about that offering should carry."""
    paid_level = rt.rules.level_of(org_tags, case.paid_offering)
    out = {case.target_offering: case.added_tag}
    if paid_level:
        out[case.paid_offering] = rt.rules.tag_for(case.paid_offering, paid_level)
    return out


def decide_offering(rt, ticket: dict, org: dict, comments: list[dict], today: str) -> tuple[str | None, str]:
    """Which offering the ticket's problem concerns, or None when the text does not say."""
    verdict = classify(ticket_item(ticket, org, comments, today, rt.zendesk_user_id), rt.rules)
    problem = verdict.get("problem_offering")
    return (problem if problem in rt.rules.offerings else None), verdict.get("reason", "")


def set_level_tag(rt, fx: Effects, case: Case, ticket_id: str, keep: str, current: list[str]) -> None:
    """Leave exactly one level tag: `keep`; every other level tag on the ticket goes."""
    remove = sorted(t for t in current if t in rt.rules.level_tags and t != keep)
    add = [] if keep in current else [keep]
    if add or remove:
        # One ticket's tags never hold back the others (nor the Slack decision that asked for them).
        fx.secondary(case.id, "ticket_tags", f"align:{case.id}:{ticket_id}:{keep}", ticket_id, add, remove)
    rt.store.audit("ticket_aligned", case.id, ticket_id=str(ticket_id), tag=keep, removed=remove)


def align_ticket(rt, fx: Effects, case: Case, ticket: dict, org: dict, comments: list[dict] | None = None) -> None:
    ticket_id = str(ticket["id"])
    if comments is None:
        comments = rt.zendesk.list_comments(ticket_id)
    tags = candidate_tags(rt, case, org.get("tags") or [])
    offering, why = decide_offering(rt, ticket, org, comments, rt.now().date().isoformat())
    if offering in tags:
        set_level_tag(rt, fx, case, ticket_id, tags[offering], list(ticket.get("tags") or []))
    else:
        ask_tag(rt, fx, case, ticket_id, [tags[o] for o in (case.target_offering, case.paid_offering) if o in tags])


def align_open_tickets(rt, fx: Effects, case: Case) -> None:
    org = rt.zendesk.get_organization(case.org_id)
    for ticket in rt.zendesk.list_organization_tickets(case.org_id):
        if is_open(ticket):
            try:
                align_ticket(rt, fx, case, ticket, org)
            except ApiNotFound:  # deleted since the listing: nothing left to align
                rt.store.audit("ticket_vanished", case.id, ticket_id=str(ticket["id"]))


def end_temporary_tag(rt, fx: Effects, case: Case) -> None:
    """After the org lost the temporary tag: each open ticket that carries it gets the org's remaining level tag(s)
    instead, and an internal note. The remaining tags of the paid offering are preferred, so that a ticket never
    ends with two offerings' level tags even when another migration of the org is still running."""
    levels = rt.rules.level_tags
    org_tags = [t for t in rt.zendesk.get_organization(case.org_id).get("tags") or [] if t != case.added_tag]
    remaining = [t for t in org_tags if levels.get(t, ("",))[0] == case.paid_offering] or \
        [t for t in org_tags if t in levels]
    note = render(rt, "ticket_note_expired", case, tags=", ".join(remaining) or "(none)")
    for ticket in rt.zendesk.list_organization_tickets(case.org_id):
        tags = list(ticket.get("tags") or [])
        if not is_open(ticket) or case.added_tag not in tags:
            continue
        tid = str(ticket["id"])
        remove = sorted(t for t in tags if t in levels and t not in remaining)
        add = [t for t in remaining if t not in tags]
        fx.secondary(case.id, "ticket_tags", f"expire:{case.id}:{tid}:tags", tid, add, remove)
        fx.secondary(case.id, "comment", f"ticket:{tid}:note:expired:{case.id}", tid, note, False)
