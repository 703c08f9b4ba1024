"""The worker says what it did: one log line per handled delivery (id, source, type, outcome, milliseconds)."""
from __future__ import annotations

import logging
import re

from tests.conftest import ORDINARY


def test_each_handled_delivery_is_one_log_line(stack, caplog):
    with caplog.at_level(logging.INFO, logger="bot.worker.workflows"):
        org = stack.create_org("Quiet Corp", ["sm_ultimate", "amer"])
        stack.create_ticket(org, *ORDINARY)
        stack.settle()
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("handled delivery=")]
    created = [line for line in lines if "type=ticket.created" in line]
    assert len(created) == 1
    assert re.search(r"delivery=zendesk:\S+ source=zendesk type=ticket.created outcome='[^']+' ms=\d+", created[0])


def test_a_failed_delivery_is_one_error_line_with_its_fields_and_its_case(stack, caplog):
    from prometheus_client import REGISTRY

    from tests.conftest import MIGRATION

    def failed_count() -> float:  # the customer's answer is the delivery that fails (it opens the issue)
        return REGISTRY.get_sample_value("bot_deliveries_total", {
            "source": "zendesk", "event_type": "ticket.comment_added", "outcome": "failed"}) or 0.0

    before = failed_count()
    stack.faults("gitlab", error_rate=1.0, error_status=403)  # the Support Ops issue is refused for good
    with caplog.at_level(logging.INFO, logger="bot.worker.workflows"):
        org = stack.create_org("Crannock Systems", ["sm_premium", "emea"])
        ticket = stack.create_ticket(org, *MIGRATION)
        stack.settle()
        customer = stack.rt.store.list_cases()[0]
        stack.reply(ticket, "We will buy Premium; the target date is 2027-03-31.")
        stack.settle()
    stack.faults("gitlab")
    lines = [r for r in caplog.records if r.getMessage().startswith("handled delivery=")
             and r.levelno == logging.ERROR]
    assert lines, [r.getMessage() for r in caplog.records][-5:]
    line = lines[0]
    assert line.outcome.startswith("failed: ") and line.source == "zendesk" and line.ms is None
    assert line.case_id == str(customer.id) and line.event_type == "ticket.comment_added"
    assert failed_count() == before + len(lines)
