"""SPEC "Observable behaviour" 1, unsure detection: an internal note and a Slack prompt; a permitted person's click
confirms (the case continues as a confident one) or dismisses (the case ends); anyone else's click changes nothing."""
from __future__ import annotations

from bot.judgement.detect import classify
from sandbox.stack import in_days
from tests.conftest import UNSURE
from tests.flow.conftest import case_of, post_interaction


def _unsure_case(stack):
    item = {"id": "u", "today": in_days(0).isoformat(), "org": {"name": "Halvard Freight", "tags": ["sm_premium"]},
            "ticket": {"subject": UNSURE[0], "description": UNSURE[1], "tags": [], "comments": []}}
    assert classify(item, stack.rt.rules)["outcome"] == "ask", "pick another weak-evidence ticket for this test"
    org = stack.create_org("Halvard Freight", ["sm_premium", "amer"])
    ticket = stack.create_ticket(org, *UNSURE)
    stack.settle()
    internal = stack.bot_comments(ticket["id"], public=False)
    assert len(internal) == 1 and stack.bot_comments(ticket["id"], public=True) == []
    assert "offering_migration" not in stack.ticket(ticket["id"])["tags"]
    msgs = stack.slack_messages()
    assert len(msgs) == 1
    values = {el.get("value") for b in msgs[0].get("blocks") or [] for el in b.get("elements") or []}
    assert {"confirm", "dismiss"} <= values
    assert case_of(stack, ticket["id"]).state == "awaiting_confirmation"
    return org, ticket, msgs[0]


def test_unsure_detection_confirm_by_decider_continues_as_confident(stack):
    org, ticket, msg = _unsure_case(stack)
    other = stack.env["SANDBOX_SLACK_OTHER_USER"]
    answer = stack.click(msg, "confirm", other)
    assert answer["status"] == 200
    stack.settle()
    assert stack.bot_comments(ticket["id"], public=True) == []
    assert "offering_migration" not in stack.ticket(ticket["id"])["tags"]
    assert case_of(stack, ticket["id"]).state == "awaiting_confirmation"
    assert stack.slack_messages()[0]["text"] == msg["text"]

    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    clicked = stack.click(msg, "confirm", decider)
    assert clicked["status"] == 200
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 1 and "support level" in public[0]["body"] and "target date" in public[0]["body"]
    assert "offering_migration" in stack.ticket(ticket["id"])["tags"]
    # "continues as confident": the confident note may follow the unsure one, but nothing repeats.
    internal = [c["body"] for c in stack.bot_comments(ticket["id"], public=False)]
    assert len(internal) <= 2 and len(set(internal)) == len(internal)
    msgs = stack.slack_messages()
    assert len(msgs) == 1 and decider in msgs[0]["text"]
    assert case_of(stack, ticket["id"]).state == "awaiting_customer"
    # Slack delivering the same interaction again changes nothing more.
    for _ in range(2):
        assert post_interaction(stack, clicked["payload"]).status_code == 200
    stack.settle()
    assert len(stack.bot_comments(ticket["id"], public=True)) == 1
    assert len(stack.slack_messages()) == 1


def test_unsure_detection_dismiss_ends_the_case(stack):
    org, ticket, msg = _unsure_case(stack)
    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    assert stack.click(msg, "dismiss", decider)["status"] == 200
    stack.settle()
    assert stack.bot_comments(ticket["id"], public=True) == []
    assert len(stack.bot_comments(ticket["id"], public=False)) == 1
    assert "offering_migration" not in stack.ticket(ticket["id"])["tags"]
    assert case_of(stack, ticket["id"]).state == "cancelled"
    assert decider in stack.slack_messages()[0]["text"]
    assert stack.issues() == []
