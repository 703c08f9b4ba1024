"""SPEC "Observable behaviour" 3: a second migration ticket of the org joins the open case (a note, no second
question, no second issue), and the issue description keeps listing the case's tickets and its current date."""
from __future__ import annotations

from sandbox.stack import in_days
from tests.conftest import MIGRATION
from tests.flow.conftest import issue_notes


def test_second_ticket_joins_the_open_case(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"])
    first = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    second = stack.create_ticket(org, *MIGRATION, requester="dev2@example.com")
    stack.settle()
    assert len(stack.bot_comments(second["id"], public=False)) == 1
    assert stack.bot_comments(second["id"], public=True) == []
    assert len(stack.rt.store.list_cases()) == 1
    target = in_days(40)
    stack.reply(first, f"Ultimate on GitLab.com, target date {target.isoformat()}.")
    stack.settle()
    issues = stack.issues()
    assert len(issues) == 1
    assert f"#{first['id']}:" in issues[0]["description"] and f"#{second['id']}:" in issues[0]["description"]

    third = stack.create_ticket(org, *MIGRATION, requester="dev3@example.com")
    stack.settle()
    assert len(stack.issues()) == 1
    assert len(stack.bot_comments(third["id"], public=False)) >= 1
    assert any(f"#{third['id']} " in n["body"] for n in issue_notes(stack, issues[0]["iid"]))
    assert [t.ticket_id for t in stack.rt.store.tickets(stack.rt.store.list_cases()[0].id)] == [
        str(first["id"]), str(second["id"]), str(third["id"])]


def test_issue_description_lists_joined_tickets_and_the_moved_date(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    first = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    stack.reply(first, f"Ultimate, target date {in_days(30).isoformat()}.")
    stack.settle()
    second = stack.create_ticket(org, *MIGRATION, requester="second@example.com")
    stack.settle()
    issue = stack.issues()[0]
    assert f"#{first['id']}" in issue["description"] and f"#{second['id']}" in issue["description"]
    moved = in_days(45)
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=moved.isoformat())
    stack.settle()
    assert moved.isoformat() in stack.issues()[0]["description"]
    assert stack.rt.store.list_cases()[0].target_date == moved
