"""bot/case/effects.py bulk_submit / bulk_settle against the sandbox: an update_many job happens once in effect.
The job id is journalled as soon as Zendesk answers, so a re-run follows that job; when the process died between
the PUT and that record, the tickets are read back and only those not yet showing the change are sent again."""
from __future__ import annotations

import time
from datetime import datetime, timezone

import requests

from bot.case.effects import Effects
from bot.db.engine import transaction
from bot.db.models import Effect

CHANGES = {"additional_tags": ["saas_ultimate"], "remove_tags": ["sm_premium"]}


def applied(ticket: dict) -> bool:
    return "saas_ultimate" in ticket["tags"] and "sm_premium" not in ticket["tags"]


def setup(stack, count: int = 4):
    org = stack.create_org("Bulk Corp", ["sm_premium"])
    requests.post(f"{stack.sandbox.zendesk_url}/_sandbox/webhook", json={"enabled": False}, timeout=5)
    ids = [str(stack.create_ticket(org, "Runner question", "Which runner version?", requester=f"r{n}@example.com")
               ["id"]) for n in range(count)]
    return ids


def jobs_sent(stack, since: float) -> list[dict]:
    return [c for c in stack.sandbox.controls("zendesk").calls.list(since)
            if c["method"] == "PUT" and "update_many" in c["path"]]


def crashed_around_the_put(stack, key: str) -> None:
    """The ledger as a worker killed right after sending the job leaves it: the key started, no job id."""
    with transaction(stack.rt.sessions) as s:
        s.add(Effect(key=f"{key}:job", started_at=datetime.now(timezone.utc)))


def test_a_settled_job_is_not_sent_again(stack):
    ids = setup(stack)
    fx, key = Effects(stack.rt), "align:0:bulk:test"
    first = fx.bulk_settle(key, ids, CHANGES, applied)
    assert first["updated"] == 4
    since = time.time()
    assert fx.bulk_settle(key, ids, CHANGES, applied) == first
    assert stack.sandbox.controls("zendesk").calls.list(since) == []  # done: not even a read


def test_a_job_sent_just_before_a_crash_is_not_sent_blindly_again(stack):
    ids = setup(stack)
    fx, key = Effects(stack.rt), "align:0:bulk:crash"
    crashed_around_the_put(stack, key)
    stack.rt.zendesk.update_many_tickets(ids, CHANGES)  # what the dead worker had sent
    deadline = time.monotonic() + 10
    while requests.get(f"{stack.sandbox.zendesk_url}/_sandbox/jobs", timeout=5).json()["active"]:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    since = time.time()
    fx.bulk_settle(key, ids, CHANGES, applied)
    assert jobs_sent(stack, since) == []  # every ticket showed the change: nothing sent again
    assert all(applied(stack.ticket(t)) for t in ids)


def test_after_a_crash_only_the_tickets_without_the_change_are_sent(stack):
    ids = setup(stack)
    fx, key = Effects(stack.rt), "align:0:bulk:half"
    crashed_around_the_put(stack, key)
    for t in ids[:2]:  # the job had reached these two when the worker died
        stack.zendesk("PUT", f"tickets/{t}", ticket=dict(CHANGES))
    since = time.time()
    fx.bulk_settle(key, ids, CHANGES, applied)
    assert len(jobs_sent(stack, since)) == 1
    assert all(applied(stack.ticket(t)) for t in ids)
    with stack.rt.sessions() as s:
        assert s.get(Effect, f"{key}:job").result["ids"] == ids[2:]


def test_a_job_still_queued_after_a_crash_is_waited_for_not_doubled(stack):
    """The dead worker's job, tags and an internal note, has not run yet when the step is run again: the account's
    running jobs are waited out before the tickets are judged, so no ticket gets the note twice."""
    ids = setup(stack, 3)
    fx, key = Effects(stack.rt), "expire:0:bulk:queued"
    changes = {**CHANGES, "comment": {"body": "The temporary support ended.", "public": False}}
    requests.post(f"{stack.sandbox.zendesk_url}/_sandbox/jobs", json={"seconds_per_task": 0.3}, timeout=5)
    crashed_around_the_put(stack, key)
    stack.rt.zendesk.update_many_tickets(ids, changes)  # queued; about a second of work
    since = time.time()
    fx.bulk_settle(key, ids, changes, applied)
    assert jobs_sent(stack, since) == []
    for t in ids:
        notes = [c for c in stack.comments(int(t)) if c["body"] == "The temporary support ended."]
        assert len(notes) == 1 and applied(stack.ticket(t))
