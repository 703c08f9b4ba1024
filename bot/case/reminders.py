"""Scheduled actions: reminders before the target date and the expiry on it."""
from __future__ import annotations

from bot.case.driver import advance
from bot.case.effects import Effects
from bot.case.machine import TAGGED, State, Trigger
from bot.case.messages import render, slack_escape


def run_action(rt, action_id: int) -> str:
    action = rt.store.action(action_id)
    if action is None or action.status in ("done", "cancelled"):
        return "nothing to do"
    case = rt.store.case(action.case_id)
    if State(case.state) not in TAGGED or case.target_date != action.target_date:
        rt.store.set_action(action.id, "cancelled")
        return "stale"
    fx = Effects(rt)
    if action.kind.startswith("remind:"):
        days = int(action.kind.split(":", 1)[1])
        left = f"{days} day" if days == 1 else f"{days} days"
        fx.issue_note(f"action:{action.id}:issue_note", case.issue_iid,
                      render(rt, "reminder_issue_note", case, days=days, days_left=left))
        fx.slack_post(f"action:{action.id}:slack", render(rt, "reminder_slack", case, days=days, days_left=left)
                      .replace(case.org_name, slack_escape(case.org_name)))
    elif action.kind == "expire":
        rt.store.transition(case.id, Trigger.EXPIRE, actor="schedule")
        advance(rt, case.id)
    rt.store.set_action(action.id, "done")
    return f"{action.kind} done"
