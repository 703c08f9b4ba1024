"""The case driver: apply a trigger, then perform what the new state requires until the case waits.

Every effect is keyed in the ledger, so advance() can be re-run after a crash or a duplicate event and
only what is missing happens.
"""
from __future__ import annotations

import logging

from bot.case.align import align_open_tickets, end_temporary_tag
from bot.case.effects import Effects
from bot.case.machine import State, Trigger
from bot.case.messages import case_marker, issue_description, render, replace_block
from bot.case.prompts import ask_confirmation
from bot.db.models import Case
from bot.logs import case_scope

log = logging.getLogger(__name__)
MAX_STEPS = 12  # the longest chain (detected -> ... -> tickets_aligned) is far shorter


def advance(rt, case_id: int) -> Case:
    """Drive the case through every state that needs no outside answer."""
    with case_scope(case_id):  # every log line about this case's work carries its id
        return _advance(rt, case_id)


def _advance(rt, case_id: int) -> Case:
    fx = Effects(rt)
    case = rt.store.case(case_id)
    for _ in range(MAX_STEPS):
        step = STEPS.get(State(case.state))
        if step is None:
            return case
        log.debug("case %s: running the %s step", case.id, case.state)
        trigger = step(rt, fx, case)
        if trigger is None:
            return case
        moved = rt.store.try_transition(case.id, trigger)
        case = moved or rt.store.case(case.id)
        if moved is None:
            return case
    return case


# --- what each state requires ----------------------------------------------------------------------------------

def _detected(rt, fx: Effects, case: Case):
    tid = case.origin_ticket_id
    stated = case.support_level is not None and case.target_date is not None
    confirmed = rt.store.prompt(f"confirm:{case.id}")
    if confirmed is not None and confirmed.decided_by:
        note = render(rt, "internal_note_confirmed", case, decider=f"<@{confirmed.decided_by}>")
    else:
        note = render(rt, "internal_note_detected_stated" if stated else "internal_note_detected", case)
    fx.comment(f"ticket:{tid}:note:detected", tid, note, False, case_id=case.id)
    fx.ticket_tags(f"ticket:{tid}:tag:marker", tid, [rt.rules.marker_tag], [], case_id=case.id)
    if stated:
        return Trigger.INFO_STATED
    partner = ""
    if case.partner_managed:
        partner = rt.rules.templates["public_ask_partner"].format(partner_name=case.partner_name or "your partner")
    fx.comment(f"case:{case.id}:ask", tid, render(rt, "public_ask", case, partner_sentence=partner), True,
               case_id=case.id)
    return Trigger.ASK_SENT


def _awaiting_confirmation(rt, fx: Effects, case: Case):
    tid = case.origin_ticket_id
    fx.comment(f"ticket:{tid}:note:unsure", tid, render(rt, "internal_note_unsure", case), False)
    ask_confirmation(rt, fx, case)
    return None


def _info_received(rt, fx: Effects, case: Case):
    rules = rt.rules
    marker = case_marker(case)
    issue = fx.issue(f"case:{case.id}:issue", marker, render(rt, "issue_title", case),
                     issue_description(rt, case, marker), [rules.labels["base"]],
                     case.target_date.isoformat() if case.target_date else None)
    rt.store.update_case(case.id, issue_iid=issue.get("iid"), issue_url=issue.get("web_url"))
    case = rt.store.case(case.id)
    for t in rt.store.tickets(case.id):  # a ticket closed or deleted meanwhile must not hold the request back
        fx.secondary(case.id, "comment", f"ticket:{t.ticket_id}:note:issue:{case.id}", t.ticket_id,
                     render(rt, "internal_note_issue", case), False)
    return Trigger.ISSUE_OPENED


def _approved(rt, fx: Effects, case: Case):
    tag = rt.rules.tag_for(case.target_offering, case.support_level)
    if case.added_tag != tag:
        rt.store.update_case(case.id, added_tag=tag)
        case = rt.store.case(case.id)
    # The tag is the approval: if it fails, nothing else has happened yet and the event is kept for replay.
    fx.org_tag(f"case:{case.id}:org_tag:add", case.org_id, tag, True)
    # Scheduled at once: whatever happens to the notes below, the temporary tag must expire on the target date.
    rt.store.schedule(case.id, case.target_date, rt.rules.timings["reminder_days_before"])
    # Notes are secondary: a closed ticket is skipped, a permanent failure is dead-lettered, and the case goes on.
    fx.secondary(case.id, "org_note_line", f"case:{case.id}:org_note:approved", case.org_id,
                 render(rt, "org_note_approved", case))
    fx.secondary(case.id, "issue_note", f"case:{case.id}:issue_note:approved", case.issue_iid,
                 render(rt, "issue_note_approved", case))
    for t in rt.store.tickets(case.id):
        fx.secondary(case.id, "comment", f"ticket:{t.ticket_id}:note:approved:{case.id}", t.ticket_id,
                     render(rt, "ticket_note_approved", case), False)
    return Trigger.ORG_TAGGED


def _org_tagged(rt, fx: Effects, case: Case):
    align_open_tickets(rt, fx, case)
    return Trigger.TICKETS_ALIGNED


def _rejected(rt, fx: Effects, case: Case):
    for t in rt.store.tickets(case.id):  # each note on its own: one closed or deleted ticket stops no other
        fx.secondary(case.id, "comment", f"ticket:{t.ticket_id}:note:rejected:{case.id}", t.ticket_id,
                     render(rt, "ticket_note_rejected", case), False)
    return None


def _expired(rt, fx: Effects, case: Case):
    fx.org_tag(f"case:{case.id}:org_tag:remove", case.org_id, case.added_tag, False)
    end_temporary_tag(rt, fx, case)  # open tickets carrying the removed tag get the remaining level tag
    fx.secondary(case.id, "org_note_line", f"case:{case.id}:org_note:expired", case.org_id,
                 render(rt, "org_note_expired", case))
    fx.secondary(case.id, "issue_note", f"case:{case.id}:issue_note:expired", case.issue_iid,
                 render(rt, "expiry_issue_note", case))
    fx.secondary(case.id, "close_issue", f"case:{case.id}:issue:close", case.issue_iid)
    return None


STEPS = {State.DETECTED: _detected, State.AWAITING_CONFIRMATION: _awaiting_confirmation,
         State.INFO_RECEIVED: _info_received, State.APPROVED: _approved, State.ORG_TAGGED: _org_tagged,
         State.REJECTED: _rejected, State.EXPIRED: _expired}


def refresh_description(rt, fx: Effects, case: Case, reason_key: str) -> None:
    """Keep the request's facts current (tickets joined, date moved); setting a description twice is harmless."""
    if not case.issue_iid:
        return
    with case_scope(case.id):
        _refresh_description(rt, fx, case, reason_key)


def _refresh_description(rt, fx: Effects, case: Case, reason_key: str) -> None:
    block = issue_description(rt, case, case_marker(case))

    def rewrite_block() -> dict:
        # Support Ops may have written around the block: read the description as it is now, swap only the block.
        current = rt.tracker.get_issue(case.issue_iid).get("description") or ""
        return {"iid": rt.tracker.edit_issue(case.issue_iid, description=replace_block(current, block)).get("iid")}

    fx.once(f"case:{case.id}:describe:{reason_key}", rewrite_block)
