"""A stable DBOS executor id per worker slot, so a restarted worker recovers exactly its own workflows.

DBOS recovers, at launch, the pending workflows of its executor id. With one shared id, a worker starting
next to a busy one would re-run workflows that are still running; with random ids, a crashed worker's
workflows would never be recovered. So each process claims the lowest free slot (a lock that dies with the
process): a replacement takes the crashed worker's slot and its workflows, live workers keep theirs.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import socket

from sqlalchemy import text
from sqlalchemy.engine import Engine

MAX_SLOTS = 256


def claim(engine: Engine, role: str) -> tuple[str, object]:
    """(executor id, lock handle); keep the handle for the life of the process."""
    host = socket.gethostname()
    for slot in range(1, MAX_SLOTS + 1):
        name = f"{host}-{role}-{slot}"
        handle = _try_lock(engine, name)
        if handle is not None:
            return name, handle
    raise RuntimeError(f"more than {MAX_SLOTS} {role} processes on {host}")


def release(handle: object) -> None:
    if isinstance(handle, int):
        os.close(handle)
    elif handle is not None:
        # A pooled connection outlives close(); the session lock must be let go explicitly.
        handle.execute(text("SELECT pg_advisory_unlock_all()"))
        handle.commit()
        handle.close()


def _try_lock(engine: Engine, name: str):
    if engine.dialect.name == "sqlite":
        path = engine.url.database or ""
        if not path or path == ":memory:":
            return -1 if name.endswith("-1") else None
        fd = os.open(f"{path}.{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            os.close(fd)
            return None
    conn = engine.connect()
    key = int.from_bytes(hashlib.sha256(f"dbos-executor|{name}".encode()).digest()[:8], "big", signed=True)
    if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
        conn.commit()
        return conn
    conn.close()
    return None
