"""The worker: hands recorded events and due actions to DBOS workflows, which run them."""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta, timezone

from dbos import SetEnqueueOptions, SetWorkflowID
from sqlalchemy import select, update

from bot.db import inbox
from bot.db.models import Case, InboxEvent, ScheduledAction
from bot.errors import ApiError
from bot.worker import workflows
from handlers.gitlab import case_for_payload
from handlers.slack import prompt_for

log = logging.getLogger(__name__)


def partition_for(rt, row) -> str:
    """Events of one organization run one at a time; GitLab and Slack events find their org via the case."""
    if row.partition_key:
        return row.partition_key
    event = inbox.load(rt.engine, row.id)
    payload = event["payload"] if event else {}
    case = None
    if row.source == "gitlab":
        case = case_for_payload(rt, payload) if payload.get("object_kind") == "issue" else None
    elif row.source == "slack" and payload.get("type") == "block_actions":
        prompt = prompt_for(rt, payload)
        return f"org:{prompt.org_id}" if prompt else "misc"
    return f"org:{case.org_id}" if case else "misc"


def workflow_id(kind: str, stamp: datetime, ident: object, suffix: str = "") -> str:
    """A workflow id that is stable for one row and sorts in the row's time order.

    DBOS runs a partition in order of enqueue time, which its SQLite schema stamps in whole seconds on
    Python < 3.12, and breaks ties by workflow id: two clicks on one prompt within a second must not swap.
    """
    utc = stamp.replace(tzinfo=timezone.utc) if stamp.tzinfo is None else stamp.astimezone(timezone.utc)
    return f"{utc.strftime('%Y%m%dT%H%M%S.%f')}:{kind}:{ident}{suffix}"  # time first: events and actions interleave


def hand_over_events(rt, limit: int = 200, suffix: str = "", status: str = "new") -> list:
    """Enqueue every new inbox row under its own id; a repeat (after a crash) attaches to the same workflow."""
    handles = []
    for row in inbox.pending(rt.engine, limit, status):
        key = partition_for(rt, row)
        with SetWorkflowID(workflow_id("evt", row.received_at, row.id, suffix)), \
                SetEnqueueOptions(queue_partition_key=key):
            handles.append(workflows.queue().enqueue(workflows.process_event, row.id,
                                                     *_retry_args(rt.settings)))
        with rt.engine.begin() as conn:
            conn.execute(update(InboxEvent).where(InboxEvent.id == row.id, InboxEvent.status == status)
                         .values(status="queued"))
    return handles


def hand_over_actions(rt, as_of: datetime, suffix: str = "", status: str = "pending") -> list:
    handles = []
    for action in rt.store.due_actions(as_of, status=status):
        case = rt.store.case(action.case_id)
        with SetWorkflowID(workflow_id("act", action.run_after, action.id, suffix)), \
                SetEnqueueOptions(queue_partition_key=f"org:{case.org_id}"):
            handles.append(workflows.queue().enqueue(workflows.process_action, action.id,
                                                     *_retry_args(rt.settings)))
        with rt.engine.begin() as conn:
            conn.execute(update(ScheduledAction).where(ScheduledAction.id == action.id,
                                                       ScheduledAction.status == status).values(status="queued"))
    return handles


# States the driver moves through on its own; a case resting in one of them was interrupted.
TRANSIENT_STATES = ("detected", "info_received", "approved", "org_tagged", "rejected", "expired")


def reconcile_stuck(rt, now: datetime, older_than: float = 120.0) -> list:
    """Hand cases that sit in a transient state (or a terminal one whose effects may be unfinished) back to the
    driver, once per version of the case; advancing a finished case costs only ledger look-ups."""
    handles = []
    cutoff = now - timedelta(seconds=older_than)
    with rt.sessions() as s:
        stuck = list(s.scalars(select(Case).where(Case.state.in_(TRANSIENT_STATES), Case.updated_at < cutoff)))
    for case in stuck:
        stamp = int(case.updated_at.timestamp())
        with SetWorkflowID(f"reconcile:{case.id}:{case.state}:{stamp}"), \
                SetEnqueueOptions(queue_partition_key=f"org:{case.org_id}"):
            handles.append(workflows.queue().enqueue(workflows.process_reconcile, case.id,
                                                     *_retry_args(rt.settings)))
    return handles


