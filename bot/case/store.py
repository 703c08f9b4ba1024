"""Database operations on cases, tickets, scheduled actions, prompts, the audit trail and org tags as last read."""
from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime, timezone

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.case.machine import TERMINAL, InvalidTransition, Trigger, next_state, schedule_for
from bot.db.engine import transaction
from bot.db.models import AuditEntry, Case, CaseTicket, OrgTags, ScheduledAction, SlackPrompt


log = logging.getLogger(__name__)
REDO_PREFIX = "redo:"  # scheduled-action kind of a dead-lettered secondary write


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)  # SQLite hands back naive datetimes


def _no_state_fields(fields: dict) -> None:
    # The transition table is the only way a case changes state (and leaves its open slot).
    if {"state", "open_slot"} & fields.keys():
        raise ValueError("a case's state changes only through Store.transition()")


class Store:
    """Thin repository over the bot's tables; every method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session], dry_run: bool = False):
        self.sessions = sessions
        self.dry_run = dry_run

    # --- cases ---------------------------------------------------------------------------------------------
    def open_case(self, org_id: str, target: str) -> Case | None:
        with self.sessions() as s:
            return s.scalars(select(Case).where(Case.org_id == org_id, Case.target_offering == target,
                                                Case.open_slot == 1)).first()

    def open_cases_for_org(self, org_id: str) -> list[Case]:
        with self.sessions() as s:
            return list(s.scalars(select(Case).where(Case.org_id == org_id, Case.open_slot == 1)))

    def case(self, case_id: int) -> Case | None:
        with self.sessions() as s:
            return s.get(Case, case_id)

    def case_for_ticket(self, ticket_id: str) -> Case | None:
        """The newest case that holds this ticket."""
        with self.sessions() as s:
            return s.scalars(select(Case).join(CaseTicket, CaseTicket.case_id == Case.id)
                             .where(CaseTicket.ticket_id == str(ticket_id)).order_by(Case.id.desc())).first()

    def case_for_issue(self, iid: int) -> Case | None:
        with self.sessions() as s:
            return s.scalars(select(Case).where(Case.issue_iid == iid).order_by(Case.id.desc())).first()

    def create_case(self, *, org_id: str, org_name: str, paid: str, target: str, trigger: Trigger, ticket_id: str,
                    requester_id: str | None, reason: str, confidence: float, partner_managed: bool,
                    partner_name: str | None, level: str | None, target_date: date | None) -> tuple[Case, bool]:
        """Create the open case for (org, target) or return the one that exists: (case, created).

        The first state comes from the transition table like every other (DETECT_SURE or DETECT_UNSURE)."""
        state = next_state(None, trigger)
        now = utcnow()
        try:
            with transaction(self.sessions) as s:
                case = Case(org_id=org_id, org_name=org_name, paid_offering=paid, target_offering=target,
                            state=state.value, open_slot=1, origin_ticket_id=str(ticket_id), reason=reason,
                            confidence=confidence, partner_managed=partner_managed, partner_name=partner_name,
                            support_level=level, target_date=target_date, created_at=now, updated_at=now)
                s.add(case)
                s.flush()
                s.add(CaseTicket(case_id=case.id, ticket_id=str(ticket_id), requester_id=requester_id,
                                 role="origin", added_at=now))
                s.add(AuditEntry(at=now, case_id=case.id, actor="bot", action="case_created",
                                 detail={"state": state.value, "trigger": Trigger(trigger).value,
                                         "ticket_id": str(ticket_id), "reason": reason, "confidence": confidence},
                                 dry_run=self.dry_run))
            return case, True
        except IntegrityError:
            # Another event of the same org won the race: join its case instead.
            existing = self.open_case(org_id, target)
            if existing is None:
                raise
            return existing, False

    def add_ticket(self, case_id: int, ticket_id: str, requester_id: str | None) -> bool:
        """Attach a ticket to a case; False when it was attached already."""
        try:
            with transaction(self.sessions) as s:
                s.add(CaseTicket(case_id=case_id, ticket_id=str(ticket_id), requester_id=requester_id,
                                 role="joined", added_at=utcnow()))
            return True
        except IntegrityError:
            return False

    def tickets(self, case_id: int) -> list[CaseTicket]:
        with self.sessions() as s:
            return list(s.scalars(select(CaseTicket).where(CaseTicket.case_id == case_id).order_by(CaseTicket.id)))

    def transition(self, case_id: int, trigger: str, actor: str = "bot", **fields) -> Case:
        """Apply one trigger from the transition table (and field updates) atomically; audit it."""
        _no_state_fields(fields)
        with transaction(self.sessions) as s:
            case = s.get(Case, case_id, with_for_update=True)
            new = next_state(case.state, trigger)
            before = case.state
            case.state = new.value
            for key, value in fields.items():
                setattr(case, key, value)
            if new in TERMINAL:
                case.open_slot = None
            case.updated_at = utcnow()
            s.add(AuditEntry(at=case.updated_at, case_id=case_id, actor=actor, action=f"transition:{trigger}",
                             detail={"from": before, "to": new.value,
                                     **{k: str(v) for k, v in fields.items()}}, dry_run=self.dry_run))
        return case

    def try_transition(self, case_id: int, trigger: str, actor: str = "bot", **fields) -> Case | None:
        """transition() that answers None when the trigger does not apply (a repeated or late event)."""
        try:
            return self.transition(case_id, trigger, actor, **fields)
        except InvalidTransition:
            return None

    def update_case(self, case_id: int, **fields) -> None:
        _no_state_fields(fields)
        with transaction(self.sessions) as s:
            s.execute(update(Case).where(Case.id == case_id).values(updated_at=utcnow(), **fields))

    def list_cases(self, state: str | None = None) -> list[Case]:
        with self.sessions() as s:
            q = select(Case).order_by(Case.id)
            if state:
                q = q.where(Case.state == state)
            return list(s.scalars(q))

    # --- scheduled actions -------------------------------------------------------------------------------------
    def schedule(self, case_id: int, target: date, reminder_days: list[int]) -> None:
        """Replace the case's pending actions by those of `target` (reminders already past are skipped)."""
        now = utcnow()
        with transaction(self.sessions) as s:
            s.execute(update(ScheduledAction).where(ScheduledAction.case_id == case_id,
                                                    ScheduledAction.status == "pending",
                                                    ScheduledAction.target_date != target)
                      .values(status="cancelled"))
            existing = {(a.kind, a.target_date): a for a in
                        s.scalars(select(ScheduledAction).where(ScheduledAction.case_id == case_id))}
            for kind, when in schedule_for(target, reminder_days):
                if kind != "expire" and when < now:
                    continue
                earlier = existing.get((kind, target))
                if earlier is None:
                    s.add(ScheduledAction(case_id=case_id, kind=kind, run_after=when, target_date=target))
                elif earlier.status == "cancelled":  # the date came back to one used before
                    earlier.status = "pending"

    def due_actions(self, as_of: datetime, limit: int = 100, status: str = "pending") -> list[ScheduledAction]:
        with self.sessions() as s:
            return list(s.scalars(select(ScheduledAction).where(ScheduledAction.status == status,
                                                                ScheduledAction.run_after <= as_of)
                                  .order_by(ScheduledAction.run_after).limit(limit)))

    def action(self, action_id: int) -> ScheduledAction | None:
        with self.sessions() as s:
            return s.get(ScheduledAction, action_id)

    def actions(self, case_id: int) -> list[ScheduledAction]:
        with self.sessions() as s:
            return list(s.scalars(select(ScheduledAction).where(ScheduledAction.case_id == case_id)
                                  .order_by(ScheduledAction.run_after)))

    def set_action(self, action_id: int, status: str, error: str | None = None) -> None:
        with transaction(self.sessions) as s:
            act = s.get(ScheduledAction, action_id)
            act.status = status
            act.last_error = error
            act.attempts += 1 if status in ("done", "failed") else 0

    def overtaken(self, action: ScheduledAction, now: datetime) -> bool:
        """Is a later reminder or the expiry of the same date also due (handed over with this one, or past its
        time)? Then this reminder's day has passed and what it would say ("7 days left") is no longer true."""
        with self.sessions() as s:
            later = s.scalars(select(ScheduledAction).where(
                ScheduledAction.case_id == action.case_id, ScheduledAction.target_date == action.target_date,
                ScheduledAction.run_after > action.run_after,
                ScheduledAction.status.in_(("pending", "queued", "replay", "done")))).all()
        return any(a.kind == "expire" or a.kind.startswith("remind:") for a in later
                   if a.status != "pending" or _aware(a.run_after) <= now)

    # --- dead letters of secondary writes --------------------------------------------------------------------
    def dead_letter_effect(self, case_id: int, key: str, op: str, args: list, error: str) -> int:
        """A write that failed for good while the rest of its step went on: listed with the other dead letters as
        a failed scheduled action of the case (kind `redo:<hash of the effect key>`), which `replay` re-runs.
        What to run again is kept in the audit trail (`effect_failed`), the case's journal anyway."""
        kind = REDO_PREFIX + hashlib.sha1(key.encode()).hexdigest()[:16]
        message = f"case {case_id}: {key}: {error}"[:2000]
        with transaction(self.sessions) as s:
            case = s.get(Case, case_id)
            row = s.scalars(select(ScheduledAction).where(ScheduledAction.case_id == case_id,
                                                          ScheduledAction.kind == kind)).first()
            if row is None:
                row = ScheduledAction(case_id=case_id, kind=kind, run_after=utcnow(), status="failed",
                                      target_date=(case.target_date if case and case.target_date else utcnow().date()),
                                      attempts=1, last_error=message)
                s.add(row)
            elif row.status not in ("queued", "replay"):  # a replay under way records its own outcome
                row.status, row.last_error = "failed", message
            s.flush()
            s.add(AuditEntry(at=utcnow(), case_id=case_id, actor="bot", action="effect_failed",
                             detail={"key": key, "op": op, "args": args, "error": error[:2000],
                                     "action_id": row.id}, dry_run=self.dry_run))
            return row.id

    def redo_of(self, action: ScheduledAction) -> dict | None:
        """The failed write a `redo:` action stands for (the newest `effect_failed` entry naming it)."""
        with self.sessions() as s:
            entries = s.scalars(select(AuditEntry).where(AuditEntry.case_id == action.case_id,
                                                         AuditEntry.action == "effect_failed")
                                .order_by(AuditEntry.id.desc())).all()
        return next((e.detail for e in entries if (e.detail or {}).get("action_id") == action.id), None)

    # --- Slack prompts -----------------------------------------------------------------------------------------
    def prompt(self, key: str) -> SlackPrompt | None:
        with self.sessions() as s:
            return s.scalars(select(SlackPrompt).where(SlackPrompt.key == key)).first()

    def prompt_by_message(self, channel: str | None, ts: str) -> SlackPrompt | None:
        with self.sessions() as s:
            q = select(SlackPrompt).where(SlackPrompt.ts == ts)
            if channel:
                q = q.where((SlackPrompt.channel == channel) | (SlackPrompt.channel.is_(None)))
            return s.scalars(q).first()

    def save_prompt(self, **fields) -> SlackPrompt:
        try:
            with transaction(self.sessions) as s:
                prompt = SlackPrompt(created_at=utcnow(), **fields)
                s.add(prompt)
            return prompt
        except IntegrityError:
            return self.prompt(fields["key"])

    def update_prompt(self, prompt_id: int, **fields) -> None:
        with transaction(self.sessions) as s:
            s.execute(update(SlackPrompt).where(SlackPrompt.id == prompt_id).values(**fields))

    def decide_prompt(self, prompt_id: int, user_id: str, decision: str) -> bool:
        """Record the first decision; False when someone decided already."""
        with transaction(self.sessions) as s:
            result = s.execute(update(SlackPrompt).where(SlackPrompt.id == prompt_id, SlackPrompt.status == "open")
                               .values(status="decided", decided_by=user_id, decision=decision))
            return result.rowcount == 1

    # --- organizations' tags as last read --------------------------------------------------------------------
    # A cache in front of the org read: a failure to keep it must never fail the event that read the org.
    def remember_org_tags(self, org_id: str, tags: list[str], read_started: datetime) -> None:
        """Keep the tags a read that started at `read_started` returned, unless newer news of the org is kept: a
        later read, or the bot's own change of the org's tags (forget_org_tags), which this read may predate."""
        row = {"org_id": str(org_id), "tags": [str(t) for t in tags], "read_at": read_started}
        self._upsert_org_tags(row, newer_only=True)

    def forget_org_tags(self, org_id: str, changed_at: datetime) -> None:
        """The bot is about to change the org's tags: what any read started before `changed_at` returned is stale."""
        self._upsert_org_tags({"org_id": str(org_id), "tags": None, "read_at": changed_at}, newer_only=False)

    def org_tags_read_since(self, org_id: str, since: datetime) -> list[str] | None:
        """The org's tags if a read started at `since` or later returned them and nothing changed them since."""
        try:
            with self.sessions() as s:
                row = s.get(OrgTags, str(org_id))
                fresh = row is not None and row.tags is not None and _aware(row.read_at) >= since
                return list(row.tags) if fresh else None
        except SQLAlchemyError:
            log.warning("org tags of %s could not be looked up; the org is read", org_id, exc_info=True)
            return None

    def _upsert_org_tags(self, row: dict, newer_only: bool) -> None:
        try:
            with transaction(self.sessions) as s:
                insert = pg_insert if s.bind.dialect.name == "postgresql" else sqlite_insert
                stmt = insert(OrgTags).values(**row)
                stmt = stmt.on_conflict_do_update(
                    index_elements=[OrgTags.org_id], set_={"tags": stmt.excluded.tags, "read_at": stmt.excluded.read_at},
                    where=(OrgTags.read_at < stmt.excluded.read_at) if newer_only else None)
                s.execute(stmt)
        except SQLAlchemyError:
            if row["tags"] is None:
                raise  # a forget that did not happen must stop the tag change it precedes
            log.warning("org tags of %s not kept (a cache: the next ticket reads the org)", row["org_id"],
                        exc_info=True)

    # --- audit -------------------------------------------------------------------------------------------------
    def audit(self, action: str, case_id: int | None = None, actor: str = "bot", **detail) -> None:
        with transaction(self.sessions) as s:
            s.add(AuditEntry(at=utcnow(), case_id=case_id, actor=actor, action=action, detail=detail,
                             dry_run=self.dry_run))
