"""What the admin pages read from the bot's tables, and the two things they change: handing dead letters back, and
the record of admin sessions signed out.

Read-only except `replay()` (and its audit line) and `end_session()`. No outbound call: replaying sets a row to `replay`, the status
`migration-bot replay` (bot.worker.loop.replay) sets before it hands such rows to DBOS under fresh workflow ids.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.engine import Connection, Engine

from bot.db.models import (
    AuditEntry,
    Case,
    CaseTicket,
    EndedAdminSession,
    InboxEvent,
    ScheduledAction,
    SlackPrompt,
)

PAGE_SIZE = 25
DEAD_LETTER_LIMIT = 200
REPLAY_STATUSES = ("failed", "replay")  # failed: set aside; replay: handed back, waiting for the worker
# Writes are audited without a case id; those naming a case's ticket, issue or organization are shown with it.
WRITE_LOOKBACK = timedelta(minutes=10)
WRITE_SCAN_LIMIT = 5000


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


# --- the cases list --------------------------------------------------------------------------------------------

def cases_page(engine: Engine, state: str | None, page: int) -> dict:
    """One page of cases, newest first, with each case's next pending scheduled action."""
    where = [Case.state == state] if state else []
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(Case).where(*where)).scalar_one()
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(page, 1), pages)
        cases = conn.execute(select(Case).where(*where).order_by(Case.created_at.desc(), Case.id.desc())
                             .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
        ids = [c.id for c in cases]
        upcoming: dict[int, object] = {}
        if ids:
            for action in conn.execute(select(ScheduledAction).where(ScheduledAction.case_id.in_(ids),
                                                                     ScheduledAction.status == "pending")
                                       .order_by(ScheduledAction.run_after)):
                upcoming.setdefault(action.case_id, action)
        states = sorted(conn.execute(select(Case.state).distinct()).scalars())
    return {"cases": [(c, upcoming.get(c.id)) for c in cases], "total": total, "page": page, "pages": pages,
            "states": states}


# --- one case --------------------------------------------------------------------------------------------------

def ticket_url(zendesk_url: str, ticket_id: str) -> str | None:
    return f"{zendesk_url.rstrip('/')}/agent/tickets/{quote(str(ticket_id), safe='')}" if zendesk_url else None


def slack_url(channel: str | None, ts: str | None) -> str | None:
    if not channel or not ts:
        return None
    return f"https://slack.com/archives/{quote(channel, safe='')}/p{quote(ts.replace('.', ''), safe='')}"


def case_detail(engine: Engine, case_id: int) -> dict | None:
    with engine.connect() as conn:
        case = conn.execute(select(Case).where(Case.id == case_id)).first()
        if case is None:
            return None
        tickets = conn.execute(select(CaseTicket).where(CaseTicket.case_id == case_id)
                               .order_by(CaseTicket.id)).all()
        prompts = conn.execute(select(SlackPrompt).where(SlackPrompt.case_id == case_id)
                               .order_by(SlackPrompt.id)).all()
        actions = conn.execute(select(ScheduledAction).where(ScheduledAction.case_id == case_id)
                               .order_by(ScheduledAction.run_after, ScheduledAction.id)).all()
        audit = list(conn.execute(select(AuditEntry).where(AuditEntry.case_id == case_id)))
        audit += _related_writes(conn, case, [t.ticket_id for t in tickets])
    audit.sort(key=lambda e: (aware(e.at), e.id))
    return {"case": case, "tickets": tickets, "prompts": prompts, "actions": actions, "audit": audit}


def _related_writes(conn: Connection, case, ticket_ids: list[str]) -> list:
    """Audit rows without a case id (service writes, the detector's verdicts) that name this case's tickets,
    issue, organization or case marker, from shortly before the case was created on."""
    needles = [re.compile(rf"/tickets/{re.escape(t)}(?!\d)") for t in ticket_ids]
    needles.append(re.compile(rf"/organizations/{re.escape(case.org_id)}(?!\d)"))
    needles.append(re.compile(rf"offering-migration-case:{case.id}(?!\d)"))
    needles.append(re.compile(rf"\bcase:{case.id}:"))
    if case.issue_iid is not None:
        needles.append(re.compile(rf"/issues/{case.issue_iid}(?!\d)"))
    since = aware(case.created_at) - WRITE_LOOKBACK
    rows = conn.execute(select(AuditEntry).where(AuditEntry.case_id.is_(None), AuditEntry.at >= since)
                        .order_by(AuditEntry.id).limit(WRITE_SCAN_LIMIT)).all()
    found = []
    for row in rows:
        detail = row.detail if isinstance(row.detail, dict) else {}
        if str(detail.get("ticket_id", "")) in ticket_ids:
            found.append(row)
            continue
        text = json.dumps(detail, default=str)
        if any(n.search(text) for n in needles):
            found.append(row)
    return found


# --- dead letters ----------------------------------------------------------------------------------------------

def dead_letters(engine: Engine) -> dict:
    """Failed inbox events and failed scheduled actions (and those handed back, waiting), newest first."""
    with engine.connect() as conn:
        events = conn.execute(select(InboxEvent).where(InboxEvent.status.in_(REPLAY_STATUSES))
                              .order_by(InboxEvent.received_at.desc()).limit(DEAD_LETTER_LIMIT)).all()
        event_cases = {e.id: _event_case(conn, e) for e in events}
        actions = conn.execute(select(*ScheduledAction.__table__.c, Case.org_name)
                               .join(Case, Case.id == ScheduledAction.case_id, isouter=True)
                               .where(ScheduledAction.status.in_(REPLAY_STATUSES))
                               .order_by(ScheduledAction.run_after.desc()).limit(DEAD_LETTER_LIMIT)).all()
    return {"events": [(e, event_cases[e.id]) for e in events], "actions": actions}


def _event_case(conn: Connection, event) -> int | None:
    """The case an event concerns, as far as the stored payload tells: its ticket, its GitLab issue, its Slack
    prompt. None otherwise: an event that failed before any case held its ticket (a new ticket of an org whose
    older case has ended) belongs to no case yet, and the page names its organization instead."""
    try:
        payload = json.loads(event.payload)
    except (TypeError, ValueError):
        payload = {}
    payload = payload if isinstance(payload, dict) else {}
    if event.source == "zendesk":
        ticket = (payload.get("detail") or {}).get("id") if isinstance(payload.get("detail"), dict) else None
        if ticket is not None:
            found = conn.execute(select(CaseTicket.case_id).where(CaseTicket.ticket_id == str(ticket))
                                 .order_by(CaseTicket.case_id.desc())).scalar()
            if found:
                return found
    elif event.source == "gitlab":
        attrs = payload.get("object_attributes")
        iid = attrs.get("iid") if isinstance(attrs, dict) else None
        if isinstance(iid, int):
            found = conn.execute(select(Case.id).where(Case.issue_iid == iid).order_by(Case.id.desc())).scalar()
            if found:
                return found
    elif event.source == "slack":
        match = re.search(r'"block_id":\s*"mbp-(\d{1,9})"', event.payload or "")
        if match:
            found = conn.execute(select(SlackPrompt.case_id).where(SlackPrompt.id == int(match.group(1)))).scalar()
            if found:
                return found
    return None


def replay(engine: Engine, user: str, kind: str, ident: str | None = None) -> int:
    """Hand failed rows back for the worker (status `replay`): one event, one action, or all of them. Returns how
    many rows changed; each is audited with who asked."""
    now = datetime.now(timezone.utc)
    changed: list[tuple[str, str, int | None]] = []
    with engine.begin() as conn:
        if kind in ("event", "all"):
            q = select(InboxEvent.id).where(InboxEvent.status == "failed")
            if kind == "event":
                q = q.where(InboxEvent.id == ident)
            for event_id in conn.execute(q).scalars().all():
                done = conn.execute(update(InboxEvent).where(InboxEvent.id == event_id,
                                                             InboxEvent.status == "failed")
                                    .values(status="replay")).rowcount
                if done:
                    row = conn.execute(select(InboxEvent).where(InboxEvent.id == event_id)).first()
                    changed.append(("event", event_id, _event_case(conn, row)))
        if kind in ("action", "all"):
            q = select(ScheduledAction.id, ScheduledAction.case_id).where(ScheduledAction.status == "failed")
            if kind == "action":
                q = q.where(ScheduledAction.id == _int(ident))
            for action_id, case_id in conn.execute(q).all():
                done = conn.execute(update(ScheduledAction).where(ScheduledAction.id == action_id,
                                                                  ScheduledAction.status == "failed")
                                    .values(status="replay")).rowcount
                if done:
                    changed.append(("action", str(action_id), case_id))
        for what, row_id, case_id in changed:
            conn.execute(AuditEntry.__table__.insert().values(
                at=now, case_id=case_id, actor=f"admin:{user}"[:100], action="replay_requested",
                detail={what: row_id}, dry_run=False))
    return len(changed)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def counts(engine: Engine) -> dict:
    """Figures for the navigation: dead letters waiting."""
    with engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(InboxEvent)
                              .where(InboxEvent.status == "failed")).scalar_one()
        actions = conn.execute(select(func.count()).select_from(ScheduledAction)
                               .where(ScheduledAction.status == "failed")).scalar_one()
    return {"dead_letters": events + actions}



# --- admin sessions signed out -----------------------------------------------------------------------------------

def end_session(engine: Engine, session_id: str, expires_at: datetime) -> None:
    """Remember a signed-out session until its cookie would have expired; forget those past that."""
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        conn.execute(delete(EndedAdminSession).where(EndedAdminSession.expires_at < now))
    try:
        with engine.begin() as conn:
            conn.execute(EndedAdminSession.__table__.insert().values(session_id=session_id, expires_at=expires_at))
    except IntegrityError:
        pass  # signed out twice (two tabs): already remembered


def session_ended(engine: Engine, session_id: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(EndedAdminSession.session_id)
                            .where(EndedAdminSession.session_id == session_id)).first() is not None