def _retry_args(settings) -> tuple:
    return (settings.event_retry_attempts, settings.event_retry_base, settings.event_retry_cap,
            settings.write_grace)


def identify_with_patience(rt, stop: threading.Event, deadline: float | None = None) -> None:
    """The services may be down when we start: wait for them (until `deadline`, a monotonic time, if given)."""
    delay = 1.0
    while not stop.is_set():
        try:
            rt.identify()
            return
        except ApiError as exc:
            if deadline is not None and time.monotonic() + delay > deadline:
                raise
            log.warning("cannot identify the bot yet (%s); retrying in %.0fs", exc, delay)
            stop.wait(delay)
            delay = min(delay * 2, 60)


def run(rt, stop: threading.Event) -> None:
    """Loop until `stop` is set: hand over events and due actions; DBOS threads do the work."""
    identify_with_patience(rt, stop)
    workflows.launch(rt)
    log.info("worker running")
    next_sweep = 0.0
    while not stop.is_set():
        try:
            hand_over_events(rt)
            hand_over_actions(rt, rt.now())
            if time.monotonic() >= next_sweep:
                reconcile_stuck(rt, rt.now(), rt.settings.reconcile_after)
                next_sweep = time.monotonic() + rt.settings.reconcile_after / 2
        except Exception:  # noqa: BLE001 - a database hiccup must not stop the worker
            log.exception("hand-over failed; retrying")
        stop.wait(rt.settings.poll_interval)
    workflows.shutdown()


def run_due(rt, as_of: datetime, timeout: float = 300.0) -> list[str]:
    """Run every action due at `as_of` (and any waiting events) to completion, then return their results."""
    identify_with_patience(rt, threading.Event(), deadline=time.monotonic() + 60)
    workflows.launch(rt, role="oneshot")
    results = []
    deadline = time.monotonic() + timeout
    for _ in range(10):  # an expiry can create nothing new, but events may arrive meanwhile
        handles = hand_over_events(rt) + hand_over_actions(rt, as_of)
        if not handles:
            break
        for h in handles:
            results.append(h.get_result())
            if time.monotonic() > deadline:
                break
    return results


def replay(rt) -> dict:
    """Re-run dead-lettered events and actions under fresh workflow ids.

    The rows are set aside as `replay` (not `new`/`pending`), so a worker running meanwhile cannot take them under
    their old workflow ids; a replay that died half-way is picked up again by the next one."""
    stamp = f":replay:{int(time.time())}"
    with rt.engine.begin() as conn:
        events = conn.execute(update(InboxEvent).where(InboxEvent.status.in_(("failed", "replay")))
                              .values(status="replay")).rowcount
        actions = conn.execute(update(ScheduledAction).where(ScheduledAction.status.in_(("failed", "replay")))
                               .values(status="replay")).rowcount
    if not events and not actions:
        return {"events": 0, "actions": 0, "results": []}
    identify_with_patience(rt, threading.Event(), deadline=time.monotonic() + 60)
    workflows.launch(rt, role="oneshot")
    handles = (hand_over_events(rt, suffix=stamp, status="replay")
               + hand_over_actions(rt, datetime.max.replace(tzinfo=timezone.utc), suffix=stamp, status="replay"))
    outcomes = [h.get_result() for h in handles]
    return {"events": events, "actions": actions, "results": outcomes}


def dead_letters(rt) -> list[dict]:
    with rt.engine.connect() as conn:
        rows = conn.execute(select(InboxEvent.id, InboxEvent.event_type, InboxEvent.result)
                            .where(InboxEvent.status == "failed")).all()
    return [{"id": r.id, "type": r.event_type, "error": r.result} for r in rows]



