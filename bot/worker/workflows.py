"""DBOS workflows: one durable workflow per inbox event and per scheduled action.

The workflow id is derived from the delivery id, so handing the same event over twice runs it once.
A transient outage is waited out with durable sleeps; anything else lands in the dead letters (status
`failed`), which `migration-bot replay` runs again.
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from dbos import DBOS
from sqlalchemy.engine import URL

from bot import __version__, metrics
from bot.case.driver import advance
from bot.case.reminders import run_action
from bot.db import inbox
from bot.db.engine import sqlite_file
from bot.errors import ApiError, ApiTransient
from bot.services.journal import ReadJournal, journaled
from bot.worker import executor
from handlers import gitlab as gitlab_handlers
from handlers import slack as slack_handlers
from handlers import zendesk as zendesk_handlers
from handlers.routing import Router

log = logging.getLogger(__name__)
ROUTER = Router(zendesk_handlers.router, gitlab_handlers.router, slack_handlers.router)
QUEUE_NAME = "events"
_state: dict = {}


def runtime():
    return _state["rt"]


def system_database_url(database_url: str) -> str:
    """DBOS's own tables: a sibling file for SQLite, the same database (schema `dbos`) for PostgreSQL."""
    file = sqlite_file(database_url)
    if file is not None:
        path = Path(file)
        return URL.create("sqlite", database=str(path.with_name(path.stem + ".dbos" + (path.suffix or ".db")))) \
            .render_as_string()
    return database_url.replace("postgresql+psycopg://", "postgresql://")


def launch(rt, role: str = "worker") -> None:
    """Start DBOS for this process (once) with the runtime the workflows use."""
    _state["rt"] = rt
    if _state.get("launched"):
        return
    executor_id, _state["slot"] = executor.claim(rt.engine, role)
    url = system_database_url(rt.settings.database_url)
    config = {"name": "migration-bot", "system_database_url": url, "log_level": "WARNING",
              "application_version": __version__, "executor_id": executor_id,
              "notification_listener_polling_interval_sec": 0.1}
    if url.startswith("sqlite"):
        config["system_database_engine"] = _state["sys_engine"] = sqlite_system_engine(url)
    DBOS(config=config)
    DBOS.launch()
    _state["queue"] = DBOS.register_queue(
        QUEUE_NAME, worker_concurrency=rt.settings.worker_concurrency,
        # One workflow per organization at a time: a case's events never race each other.
        partition_concurrency=1, polling_interval_sec=QUEUE_LOOK_IDLE)
    _state["launched"] = True


# How often DBOS looks for queued workflows (it has no in-process wake-up): often while work is handed over, seldom
# when none has been for a while. The looking is all an idle worker spends CPU on: every 0.05 s cost 9-10% of a
# core, every 0.5 s about 2.5%; looking every 0.5 s under a burst would cap a worker at 16 events/s (8 per look).
QUEUE_LOOK_BUSY = 0.05
QUEUE_LOOK_IDLE = 0.5


@contextmanager
def batch():
    """A one-shot command's batch (run-due, replay): DBOS looks for its workflows often until it is done, then goes
    back to the idle pace (a busy worker says so again within loop._Pace.REASSERT)."""
    pace(busy=True)
    try:
        yield
    finally:
        pace(busy=False)


def pace(busy: bool) -> None:
    """Set how often DBOS looks for queued work. The interval is the queue's row in DBOS's system database, which
    every worker's queue thread reads at each look, so the worker that hands work over sets it for all of them."""
    queue = _state.get("queue")
    if queue is not None:
        queue.set_polling_interval_sec(QUEUE_LOOK_BUSY if busy else QUEUE_LOOK_IDLE)


def shutdown() -> None:
    if _state.pop("launched", False):
        DBOS.destroy(destroy_registry=False)
        executor.release(_state.pop("slot", None))
        engine = _state.pop("sys_engine", None)
        if engine is not None:
            engine.dispose()


