"""A click by someone SLACK_DECIDERS does not list changes nothing, and only that person is told who may decide
(SPEC "Observable behaviour" 5; the reply goes through the click's response_url, as Slack offers)."""
from __future__ import annotations

import requests
from sqlalchemy import select

from bot.db.models import InboxEvent
from tests.flow.conftest import post_interaction
from tests.flow.test_confirmation import _unsure_case


def test_a_refused_click_gets_one_ephemeral_answer_naming_the_deciders(stack):
    _, _, msg = _unsure_case(stack)
    other = stack.env["SANDBOX_SLACK_OTHER_USER"]
    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    clicked = stack.click(msg, "dismiss", other)
    stack.settle()
    base = stack.sandbox.slack_api_url.rsplit("/api/", 1)[0]
    told = requests.get(f"{base}/_sandbox/ephemeral", params={"user": other}, timeout=5).json()
    assert len(told) == 1 and decider in told[0]["text"]
    assert stack.rt.store.list_cases()[0].state == "awaiting_confirmation"
    # Slack retrying the same delivery does not tell them twice.
    assert post_interaction(stack, clicked["payload"]).status_code == 200
    stack.settle()
    assert len(requests.get(f"{base}/_sandbox/ephemeral", params={"user": other}, timeout=5).json()) == 1


def test_the_clicks_response_url_is_not_kept_once_handled(stack):
    _, _, msg = _unsure_case(stack)
    stack.click(msg, "dismiss", stack.env["SANDBOX_SLACK_OTHER_USER"])
    stack.settle()
    with stack.rt.engine.connect() as conn:
        rows = conn.execute(select(InboxEvent.payload, InboxEvent.status).where(InboxEvent.source == "slack")).all()
    assert rows and all(status == "done" for _, status in rows)
    assert not any("response_url" in payload for payload, _ in rows)
