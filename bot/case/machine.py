"""The migration case as a pure state machine: states, triggers, TRANSITIONS and the date rules."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum


class State(StrEnum):
    DETECTED = "detected"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    AWAITING_CUSTOMER = "awaiting_customer"
    INFO_RECEIVED = "info_received"
    ISSUE_OPEN = "issue_open"
    APPROVED = "approved"
    REJECTED = "rejected"
    ORG_TAGGED = "org_tagged"
    TICKETS_ALIGNED = "tickets_aligned"
    EXTENDED = "extended"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Trigger(StrEnum):
    DETECT_SURE = "detect_sure"
    DETECT_UNSURE = "detect_unsure"
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    ASK_SENT = "ask_sent"
    INFO_STATED = "info_stated"
    REPLY_VALID = "reply_valid"
    REPLY_INVALID = "reply_invalid"
    ISSUE_OPENED = "issue_opened"
    APPROVE = "approve"
    REJECT = "reject"
    ORG_TAGGED = "org_tagged"
    TICKETS_ALIGNED = "tickets_aligned"
    DUE_DATE_CHANGED = "due_date_changed"
    EXPIRE = "expire"
    ISSUE_CLOSED = "issue_closed"


S, T = State, Trigger
NEW = None  # the state before a case exists

# (state, trigger) -> next state. Anything not listed is refused, which makes replays harmless.
TRANSITIONS: dict[tuple[State | None, Trigger], State] = {
    (NEW, T.DETECT_SURE): S.DETECTED,
    (NEW, T.DETECT_UNSURE): S.AWAITING_CONFIRMATION,
    (S.AWAITING_CONFIRMATION, T.CONFIRM): S.DETECTED,
    (S.AWAITING_CONFIRMATION, T.DISMISS): S.CANCELLED,
    (S.DETECTED, T.ASK_SENT): S.AWAITING_CUSTOMER,
    (S.DETECTED, T.INFO_STATED): S.INFO_RECEIVED,
    (S.AWAITING_CUSTOMER, T.REPLY_INVALID): S.AWAITING_CUSTOMER,
    (S.AWAITING_CUSTOMER, T.REPLY_VALID): S.INFO_RECEIVED,
    (S.INFO_RECEIVED, T.ISSUE_OPENED): S.ISSUE_OPEN,
    (S.ISSUE_OPEN, T.DUE_DATE_CHANGED): S.ISSUE_OPEN,
    (S.ISSUE_OPEN, T.APPROVE): S.APPROVED,
    (S.ISSUE_OPEN, T.REJECT): S.REJECTED,
    (S.ISSUE_OPEN, T.ISSUE_CLOSED): S.CANCELLED,
    (S.APPROVED, T.ORG_TAGGED): S.ORG_TAGGED,
    (S.ORG_TAGGED, T.TICKETS_ALIGNED): S.TICKETS_ALIGNED,
    (S.ORG_TAGGED, T.DUE_DATE_CHANGED): S.ORG_TAGGED,
    (S.TICKETS_ALIGNED, T.DUE_DATE_CHANGED): S.EXTENDED,
    (S.EXTENDED, T.DUE_DATE_CHANGED): S.EXTENDED,
    (S.ORG_TAGGED, T.EXPIRE): S.EXPIRED,
    (S.TICKETS_ALIGNED, T.EXPIRE): S.EXPIRED,
    (S.EXTENDED, T.EXPIRE): S.EXPIRED,
}

TERMINAL = frozenset({S.REJECTED, S.EXPIRED, S.CANCELLED})
# States in which the org carries the temporary second level tag.
TAGGED = frozenset({S.ORG_TAGGED, S.TICKETS_ALIGNED, S.EXTENDED})


class InvalidTransition(ValueError):
    """The trigger does not apply in this state (a late or repeated event)."""


def next_state(state: State | str | None, trigger: Trigger | str) -> State:
    """The state after `trigger`; raises InvalidTransition when the table has no such move."""
    key = (State(state) if state else None, Trigger(trigger))
    try:
        return TRANSITIONS[key]
    except KeyError:
        raise InvalidTransition(f"{trigger} is not allowed in state {state or 'new'}") from None


def can(state: State | str | None, trigger: Trigger | str) -> bool:
    return (State(state) if state else None, Trigger(trigger)) in TRANSITIONS


def date_problems(target: date | None, level: str | None, answered_on: date, *, levels_sold: list[str],
                  min_days: int, max_days: int, ambiguous: bool = False,
                  offering_label: str = "the new offering") -> list[str]:
    """What is missing or wrong in a customer's answer; empty when level and date are both valid."""
    problems = []
    choices = " or ".join(lvl.capitalize() for lvl in levels_sold)
    if level is None:
        problems.append(f"- the support level you will buy on {offering_label} ({choices})")
    elif level not in levels_sold:
        only = f"is sold with {choices} support only" if len(levels_sold) == 1 else f"is sold with {choices} support"
        problems.append(f"- {level.capitalize()} support is not available on {offering_label}, which {only}")
    if target is None:
        if ambiguous:
            problems.append("- the date you gave is ambiguous; please give one specific day as YYYY-MM-DD")
        else:
            problems.append("- the migration target date (YYYY-MM-DD)")
    elif target < answered_on + timedelta(days=min_days):
        problems.append(f"- the target date {target.isoformat()} must be at least {min_days} days ahead "
                        f"(on or after {(answered_on + timedelta(days=min_days)).isoformat()})")
    elif target > answered_on + timedelta(days=max_days):
        problems.append(f"- the target date {target.isoformat()} is too far: it must be within {max_days} days "
                        f"(on or before {(answered_on + timedelta(days=max_days)).isoformat()})")
    return problems


def date_in_bounds(target: date | None, answered_on: date, min_days: int, max_days: int) -> bool:
    return target is not None and answered_on + timedelta(days=min_days) <= target <= answered_on + timedelta(
        days=max_days)


def schedule_for(target: date, reminder_days: list[int], run_at: time = time(0, 0)) -> list[tuple[str, datetime]]:
    """The reminders and the expiry of a target date, at run_at UTC: [(kind, when)]."""
    at = lambda d: datetime.combine(d, run_at, tzinfo=timezone.utc)  # noqa: E731
    out = [(f"remind:{days}", at(target - timedelta(days=days))) for days in sorted(reminder_days, reverse=True)]
    out.append(("expire", at(target)))
    return out


def parse_iso_date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
