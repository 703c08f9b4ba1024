"""Background webhook delivery for the sandboxes: FIFO, signed per attempt, retried, optionally duplicated."""
from __future__ import annotations

import inspect
import json
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import requests


@dataclass
class _Job:
    delivery_id: str
    event: str
    body: bytes
    sign: Callable[..., dict[str, str]] | None
    key: str | None
    records: list[dict[str, Any]] = field(default_factory=list)


class WebhookSender:
    """Posts webhooks from one background thread, FIFO (so per-resource order holds), with retries.

    `send()` never blocks the request that caused the event. Each attempt calls `sign(body)` -- or
    `sign(body, invocation_id)` when it takes two arguments -- for fresh headers (timestamps); the invocation id
    is one per copy, shared by its retries, while the payload (and any event id in it) is shared by all copies. `duplicates = N` posts every webhook N times concurrently, for dedupe tests.
    """

    def __init__(self, url: str | None = None, retry_delays: tuple[float, ...] = (0.2, 1.0, 3.0),
                 timeout: float = 10.0):
        self.url, self.enabled, self.duplicates = url, True, 1
        self.retry_delays, self.timeout = retry_delays, timeout
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._queued = 0  # webhooks ever queued: activity() tells a settle loop that one came and went
        self._records: list[dict[str, Any]] = []
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._session = requests.Session()
        self._thread = threading.Thread(target=self._run, name="sandbox-webhooks", daemon=True)
        self._thread.start()

    def configure(self, url: str | None = ..., enabled: bool | None = None,  # type: ignore[assignment]
                  duplicates: int | None = None) -> dict[str, Any]:
        """Change target/enabled/duplicates (the `POST /_sandbox/webhook` body); returns the new settings."""
        with self._lock:
            if url is not ...:
                self.url = url or None
            if enabled is not None:
                self.enabled = bool(enabled)
            if duplicates is not None:
                if int(duplicates) < 1:
                    raise ValueError("duplicates must be >= 1")
                self.duplicates = int(duplicates)
            return self.settings_locked()

    def settings_locked(self) -> dict[str, Any]:
        return {"url": self.url, "enabled": self.enabled, "duplicates": self.duplicates}

    def settings(self) -> dict[str, Any]:
        with self._lock:
            return self.settings_locked()

    def send(self, event: str, payload: dict[str, Any] | bytes,
             sign: Callable[..., dict[str, str]] | None = None, key: str | None = None) -> str | None:
        """Queue one webhook; returns its delivery id, or None when disabled or no URL is set (nothing recorded)."""
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        with self._lock:
            if not self.enabled or not self.url:
                return None
            job = _Job(uuid.uuid4().hex, event, body, sign, key)
            for copy in range(self.duplicates):
                rec = {"id": job.delivery_id, "copy": copy, "invocation_id": uuid.uuid4().hex, "event": event, "key": key, "url": self.url,
                       "status": None, "state": "pending", "attempts": 0, "error": None, "t": time.time(),
                       "body": _decode(body)}
                job.records.append(rec)
                self._records.append(rec)
            self._pending += 1
            self._queued += 1
        self._queue.put(job)
        return job.delivery_id

    def deliveries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self._records]

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every queued webhook is delivered or failed; False on timeout (for tests)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def activity(self) -> tuple[int, int]:
        """(webhooks queued so far, webhooks not yet delivered or failed), read together (for tests)."""
        with self._lock:
            return self._queued, self._pending

    def clear(self) -> None:
        """Forget delivery records and reset duplicates/enabled (queued jobs still go out)."""
        with self._lock:
            self._records.clear()
            self.enabled, self.duplicates = True, 1

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                threads = [threading.Thread(target=self._deliver, args=(job, rec)) for rec in job.records]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _deliver(self, job: _Job, rec: dict[str, Any]) -> None:
        for attempt in range(len(self.retry_delays) + 1):
            headers = {"Content-Type": "application/json"}
            if job.sign:
                headers.update(job.sign(job.body, rec["invocation_id"]) if _takes_two(job.sign) else job.sign(job.body))
            status, error = None, None
            try:
                resp = self._session.post(rec["url"], data=job.body, headers=headers, timeout=self.timeout)
                status = resp.status_code
            except requests.RequestException as exc:
                error = f"{type(exc).__name__}: {exc}"
            with self._lock:
                rec.update(attempts=attempt + 1, status=status, error=error)
            if error is None and status < 500:  # only connection errors and 5xx are worth retrying
                break
            if attempt < len(self.retry_delays):
                time.sleep(self.retry_delays[attempt])
        ok = error is None and status is not None and status < 300
        with self._lock:
            rec["state"] = "delivered" if ok else "failed"


def _takes_two(fn: Callable[..., Any]) -> bool:
    try:
        inspect.signature(fn).bind(b"", "")
        return True
    except TypeError:
        return False


def _decode(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return body.decode(errors="replace")
