"""Prometheus metrics shared by the web and worker processes."""
from __future__ import annotations

import logging
import os
import re
import threading
from datetime import date, datetime, timezone

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

CONTENT_TYPE = CONTENT_TYPE_LATEST
log = logging.getLogger(__name__)

WEBHOOKS = Counter("bot_webhooks_total", "Inbound webhook requests by source and outcome", ["source", "outcome"])
EVENTS = Counter("bot_events_processed_total", "Inbox events processed by the worker", ["source", "outcome"])
API_CALLS = Counter("bot_api_calls_total", "Outbound API calls", ["service", "method", "status"])
API_SECONDS = Histogram("bot_api_call_seconds", "Outbound API call latency", ["service"])
ACTIONS = Counter("bot_scheduled_actions_total", "Scheduled actions run", ["kind", "outcome"])
# Deliveries: what the web process recorded (accepted, ignored as irrelevant, duplicate: suppressed by the inbox's
# primary key), and what the worker made of the accepted ones (done, failed), with how long the handling took and
# how late it finished after the web process recorded it.
RECEIVED = Counter("bot_deliveries_received_total", "Webhook deliveries recorded by the web process, by source, event "
                   "type and outcome (accepted, ignored, duplicate)", ["source", "event_type", "outcome"])
DELIVERIES = Counter("bot_deliveries_total", "Deliveries handled by the worker, by source, event type and outcome "
                     "(done, failed)", ["source", "event_type", "outcome"])
HANDLING_SECONDS = Histogram("bot_delivery_handling_seconds", "Time the worker spent handling one delivery",
                             ["source"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300))
LAG_SECONDS = Histogram("bot_delivery_lag_seconds", "From the web process recording a delivery to the worker "
                        "finishing it", ["source"], buckets=(0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600))
RETRIES = Counter("bot_api_retries_total", "Outbound calls retried, by service and the status that caused it",
                  ["service", "status"])


# Event types come from the senders: a label keeps at most this many distinct ones per process, the rest are "other".
MAX_EVENT_TYPES = 40
_EVENT_TYPES: set[str] = set()
_EVENT_TYPES_LOCK = threading.Lock()
_LABEL = re.compile(r"[A-Za-z0-9_.:/ -]{1,80}")


# The types the services really send the bot always keep their own series; other (made-up) ones share the bounded
# rest, so a sender inventing types cannot crowd the real ones into "other".
KNOWN_EVENT_TYPES = frozenset({
    "ticket.created", "ticket.comment_added", "ticket.tags_changed", "ticket.status_changed",
    "ticket.organization_changed", "ticket.subject_changed", "ticket.description_changed", "trigger",
    "Issue Hook", "Confidential Issue Hook", "Note Hook", "Confidential Note Hook", "Push Hook",
    "block_actions", "view_submission", "shortcut"})


def event_type_label(event_type: str | None) -> str:
    """A bounded label value for an event type (Prometheus keeps one series per value)."""
    value = str(event_type or "")
    if value in KNOWN_EVENT_TYPES:
        return value
    if not _LABEL.fullmatch(value):
        return "other"
    with _EVENT_TYPES_LOCK:
        if value in _EVENT_TYPES:
            return value
        if len(_EVENT_TYPES) >= MAX_EVENT_TYPES:
            return "other"
        _EVENT_TYPES.add(value)
    return value


def delivery_received(source: str, event_type: str, fresh: bool, relevant: bool) -> None:
    """Web hook: one delivery recorded (fresh and relevant: accepted; fresh, nothing to do: ignored; else a
    duplicate the inbox suppressed)."""
    outcome = "duplicate" if not fresh else "accepted" if relevant else "ignored"
    RECEIVED.labels(source=source, event_type=event_type_label(event_type), outcome=outcome).inc()


def delivery_handled(source: str, event_type: str, outcome: str, seconds: float | None = None,
                     received_at: datetime | None = None, now: datetime | None = None) -> None:
    """Worker hook: one delivery finished (`outcome` done or failed), how long the handling took and, from the
    inbox's received_at, how late it finished."""
    DELIVERIES.labels(source=source, event_type=event_type_label(event_type), outcome=outcome).inc()
    if seconds is not None:
        HANDLING_SECONDS.labels(source=source).observe(max(0.0, seconds))
    if received_at is not None:
        now = now or datetime.now(timezone.utc)
        LAG_SECONDS.labels(source=source).observe(max(0.0, (now - _aware(received_at)).total_seconds()))