def sqlite_system_engine(url: str) -> sa.Engine:
    """DBOS's SQLite tables in WAL mode with synchronous=NORMAL, like the bot's own database: DBOS's default
    (rollback journal, synchronous=FULL) costs an fsync of ~20 ms per commit, and an event takes several commits
    (enqueue, dequeue, step output, end), all behind SQLite's one writer. WAL with NORMAL survives a process that
    dies at any point; only a power cut may lose the last commits. The rest is what DBOS sets on its own engine."""
    engine = sa.create_engine(url)

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = "IMMEDIATE"  # writers queue up instead of failing to upgrade a read lock
        dbapi_conn.execute("PRAGMA busy_timeout=30000")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=NORMAL")

    return engine


def queue():
    return _state["queue"]


def _pause(exc: Exception, delay: float, write_grace: float) -> float:
    """How long to wait before the next try: never sooner than Retry-After, and after a write that may have
    landed unseen (a timeout), long enough for it to show up before we look for it."""
    pause = max(delay, getattr(exc, "retry_after", None) or 0.0)
    if getattr(exc, "maybe_applied", False):
        pause = max(pause, write_grace)
    return pause


@DBOS.step()
def handle_event(event_id: str) -> str:
    rt = runtime()
    event = inbox.load(rt.engine, event_id)
    if event is None or event["status"] in ("done", "ignored"):
        return "nothing to do"
    started = time.monotonic()
    results = ROUTER.dispatch(rt, event)
    outcome = "; ".join(str(r) for r in results) or "no handler"
    inbox.mark(rt.engine, event_id, "done", outcome, raw=event["raw"])
    metrics.EVENTS.labels(source=event["source"], outcome="done").inc()
    seconds = time.monotonic() - started
    metrics.delivery_handled(event["source"], event["event_type"], "done", seconds, received_at=event["received_at"])
    _log_delivery(logging.INFO, event_id, event["source"], event["event_type"], outcome, int(seconds * 1000),
                  case_of(rt, event))
    return outcome


def _log_delivery(level: int, event_id: str, source: str, event_type: str, outcome: str, ms: int | None,
                  case_id: int | None) -> None:
    """One line per handled delivery (SPEC "Operations"), so an operator can follow the worker without reading the
    database; the case id is the one an operator searches for across lines and the status pages."""
    log.log(level, "handled delivery=%s source=%s type=%s outcome=%r ms=%s case=%s", event_id, source, event_type,
            outcome[:200], "-" if ms is None else ms, case_id if case_id is not None else "-",
            extra={"delivery_id": event_id, "source": source, "event_type": event_type, "outcome": outcome[:200],
                   "case_id": None if case_id is None else str(case_id), "ms": ms})


def case_of(rt, event: dict) -> int | None:
    """The case a handled delivery concerns: its ticket's, its issue's or its prompt's (None when none). A log
    line must never fail the event, so any trouble gives None."""
    payload = event.get("payload") or {}
    try:
        if event["source"] == "zendesk":
            ticket_id = (payload.get("detail") or {}).get("id")
            case = rt.store.case_for_ticket(str(ticket_id)) if ticket_id is not None else None
            return case.id if case else None
        if event["source"] == "gitlab" and payload.get("object_kind") == "issue":
            case = gitlab_handlers.case_for_payload(rt, payload)
            return case.id if case else None
        if event["source"] == "slack" and payload.get("type") == "block_actions":
            prompt = slack_handlers.prompt_for(rt, payload)
            return prompt.case_id if prompt else None
    except Exception:  # noqa: BLE001
        log.debug("no case id for delivery %s", event.get("id"), exc_info=True)
    return None


