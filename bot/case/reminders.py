"""Scheduled actions: reminders before the target date, the expiry on it, and the re-run of a dead-lettered write."""
from __future__ import annotations

from bot.case.driver import advance
from bot.case.effects import REDOABLE, Effects
from bot.case.machine import TAGGED, State, Trigger
from bot.case.messages import render
from bot.case.store import REDO_PREFIX
from bot.errors import ApiError, ApiTransient


def run_action(rt, action_id: int) -> str:
    action = rt.store.action(action_id)
    if action is None or action.status in ("done", "cancelled"):
        return "nothing to do"
    case = rt.store.case(action.case_id)
    if action.kind.startswith(REDO_PREFIX):
        result = redo(rt, case, action)
    elif (action.kind == "expire" and case.state == State.EXPIRED and case.target_date == action.target_date):
        # A replay of an expiry that failed half-way (the case moved on before its effects): finish them; the
        # ledger skips what was done. Cancelling it as stale would leave the temporary tag on the org for good.
        advance(rt, case.id)
        result = "expire finished"
    elif State(case.state) not in TAGGED or case.target_date != action.target_date:
        rt.store.set_action(action.id, "cancelled")
        return "stale"
    elif action.kind.startswith("remind:"):
        if rt.store.overtaken(action, rt.now()):
            # Caught up late: a later reminder or the expiry is due too, so this one would no longer be true.
            rt.store.set_action(action.id, "cancelled", "dropped: a later reminder or the expiry is due too")
            rt.store.audit("reminder_dropped", case.id, actor="schedule", kind=action.kind)
            return f"{action.kind} dropped"
        remind(rt, case, action)
        result = f"{action.kind} done"
    elif action.kind == "expire":
        rt.store.transition(case.id, Trigger.EXPIRE, actor="schedule")
        advance(rt, case.id)
        result = "expire done"
    else:
        result = f"unknown action kind {action.kind}"
    rt.store.set_action(action.id, "done")
    return result


def remind(rt, case, action) -> None:
    fx = Effects(rt)
    days = int(action.kind.split(":", 1)[1])
    left = f"{days} day" if days == 1 else f"{days} days"
    fx.issue_note(f"action:{action.id}:issue_note", case.issue_iid,
                  render(rt, "reminder_issue_note", case, days=days, days_left=left))
    fx.slack_post(f"action:{action.id}:slack", render(rt, "reminder_slack", case, days=days, days_left=left))


def redo(rt, case, action) -> str:
    """Run a dead-lettered secondary write again (`replay`), under its own ledger key, so it happens once."""
    detail = rt.store.redo_of(action)
    if not detail or detail.get("op") not in REDOABLE:
        return "nothing to redo"
    try:
        Effects(rt).perform(case.id, detail["op"], detail["key"], *detail.get("args") or [])
    except ApiTransient:
        raise
    except ApiError as exc:  # still refused: stays a dead letter, and still names the case and the write
        raise type(exc)(exc.service, exc.status, f"case {case.id}: {detail['key']}: {exc}", exc.body) from exc
    return f"redo {detail['key']} done"
