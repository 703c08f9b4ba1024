"""While an org carries two level tags, give each ticket the one level tag its problem statement matches; when
the temporary tag ends, give the tickets that carried it the org's remaining level tag."""
from __future__ import annotations

import hashlib
import logging
from typing import Callable

from bot.case.effects import Effects
from bot.case.messages import render
from bot.case.prompts import ask_tag
from bot.case.tickets import is_open, ticket_item
from bot.db.models import Case
from bot.errors import ApiNotFound
from bot.judgement.detect import classify

log = logging.getLogger(__name__)
JOB_SIZE = 100        # update_many takes up to 100 ticket ids
JOBS_IN_FLIGHT = 10   # Zendesk allows 30 queued or running jobs per account; other integrations need some too


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
    add, remove = level_change(rt, keep, current)
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


def level_change(rt, keep: str, current: list[str]) -> tuple[list[str], list[str]]:
    """(tags to add, tags to remove) so that the ticket carries exactly one level tag: `keep`."""
    remove = sorted(t for t in current if t in rt.rules.level_tags and t != keep)
    return ([] if keep in current else [keep]), remove


def align_open_tickets(rt, fx: Effects, case: Case) -> None:
    """Every open ticket of the org gets the level tag its problem matches. Each is judged from what the org's
    ticket list returns (subject, description, tags); its comments are read only when that cannot decide. The
    changes are grouped by identical (additions, removals) and written as update_many jobs of up to 100 tickets."""
    org = rt.zendesk.get_organization(case.org_id)
    tags = candidate_tags(rt, case, org.get("tags") or [])
    today = rt.now().date().isoformat()
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    unclear = kept = 0
    for ticket in rt.zendesk.list_organization_tickets(case.org_id):
        if not is_open(ticket):
            continue
        tid = str(ticket["id"])
        offering, _why = decide_offering(rt, ticket, org, [], today)
        if offering not in tags:
            try:
                offering, _why = decide_offering(rt, ticket, org, rt.zendesk.list_comments(tid), today)
            except ApiNotFound:  # deleted since the listing: nothing left to align
                rt.store.audit("ticket_vanished", case.id, ticket_id=tid)
                continue
        if offering not in tags:
            unclear += 1
            ask_tag(rt, fx, case, tid, [tags[o] for o in (case.target_offering, case.paid_offering) if o in tags])
            continue
        add, remove = level_change(rt, tags[offering], list(ticket.get("tags") or []))
        if add or remove:
            groups.setdefault((tuple(add), tuple(remove)), []).append(tid)
        else:
            kept += 1
    write_groups(rt, fx, case, "align", groups)
    rt.store.audit("tickets_aligned", case.id, changed=sum(len(v) for v in groups.values()), unchanged=kept,
                   asked=unclear)


def write_groups(rt, fx: Effects, case: Case, purpose: str, groups: dict, comment: dict | None = None) -> None:
    """Write each group's change: a lone ticket as its own safe update (two calls, like a job and its status, and
    SPEC's updated_stamp check), larger groups as update_many jobs of up to 100 tickets, several jobs in flight."""
    pending: list[tuple[str, list[str], dict, Callable[[dict], bool]]] = []
    for (add, remove), ids in sorted(groups.items()):
        add, remove = list(add), list(remove)
        if len(ids) == 1 and comment is None:
            change = f"{'+'.join(add) or '-'}:{'-'.join(remove) or '-'}"
            fx.secondary(case.id, "ticket_tags", f"{purpose}:{case.id}:{ids[0]}:{change}", ids[0], add, remove)
            continue
        changes = {"additional_tags": add, "remove_tags": remove, **({"comment": comment} if comment else {})}

        def applied(ticket: dict, add=tuple(add), remove=tuple(remove)) -> bool:
            current = ticket.get("tags") or []
            return all(t in current for t in add) and not any(t in current for t in remove)

        label = hashlib.sha1(repr((add, remove)).encode()).hexdigest()[:10]
        ids = sorted(ids, key=_id_order)
        for n in range(0, len(ids), JOB_SIZE):
            chunk = ids[n:n + JOB_SIZE]
            # The key names the tickets and the change: a re-run that finds the same work follows the same job.
            key = f"{purpose}:{case.id}:bulk:{label}:{hashlib.sha1(','.join(chunk).encode()).hexdigest()[:12]}"
            pending.append((key, chunk, changes, applied))
    # Queue up to JOBS_IN_FLIGHT jobs before following the oldest: Zendesk works on them meanwhile.
    for n, (key, chunk, changes, applied) in enumerate(pending):
        fx.bulk_submit(key, chunk, changes, applied, case.id)
        if n >= JOBS_IN_FLIGHT - 1:
            fx.bulk_settle(*pending[n - JOBS_IN_FLIGHT + 1], case_id=case.id)
    for item in pending[max(0, len(pending) - JOBS_IN_FLIGHT + 1):]:
        fx.bulk_settle(*item, case_id=case.id)


def _id_order(tid: str) -> tuple[int, str]:
    return (int(tid), tid) if tid.isdigit() else (0, tid)


def end_temporary_tag(rt, fx: Effects, case: Case) -> None:
    """After the org lost the temporary tag: each open ticket that carries it gets the org's remaining level tag(s)
    instead, and an internal note. The remaining tags of the paid offering are preferred, so that a ticket never
    ends with two offerings' level tags even when another migration of the org is still running."""
    levels = rt.rules.level_tags
    org_tags = [t for t in rt.zendesk.get_organization(case.org_id).get("tags") or [] if t != case.added_tag]
    remaining = [t for t in org_tags if levels.get(t, ("",))[0] == case.paid_offering] or \
        [t for t in org_tags if t in levels]
    note = render(rt, "ticket_note_expired", case, tags=", ".join(remaining) or "(none)")
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for ticket in rt.zendesk.list_organization_tickets(case.org_id):
        tags = list(ticket.get("tags") or [])
        if not is_open(ticket) or case.added_tag not in tags:
            continue
        remove = sorted(t for t in tags if t in levels and t not in remaining)
        add = [t for t in remaining if t not in tags]
        groups.setdefault((tuple(add), tuple(remove)), []).append(str(ticket["id"]))
    if sum(len(ids) for ids in groups.values()) == 1:
        # One ticket: its own safe tag update and note, each keyed in the ledger as before.
        ((add, remove), (tid,)), = groups.items()
        fx.secondary(case.id, "ticket_tags", f"expire:{case.id}:{tid}:tags", tid, list(add), list(remove))
        fx.secondary(case.id, "comment", f"ticket:{tid}:note:expired:{case.id}", tid, note, False)
        return
    # The note and the tag change travel in the same job, so a ticket showing the change also has its note.
    write_groups(rt, fx, case, "expire", groups, comment={"body": note, "public": False})
