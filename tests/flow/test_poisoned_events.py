"""SPEC "Hostile or broken input that was already accepted": no accepted delivery can stop the worker.

A row that breaks its hand-over (a huge number in a GitLab hook or a Slack block id, a byte-order mark or a
broken payload stored by an older version, a bug) is retried a bounded number of times and then set aside as a
dead letter with its reason; every other event and every scheduled action goes on, and `replay` re-runs it.
"""
from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.case.machine import Trigger
from bot.case.store import Store
from bot.db import inbox
from bot.db.engine import make_engine, make_sessionmaker, upgrade
from bot.db.inbox import Delivery
from bot.db.models import SlackPrompt
from bot.worker import loop as worker

MIGRATION = ("Pipelines stuck on GitLab.com after moving off our self-managed server",
             "Hi, we are migrating from our self-managed GitLab instance to GitLab.com (SaaS) and have moved our\n"
             "first group over to gitlab.com. Pipelines on gitlab.com now sit in pending: 'This job is stuck\n"
             "because you don't have any active runners'. How do we use the shared runners on GitLab.com?\n-- Jana")
HUGE = 10 ** 30


@pytest.fixture
def stack(db_url, make_stack):
    return make_stack(db_url)


def issue_hook(iid: int, description: str = "") -> dict:
    return {"object_kind": "issue", "event_type": "issue", "user": {"id": 7, "username": "someone"},
            "project": {"id": 1, "path_with_namespace": "support-ops/offering-migrations"},
            "object_attributes": {"id": 4242, "iid": iid, "action": "update", "state": "opened",
                                  "description": description, "labels": []}}


def block_actions(block_id: str) -> dict:
    return {"type": "block_actions", "trigger_id": str(uuid.uuid4()), "user": {"id": "U1"},
            "container": {"channel_id": "C1", "message_ts": "1.000001"},
            "actions": [{"action_id": "mb_decide_0", "block_id": block_id, "value": "confirm",
                         "action_ts": str(time.time())}]}


def accepted_earlier(engine, source: str, payload_text: str, relevant: bool = True) -> str:
    """A row exactly as an older web process stored it (before the door refused or cleaned such bodies)."""
    delivery = Delivery(f"{source}:{uuid.uuid4()}", "Issue Hook" if source == "gitlab" else "block_actions",
                        relevant)
    inbox.record(engine, source, delivery, None, raw=payload_text,
                 now=datetime.now(timezone.utc) - timedelta(minutes=5))
    return delivery.delivery_id


def status_of(engine, event_id: str) -> tuple[str, str | None]:
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT status, result FROM inbox WHERE id = :id"), {"id": event_id}).one()
    return row.status, row.result


def due_action(stack) -> int:
    return due_action_for_org(stack, "777")


def due_action_for_org(stack, org_id: str) -> int:
    """A case awaiting confirmation with an expiry that is already due (the action runs and finds it stale)."""
    case, _ = stack.rt.store.create_case(
        org_id=org_id, org_name="Poison Test Org", paid="self_managed", target="saas", trigger=Trigger.DETECT_UNSURE,
        ticket_id="9999", requester_id="1", reason="test", confidence=0.5, partner_managed=False,
        partner_name=None, level=None, target_date=None)
    yesterday = datetime.now(timezone.utc).date() - timedelta(days=1)
    stack.rt.store.schedule(case.id, yesterday, [7, 1])
    return stack.rt.store.actions(case.id)[0].id


