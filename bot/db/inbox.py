"""The inbox: one row per accepted delivery, inserted once (the dedupe) and handed to workflows later."""
from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Iterator, NamedTuple

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from bot.db.models import InboxEvent
from bot.logs import redact

# One statement for the hot path; SQLite >= 3.35 and PostgreSQL both speak ON CONFLICT ... RETURNING
# (RETURNING, not rowcount: psycopg reports -1 for a skipped conflict).
_COLUMNS = ("id", "source", "event_type", "payload", "received_at", "status", "partition_key")
_INSERT_SQLITE = (f"INSERT INTO inbox ({', '.join(_COLUMNS)}) VALUES ({', '.join(':' + c for c in _COLUMNS)}) "
                  "ON CONFLICT (id) DO NOTHING RETURNING id")
_INSERT_PG = (f"INSERT INTO inbox ({', '.join(_COLUMNS)}) VALUES ({', '.join(f'%({c})s' for c in _COLUMNS)}) "
              "ON CONFLICT (id) DO NOTHING RETURNING id")
# PostgreSQL: a batch that recorded a new row wakes the workers (Waker) when it commits.
CHANNEL = "bot_inbox"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """What the web layer records: a delivery id, an event type and whether any handler may care."""

    delivery_id: str
    event_type: str
    relevant: bool
    partition_key: str | None = None


_LOCKS: dict[str, tuple[threading.Lock, int]] = {}


@contextmanager
def _sqlite_write_lock(engine: Engine) -> Iterator[None]:
    """SQLite has one writer at a time and its busy handler sleeps 1-100 ms per collision; queueing the
    writers of all web processes on a kernel lock instead wakes the next one the moment it is free."""
    path = (engine.url.database or "") if engine.dialect.name == "sqlite" else ""
    if not path or path == ":memory:":
        yield
        return
    if path not in _LOCKS:
        _LOCKS[path] = (threading.Lock(), os.open(path + ".write-lock", os.O_RDWR | os.O_CREAT, 0o600))
    thread_lock, fd = _LOCKS[path]
    with thread_lock:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def record(engine: Engine, source: str, delivery: Delivery, payload: object, now: datetime | None = None,
           raw: str | None = None) -> bool:
    """Insert the delivery; True when it is new, False when this id was seen before.

    `raw` is the payload's JSON text as received (already parsed once), which spares serialising it again.
    """
    values = dict(id=delivery.delivery_id, source=source, event_type=delivery.event_type,
                  payload=raw if raw is not None else json.dumps(payload, separators=(",", ":")),
                  received_at=now or datetime.now(timezone.utc),
                  status="new" if delivery.relevant else "ignored", partition_key=delivery.partition_key)
    return _committer(engine).submit(values)


