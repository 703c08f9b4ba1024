"""What is left when something went wrong finishes without a dead letter: a case interrupted between states is
finished by the worker's sweep, an event about a ticket deleted since is done, and a deleted issue cancels its open
case."""
from __future__ import annotations

import json
from datetime import timedelta

import requests

from bot.case.machine import State, parse_iso_date
from bot.db import inbox
from bot.worker import loop as worker
from sandbox.stack import in_days
from tests.conftest import load_fixture, zendesk_headers
from tests.flow.conftest import inbox_result, open_issue_case, post_issue_hook, start_case


def test_reconcile_finishes_a_case_left_between_states(any_db_stack):
    """A case interrupted after its transition (the worker's sweep is the safety net behind DBOS recovery)."""
    stack = any_db_stack
    org, ticket = start_case(stack)
    case = stack.rt.store.list_cases()[0]
    # Simulate a crash right after the answer was accepted: state moved, nothing else happened.
    stack.rt.store.transition(case.id, "reply_valid", support_level="premium",
                              target_date=parse_iso_date(in_days(30).isoformat()))
    assert stack.rt.store.case(case.id).state == State.INFO_RECEIVED
    handles = worker.reconcile_stuck(stack.rt, stack.rt.now() + timedelta(hours=1), older_than=60)
    assert [h.get_result() for h in handles] == ["issue_open"]
    assert len(stack.issues()) == 1
    again = worker.reconcile_stuck(stack.rt, stack.rt.now() + timedelta(hours=1), older_than=60)
    assert again == []  # issue_open is a waiting state: nothing left to finish


def test_event_for_a_deleted_ticket_is_done_not_dead_lettered(stack):
    body = json.loads(load_fixture("zendesk/ticket.created__migration"))
    body["id"] = "01JDELETEDTICKET0000000000"
    body["detail"]["id"] = "987654"
    body["subject"] = "zen:ticket:987654"
    raw = json.dumps(body).encode()
    resp = requests.post(f"{stack.web.url}/webhooks/zendesk", data=raw, timeout=10,
                         headers=zendesk_headers(raw, stack.env["ZENDESK_WEBHOOK_SECRET"]))
    assert resp.status_code == 202, resp.text
    stack.settle()
    assert worker.dead_letters(stack.rt) == []
    recorded = inbox.load(stack.rt.engine, "zendesk:01JDELETEDTICKET0000000000")
    assert recorded["status"] == "done" and stack.rt.store.list_cases() == []


def test_a_deleted_issue_cancels_its_open_case_instead_of_dead_lettering(stack):
    _org, _ticket, issue, _target = open_issue_case(stack, org_tags=("sm_premium",))
    stack.gitlab("DELETE", f"issues/{issue['iid']}")
    hook = post_issue_hook(stack, issue, {"id": 1, "path_with_namespace": "support-ops/offering-migrations"},
                           ["offering-migration", "offering-migration::approved"])
    assert inbox_result(stack, hook) == "issue deleted: cancelled"
    assert stack.rt.store.list_cases()[0].state == "cancelled" and worker.dead_letters(stack.rt) == []