def _aware(value: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; the bot stores UTC."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def on_call(service: str, method: str, path: str, status: int | None, seconds: float) -> None:
    """Client hook: count every outbound call (path left out: it carries ids)."""
    API_CALLS.labels(service=service, method=method, status=str(status or "none")).inc()
    API_SECONDS.labels(service=service).observe(seconds)


def on_retry(service: str, status: int | None) -> None:
    """Client hook: one retry of an outbound call (status None: a connection error or timeout)."""
    RETRIES.labels(service=service, status=str(status or "none")).inc()


class BacklogCollector:
    """What is waiting, failed or in each state, read from the database at scrape time: the worker may run on
    another host, and the backlog, the dead letters and what waits on people are what an operator alerts on.

    Not yet done (`bot_backlog`): inbox rows `new` (recorded, not handed over), `queued` (handed to a workflow,
    waiting in its queue or running: the inbox has no separate running status) and `replay` (handed back by
    `replay`); scheduled actions that are due (`pending` past run_after) or `queued`/`replay`."""

    QUERIES = (
        ("bot_inbox_events", "Inbox events not yet done, and dead letters (failed), by status",
         "SELECT status, COUNT(*) FROM inbox WHERE status IN ('new', 'queued', 'failed', 'replay') GROUP BY status",
         ("new", "queued", "replay", "failed")),
        ("bot_scheduled_actions", "Reminders and expiries waiting (pending: due or not), queued or failed, by status",
         "SELECT status, COUNT(*) FROM scheduled_actions WHERE status IN ('pending', 'queued', 'failed', 'replay') "
         "GROUP BY status", ("pending", "queued", "replay", "failed")),
        ("bot_cases", "Migration cases by state", "SELECT state, COUNT(*) FROM cases GROUP BY state", ()),
    )
    EVENTS_NOT_DONE = ("new", "queued", "replay")
    ACTIONS_QUEUED = ("queued", "replay")
    DAYS_BUCKETS = (0, 7, 14, 30, 60, 90)  # days to the expiry of a temporary entitlement; le="0": overdue
    AGE_BUCKETS = (3600, 4 * 3600, 86400, 3 * 86400, 7 * 86400)  # seconds something has waited for a person

    def __init__(self, engine, clock=None):
        self.engine = engine
        self.clock = clock or (lambda: datetime.now(timezone.utc))

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        now = _aware(self.clock())
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # a scrape must not hold a web thread on a sick database
                    conn.execute(self._text("SET LOCAL statement_timeout = 2000"))
                results = [{str(k): int(v) for k, v in conn.execute(self._text(sql))} for _, _, sql, _ in self.QUERIES]
                backlog = self._backlog(conn, now)
                tagged, waiting = self._entitlements(conn), self._unanswered(conn)
        except Exception as exc:  # noqa: BLE001 - say so in a gauge an alert can watch, keep /metrics answering
            log.warning("backlog metrics unavailable: %s", type(exc).__name__)
            yield self._up(0)
            return
        for (name, doc, _, always), counts in zip(self.QUERIES, results):
            family = GaugeMetricFamily(name, doc, labels=["state" if name == "bot_cases" else "status"])
            for key in sorted(set(always) | set(counts)):
                family.add_metric([key], counts.get(key, 0))
            yield family
        yield from self._backlog_families(backlog, now)
        yield from self._entitlement_families(tagged, now.date())
        yield from self._unanswered_families(waiting, now)
        yield self._up(1)

    @staticmethod
    def _text(sql: str):
        from sqlalchemy import text

        return text(sql)

    # -- queries ------------------------------------------------------------------------------------------------
    def _backlog(self, conn, now: datetime) -> dict[str, tuple[int, datetime | None]]:
        return backlog(conn, now)

    @staticmethod
    def _entitlements(conn) -> dict[str, date | None]:
        """Open cases whose org carries the temporary second level tag: the earliest expiry per org."""
        from sqlalchemy import select

        from bot.case.machine import TAGGED
        from bot.db.models import Case

        rows = conn.execute(select(Case.org_id, Case.target_date)
                            .where(Case.state.in_([s.value for s in TAGGED]), Case.open_slot.is_not(None)))
        orgs: dict[str, date | None] = {}
        for org_id, target in rows:
            known = orgs.get(org_id)
            orgs[org_id] = target if known is None or (target is not None and target < known) else known
        return orgs

    @staticmethod
    def _unanswered(conn) -> dict[str, list[datetime]]:
        """When each open Slack prompt was posted, and since when each customer question has waited (the case's
        last change in awaiting_customer: the ask, or the re-ask after an answer that did not do)."""
        from sqlalchemy import or_, select

        from bot.case.machine import State
        from bot.db.models import Case, SlackPrompt

        prompts = conn.execute(select(SlackPrompt.created_at).outerjoin(Case, Case.id == SlackPrompt.case_id)
                               .where(SlackPrompt.status == "open",
                                      or_(SlackPrompt.case_id.is_(None), Case.open_slot.is_not(None)))).scalars()
        questions = conn.execute(select(Case.updated_at).where(Case.state == State.AWAITING_CUSTOMER.value,
                                                               Case.open_slot.is_not(None))).scalars()
        return {"slack_prompt": [_aware(t) for t in prompts], "customer_question": [_aware(t) for t in questions]}

    # -- families -----------------------------------------------------------------------------------------------
    @staticmethod
    def _backlog_families(backlog: dict, now: datetime):
        from prometheus_client.core import GaugeMetricFamily

        count = GaugeMetricFamily("bot_backlog", "Work not yet done: inbox events new, queued (waiting or running) "
                                  "or handed back for replay; scheduled actions due, queued or handed back",
                                  labels=["table"])
        oldest = GaugeMetricFamily("bot_backlog_oldest_seconds", "How long the oldest work not yet done has waited "
                                   "(0 when none)", labels=["table"])
        for table, (n, since) in sorted(backlog.items()):
            count.add_metric([table], n)
            oldest.add_metric([table], max(0.0, (now - _aware(since)).total_seconds()) if since else 0.0)
        yield count
        yield oldest

    def _entitlement_families(self, orgs: dict[str, date | None], today: date):
        from prometheus_client.core import GaugeMetricFamily

        yield GaugeMetricFamily("bot_temporary_entitlements", "Organizations carrying a temporary second support "
                                "level tag (cases tagged, aligned or extended)", value=len(orgs))
        days = [(target - today).days for target in orgs.values() if target is not None]
        yield _gauge_histogram("bot_temporary_entitlement_days_left", "Days until each temporary entitlement "
                               "expires (le=\"0\": due today or overdue)", None, days, self.DAYS_BUCKETS)
        soonest = GaugeMetricFamily("bot_temporary_entitlement_min_days_left", "Days until the first temporary "
                                    "entitlement expires (absent when there is none; negative: overdue)")
        if days:
            soonest.add_metric([], min(days))
        yield soonest

    def _unanswered_families(self, waiting: dict[str, list[datetime]], now: datetime):
        from prometheus_client.core import GaugeMetricFamily

        ages = {kind: [max(0.0, (now - since).total_seconds()) for since in times] for kind, times in waiting.items()}
        yield _gauge_histogram("bot_unanswered_age_seconds", "Open Slack prompts (slack_prompt) and questions to "
                               "customers (customer_question) awaiting an answer, by age", "kind", ages,
                               self.AGE_BUCKETS)
        oldest = GaugeMetricFamily("bot_unanswered_oldest_seconds", "Age of the oldest unanswered Slack prompt or "
                                   "customer question (0 when none)", labels=["kind"])
        for kind, values in sorted(ages.items()):
            oldest.add_metric([kind], max(values, default=0.0))
        yield oldest

    @staticmethod
    def _up(value: int):
        from prometheus_client.core import GaugeMetricFamily

        return GaugeMetricFamily("bot_backlog_up", "1 when the backlog could be read from the database", value=value)


def _gauge_histogram(name: str, doc: str, label: str | None, values, buckets):
    """A gauge histogram (buckets cumulative, `le`), of one list of values or of one list per label value."""
    from prometheus_client.core import GaugeHistogramMetricFamily

    family = GaugeHistogramMetricFamily(name, doc, labels=[label] if label else None)
    for key, series in (sorted(values.items()) if label else [(None, values)]):
        counts = [(_le(b), sum(1 for v in series if v <= b)) for b in buckets] + [("+Inf", len(series))]
        family.add_metric([key] if label else [], counts, gsum_value=float(sum(series)))
    return family


def _le(bound: float) -> str:
    return str(float(bound))


def render(engine=None, clock=None) -> bytes:
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
        backlog.register(BacklogCollector(engine, clock))
        out += generate_latest(backlog)
    return out


def backlog(conn, now: datetime) -> dict[str, tuple[int, datetime | None]]:
    """(count, oldest) of the work not yet done, per table: the `bot_backlog` gauge, and what tests wait on."""
    from sqlalchemy import and_, func, or_, select

    from bot.db.models import InboxEvent, ScheduledAction

    events = conn.execute(select(func.count(), func.min(InboxEvent.received_at))
                          .where(InboxEvent.status.in_(BacklogCollector.EVENTS_NOT_DONE))).one()
    # An action is waiting from its run_after on; a pending one not yet due is no backlog.
    due = or_(ScheduledAction.status.in_(BacklogCollector.ACTIONS_QUEUED),
              and_(ScheduledAction.status == "pending", ScheduledAction.run_after <= now))
    actions = conn.execute(select(func.count(), func.min(ScheduledAction.run_after)).where(due)).one()
    return {"inbox": (int(events[0]), events[1]), "scheduled_actions": (int(actions[0]), actions[1])}
