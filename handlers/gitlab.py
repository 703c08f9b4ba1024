"""GitLab Issue Hook: Support Ops approves, rejects, moves the due date or closes a case's issue."""
from __future__ import annotations

from bot.domain import TAGGED, State, Trigger
from bot.effects import Effects
from bot.process import advance, parse_iso_date, render
from bot.routing import Router

router = Router()


def _labels(payload: dict) -> set[str]:
    items = payload.get("labels") or payload["object_attributes"].get("labels") or []
    return {item.get("title") for item in items if isinstance(item, dict)}


@router.register("gitlab", "Issue Hook")
def issue_hook(rt, event: dict) -> str:
    payload = event["payload"]
    attrs = payload["object_attributes"]
    if (payload.get("user") or {}).get("username") == rt.gitlab_username:
        return "own write"
    case = rt.store.case_for_issue(int(attrs["iid"]))
    if case is None:
        return "not a case issue"
    labels, rules = _labels(payload), rt.rules
    due = parse_iso_date(attrs.get("due_date"))
    state = State(case.state)
    if state == State.ISSUE_OPEN and rules.labels["approved"] in labels:
        fields = {"target_date": due} if due and due != case.target_date else {}
        rt.store.transition(case.id, Trigger.APPROVE, actor="support_ops", **fields)
        advance(rt, case.id)
        return "approved"
    if state == State.ISSUE_OPEN and rules.labels["rejected"] in labels:
        rt.store.transition(case.id, Trigger.REJECT, actor="support_ops")
        advance(rt, case.id)
        return "rejected"
    if due and case.target_date and due != case.target_date and (state == State.ISSUE_OPEN or state in TAGGED):
        return move_target_date(rt, case, due)
    if state == State.ISSUE_OPEN and attrs.get("state") == "closed":
        rt.store.transition(case.id, Trigger.ISSUE_CLOSED, actor="support_ops")
        return "cancelled"
    return "nothing to do"


def move_target_date(rt, case, due) -> str:
    """Support Ops changed the due date: new target date, reminders and expiry; an org-note line once tagged."""
    moved = rt.store.transition(case.id, Trigger.DUE_DATE_CHANGED, actor="support_ops", target_date=due)
    if State(moved.state) in TAGGED:
        fx = Effects(rt)
        rt.store.schedule(case.id, due, rt.rules.timings["reminder_days_before"])
        fx.org_note_line(f"case:{case.id}:org_note:extended:{due.isoformat()}", case.org_id,
                         render(rt, "org_note_extended", moved))
        fx.issue_note(f"case:{case.id}:issue_note:extended:{due.isoformat()}", case.issue_iid,
                      render(rt, "issue_note_extended", moved))
    return f"target date moved to {due.isoformat()}"
