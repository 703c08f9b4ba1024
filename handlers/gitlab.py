"""GitLab Issue Hook (and Confidential Issue Hook): Support Ops approves, rejects, moves the due date or closes
a case's issue."""
from __future__ import annotations

import re
from datetime import timedelta

from bot.case.driver import advance, refresh_description
from bot.case.effects import Effects
from bot.case.machine import TAGGED, State, Trigger, parse_iso_date
from bot.case.messages import render
from bot.errors import ApiNotFound
from bot.logs import case_scope
from handlers.routing import Router

router = Router()
MARKER = re.compile(r"offering-migration-case:([0-9]{1,10}):")


def _db_id(value):
    """An id our INTEGER columns can hold, else None: a number from the outside that is too big names nothing."""
    return value if type(value) is int and 0 < value <= 2**31 - 1 else None


def case_for_payload(rt, payload: dict):
    """The case of an issue: by iid, or by the hidden marker when the iid was never recorded (crash)."""
    attrs = payload.get("object_attributes") or {}
    iid = _db_id(attrs.get("iid"))
    case = rt.store.case_for_issue(iid) if iid is not None else None
    if case is None:
        description = attrs.get("description")
        found = MARKER.search(description if isinstance(description, str) else "")
        case_id = _db_id(int(found.group(1))) if found else None
        case = rt.store.case(case_id) if case_id is not None else None
        if case is not None and case.issue_iid is None and iid is not None:
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
@router.register("gitlab", "Confidential Issue Hook")  # what GitLab sends for a confidential issue
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
    with case_scope(case.id):  # every log line of this hook's work, writes included, names the case
        return _judge_issue(rt, event, attrs, case)


def _judge_issue(rt, event: dict, attrs: dict, case) -> str:
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
    fx = Effects(rt)
    approved, rejected = rules.labels["approved"] in labels, rules.labels["rejected"] in labels
    if state == State.ISSUE_OPEN and label_conflict(rt, fx, case, approved and rejected):
        return "both labels: asked Support Ops to keep one"
    if due is not None and due != case.target_date and not due_date_allowed(rt, fx, case, due):
        due = None
    if state == State.ISSUE_OPEN and approved:
        refusal = approval_refusal(rt, case)
        if refusal is not None:
            event_key, why = refusal
            fx.issue_note(f"case:{case.id}:issue_note:approval_refused:{event_key}", case.issue_iid,
                          render(rt, "issue_note_approval_refused", case, why=why))
            return "approval refused: " + why
        fields = {"target_date": due} if due and due != case.target_date else {}
        rt.store.transition(case.id, Trigger.APPROVE, actor="support_ops", **fields)
        advance(rt, case.id)
        return "approved"
    if state == State.ISSUE_OPEN and rejected:
        rt.store.transition(case.id, Trigger.REJECT, actor="support_ops")
        advance(rt, case.id)
        return "rejected"
    if state in TAGGED and rejected:
        # Once approved, the org carries the tag: say what the label does not do, and how to end support early.
        fx.issue_note(f"case:{case.id}:issue_note:rejected_after_approval", case.issue_iid,
                      render(rt, "issue_note_rejected_after_approval", case))
    if due and case.target_date and due != case.target_date and (state == State.ISSUE_OPEN or state in TAGGED):
        return move_target_date(rt, case, due, event["id"])
    if state == State.ISSUE_OPEN and issue_state == "closed":
        rt.store.transition(case.id, Trigger.ISSUE_CLOSED, actor="support_ops")
        return "cancelled"
    return "nothing to do"


def label_conflict(rt, fx: Effects, case, both: bool) -> bool:
    """GitLab Free keeps both scoped labels (exclusivity is a paid feature): decide nothing while both are there,
    and ask once per conflict; a conflict that ended and comes back is asked about again."""
    episode = 0
    while fx.done(f"case:{case.id}:label_conflict:{episode}:resolved"):
        episode += 1
    asked = f"case:{case.id}:issue_note:label_conflict:{episode}"
    if both:
        fx.issue_note(asked, case.issue_iid, render(rt, "issue_note_label_conflict", case))
    elif fx.done(asked):
        fx.once(f"case:{case.id}:label_conflict:{episode}:resolved", dict)
    return both


def approval_refusal(rt, case) -> tuple[str, str] | None:
    """(event key, why) when the approval label that is on the issue now does not count: the bot's own account
    added it (text the bot wrote can carry a quick action), or GITLAB_APPROVERS does not list who did."""
    label = rt.rules.labels["approved"]
    adds = [e for e in rt.tracker.label_events(case.issue_iid)
            if e.get("action") == "add" and (e.get("label") or {}).get("name") == label]
    if not adds:
        return "none", "GitLab has no record of who added the approval label"
    last = adds[-1]
    who = str((last.get("user") or {}).get("username") or "")
    key = str(last.get("id"))
    if not who or who == rt.gitlab_username:
        return key, "the label was added by the bot's own account, not by a person"
    approvers = rt.settings.gitlab_approvers
    if approvers and who not in approvers:
        return key, f"{who} is not one of the approvers ({', '.join(approvers)})"
    return None


def due_date_allowed(rt, fx: Effects, case, due) -> bool:
    """Support Ops may set a due date from today (ends the temporary support at once) to max_days_ahead; any
    other date changes nothing and is answered with one note giving the allowed range."""
    today = rt.now().date()
    latest = today + timedelta(days=rt.rules.timings["max_days_ahead"])
    if today <= due <= latest:
        return True
    fx.issue_note(f"case:{case.id}:issue_note:due_refused:{due.isoformat()}", case.issue_iid,
                  render(rt, "issue_note_due_date_refused", case, due=due.isoformat(), earliest=today.isoformat(),
                         latest=latest.isoformat()))
    return False


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
        fx.secondary(case.id, "org_note_line", f"case:{case.id}:org_note:extended:{event_id}", case.org_id,
                     render(rt, template, moved))
        fx.secondary(case.id, "issue_note", f"case:{case.id}:issue_note:extended:{event_id}", case.issue_iid,
                     render(rt, "issue_note_extended", moved))
    return f"target date moved to {due.isoformat()}"
