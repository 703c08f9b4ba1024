"""Webhooks registered through a service's API (Zendesk Webhooks API, GitLab project hooks) delivered by the same
background sender as the sandbox's configured webhook URL: one FIFO, the same retries, duplicates and records."""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from sandbox.common_webhooks import WebhookSender, _Job


@dataclass(frozen=True)
class Target:
    """Where one registered webhook posts and how it signs each attempt."""

    url: str
    sign: Callable[..., dict[str, str]] | None


class TargetedSender(WebhookSender):
    """The Controls' sender; `send` also posts to every registered webhook `targets(event)` names, each signed its own
    way. The configured URL is skipped when a registered webhook posts there too, as a real service has only the
    registered one: the configured URL stands in for hand-wiring that the setup commands replace."""

    def __init__(self, url: str | None = None, retry_delays: tuple[float, ...] = (0.2, 1.0, 3.0),
                 targets: Callable[[str], list[Target]] = lambda event: [],
                 urls: Callable[[], set[str]] = set):
        super().__init__(url, retry_delays=retry_delays)
        self.targets, self.urls = targets, urls

    def send(self, event: str, payload: dict[str, Any] | bytes,
             sign: Callable[..., dict[str, str]] | None = None, key: str | None = None) -> str | None:
        targets = self.targets(event)
        # a registered webhook at the configured URL replaces it for every event, also those it does not take
        ids = [] if self.settings()["url"] in self.urls() else [super().send(event, payload, sign, key)]
        ids += [self.send_to(t.url, event, payload, t.sign, key) for t in targets]
        return next((i for i in ids if i), None)

    def send_to(self, url: str, event: str, payload: dict[str, Any] | bytes,
                sign: Callable[..., dict[str, str]] | None = None, key: str | None = None) -> str | None:
        """Queue one webhook to `url` (not the configured URL); honours enabled and duplicates like `send`."""
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        with self._lock:
            if not self.enabled:
                return None
            job = _Job(uuid.uuid4().hex, event, body, sign, key)
            for copy in range(self.duplicates):
                rec = {"id": job.delivery_id, "copy": copy, "invocation_id": uuid.uuid4().hex, "event": event,
                       "key": key, "url": url, "status": None, "state": "pending", "attempts": 0, "error": None,
                       "t": time.time(), "body": json.loads(body) if body[:1] in (b"{", b"[") else body.decode()}
                job.records.append(rec)
                self._records.append(rec)
            self._pending += 1
        self._queue.put(job)
        return job.delivery_id


def install(controls: Any, targets: Callable[[str], list[Target]] | None = None,
            urls: Callable[[], set[str]] = set) -> TargetedSender:
    """Swap a TargetedSender (same URL and retry delays) into `controls.webhooks`, stopping the plain one; `urls`
    gives the endpoints of every registered webhook."""
    plain: WebhookSender = controls.webhooks
    sender = TargetedSender(plain.settings()["url"], plain.retry_delays, targets or (lambda event: []), urls)
    plain.close()
    controls.webhooks = sender
    return sender
