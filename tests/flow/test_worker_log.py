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
