"""GitLab Issue Hook: Support Ops approves, rejects, moves the due date or closes a case's issue."""
from __future__ import annotations

import re

from bot.case.driver import advance, refresh_description
from bot.case.effects import Effects
from bot.case.machine import TAGGED, State, Trigger, parse_iso_date
from bot.case.messages import render
from bot.errors import ApiNotFound
from handlers.routing import Router

router = Router()
MARKER = re.compile(r"offering-migration-case:(\d+):")


def case_for_payload(rt, payload: dict):
    """The case of an issue: by iid, or by the hidden marker when the iid was never recorded (crash)."""
    attrs = payload.get("object_attributes") or {}
    iid = attrs.get("iid")
    case = rt.store.case_for_issue(int(iid)) if isinstance(iid, int) else None
    if case is None:
        found = MARKER.search(attrs.get("description") or "")
        case = rt.store.case(int(found.group(1))) if found else None
        if case is not None and case.issue_iid is None and isinstance(iid, int):
            rt.store.update_case(case.id, issue_iid=iid, issue_url=attrs.get("url"))
            case = rt.store.case(case.id)
    return case


def our_project(rt, payload: dict) -> bool:
    """Issue numbers are per project: a hook from another project (a group hook, a shared token) is not ours."""
    project = payload.get("project") or {}
    configured = str(rt.settings.gitlab_project).strip()
    if configured.isdigit():
        return str(project.get("id")) == configured
    return str(project.get("path_with_namespace") or "").lower() == configured.lower()


def _current(rt, case) -> tuple[set[str], object, str]:
    """Labels, due date and state of the case's issue as GitLab has them now: hooks can arrive late or out of
    order (an approval label added, then removed), so decisions are taken on the issue itself."""
    issue = rt.gitlab.get_issue(case.issue_iid)
    labels = {x if isinstance(x, str) else x.get("name") or x.get("title") for x in issue.get("labels") or []}
    return labels, parse_iso_date(issue.get("due_date")), issue.get("state") or ""


@router.register("gitlab", "Issue Hook")
def issue_hook(rt, event: dict) -> str:
    payload = event["payload"]
    attrs = payload["object_attributes"]
    if (payload.get("user") or {}).get("username") == rt.gitlab_username:
        return "own write"
    if not our_project(rt, payload):
        return "another project"
    case = case_for_payload(rt, payload)
    if case is None:
        return "not a case issue"
    if case.issue_iid != attrs.get("iid"):
        return "not the case's issue"
    # Finish whatever an interrupted run left undone before judging this event.
    case = advance(rt, case.id)
    state = State(case.state)
    if state != State.ISSUE_OPEN and state not in TAGGED:
        return "case already decided"
    try:
        labels, due, issue_state = _current(rt, case)
    except ApiNotFound:
        # Support Ops deleted the issue: an open request is withdrawn, like a closed one.
        if state == State.ISSUE_OPEN:
            rt.store.transition(case.id, Trigger.ISSUE_CLOSED, actor="support_ops")
            return "issue deleted: cancelled"
        return "issue deleted"
    rules = rt.rules
    if state == State.ISSUE_OPEN and rules.labels["approved"] in labels:
        fields = {"target_date": due} if due and due != case.target_date else {}
        rt.store.transition(case.id, Trigger.APPROVE, actor="support_ops", **fields)
        advance(rt, case.id)
        return "approved"
    if state == State.ISSUE_OPEN and rules.labels["rejected"] in labels:
        rt.store.transition(case.id, Trigger.REJECT, actor="support_ops")
        advance(rt, case.id)
        return "rejected"
    if state in TAGGED and rules.labels["rejected"] in labels:
        # Once approved, the org carries the tag: say what the label does not do, and how to end support early.
        Effects(rt).issue_note(f"case:{case.id}:issue_note:rejected_after_approval", case.issue_iid,
                               render(rt, "issue_note_rejected_after_approval", case))
    if due and case.target_date and due != case.target_date and (state == State.ISSUE_OPEN or state in TAGGED):
        return move_target_date(rt, case, due, event["id"])
    if state == State.ISSUE_OPEN and issue_state == "closed":
        rt.store.transition(case.id, Trigger.ISSUE_CLOSED, actor="support_ops")
        return "cancelled"
    return "nothing to do"


def move_target_date(rt, case, due, event_id: str) -> str:
    """Support Ops changed the due date: new target date, reminders and expiry; an org-note line once tagged.

    The effects are keyed by the delivery: a repeat of this hook adds nothing, a later change (even back to a
    date used before) adds its own line."""
    moved = rt.store.transition(case.id, Trigger.DUE_DATE_CHANGED, actor="support_ops", target_date=due)
    fx = Effects(rt)
    refresh_description(rt, fx, moved, event_id)
    if State(moved.state) in TAGGED:
        rt.store.schedule(case.id, due, rt.rules.timings["reminder_days_before"])
        template = "org_note_extended" if due > case.target_date else "org_note_shortened"
        fx.org_note_line(f"case:{case.id}:org_note:extended:{event_id}", case.org_id, render(rt, template, moved))
        fx.issue_note(f"case:{case.id}:issue_note:extended:{event_id}", case.issue_iid,
                      render(rt, "issue_note_extended", moved))
    return f"target date moved to {due.isoformat()}"