class _GroupCommit:
    """Group commit: concurrent request threads share one transaction (and one fsync) per batch.

    The first thread in becomes the leader and writes every row waiting at that moment; the others wait
    for their row's answer. A failing batch is retried row by row, so one bad row fails alone.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self.leader = threading.Lock()
        self.guard = threading.Lock()
        self.waiting: list[dict] = []
        self._conn = None  # one DBAPI connection, used only by the leader: no pool checkout and ping per batch

    def submit(self, values: dict) -> bool:
        slot = {"values": values, "done": threading.Event(), "result": None, "error": None}
        with self.guard:
            self.waiting.append(slot)
        with self.leader:
            if not slot["done"].is_set():
                with self.guard:
                    batch, self.waiting = self.waiting, []
                self._write(batch)
        if slot["error"] is not None:
            raise slot["error"]
        return bool(slot["result"])

    def _write(self, batch: list[dict]) -> None:
        try:
            self._transaction(batch)
        except Exception:  # noqa: BLE001 - isolate the row that broke the batch
            for slot in batch:
                try:
                    self._transaction([slot])
                except Exception as exc:  # noqa: BLE001
                    slot["error"] = exc
        finally:
            for slot in batch:
                slot["done"].set()

    def _transaction(self, batch: list[dict]) -> None:
        # The DBAPI connection directly: this is the web's hot path and Core's per-call overhead is 4x the insert.
        sqlite = self.engine.dialect.name == "sqlite"
        sql = _INSERT_SQLITE if sqlite else _INSERT_PG
        with _sqlite_write_lock(self.engine):
            if self._conn is None:
                self._conn = self.engine.raw_connection()
            conn = self._conn
            try:
                cur = conn.cursor()
                if sqlite:
                    cur.execute("BEGIN IMMEDIATE")
                results = []
                for slot in batch:
                    values = slot["values"]
                    if sqlite:  # the text form SQLAlchemy's SQLite DateTime reads back
                        values = values | {"received_at": values["received_at"].strftime("%Y-%m-%d %H:%M:%S.%f")}
                    cur.execute(sql, values)
                    results.append(cur.fetchone() is not None)
                if not sqlite and any(r and s["values"]["status"] == "new" for r, s in zip(results, batch)):
                    cur.execute(f"NOTIFY {CHANNEL}")  # delivered at commit, once per batch
                conn.commit()
            except BaseException:
                # a broken connection is dropped, not reused; the next batch takes a fresh one from the pool
                self._conn = None
                try:
                    conn.rollback()
                finally:
                    conn.close()
                raise
        for slot, result in zip(batch, results):
            slot["result"] = result


_COMMITTERS: dict[int, _GroupCommit] = {}


def _committer(engine: Engine) -> _GroupCommit:
    found = _COMMITTERS.get(id(engine))
    if found is None or found.engine is not engine:
        found = _COMMITTERS[id(engine)] = _GroupCommit(engine)
    return found


class Pending(NamedTuple):
    id: str
    partition_key: str | None
    source: str
    received_at: datetime


def pending(engine: Engine, limit: int = 200, status: str = "new") -> list[Pending]:
    query = (select(InboxEvent.id, InboxEvent.partition_key, InboxEvent.source, InboxEvent.received_at)
             .where(InboxEvent.status == status).order_by(InboxEvent.received_at).limit(limit))
    return [Pending(*row) for row in _read(engine, query)]


def _read(engine: Engine, query) -> list[tuple]:
    """The rows of one SELECT. On SQLite outside any transaction: the engine opens each one with BEGIN IMMEDIATE,
    which takes the database's single write lock, and these reads run many times a second next to the workflows'
    writes; a lone SELECT in WAL mode reads a consistent snapshot without it."""
    if engine.dialect.name != "sqlite":
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]
    compiled = query.compile(dialect=engine.dialect)  # pysqlite: "?" placeholders in positiontup's order
    params = compiled.construct_params()
    processors = [column.type.dialect_impl(engine.dialect).result_processor(engine.dialect, None)
                  for column in query.selected_columns]
    conn = engine.raw_connection()  # autocommit at the driver level (bot.db.engine): no BEGIN is sent
    try:
        cursor = conn.cursor()
        cursor.execute(str(compiled), [params[name] for name in compiled.positiontup or ()])
        rows = cursor.fetchall()
    finally:
        conn.close()
    return [tuple(proc(value) if proc else value for proc, value in zip(processors, row)) for row in rows]


def mark_queued(engine: Engine, ids: Iterable[str], status: str = "new") -> None:
    """Rows handed to their workflows, in one statement (a row another worker took meanwhile is left alone)."""
    ids = list(ids)
    for start in range(0, len(ids), 500):
        with engine.begin() as conn:
            conn.execute(update(InboxEvent).where(InboxEvent.id.in_(ids[start:start + 500]),
                                                  InboxEvent.status == status).values(status="queued"))


class Waker:
    """Wakes the worker's hand-over when rows may have arrived, instead of it polling the table at a fixed pace.

    PostgreSQL: LISTEN on a connection of its own; the web's insert NOTIFYs at commit (from any host).
    SQLite (web and worker on one host): every commit appends to the database's write-ahead log, so a change of
    that file's size or time is checked every few milliseconds, which costs a stat() and no query.
    Either way `wait()` also returns after `timeout`, so a lost notification costs one poll interval at most."""

    def __init__(self, engine: Engine, tick: float = 0.01, stop: threading.Event | None = None):
        self.engine, self.tick = engine, tick
        self._event = threading.Event()
        self._closed = threading.Event()
        self._stop = stop  # the worker's own stop ends a wait at once
        self.listening = threading.Event()  # PostgreSQL: set while LISTEN is in place
        self._thread: threading.Thread | None = None
        file = engine.url.database if engine.dialect.name == "sqlite" else None
        self._wal = f"{file}-wal" if file and file != ":memory:" else None
        self._seen = self._wal_state()
        if engine.dialect.name == "postgresql":
            self._thread = threading.Thread(target=self._listen, name="inbox-waker", daemon=True)
            self._thread.start()

    def wait(self, timeout: float) -> bool:
        """Block until something may have arrived (True) or `timeout` passed (False)."""
        deadline = time.monotonic() + timeout
        if self._wal is None:
            while not self._event.wait(min(0.05, max(0.0, deadline - time.monotonic()))):
                if self._stopping() or time.monotonic() >= deadline:
                    return False
            self._event.clear()
            return True
        while True:
            state = self._wal_state()
            if state != self._seen:
                self._seen = state
                return True
            left = deadline - time.monotonic()
            if left <= 0 or self._stopping():
                return False
            time.sleep(min(self.tick, left))

    def close(self) -> None:
        self._closed.set()
        self._event.set()

    def _stopping(self) -> bool:
        return self._closed.is_set() or (self._stop is not None and self._stop.is_set())

    def _wal_state(self) -> tuple | None:
        try:
            st = os.stat(self._wal) if self._wal else None
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns) if st else None

    def _listen(self) -> None:
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while not self._stopping():
            try:
                with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    self._event.set()  # rows may have come while we were not listening
                    while not self._stopping():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self._event.set()
            except Exception as exc:  # noqa: BLE001 - the fixed poll covers us while the database is away
                self.listening.clear()
                log.debug("inbox listener: %s; listening again shortly", exc)
                self._closed.wait(2.0)


def storable(text: str, limit: int = 2000) -> str:
    """Text every database takes (reasons quote payloads): NUL, which PostgreSQL refuses, and lone surrogates,
    which are no UTF-8, are written as escapes; cut to `limit` characters. A reason may quote a service's answer
    that echoes a token: secrets are masked as in the logs (the dead letters are shown on the status pages)."""
    text = redact(text)
    text = text.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")
    return text[:limit]


# Slack's response_url lets anyone holding it post into the channel for 30 minutes: a bearer URL, kept no longer
# than the click needs (a replay without it answers through chat.postEphemeral instead).
BEARER_FIELDS = ("response_url",)


def mark(engine: Engine, event_id: str, status: str, result: str | None = None, raw: str | None = None) -> None:
    """Set the row's status and result; a finished row loses its bearer URLs. `raw` is the stored payload when the
    caller has it already (load() gives it), which spares reading it again."""
    with engine.begin() as conn:
        values = {"status": status, "result": storable(result, 10_000) if result is not None else None}
        if status in ("done", "ignored", "failed"):
            values["finished_at"] = datetime.now(timezone.utc)
            if raw is None:
                raw = conn.execute(select(InboxEvent.payload).where(InboxEvent.id == event_id)).scalar()
            payload = _without_bearer_urls(raw)
            if payload is not None:
                values["payload"] = payload
        conn.execute(update(InboxEvent).where(InboxEvent.id == event_id).values(**values))


def _without_bearer_urls(text: str | None) -> str | None:
    """The stored payload without its bearer URLs, or None when it has none (the common case: left untouched)."""
    if not text or not any(f'"{field}"' in text for field in BEARER_FIELDS):
        return None
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except ValueError:
        return None
    if not isinstance(data, dict) or not any(field in data for field in BEARER_FIELDS):
        return None
    return json.dumps({k: v for k, v in data.items() if k not in BEARER_FIELDS}, separators=(",", ":"))


def note_hand_over_failure(engine: Engine, event_id: str, status: str, reason: str, final: bool) -> bool:
    """Record why a row could not be handed over: in `result` while it waits in `status` for another try, or,
    when `final`, set aside as a dead letter (status `failed`). Only a row still in `status` is touched (another
    worker may have taken it meanwhile); True when it was."""
    values: dict = {"result": storable(reason)}
    if final:
        values |= {"status": "failed", "finished_at": datetime.now(timezone.utc)}
    with engine.begin() as conn:
        return conn.execute(update(InboxEvent).where(InboxEvent.id == event_id, InboxEvent.status == status)
                            .values(**values)).rowcount == 1


def load(engine: Engine, event_id: str) -> dict | None:
    rows = _read(engine, select(InboxEvent.id, InboxEvent.source, InboxEvent.event_type, InboxEvent.payload,
                                InboxEvent.received_at, InboxEvent.status).where(InboxEvent.id == event_id))
    if not rows:
        return None
    ident, source, event_type, raw, received_at, status = rows[0]
    # Older web processes stored a body's UTF-8 byte-order mark with it (json.loads refuses one in text).
    payload = json.loads(raw.removeprefix("\ufeff"))
    return {"id": ident, "source": source, "event_type": event_type, "payload": payload,
            "received_at": received_at, "status": status, "raw": raw}

