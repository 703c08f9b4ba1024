"""Probes and /metrics: liveness and readiness, the backlog read from the database, counters added up across the
processes of a multi-process server."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import load_fixture, zendesk_headers
from tests.web.conftest import inbox_rows


def test_health_and_ready(client):
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ready"}
    assert b"bot_webhooks_total" in client.get("/metrics").data


def test_metrics_show_the_backlog_and_dead_letters_from_the_database(client, engine):
    from bot.db import inbox

    body = load_fixture("zendesk/ticket.created__migration")
    assert client.post("/webhooks/zendesk", data=body, headers=zendesk_headers(body)).status_code == 202
    text = client.get("/metrics").data.decode()
    assert 'bot_inbox_events{status="new"} 1.0' in text and 'bot_inbox_events{status="failed"} 0.0' in text
    inbox.mark(engine, inbox_rows(engine)[0][0], "failed", "ApiNotFound: gone")
    text = client.get("/metrics").data.decode()
    assert 'bot_inbox_events{status="failed"} 1.0' in text and 'bot_inbox_events{status="new"} 0.0' in text
    assert 'bot_scheduled_actions{status="pending"} 0.0' in text and "bot_backlog_up 1.0" in text


def test_metrics_add_up_across_processes(tmp_path, monkeypatch):
    """With PROMETHEUS_MULTIPROC_DIR (set by serve and the gunicorn config) /metrics reads every process."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    code = ("from bot import metrics; metrics.WEBHOOKS.labels(source='zendesk', outcome='accepted').inc()")
    for _ in range(2):
        subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ})
    out = subprocess.run([sys.executable, "-c", "from bot import metrics; print(metrics.render().decode())"],
                         check=True, capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("bot_webhooks_total{") and 'outcome="accepted"' in x)
    assert float(line.rsplit(" ", 1)[1]) == 2.0