@DBOS.step()
def mark_failed(event_id: str, error: str) -> None:
    rt = runtime()
    inbox.mark(rt.engine, event_id, "failed", inbox.storable(error))
    source, event_type, received_at, case_id = event_id.split(":", 1)[0], "unknown", None, None
    try:  # the row may be the very thing that broke (a payload no handler can read): the line must still come
        event = inbox.load(rt.engine, event_id)
        if event is not None:
            source, event_type, received_at = event["source"], event["event_type"], event["received_at"]
            case_id = case_of(rt, event)
    except Exception:  # noqa: BLE001
        log.debug("no details for failed delivery %s", event_id, exc_info=True)
    metrics.EVENTS.labels(source=source, outcome="failed").inc()
    metrics.delivery_handled(source, event_type, "failed", received_at=received_at)
    _log_delivery(logging.ERROR, event_id, source, event_type, f"failed: {error}", None, case_id)


def _durably(what: str, step, arg, give_up, attempts: int, base_delay: float, max_delay: float,
             write_grace: float) -> str:
    """Run one step inside a workflow until it succeeds: transient failures are waited out with durable sleeps
    (a restarted worker resumes the wait), anything else is handed to `give_up` at once for replay.

    A redone step replays the reads its last run made (ReadJournal) and so resumes where that run failed; the
    effects ledger skips the writes it finished."""
    delay = base_delay
    journal = ReadJournal()
    for attempt in range(1, attempts + 1):
        try:
            with journaled(journal):
                return step(arg)
        except ApiTransient as exc:
            if attempt == attempts:
                return _give_up(what, give_up, arg, f"gave up after {attempts} attempts: {exc}")
            pause = _pause(exc, delay, write_grace)
            log.warning("%s %s: %s; waiting %.1fs (attempt %d)", what, arg, exc, pause, attempt)
            DBOS.sleep(pause)
            delay = min(delay * 2, max_delay)
        except ApiError as exc:  # the service refused for good (4xx): one line, no traceback; kept for replay
            log.error("%s %s failed: %s", what, arg, exc)
            return _give_up(what, give_up, arg, f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # noqa: BLE001 - a bug or a broken database: keep it for replay, do not loop
            log.exception("%s %s failed", what, arg)
            return _give_up(what, give_up, arg, f"{type(exc).__name__}: {exc}")
    return "failed"


def _give_up(what: str, give_up, arg, reason: str) -> str:
    """Set the row aside with its reason (made storable: it may quote a hostile payload). When even that fails
    the workflow still ends: the row stays `queued`, visible, and holds up nothing behind it."""
    try:
        give_up(arg, inbox.storable(reason))
    except Exception:  # noqa: BLE001
        log.exception("%s %s could not be set aside", what, arg)
    return "failed"


@DBOS.workflow()
def process_event(event_id: str, attempts: int = 40, base_delay: float = 1.0, max_delay: float = 600.0,
                  write_grace: float = 60.0) -> str:
    return _durably("event", handle_event, event_id, mark_failed, attempts, base_delay, max_delay, write_grace)


@DBOS.step()
def action_step(action_id: int) -> str:
    result = run_action(runtime(), action_id)
    metrics.ACTIONS.labels(kind="action", outcome="done").inc()
    return result


@DBOS.step()
def action_failed(action_id: int, error: str) -> None:
    # The reason may quote a payload: NUL or a lone surrogate in it would make PostgreSQL refuse the dead letter.
    runtime().store.set_action(action_id, "failed", inbox.storable(error))


@DBOS.workflow()
def process_action(action_id: int, attempts: int = 40, base_delay: float = 1.0, max_delay: float = 600.0,
                   write_grace: float = 60.0) -> str:
    return _durably("action", action_step, action_id, action_failed, attempts, base_delay, max_delay, write_grace)


@DBOS.step()
def reconcile_step(case_id: int) -> str:
    return advance(runtime(), case_id).state


def _reconcile_failed(case_id: int, error: str) -> None:
    log.warning("case %s could not be finished now (%s); the next sweep tries again", case_id, error)


@DBOS.workflow()
def process_reconcile(case_id: int, attempts: int = 40, base_delay: float = 1.0, max_delay: float = 600.0,
                      write_grace: float = 60.0) -> str:
    """Finish a case left between states (a safety net behind workflow recovery)."""
    return _durably("case", reconcile_step, case_id, _reconcile_failed, attempts, base_delay, max_delay,
                    write_grace)
