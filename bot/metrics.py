"""Prometheus metrics shared by the web and worker processes."""
from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

CONTENT_TYPE = CONTENT_TYPE_LATEST

WEBHOOKS = Counter("bot_webhooks_total", "Inbound webhook requests by source and outcome", ["source", "outcome"])
EVENTS = Counter("bot_events_processed_total", "Inbox events processed by the worker", ["source", "outcome"])
API_CALLS = Counter("bot_api_calls_total", "Outbound API calls", ["service", "method", "status"])
API_SECONDS = Histogram("bot_api_call_seconds", "Outbound API call latency", ["service"])
ACTIONS = Counter("bot_scheduled_actions_total", "Scheduled actions run", ["kind", "outcome"])


def on_call(service: str, method: str, path: str, status: int | None, seconds: float) -> None:
    """Client hook: count every outbound call (path left out: it carries ids)."""
    API_CALLS.labels(service=service, method=method, status=str(status or "none")).inc()
    API_SECONDS.labels(service=service).observe(seconds)


def render() -> bytes:
    """All processes' counters when gunicorn runs several (PROMETHEUS_MULTIPROC_DIR, set by `serve`)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()