def poison(stack, with_marker_hook: bool = True) -> dict[str, str]:
    """Every kind of row that used to stop the worker for good, each as it reaches the inbox."""
    engine = stack.rt.engine
    rows = {
        "iid 10**30": accepted_earlier(engine, "gitlab", json.dumps(issue_hook(HUGE))),
        "iid 2**63": accepted_earlier(engine, "gitlab", json.dumps(issue_hook(2 ** 63))),
        "iid 2**31": accepted_earlier(engine, "gitlab", json.dumps(issue_hook(2 ** 31))),
        "marker 20 digits": accepted_earlier(engine, "gitlab", json.dumps(issue_hook(
            3, "offering-migration-case:99999999999999999999:x"))),
        "byte-order mark": accepted_earlier(engine, "gitlab", "\ufeff" + json.dumps(issue_hook(4))),
        "block_id 30 digits": accepted_earlier(engine, "slack", json.dumps(block_actions("mbp-" + "9" * 30))),
        "block_id superscript": accepted_earlier(engine, "slack", json.dumps(block_actions("mbp-²"))),
        "not JSON": accepted_earlier(engine, "gitlab", '{"object_kind": "issue", "object_attr'),
        # int() refuses more than 4300 digits (ValueError), whatever the database would say
        "marker 5000 digits": accepted_earlier(engine, "gitlab", json.dumps(issue_hook(
            6, "offering-migration-case:" + "7" * 5000 + ":x"))),
    }
    if engine.dialect.name == "sqlite":  # PostgreSQL never stored this one: it refuses NUL in text
        rows["UTF-16 read as UTF-8"] = accepted_earlier(
            engine, "gitlab", json.dumps(issue_hook(5)).encode("utf-16-le").decode("utf-8"))
    if with_marker_hook:
        # The real thing: any project member writes the marker, GitLab itself delivers the hook.
        stack.gitlab("POST", "issues", title="Not a case",
                     description="see offering-migration-case:99999999999999999999:abc")
    return rows


def wait_until_set_aside(stack, rows: dict[str, str], timeout: float = 60.0) -> dict[str, tuple]:
    def settled():
        states = {name: status_of(stack.rt.engine, rid) for name, rid in rows.items()}
        return states if all(s in ("done", "failed", "ignored") for s, _ in states.values()) else None
    return stack.wait_for(settled, timeout, "every poisoned row to be done or set aside")


def test_poisoned_rows_block_neither_later_events_nor_scheduled_actions(stack):
    rows = poison(stack)
    action_id = due_action(stack)
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"])
    ticket = stack.create_ticket(org, *MIGRATION)
    # The ticket created after the poison is handled, and the due action runs.
    stack.wait_for(lambda: stack.bot_comments(ticket["id"], public=True), 60, "the ask on the later ticket")
    stack.wait_for(lambda: stack.rt.store.action(action_id).status != "pending", 30, "the due action")
    states = wait_until_set_aside(stack, rows)
    for name, (status, result) in states.items():
        if status == "failed":  # a dead letter always says why
            assert result and len(result) > 10, (name, result)
    # What names nothing is simply not a case's: the GitLab marker and huge ids end as ordinary events.
    for name in ("iid 10**30", "iid 2**63", "iid 2**31", "marker 20 digits", "block_id 30 digits"):
        assert states[name][0] == "done", (name, states[name])
    # A byte-order mark stored by an older version is read as the JSON text it precedes.
    assert states["byte-order mark"][0] == "done"
    assert states["not JSON"][0] == "failed"
    assert stack.thread.is_alive()
    assert {d["id"] for d in worker.dead_letters(stack.rt)} >= {rows["not JSON"]}


def test_hand_over_failure_is_bounded_logged_once_and_replayable(stack, monkeypatch, caplog):
    """A bug in the hand-over itself: retried a few times, then a dead letter with its reason; the fix deployed,
    `replay` runs the event."""
    caplog.set_level(logging.INFO, logger="bot.worker.loop")
    real = worker.case_for_payload
    broken = threading.Event()
    broken.set()

    def buggy(rt, payload):
        if broken.is_set() and (payload.get("object_attributes") or {}).get("iid") == 31337:
            raise RuntimeError("a bug in the hand-over")
        return real(rt, payload)

    monkeypatch.setattr(worker, "case_for_payload", buggy)
    row = accepted_earlier(stack.rt.engine, "gitlab", json.dumps(issue_hook(31337)))
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.wait_for(lambda: stack.bot_comments(ticket["id"], public=True), 60, "the ask behind the broken row")
    status, result = stack.wait_for(lambda: (lambda s: s if s[0] == "failed" else None)(
        status_of(stack.rt.engine, row)), 60, "the dead letter")
    assert "RuntimeError" in result and "a bug in the hand-over" in result
    assert f"{worker.HANDOVER_ATTEMPTS} attempts" in result
    time.sleep(1.0)  # the worker keeps polling; the dead letter is not logged again
    lines = [r for r in caplog.records if row in r.getMessage()]
    assert 1 <= len(lines) <= worker.HANDOVER_ATTEMPTS + 1, [r.getMessage() for r in lines]
    assert status_of(stack.rt.engine, row)[0] == "failed"

    broken.clear()  # the fix is deployed
    outcome = worker.replay(stack.rt)
    # The running worker also hands over rows set aside for replay (the status pages' button): whichever of the two
    # takes the row first runs it, so replay() may have no result of its own; the row ends done either way.
    assert outcome["events"] == 1 and not [r for r in outcome["results"] if str(r).startswith("failed")]
    stack.settle()
    assert status_of(stack.rt.engine, row)[0] == "done"
    assert worker.dead_letters(stack.rt) == []


