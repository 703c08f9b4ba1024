"""Prometheus metrics shared by the web and worker processes."""
from __future__ import annotations

import logging
import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

CONTENT_TYPE = CONTENT_TYPE_LATEST
log = logging.getLogger(__name__)

WEBHOOKS = Counter("bot_webhooks_total", "Inbound webhook requests by source and outcome", ["source", "outcome"])
EVENTS = Counter("bot_events_processed_total", "Inbox events processed by the worker", ["source", "outcome"])
API_CALLS = Counter("bot_api_calls_total", "Outbound API calls", ["service", "method", "status"])
API_SECONDS = Histogram("bot_api_call_seconds", "Outbound API call latency", ["service"])
ACTIONS = Counter("bot_scheduled_actions_total", "Scheduled actions run", ["kind", "outcome"])
RETRIES = Counter("bot_api_retries_total", "Outbound calls retried, by service and the status that caused it",
                  ["service", "status"])


def on_call(service: str, method: str, path: str, status: int | None, seconds: float) -> None:
    """Client hook: count every outbound call (path left out: it carries ids)."""
    API_CALLS.labels(service=service, method=method, status=str(status or "none")).inc()
    API_SECONDS.labels(service=service).observe(seconds)


def on_retry(service: str, status: int | None) -> None:
    """Client hook: one retry of an outbound call (status None: a connection error or timeout)."""
    RETRIES.labels(service=service, status=str(status or "none")).inc()


class BacklogCollector:
    """What is waiting, failed or in each state, read from the database at scrape time: the worker may run on
    another host, and the dead letters and the backlog are what an operator alerts on."""

    QUERIES = (
        ("bot_inbox_events", "Inbox events not yet done, and dead letters (failed), by status",
         "SELECT status, COUNT(*) FROM inbox WHERE status IN ('new', 'queued', 'failed', 'replay') GROUP BY status",
         ("new", "queued", "failed")),
        ("bot_scheduled_actions", "Reminders and expiries waiting or failed, by status",
         "SELECT status, COUNT(*) FROM scheduled_actions WHERE status IN ('pending', 'queued', 'failed', 'replay') "
         "GROUP BY status", ("pending", "queued", "failed")),
        ("bot_cases", "Migration cases by state", "SELECT state, COUNT(*) FROM cases GROUP BY state", ()),
    )

    def __init__(self, engine):
        self.engine = engine

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily
        from sqlalchemy import text

        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # a scrape must not hold a web thread on a sick database
                    conn.execute(text("SET LOCAL statement_timeout = 2000"))
                results = [{str(k): int(v) for k, v in conn.execute(text(sql))} for _, _, sql, _ in self.QUERIES]
        except Exception as exc:  # noqa: BLE001 - say so in a gauge an alert can watch, keep /metrics answering
            log.warning("backlog metrics unavailable: %s", type(exc).__name__)
            yield self._up(0)
            return
        for (name, doc, _, always), counts in zip(self.QUERIES, results):
            family = GaugeMetricFamily(name, doc, labels=["state" if name == "bot_cases" else "status"])
            for key in sorted(set(always) | set(counts)):
                family.add_metric([key], counts.get(key, 0))
            yield family
        yield self._up(1)

    @staticmethod
    def _up(value: int):
        from prometheus_client.core import GaugeMetricFamily

        return GaugeMetricFamily("bot_backlog_up", "1 when the backlog could be read from the database", value=value)


def render(engine=None) -> bytes:
    """All processes' counters when gunicorn runs several (PROMETHEUS_MULTIPROC_DIR, set by `serve`), and the
    backlog gauges from the database when an engine is given (`bot_backlog_up` 0 when it cannot be read)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        out = generate_latest(registry)
    else:
        out = generate_latest()
    if engine is not None:
        backlog = CollectorRegistry(auto_describe=False)
        backlog.register(BacklogCollector(engine))
        out += generate_latest(backlog)
    return out
