"""Zendesk events: a new ticket may start (or join, or be aligned to) a case; a requester reply may answer it."""
from __future__ import annotations

import logging
from datetime import timedelta

from bot.case.align import align_ticket
from bot.case.driver import advance, refresh_description
from bot.case.effects import Effects
from bot.case.machine import TAGGED, State, Trigger, date_in_bounds, date_problems, parse_iso_date
from bot.case.messages import render
from bot.case.tickets import could_be_migration, event_ticket, partner_facts, same_level_tags, ticket_item
from bot.errors import ApiNotFound
from bot.judgement.detect import classify
from bot.judgement.reply import parse_reply
from bot.logs import case_scope
from handlers.routing import Router

log = logging.getLogger(__name__)
router = Router()


def event_day(rt, event: dict) -> str:
    """The day the event happened (its envelope time), falling back to now."""
    when = str(event["payload"].get("time") or "")[:10]
    return when if parse_iso_date(when) else rt.now().date().isoformat()


@router.register("zendesk", "ticket.created")
def ticket_created(rt, event: dict) -> str:
    """A new ticket. Most are ordinary: they are judged from what the event carries and cost no API call; the
    ticket, org and comments are read only when that cannot rule the ticket out."""
    detail = event["payload"]["detail"]
    ticket_id = str(detail["id"])
    if "organization_id" in detail and not str(detail.get("organization_id") or "").strip():
        return "no organization"  # Zendesk sets the org at creation; a trigger renders none as ""
    seen = event_ticket(detail)
    org_id = str(detail.get("organization_id") or "")
    if seen is None or not org_id or rt.store.case_for_ticket(ticket_id) is not None or any(
            State(c.state) in TAGGED for c in rt.store.open_cases_for_org(org_id)):
        # No text to judge (trigger template), a case to resume, or an org whose new tickets must be aligned. A new
        # ticket's only comment is its description (later ones arrive as comment_added and are judged then).
        return judge_ticket(rt, event, ticket_id, comments=[])
    flagged = could_be_migration(seen, event_day(rt, event), rt.rules)
    if flagged is None:
        rt.store.audit("classified", ticket_id=ticket_id, outcome="none", confidence=1.0,
                       reason="ruled out from the event: no move under any offering the org could pay for")
        return "not a migration"
    if ruled_out_with_known_org(rt, seen, org_id, flagged):
        return "not a migration"
    # A new ticket has no comment besides its description, which the event carries: the org is the one read.
    return judge_ticket(rt, event, ticket_id, ticket=seen, comments=[])


@router.register("zendesk", "organization.tags_changed")
def org_tags_changed(rt, event: dict) -> str:
    """Someone changed an org's tags: what the bot remembers of them (ruled_out_with_known_org) is stale from now on.
    The bot's own tag writes come back as this event too; forgetting again only costs the next ticket one read."""
    rt.store.forget_org_tags(str(event["payload"]["detail"]["id"]), rt.now())
    return "org tags forgotten"


def ruled_out_with_known_org(rt, seen: dict, org_id: str, flagged: str) -> bool:
    """The org's tags as the bot read them lately, when the new ticket's copied level tags agree, instead of a read:
    most orgs file many tickets, and each would otherwise cost one read to rule out. The verdict is already known:
    could_be_migration() asked the offering those tags name first (the detector reads the org's tags only for the
    offering they pay for), so it `flagged` another one only when that one answered "none"."""
    ttl = rt.settings.org_tags_ttl
    known = rt.store.org_tags_read_since(org_id, rt.now() - timedelta(seconds=ttl)) if ttl > 0 else None
    if not same_level_tags(known, seen.get("tags"), rt.rules):
        return False
    paid = rt.rules.paid_offering(known)
    if paid == flagged:
        return False
    rt.store.audit("classified", ticket_id=str(seen["id"]), outcome="none", confidence=1.0,
                   reason=f"ruled out with the org's tags as read within {ttl:g} s, which the ticket's copied tags "
                          f"match: it pays for {paid}, under which the event holds no migration")
    return True