def test_replay_reruns_a_row_whose_hand_over_still_fails(stack, monkeypatch):
    """A row that cannot find its organization is run anyway by `replay` (never stuck in `replay`): it ends done
    or set aside again with the handler's reason, and replay itself never raises."""
    monkeypatch.setattr(worker, "HANDOVER_ATTEMPTS", 1)
    row = accepted_earlier(stack.rt.engine, "gitlab", '{"object_kind": "issue"')
    stack.wait_for(lambda: status_of(stack.rt.engine, row)[0] == "failed", 30, "the dead letter")
    outcome = worker.replay(stack.rt)
    assert outcome["events"] == 1 and len(outcome["results"]) == 1
    status, result = status_of(stack.rt.engine, row)
    assert status == "failed" and result


def test_an_action_whose_hand_over_fails_is_set_aside_and_others_run(stack, monkeypatch):
    """A scheduled action whose case cannot be read (a bug, a row gone): set aside with its reason after a bounded
    number of tries, while the other due action runs."""
    broken_id, fine_id = due_action(stack), due_action_for_org(stack, "778")
    broken_case = stack.rt.store.action(broken_id).case_id
    real = stack.rt.store.case

    def buggy(case_id):
        if case_id == broken_case:
            raise RuntimeError("case unreadable")
        return real(case_id)

    monkeypatch.setattr(stack.rt.store, "case", buggy)
    stack.wait_for(lambda: stack.rt.store.action(fine_id).status == "cancelled", 30, "the other action")
    action = stack.wait_for(lambda: (lambda a: a if a.status == "failed" else None)(stack.rt.store.action(broken_id)),
                            30, "the action set aside")
    assert "RuntimeError: case unreadable" in action.last_error
    assert stack.thread.is_alive()


def test_run_due_with_a_poisoned_inbox_runs_the_due_action(stack):
    """`run-due` alone (no worker running): the poisoned rows neither raise nor hold up the due action."""
    stack.settle()
    stack.stop_event.set()  # the worker stops (and shuts DBOS down): run_due starts its own, as the CLI does
    stack.thread.join(timeout=15)
    poison(stack, with_marker_hook=False)
    action_id = due_action(stack)
    results = worker.run_due(stack.rt, datetime.now(timezone.utc), timeout=60)  # never raises
    assert "stale" in results
    assert stack.rt.store.action(action_id).status == "cancelled"


@pytest.mark.parametrize("number", [2 ** 31, 2 ** 63, HUGE, -(2 ** 31) - 1, -(2 ** 63) - 1])
def test_numbers_beyond_the_integer_columns_name_nothing(db_url, number):
    """SQLite's driver raises OverflowError beyond 64 bits, PostgreSQL refuses anything beyond 32 bits in an
    INTEGER column: a lookup by such a number finds nothing instead."""
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        sessions = make_sessionmaker(engine)
        store = Store(sessions)
        assert store.case(number) is None
        assert store.case_for_issue(number) is None
        assert store.action(number) is None
        with sessions() as s:
            assert s.get(SlackPrompt, number) is None
        assert store.case(1) is None  # in range: an ordinary miss
    finally:
        engine.dispose()
