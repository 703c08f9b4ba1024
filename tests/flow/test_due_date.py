"""SPEC "Observable behaviour" 4 and 6: Support Ops moves the issue's due date. Before approval it becomes the
approved date; after approval it moves the target date, the reminders and the expiry and adds an org-note line
(extended or shortened), once per change."""
from __future__ import annotations

from datetime import timedelta

from bot.worker import loop as worker
from sandbox.stack import in_days
from tests.conftest import MIGRATION
from tests.flow.conftest import approve, case_of, issue_notes, midnight, open_issue_case


def test_due_date_change_after_approval_moves_note_reminders_and_expiry(stack):
    org, ticket, issue, old = open_issue_case(stack)
    approve(stack, issue)
    new = old + timedelta(days=20)
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=new.isoformat())
    stack.settle()
    lines = stack.org(org["id"])["notes"].splitlines()
    assert lines[0] == "Key account since 2019."
    assert lines[1].startswith(f"Approved saas ultimate support until {old.isoformat()}")
    assert len(lines) == 3 and new.isoformat() in lines[2]
    case = case_of(stack, ticket["id"])
    assert case.target_date == new
    pending = {(a.kind, a.target_date) for a in stack.rt.store.actions(case.id) if a.status == "pending"}
    assert ("expire", new) in pending and all(d == new for _, d in pending)

    slack_before = len(stack.slack_messages())
    worker.run_due(stack.rt, midnight(old - timedelta(days=7)))
    worker.run_due(stack.rt, midnight(old))
    assert "saas_ultimate" in stack.org(org["id"])["tags"]
    assert len(stack.slack_messages()) == slack_before
    assert stack.gitlab("GET", f"issues/{issue['iid']}")["state"] == "opened"

    for days in (7, 1):
        worker.run_due(stack.rt, midnight(new - timedelta(days=days)))
    reminders = stack.slack_messages()[slack_before:]
    assert len(reminders) == 2 and all("Crannock Systems" in m["text"] for m in reminders)
    assert len([n for n in issue_notes(stack, issue["iid"]) if new.isoformat() in n["body"]]) >= 2
    worker.run_due(stack.rt, midnight(new))
    end = stack.org(org["id"])
    assert "saas_ultimate" not in end["tags"] and "sm_premium" in end["tags"]
    assert "Expired" in end["notes"].splitlines()[-1]
    assert stack.gitlab("GET", f"issues/{issue['iid']}")["state"] == "closed"
    assert case_of(stack, ticket["id"]).state == "expired"


def test_due_date_moved_back_to_an_earlier_date_keeps_its_expiry_and_note(stack):
    org, ticket, issue, old = open_issue_case(stack)
    approve(stack, issue)
    new = old + timedelta(days=20)
    for due in (new, old):
        stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=due.isoformat())
        stack.settle()
    case = case_of(stack, ticket["id"])
    assert case.target_date == old
    lines = stack.org(org["id"])["notes"].splitlines()
    assert len(lines) == 4 and new.isoformat() in lines[2] and old.isoformat() in lines[3]
    pending = {(a.kind, a.target_date) for a in stack.rt.store.actions(case.id) if a.status == "pending"}
    assert ("expire", old) in pending
    worker.run_due(stack.rt, midnight(old))
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]


def test_due_date_moved_back_to_an_extended_date_appends_its_line_again(stack):
    org, ticket, issue, old = open_issue_case(stack)
    approve(stack, issue)
    first, second = old + timedelta(days=20), old + timedelta(days=30)
    for due in (first, second, first):
        stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=due.isoformat())
        stack.settle()
    assert case_of(stack, ticket["id"]).target_date == first
    lines = stack.org(org["id"])["notes"].splitlines()
    assert len(lines) == 5 and first.isoformat() in lines[-1], lines


def test_due_date_change_before_approval_sets_the_approved_date(stack):
    org, ticket, issue, old = open_issue_case(stack)
    new = old + timedelta(days=10)
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=new.isoformat())
    stack.settle()
    assert case_of(stack, ticket["id"]).target_date == new
    assert stack.org(org["id"])["notes"] == "Key account since 2019."
    approve(stack, issue)
    lines = stack.org(org["id"])["notes"].splitlines()
    assert lines[1] == f"Approved saas ultimate support until {new.isoformat()} ({issue['web_url']})"
    case = case_of(stack, ticket["id"])
    assert {a.target_date for a in stack.rt.store.actions(case.id) if a.status == "pending"} == {new}


def test_shortened_date_is_not_called_an_extension(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"], notes="VIP.")
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    target = in_days(60)
    stack.reply(ticket, f"Ultimate, target date {target.isoformat()}.")
    stack.settle()
    issue = stack.issues()[0]
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    stack.settle()
    earlier = target - timedelta(days=20)
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=earlier.isoformat())
    stack.settle()
    last = stack.org(org["id"])["notes"].splitlines()[-1]
    assert last.startswith(f"Shortened saas ultimate support until {earlier.isoformat()}")