def judge_ticket(rt, event: dict, ticket_id: str, ticket: dict | None = None,
                 comments: list[dict] | None = None) -> str:
    """Classify a ticket that belongs to no case yet (or align it when the org carries two level tags); `ticket`
    and `comments` when the caller already has them (a new ticket's event), else they are read."""
    if ticket is None:
        try:
            ticket = rt.zendesk.get_ticket(ticket_id)
        except ApiNotFound:
            return "ticket not found (deleted since)"  # spam and deleted tickets: nothing to do, nothing to replay
    org_id = ticket.get("organization_id")
    if not org_id:
        return "no organization"
    org_id = str(org_id)
    fx = Effects(rt)
    known = rt.store.case_for_ticket(ticket_id)
    if known is not None:
        # A second delivery of the same creation (trigger and event subscription): resume, never restart.
        advance(rt, known.id)
        return f"resumed case {known.id}"
    read_started = rt.now()  # a change of the org's tags after this instant may not be in the answer
    org = rt.zendesk.get_organization(org_id)
    rt.store.remember_org_tags(org_id, org.get("tags") or [], read_started)
    if comments is None:
        comments = rt.zendesk.list_comments(ticket_id)
    tagged = [c for c in rt.store.open_cases_for_org(org_id) if State(c.state) in TAGGED]
    if tagged:
        for case in tagged:
            with case_scope(case.id):
                align_ticket(rt, fx, case, ticket, org, comments)
        return "aligned"
    today = event_day(rt, event)
    verdict = classify(ticket_item(ticket, org, comments, today, rt.zendesk_user_id), rt.rules)
    rt.store.audit("classified", ticket_id=ticket_id, outcome=verdict["outcome"],
                   confidence=verdict["confidence"], reason=verdict["reason"])
    if verdict["outcome"] == "none":
        return "not a migration"
    target = verdict.get("target_offering") or verdict.get("problem_offering")
    paid = verdict.get("paid_offering")
    if target not in rt.rules.offerings or paid not in rt.rules.offerings or target == paid:
        return "no usable offerings"
    existing = rt.store.open_case(org_id, target)
    if existing is not None:
        return join_case(rt, fx, existing, ticket)
    level, target_date = stated_answer(rt, verdict, target, today)
    managed, partner = partner_facts(org, rt.rules)
    trigger = Trigger.DETECT_SURE if verdict["outcome"] == "act" else Trigger.DETECT_UNSURE
    case, created = rt.store.create_case(
        org_id=org_id, org_name=org.get("name") or "", paid=paid, target=target, trigger=trigger,
        ticket_id=ticket_id, requester_id=str(ticket.get("requester_id")), reason=verdict["reason"],
        confidence=float(verdict["confidence"]), partner_managed=managed, partner_name=partner,
        level=level, target_date=target_date)
    if not created:
        return join_case(rt, fx, case, ticket)
    advance(rt, case.id)
    return f"case {case.id} {case.state}"


def valid_parts(rt, target: str, level, when, today: str):
    """The level and the date of an answer that can be kept on their own: a level sold on the target offering,
    a date within the allowed window from `today`."""
    timings = rt.rules.timings
    keep_level = level if level in rt.rules.offerings[target]["levels_sold"] else None
    keep_date = when if date_in_bounds(when, parse_iso_date(today), timings["min_days_ahead"],
                                       timings["max_days_ahead"]) else None
    return keep_level, keep_date


def stated_answer(rt, verdict: dict, target: str, today: str):
    """Level and date stated in the ticket: both valid means no question is needed; a valid level alone is
    remembered so that the customer's answer may give only the date. A date alone is not kept: the detector
    read it, the customer never confirmed it, and the question asks for it anyway."""
    level, when = valid_parts(rt, target, verdict.get("support_level"), parse_iso_date(verdict.get("target_date")),
                              today)
    return level, when if level else None


def join_case(rt, fx: Effects, case, ticket: dict) -> str:
    with case_scope(case.id):
        return _join_case(rt, fx, case, ticket)


