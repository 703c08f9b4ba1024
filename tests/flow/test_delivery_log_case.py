"""The per-delivery log line names the case the delivery concerns (SPEC "Operations", Logs), in text and fields."""
from __future__ import annotations

import logging

from tests.conftest import MIGRATION, ORDINARY


def handled(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage().startswith("handled delivery=")]


def test_the_line_carries_the_case_id_of_a_migration_ticket_and_none_for_an_ordinary_one(stack, caplog):
    with caplog.at_level(logging.INFO, logger="bot.worker.workflows"):
        org = stack.create_org("Crannock Systems", ["sm_premium", "emea"])
        quiet = stack.create_org("Quiet Corp", ["sm_ultimate", "amer"])
        stack.create_ticket(org, *MIGRATION)
        stack.create_ticket(quiet, *ORDINARY)
        stack.wait_for(lambda: stack.rt.store.list_cases(), 20, "the case")
        stack.settle()
    case = stack.rt.store.list_cases()[0]
    lines = {r.delivery_id: r for r in handled(caplog) if r.event_type == "ticket.created"}
    assert len(lines) == 2
    mine = [r for r in lines.values() if r.case_id == str(case.id)]
    other = [r for r in lines.values() if r.case_id is None]
    assert len(mine) == 1 and len(other) == 1
    assert mine[0].getMessage().endswith(f" case={case.id}") and other[0].getMessage().endswith(" case=-")
    assert {r.source for r in lines.values()} == {"zendesk"}
    assert all(isinstance(r.ms, int) and r.outcome for r in lines.values())


def _writes(caplog, service: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage().startswith(f"write {service} ")]


def test_the_writes_of_a_slack_click_name_their_case(stack, caplog):
    from tests.flow.test_confirmation import _unsure_case

    with caplog.at_level(logging.INFO, logger="bot.worker.runtime"):
        _, _, msg = _unsure_case(stack)
        caplog.clear()
        stack.click(msg, "dismiss", stack.env["SLACK_DECIDERS"].split(",")[0])
        stack.settle()
    clicked = _writes(caplog, "slack")  # chat.update saying who decided
    case = stack.rt.store.list_cases()[0]
    assert clicked and all(r.case_id == str(case.id) for r in clicked)


def test_the_writes_of_an_approval_hook_name_their_case(stack, caplog):
    from tests.flow.conftest import approve, open_issue_case

    _, _, issue, _ = open_issue_case(stack)
    case = stack.rt.store.list_cases()[0]
    with caplog.at_level(logging.INFO, logger="bot.worker.runtime"):
        approve(stack, issue)
    approved = _writes(caplog, "gitlab") + _writes(caplog, "zendesk")
    assert approved and {r.case_id for r in approved} == {str(case.id)}
