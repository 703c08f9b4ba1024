"""The worker: hands recorded events and due actions to DBOS workflows, which run them."""
from __future__ import annotations

import hashlib
import logging
import threading
import time
from datetime import datetime, timedelta, timezone

from dbos import SetEnqueueOptions, SetWorkflowID
from sqlalchemy import select, text, update

from bot import metrics
from bot.db import inbox
from bot.db.models import Case, InboxEvent, ScheduledAction
from bot.errors import ApiError
from bot.worker import workflows
from handlers.gitlab import case_for_payload
from handlers.slack import prompt_for

log = logging.getLogger(__name__)

# How often the hand-over of one row may fail before the row is set aside as a dead letter (`replay` runs it
# again). Tries are spaced 5, 10, 20, 40 polls apart (1 to 8 s by default), so a short database hiccup does not
# set a good row aside, while a row that always breaks is out of the way within seconds.
HANDOVER_ATTEMPTS = 5
_BACKOFF_POLLS = 5
_MAX_BACKOFF = 60.0
_FALLBACK_PARTITION = "misc"


class _HandOverFailures:
    """Failed hand-overs per row (("evt", id) or ("act", id)) in this process: how many, and when to try next.

    Kept in memory: the count bounds the tries this process makes, and the outcome (a dead letter with its reason)
    is what lands in the database."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows: dict[tuple[str, object], tuple[int, float]] = {}

    def may_try(self, key: tuple[str, object]) -> bool:
        with self.lock:
            entry = self.rows.get(key)
        return entry is None or time.monotonic() >= entry[1]

    def count(self, key: tuple[str, object]) -> int:
        with self.lock:
            return self.rows.get(key, (0, 0.0))[0]

    def failed(self, key: tuple[str, object], count: int, poll_interval: float) -> None:
        delay = min(max(poll_interval, 0.01) * _BACKOFF_POLLS * 2 ** (count - 1), _MAX_BACKOFF)
        with self.lock:
            if len(self.rows) > 10_000:  # rows another worker finished meanwhile are never seen again here
                self.rows.clear()
            self.rows[key] = (count, time.monotonic() + delay)

    def forget(self, key: tuple[str, object]) -> None:
        with self.lock:
            self.rows.pop(key, None)


FAILURES = _HandOverFailures()


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _hand_over_failed(rt, key: tuple[str, object], what: str, exc: Exception, set_aside) -> None:
    """Count one failed hand-over of a row; at HANDOVER_ATTEMPTS set it aside with the reason.

    Logged twice at most: the first failure with its traceback, and the setting aside. `set_aside(reason, final)`
    writes the reason to the row (raising when the database cannot be written: then nothing is counted)."""
    count = FAILURES.count(key) + 1
    final = count >= HANDOVER_ATTEMPTS
    if final:
        set_aside(f"set aside after {count} attempts to hand it over: {_reason(exc)}", True)
        FAILURES.forget(key)
        log.error("%s set aside as a dead letter after %d failed hand-overs: %s", what, count, _reason(exc))
        return
    set_aside(f"hand-over attempt {count} of {HANDOVER_ATTEMPTS} failed: {_reason(exc)}", False)
    FAILURES.failed(key, count, rt.settings.poll_interval)
    if count == 1:
        log.warning("hand-over of %s failed (%s); trying again up to %d times before setting it aside", what,
                    _reason(exc), HANDOVER_ATTEMPTS - 1, exc_info=exc)
    else:
        log.debug("hand-over of %s failed again (attempt %d): %s", what, count, _reason(exc))


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
    """Enqueue every new inbox row under its own id; a repeat (after a crash) attaches to the same workflow.

    The rows of a pass are marked `queued` together once their workflows exist: a crash in between leaves them
    `new`, and the next pass attaches to the same workflows. A row whose hand-over raises (a number no column
    holds, a payload an older version stored broken, a bug) is skipped for a while and tried again, then set aside
    as a dead letter; the rows behind it go on in the same pass. Replayed rows (`status="replay"`) always run: one
    whose organization cannot be found runs alone in the fallback partition and its handler decides."""
    replaying = status == "replay"

    def set_aside(row, reason: str, final: bool) -> None:
        if inbox.note_hand_over_failure(rt.engine, row.id, status, reason, final) and final:
            metrics.EVENTS.labels(source=row.source, outcome="failed").inc()

    handed: list = []
    try:
        handles = _hand_over_each(rt, inbox.pending(rt.engine, limit, status), "evt", replaying, handed,
                                  lambda row: _enqueue_event(rt, row, suffix, replaying), set_aside)
    finally:
        if handed:
            inbox.mark_queued(rt.engine, [row.id for row in handed], status)
    return handles


def _hand_over_each(rt, rows, prefix: str, replaying: bool, handed: list, enqueue, set_aside) -> list:
    """Enqueue each event or action row; one whose hand-over raises is counted and, after HANDOVER_ATTEMPTS, set
    aside through `set_aside(row, reason, final)`, while the rows behind it go on. A replayed row's failure only logs: it stays
    set aside. Rows handed over are appended to `handed` as they go (the caller marks them even if a later read
    raises); the workflow handles are returned."""
    what = "event" if prefix == "evt" else "action"
    handles = []
    for row in rows:
        key = (prefix, row.id)
        if not replaying and not FAILURES.may_try(key):
            continue
        try:
            handle = enqueue(row)
        except Exception as exc:  # noqa: BLE001 - one row's failure must not stop the others
            if replaying:
                log.error("replay of %s %s could not be handed over (it stays set aside): %s", what, row.id,
                          _reason(exc))
                continue
            _hand_over_failed(rt, key, f"{what} {row.id}", exc,
                              lambda reason, final, row=row: set_aside(row, reason, final))
            continue
        FAILURES.forget(key)
        handles.append(handle)
        handed.append(row)
    return handles


def _enqueue(rt, prefix: str, ident, at: datetime, partition, workflow, suffix: str, replaying: bool):
    """Enqueue one event or action under its workflow id, in its organization's partition. A replay whose
    organization cannot be found (the row itself may be what broke) still runs, in the fallback partition."""
    try:
        key = partition()
    except Exception as exc:  # noqa: BLE001
        if not replaying:
            raise
        log.warning("%s %s: no organization found (%s); replaying it in partition %r",
                    "event" if prefix == "evt" else "action", ident, _reason(exc), _FALLBACK_PARTITION)
        key = _FALLBACK_PARTITION
    with SetWorkflowID(workflow_id(prefix, at, ident, suffix)), \
            SetEnqueueOptions(queue_partition_key=key):
        return workflows.queue().enqueue(workflow, ident, *_retry_args(rt.settings))


def _enqueue_event(rt, row, suffix: str, replaying: bool):
    return _enqueue(rt, "evt", row.id, row.received_at, lambda: partition_for(rt, row), workflows.process_event,
                    suffix, replaying)


def hand_over_actions(rt, as_of: datetime, suffix: str = "", status: str = "pending") -> list:
    """Enqueue every due action; like events, one whose hand-over keeps failing is set aside as failed."""
    replaying = status == "replay"

    def set_aside(action, reason: str, final: bool) -> None:
        values = {"last_error": inbox.storable(reason)} | ({"status": "failed"} if final else {})
        with rt.engine.begin() as conn:
            conn.execute(update(ScheduledAction).where(ScheduledAction.id == action.id,
                                                       ScheduledAction.status == status).values(**values))

    return _hand_over_each(rt, rt.store.due_actions(as_of, status=status), "act", replaying, [],
                           lambda action: _enqueue_action(rt, action, suffix, status, replaying), set_aside)


def _enqueue_action(rt, action, suffix: str, status: str, replaying: bool):
    handle = _enqueue(rt, "act", action.id, action.run_after,
                      lambda: f"org:{rt.store.case(action.case_id).org_id}", workflows.process_action, suffix,
                      replaying)
    with rt.engine.begin() as conn:
        conn.execute(update(ScheduledAction).where(ScheduledAction.id == action.id,
                                                   ScheduledAction.status == status).values(status="queued"))
    return handle


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


class _Stages:
    """Logs a stage of the loop that keeps failing (the database is away) once, with its traceback, and once more
    when it works again: not a traceback every poll."""

    def __init__(self):
        self.failing: set[str] = set()

    def run(self, stage: str, func, *args):
        """func(*args), or None when it failed."""
        try:
            result = func(*args)
        except Exception:  # noqa: BLE001 - a database hiccup must not stop the worker
            if stage not in self.failing:
                self.failing.add(stage)
                log.exception("%s failed; retrying every poll (not logged again until it works)", stage)
            return None
        if stage in self.failing:
            self.failing.discard(stage)
            log.info("%s works again", stage)
        return result


class _Pace:
    """Busy while work was handed over in the last BUSY_FOR seconds: DBOS then looks for queued work often
    (workflows.pace); idle otherwise. Written when that changes, and again every REASSERT seconds while busy, since
    another worker that went idle may have slowed the shared queue down meanwhile."""

    BUSY_FOR = 10.0
    REASSERT = 2.0

    def __init__(self):
        self.busy_until = 0.0
        self.written: bool | None = None
        self.written_at = 0.0

    def update(self, handed_over: int, now: float) -> None:
        if handed_over:
            self.busy_until = now + self.BUSY_FOR
        busy = now < self.busy_until
        if busy != self.written or (busy and handed_over and now - self.written_at >= self.REASSERT):
            workflows.pace(busy)
            self.written, self.written_at = busy, now


# Between two hand-overs of events at least this long: a wake-up per commit must not become a query per commit.
MIN_PASS_SPACING = 0.02


def run(rt, stop: threading.Event) -> None:
    """Loop until `stop` is set: hand over events and due actions; DBOS threads do the work.

    New rows are handed over as soon as the inbox Waker says some may have arrived (PostgreSQL's NOTIFY, SQLite's
    write-ahead log), and at the latest every BOT_POLL_INTERVAL, when due actions, replays and the sweep run too.
    The stages fail independently: events that cannot be handed over never hold up the scheduled actions."""
    identify_with_patience(rt, stop)
    workflows.launch(rt)
    waker = inbox.Waker(rt.engine, stop=stop)
    log.info("worker running")
    stages = _Stages()
    pace = _Pace()
    next_sweep = next_poll = 0.0
    try:
        while not stop.is_set():
            passed = time.monotonic()
            handed = len(stages.run("event hand-over", _hand_over_turn, rt) or ())
            if passed >= next_poll:
                handed += len(stages.run("action hand-over", lambda: hand_over_actions(rt, rt.now())) or ())
                handed += len(stages.run("replay hand-over", hand_over_replays, rt) or ())
                next_poll = passed + rt.settings.poll_interval
            stages.run("queue pace", pace.update, handed, passed)
            if passed >= next_sweep:
                stages.run("reconcile sweep", lambda: reconcile_stuck(rt, rt.now(), rt.settings.reconcile_after))
                next_sweep = time.monotonic() + rt.settings.reconcile_after / 2
            stop.wait(max(0.0, passed + MIN_PASS_SPACING - time.monotonic()))
            waker.wait(max(0.0, next_poll - time.monotonic()))
    finally:
        log.info("worker stopping: no new work is taken; what is in flight resumes at the next start")
        waker.close()
        workflows.shutdown()
        log.info("worker stopped")


def _hand_over_turn(rt) -> list:
    """On PostgreSQL one worker at a time hands over (a transaction's advisory lock tried, never waited for): every
    worker handing over every row would only enqueue each workflow once per worker. The workers all run them.
    Returns what was handed over."""
    if rt.engine.dialect.name != "postgresql":
        return hand_over_events(rt)
    with rt.engine.begin() as conn:  # the lock lasts as long as this transaction, whatever happens in the pass
        if conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _HANDOVER_LOCK}).scalar():
            return hand_over_events(rt)
    return []


_HANDOVER_LOCK = int.from_bytes(hashlib.sha256(b"migration-bot|inbox hand-over").digest()[:8], "big", signed=True)


def run_due(rt, as_of: datetime, timeout: float = 300.0) -> list[str]:
    """Run every action due at `as_of` (and any waiting events) to completion, then return their results."""
    identify_with_patience(rt, threading.Event(), deadline=time.monotonic() + 60)
    workflows.launch(rt, role="oneshot")
    results = []
    deadline = time.monotonic() + timeout
    with workflows.batch():
        for _ in range(10):  # an expiry can create nothing new, but events may arrive meanwhile
            handles = hand_over_events(rt) + hand_over_actions(rt, as_of)
            if not handles:
                break
            for h in handles:
                results.append(h.get_result())
                if time.monotonic() > deadline:
                    break
    return results


def hand_over_replays(rt) -> list:
    """Rows set aside for replay (the status pages' Replay button, or a `replay` command that died half-way) run
    again under fresh workflow ids; their old ids belong to the runs that failed."""
    stamp = f":replay:{time.time_ns()}"  # two replays within a second must not attach to the first one's workflow
    return (hand_over_events(rt, suffix=stamp, status="replay")
            + hand_over_actions(rt, datetime.max.replace(tzinfo=timezone.utc), suffix=stamp, status="replay"))


def replay(rt) -> dict:
    """Re-run dead-lettered events and actions under fresh workflow ids.

    The rows are set aside as `replay` (not `new`/`pending`), so a worker running meanwhile cannot take them under
    their old workflow ids; a replay that died half-way is picked up again by the next one."""
    with rt.engine.begin() as conn:
        events = conn.execute(update(InboxEvent).where(InboxEvent.status.in_(("failed", "replay")))
                              .values(status="replay")).rowcount
        actions = conn.execute(update(ScheduledAction).where(ScheduledAction.status.in_(("failed", "replay")))
                               .values(status="replay")).rowcount
    if not events and not actions:
        return {"events": 0, "actions": 0, "results": []}
    identify_with_patience(rt, threading.Event(), deadline=time.monotonic() + 60)
    workflows.launch(rt, role="oneshot")
    with workflows.batch():
        handles = hand_over_replays(rt)
        return {"events": events, "actions": actions, "results": [_result(h) for h in handles]}


def _result(handle) -> str:
    try:
        return handle.get_result()
    except Exception as exc:  # noqa: BLE001 - one workflow that broke does not hide the others' results
        log.error("replayed workflow %s failed: %s", handle.get_workflow_id(), _reason(exc))
        return f"failed: {_reason(exc)}"


def dead_letters(rt) -> list[dict]:
    with rt.engine.connect() as conn:
        rows = conn.execute(select(InboxEvent.id, InboxEvent.event_type, InboxEvent.result)
                            .where(InboxEvent.status == "failed")).all()
    return [{"id": r.id, "type": r.event_type, "error": r.result} for r in rows]



