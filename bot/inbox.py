"""The inbox: one row per accepted delivery, inserted once (the dedupe) and handed to workflows later."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import select, text, update
from sqlalchemy.engine import Engine

from bot.inbound import Delivery
from bot.models import InboxEvent


# One prepared statement for the hot path; SQLite >= 3.35 and PostgreSQL both speak this dialect.
_INSERT = text("INSERT INTO inbox (id, source, event_type, payload, received_at, status, partition_key) "
               "VALUES (:id, :source, :event_type, :payload, :received_at, :status, :partition_key) "
               "ON CONFLICT (id) DO NOTHING RETURNING id")


def record(engine: Engine, source: str, delivery: Delivery, payload: object, now: datetime | None = None) -> bool:
    """Insert the delivery; True when it is new, False when this id was seen before."""
    values = dict(id=delivery.delivery_id, source=source, event_type=delivery.event_type,
                  payload=json.dumps(payload, separators=(",", ":")),
                  received_at=now or datetime.now(timezone.utc),
                  status="new" if delivery.relevant else "ignored", partition_key=delivery.partition_key)
    with engine.begin() as conn:
        # RETURNING, not rowcount: psycopg reports -1 for a skipped conflict.
        return conn.execute(_INSERT, values).first() is not None


def pending(engine: Engine, limit: int = 200) -> list[InboxEvent]:
    with engine.connect() as conn:
        rows = conn.execute(select(InboxEvent.id, InboxEvent.partition_key, InboxEvent.source)
                            .where(InboxEvent.status == "new").order_by(InboxEvent.received_at).limit(limit))
        return list(rows)


def mark(engine: Engine, event_id: str, status: str, result: str | None = None) -> None:
    with engine.begin() as conn:
        values = {"status": status, "result": result}
        if status in ("done", "ignored", "failed"):
            values["finished_at"] = datetime.now(timezone.utc)
        conn.execute(update(InboxEvent).where(InboxEvent.id == event_id).values(**values))


def load(engine: Engine, event_id: str) -> dict | None:
    with engine.connect() as conn:
        row = conn.execute(select(InboxEvent).where(InboxEvent.id == event_id)).first()
    if row is None:
        return None
    ev = row[0] if not hasattr(row, "payload") else row
    return {"id": ev.id, "source": ev.source, "event_type": ev.event_type, "payload": json.loads(ev.payload),
            "received_at": ev.received_at, "status": ev.status}

