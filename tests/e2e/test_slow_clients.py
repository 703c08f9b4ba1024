"""SPEC "Hostile or broken input": slow or stalled clients (bodies trickling in) cannot starve the web process.

The real web process is started the two ways operators start it: the Procfile's `web` line (with PORT, as a
platform runs it; it binds every address) and `migration-bot serve --host 127.0.0.1`, each on a migrated SQLite
database. Fifty connections then send a webhook's headers with a Content-Length and trickle the body one byte a
second; meanwhile /healthz must answer 200 within about a second and a signed Zendesk webhook must still be
accepted (202). Every wait is bounded: the test takes about 10 s per way of starting.
"""
from __future__ import annotations

import json
import socket
import threading
import time
import uuid

import pytest
import requests

from tests.conftest import load_fixture, zendesk_headers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]
SLOW_CLIENTS = 50
BODY_BYTES = 2000  # announced by each slow client; well under BOT_MAX_BODY_BYTES, never completed
HOLD_SECONDS = 1.5  # let every slow connection reach the server (and, today, pin a worker thread) first


class Tricklers:
    """`n` connections that send a webhook's headers, then one body byte per connection every second."""

    def __init__(self, base: str, n: int):
        host, port = base.rsplit("/", 1)[1].split(":")
        self.socks: list[socket.socket] = []
        self.closed_by_server = 0
        for _ in range(n):
            s = socket.create_connection((host, int(port)), timeout=5)
            s.sendall((f"POST /webhooks/zendesk HTTP/1.1\r\nHost: {host}:{port}\r\n"
                       f"Content-Type: application/json\r\nContent-Length: {BODY_BYTES}\r\n"
                       "X-Zendesk-Webhook-Signature-Timestamp: 2026-01-01T00:00:00Z\r\n"
                       "X-Zendesk-Webhook-Signature: c2xvdw==\r\n\r\n{").encode())
            self.socks.append(s)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self) -> None:
        while not self.stop.wait(1.0):
            for s in list(self.socks):
                try:
                    s.sendall(b" ")
                except OSError:
                    self.socks.remove(s)
                    self.closed_by_server += 1

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        for s in self.socks:
            s.close()


def timed(call) -> tuple[object, float]:
    t0 = time.monotonic()
    try:
        result = call()
    except requests.RequestException as exc:
        result = type(exc).__name__
    return result, time.monotonic() - t0


def test_healthz_and_webhooks_answer_while_50_clients_trickle_their_bodies(web):
    slow = Tricklers(web, SLOW_CLIENTS)
    try:
        time.sleep(HOLD_SECONDS)
        health = []
        for _ in range(4):
            resp, took = timed(lambda: requests.get(f"{web}/healthz", timeout=1))
            health.append((getattr(resp, "status_code", resp), round(took, 2)))
            time.sleep(0.25)
        payload = json.loads(load_fixture("zendesk/ticket.created__migration"))
        payload["id"] = str(uuid.uuid4())  # a first delivery: 202
        body = json.dumps(payload).encode()
        resp, took = timed(lambda: requests.post(f"{web}/webhooks/zendesk", data=body, timeout=3,
                                                 headers=zendesk_headers(body)))
        hook = (getattr(resp, "status_code", resp), round(took, 2))
        still_open = len(slow.socks)
    finally:
        slow.close()
    assert all(status == 200 and took < 1.0 for status, took in health), \
        f"/healthz with {SLOW_CLIENTS} slow clients open: {health}"
    assert hook[0] == 202, f"Zendesk webhook with {SLOW_CLIENTS} slow clients open: {hook}"
    # The slow clients were really still connected while the others were answered (not merely cut off first).
    assert still_open == SLOW_CLIENTS, f"the server closed {slow.closed_by_server} of the slow connections"
