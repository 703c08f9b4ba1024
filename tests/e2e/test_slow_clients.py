"""SPEC "Hostile or broken input": slow or stalled clients (bodies trickling in) cannot starve the web process.

The real web process is started the two ways operators start it: the Procfile's `web` line (with PORT, as a
platform runs it; it binds every address) and `migration-bot serve --host 127.0.0.1`, each on a migrated SQLite
database. Fifty connections then send a webhook's headers with a Content-Length and trickle the body one byte a
second; meanwhile /healthz must answer 200 within about a second and a signed Zendesk webhook must still be
accepted (202). Every wait is bounded: the test takes about 10 s per way of starting.
"""
from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from bot.db.engine import upgrade
from tests.conftest import ROOT, SECRETS, free_port, load_fixture, zendesk_headers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]
BIN = Path(sys.executable).parent
SLOW_CLIENTS = 50
BODY_BYTES = 2000  # announced by each slow client; well under BOT_MAX_BODY_BYTES, never completed
HOLD_SECONDS = 1.5  # let every slow connection reach the server (and, today, pin a worker thread) first


def procfile_web() -> list[str]:
    line = next(x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    argv = shlex.split(line.partition(":")[2])
    exe = BIN / argv[0]
    return [str(exe) if exe.exists() else argv[0], *argv[1:]]


def serve_command(port: int) -> list[str]:
    return [str(BIN / "migration-bot"), "serve", "--host", "127.0.0.1", "--port", str(port)]


@pytest.fixture(params=["procfile", "serve"])
def web(request, tmp_path):
    """The web process on a fresh, migrated SQLite database; yields its base URL."""
    db_url = f"sqlite:///{tmp_path / 'bot.db'}"
    upgrade(db_url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "PORT": str(port),
           "ZENDESK_WEBHOOK_SECRET": SECRETS["zendesk_webhook_secret"],
           "GITLAB_WEBHOOK_TOKEN": SECRETS["gitlab_webhook_token"],
           "SLACK_SIGNING_SECRET": SECRETS["slack_signing_secret"]}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("WEB_CONCURRENCY", None)
    cmd = procfile_web() if request.param == "procfile" else serve_command(port)
    with open(tmp_path / "web.log", "w") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            yield wait_until_ready(proc, f"http://127.0.0.1:{port}", tmp_path / "web.log")
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(5)


def wait_until_ready(proc: subprocess.Popen, base: str, log: Path) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{base}/readyz", timeout=1).status_code == 200:
                return base
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"web process did not come up: {log.read_text()[-3000:]}")
        time.sleep(0.1)


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
