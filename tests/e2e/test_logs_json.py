"""SPEC "Operations" Logs, with real processes: `serve` and `worker` under LOG_FORMAT=json against the sandbox write
one JSON object per line, a line per handled delivery and per write, and no secret; with a shared
PROMETHEUS_MULTIPROC_DIR the worker's counters show on the web's /metrics."""
from __future__ import annotations

import json

import pytest
import requests

from tests.e2e.conftest import BIN, MIGRATION, Processes

pytestmark = pytest.mark.e2e


def _lines(p: Processes, name: str) -> list[dict]:
    text = (p.tmp / f"{name}.log").read_text()
    out = []
    for raw in text.splitlines():
        try:
            out.append(json.loads(raw))
        except ValueError:
            raise AssertionError(f"{name}: a line that is not JSON: {raw!r}") from None
    assert all(isinstance(x, dict) for x in out)
    return out


@pytest.fixture(scope="module")
def handled(tmp_path_factory):
    """One migration ticket handled by a web and a worker process logging JSON and sharing a metrics folder
    (started once for the tests of this module: about 10 s)."""
    if not BIN.exists():
        pytest.skip("migration-bot is not installed in .venv")
    tmp_path = tmp_path_factory.mktemp("logs-json")
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    procs = Processes(f"sqlite:///{tmp_path / 'bot.db'}", tmp_path)
    procs.start_sandbox()
    procs.env |= {"LOG_FORMAT": "json", "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    try:
        procs.start_web(workers=1)
        procs.start_worker()
        org = procs.zendesk("POST", "organizations", organization={"name": "Larkspur", "tags": ["sm_premium"]})
        ticket = procs.zendesk("POST", "tickets", ticket={
            "subject": MIGRATION[0], "comment": {"body": MIGRATION[1]}, "organization_id": org["organization"]["id"],
            "requester": {"name": "Ada", "email": "ada@larkspur.example"}})["ticket"]
        procs.wait(lambda: procs.bot_comments(ticket["id"], public=True), what="the public ask")
        procs.wait(lambda: any("handled delivery=" in x["message"] for x in _lines(procs, "worker")),
                   what="the delivery line")
        scraped = requests.get(f"http://127.0.0.1:{procs.port}/metrics", timeout=5).text
    finally:
        procs.stop()
    return procs, ticket, scraped


def test_every_worker_line_is_json_with_writes_and_no_secret(handled):
    p, ticket, _ = handled
    worker = _lines(p, "worker")
    assert worker[-1]["message"] == "worker stopped"  # SIGTERM: the operator sees it was heard
    writes = [x for x in worker if x.get("what")]
    assert {"service": "zendesk", "what": f"PUT /api/v2/tickets/{ticket['id']}"} in [
        {"service": x["service"], "what": x["what"]} for x in writes]
    secrets = [v for k, v in p.env.items() if k in ("ZENDESK_API_TOKEN", "GITLAB_TOKEN", "SLACK_BOT_TOKEN",
                                                     "ZENDESK_WEBHOOK_SECRET", "GITLAB_WEBHOOK_TOKEN",
                                                     "SLACK_SIGNING_SECRET") and v]
    assert len(secrets) >= 4
    for name in ("worker", "web"):
        text = (p.tmp / f"{name}.log").read_text()
        assert not [s for s in secrets if s in text], name


def test_every_web_line_is_json(handled):
    p, _, _ = handled
    web = _lines(p, "web")
    assert any(x["logger"].startswith("gunicorn") for x in web)


def test_the_delivery_line_and_the_write_lines_carry_their_fields_and_the_case_id(handled):
    p, ticket, _ = handled
    worker = _lines(p, "worker")
    line = next(x for x in worker if "handled delivery=" in x["message"] and x.get("event_type") == "ticket.created")
    assert line["source"] == "zendesk" and line["delivery_id"].startswith("zendesk:")
    assert isinstance(line["ms"], int) and line["outcome"] and line["case_id"]
    writes = [x for x in worker if x.get("what", "").startswith(f"PUT /api/v2/tickets/{ticket['id']}")]
    assert writes and all(x.get("case_id") == line["case_id"] for x in writes)


def test_the_worker_s_counters_show_on_the_web_s_metrics(handled):
    _, _, scraped = handled
    calls = [x for x in scraped.splitlines() if x.startswith("bot_api_calls_total{") and 'service="zendesk"' in x]
    assert calls and sum(float(x.rsplit(" ", 1)[1]) for x in calls) >= 2  # made by the worker process only
    received = [x for x in scraped.splitlines() if x.startswith("bot_deliveries_received_total{")
                and 'event_type="ticket.created"' in x and 'outcome="accepted"' in x]
    assert received and float(received[0].rsplit(" ", 1)[1]) >= 1
    assert "bot_backlog{" in scraped and "bot_backlog_up 1.0" in scraped
