"""SPEC "Observable behaviour" 2-3: the customer's answer (support level and migration target date). A valid answer,
in the reply or already in the ticket, opens the Support Ops issue without asking again; an invalid one gets one
public comment saying what is missing, and the valid part of it is kept."""
from __future__ import annotations

from sandbox.stack import in_days
from tests.conftest import MIGRATION
from tests.flow.conftest import case_of, start_case


def test_invalid_reply_gets_one_comment_saying_what_is_missing(any_db_stack):
    stack = any_db_stack
    org, ticket = start_case(stack)
    stack.reply(ticket, "We will take Ultimate, and want to be done in early March.")
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 2
    assert "ambiguous" in public[-1]["body"]
    stack.reply(ticket, f"Ultimate, target date {in_days(3).isoformat()}.")
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 3 and "at least 7 days" in public[-1]["body"]
    assert stack.issues() == []


def test_stated_level_and_date_opens_the_issue_without_asking(stack):
    org = stack.create_org("Brightwater Labs", ["sm_premium", "emea"])
    target = in_days(30)
    stated = f"\nWe will buy Ultimate on GitLab.com and the migration will be completed by {target.isoformat()}."
    ticket = stack.create_ticket(org, MIGRATION[0], MIGRATION[1].replace("\n-- Jana", stated))
    stack.settle()
    assert stack.bot_comments(ticket["id"], public=True) == []
    assert "offering_migration" in stack.ticket(ticket["id"])["tags"]
    issues = stack.issues()
    assert len(issues) == 1 and issues[0]["due_date"] == target.isoformat()
    assert "Ultimate" in issues[0]["description"]
    assert any(issues[0]["web_url"] in c["body"] for c in stack.bot_comments(ticket["id"], public=False))


def test_reply_without_level_or_too_far_is_refused_with_the_reason(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    stack.reply(ticket, f"Our migration target date is {in_days(60).isoformat()}.")
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 2 and "support level" in public[-1]["body"]
    assert "- the migration target date" not in public[-1]["body"]  # the date it gave is fine
    stack.reply(ticket, f"Ultimate, and the target date is {in_days(400).isoformat()}.")
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 3 and "too far" in public[-1]["body"]
    stack.reply(ticket, "Premium please.")  # still no date: the bot never guesses one
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 4 and "date" in public[-1]["body"]
    assert stack.issues() == [] and case_of(stack, ticket["id"]).state == "awaiting_customer"


def test_a_valid_level_is_remembered_while_the_date_is_asked_again(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    stack.reply(ticket, f"Premium. Target date {in_days(500).isoformat()}.")
    stack.settle()
    refusal = stack.bot_comments(ticket["id"], public=True)[-1]["body"]
    assert "too far" in refusal and "support level" not in refusal.split("need:")[1].split("Please")[0]
    stack.reply(ticket, f"OK, our target date is {in_days(40).isoformat()}.")
    stack.settle()
    case = stack.rt.store.list_cases()[0]
    assert case.state == "issue_open" and case.support_level == "premium"
    assert case.target_date == in_days(40)


def test_a_valid_level_stated_in_the_ticket_is_kept_when_its_date_is_refused(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    subject, body = MIGRATION
    stated = f"\nWe will buy Premium on GitLab.com and want to be done by {in_days(3).isoformat()}.\n-- Jana"
    ticket = stack.create_ticket(org, subject, body.replace("\n-- Jana", stated))
    stack.settle()
    assert len(stack.bot_comments(ticket["id"], public=True)) == 1  # the date is too close: asked
    case = stack.rt.store.list_cases()[0]
    assert case.state == "awaiting_customer" and case.support_level == "premium" and case.target_date is None
    stack.reply(ticket, f"Sorry, that was a typo: the target date is {in_days(30).isoformat()}.")
    stack.settle()
    case = stack.rt.store.list_cases()[0]
    assert case.state == "issue_open" and case.support_level == "premium" and case.target_date == in_days(30)
