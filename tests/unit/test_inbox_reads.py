"""The hand-over's reads of the inbox never wait for SQLite's single write lock (a workflow may hold it)."""
from __future__ import annotations

import sqlite3
import time
from datetime import datetime

from bot.db import inbox
from bot.db.engine import make_engine, upgrade
from bot.db.inbox import Delivery


def test_pending_and_load_read_while_another_connection_writes(sqlite_url):
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    inbox.record(engine, "zendesk", Delivery("zendesk:r1", "ticket.created", True, "org:7"), {"detail": {"id": "1"}})
    writer = sqlite3.connect(engine.url.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a workflow's write transaction, not yet committed
    writer.execute("UPDATE inbox SET result = 'in progress' WHERE id = 'zendesk:r1'")
    try:
        started = time.monotonic()
        rows = inbox.pending(engine)
        event = inbox.load(engine, "zendesk:r1")
        assert time.monotonic() - started < 1.0  # BEGIN IMMEDIATE would wait out the 30 s busy timeout
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert [(r.id, r.partition_key, r.source) for r in rows] == [("zendesk:r1", "org:7", "zendesk")]
    assert isinstance(rows[0].received_at, datetime) and event["received_at"] == rows[0].received_at
    assert event["payload"] == {"detail": {"id": "1"}} and event["status"] == "new"
    assert inbox.load(engine, "zendesk:none") is None
    engine.dispose()


def test_the_same_reads_on_postgresql(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    inbox.record(engine, "zendesk", Delivery("zendesk:r2", "ticket.created", True, None), {"a": 1})
    rows = inbox.pending(engine)
    assert [(r.id, r.partition_key) for r in rows] == [("zendesk:r2", None)]
    assert inbox.load(engine, "zendesk:r2")["raw"] == '{"a":1}'
    engine.dispose()