def _join_case(rt, fx: Effects, case, ticket: dict) -> str:
    ticket_id = str(ticket["id"])
    rt.store.add_ticket(case.id, ticket_id, str(ticket.get("requester_id")))
    fx.comment(f"ticket:{ticket_id}:note:joined:{case.id}", ticket_id, render(rt, "internal_note_joined", case), False,
               case_id=case.id)
    fx.ticket_tags(f"ticket:{ticket_id}:tag:marker", ticket_id, [rt.rules.marker_tag], [], case_id=case.id)
    if case.issue_iid:
        fx.issue_note(f"case:{case.id}:issue_note:joined:{ticket_id}", case.issue_iid,
                      render(rt, "issue_joined_note", case, ticket_id=ticket_id, ticket_url=rt.ticket_url(ticket_id)))
        refresh_description(rt, fx, case, f"joined:{ticket_id}")
    return f"joined case {case.id}"


@router.register("zendesk", "ticket.comment_added")
def comment_added(rt, event: dict) -> str:
    payload = event["payload"]
    ticket_id = str(payload["detail"]["id"])
    comment = payload["event"]["comment"]
    if str(comment["author"]["id"]) == str(rt.zendesk_user_id) or comment["author"].get("is_staff"):
        return "own or staff comment"
    requester = payload["detail"].get("requester_id")
    if requester not in (None, "") and str(comment["author"]["id"]) != str(requester):
        return "not the requester"
    case = rt.store.case_for_ticket(ticket_id)
    if case is None:
        # The deciding fact may come only now ("we are moving to GitLab.com"): judge the ticket again.
        status = str(payload["detail"].get("status") or "").lower()
        return "ticket closed" if status in ("solved", "closed") else judge_ticket(rt, event, ticket_id)
    with case_scope(case.id):
        return _answer(rt, event, case, ticket_id, comment)


def _answer(rt, event: dict, case, ticket_id: str, comment: dict) -> str:
    """The requester's comment on a case: the answer to the bot's question, or a re-run finishing what it began."""
    if case.state != State.AWAITING_CUSTOMER:
        # A re-run after a crash may find the answer already taken: finish what follows from it.
        advance(rt, case.id)
        return "no case awaiting an answer"
    today = event_day(rt, event)
    org = rt.zendesk.get_organization(case.org_id)
    parsed = parse_reply({"id": str(comment["id"]), "today": today, "current_tags": list(org.get("tags") or []),
                          "text": comment.get("body") or ""}, rt.rules)
    # A valid part of an earlier answer is kept: "Premium" then, days later, "the date is 2027-03-15".
    level = parsed["support_level"] or case.support_level
    when = parse_iso_date(parsed["target_date"]) or (None if parsed["date_ambiguous"] else case.target_date)
    timings = rt.rules.timings
    problems = date_problems(when, level, parse_iso_date(today),
                             levels_sold=rt.rules.offerings[case.target_offering]["levels_sold"],
                             min_days=timings["min_days_ahead"], max_days=timings["max_days_ahead"],
                             ambiguous=bool(parsed["date_ambiguous"]),
                             offering_label=rt.rules.label(case.target_offering))
    rt.store.audit("reply_parsed", case.id, ticket_id=ticket_id, level=level, target_date=str(when),
                   ambiguous=parsed["date_ambiguous"], problems=problems, reason=parsed["reason"])
    if problems:
        Effects(rt).comment(f"ticket:{ticket_id}:missing:{comment['id']}", ticket_id,
                            render(rt, "public_missing", case, problems="\n".join(problems)), True, case_id=case.id)
        keep_level, keep_date = valid_parts(rt, case.target_offering, level, when, today)
        rt.store.try_transition(case.id, Trigger.REPLY_INVALID, actor="customer", support_level=keep_level,
                                target_date=keep_date)
        return "asked again"
    rt.store.try_transition(case.id, Trigger.REPLY_VALID, actor="customer", support_level=level, target_date=when)
    advance(rt, case.id)
    return "answer accepted"
