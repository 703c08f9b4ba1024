"""dashboards/migration-bot.json: every PromQL expression parses, and every metric (and label) it queries is one the
bot's /metrics exposes, read from the real /metrics of an app that has done some work."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import metrics
from bot.case.machine import Trigger
from bot.case.store import Store
from bot.db.engine import make_sessionmaker
from tests.conftest import ROOT, load_fixture, zendesk_headers

promql = pytest.importorskip("promql_parser", reason="promql-parser (test extra) parses the dashboard's PromQL")

DASHBOARD = ROOT / "dashboards" / "migration-bot.json"
# Grafana's own variables, replaced by what Grafana would put there before the query reaches Prometheus.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__interval": "1m", "$__range": "1h"}
SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count", "_created"),
            "gaugehistogram": ("_bucket", "_gsum", "_gcount"), "summary": ("_sum", "_count", "_created")}


def expressions(dashboard: dict) -> list[tuple[str, str]]:
    """(panel title, expr) of every query, rows' nested panels included."""
    out = []
    for panel in dashboard["panels"]:
        for inner in [panel, *panel.get("panels", [])]:
            out += [(inner["title"], t["expr"]) for t in inner.get("targets", [])]
    return out


def selectors(node) -> list:
    """Every vector selector in a parsed expression."""
    kind = type(node).__name__
    if kind == "VectorSelector":
        return [node]
    if kind == "MatrixSelector":
        return [node.vector_selector]
    found = []
    for attr in ("lhs", "rhs", "expr", "param"):
        child = getattr(node, attr, None)
        if child is not None and not isinstance(child, (int, float, str)):
            found += selectors(child)
    for arg in getattr(node, "args", None) or []:
        found += selectors(arg)
    return found


def exposed(text: str) -> dict[str, set[str]]:
    """Every series name /metrics can show -> the label names it carries (a family's suffixes included)."""
    names: dict[str, set[str]] = {}
    for family in text_string_to_metric_families(text):
        labels = {k for s in family.samples for k in s.labels}
        for suffix in ("",) + SUFFIXES.get(family.type, ()):
            names.setdefault(family.name + suffix, set()).update(labels)
        for sample in family.samples:
            names.setdefault(sample.name, set()).update(sample.labels)
    return names


@pytest.fixture
def scraped(client, engine) -> dict[str, set[str]]:
    """/metrics after a delivery was received twice and handled, calls and retries made, and a case tagged."""
    body = load_fixture("zendesk/ticket.created__migration")
    for _ in range(2):
        client.post("/webhooks/zendesk", data=body, headers=zendesk_headers(body))
    metrics.delivery_handled("zendesk", "ticket.created", "done", 0.3)
    metrics.on_call("zendesk", "GET", "/api/v2/tickets/{ticket_id}", 200, 0.1)
    metrics.on_retry("zendesk", 429)
    metrics.EVENTS.labels(source="zendesk", outcome="done").inc()
    metrics.ACTIONS.labels(kind="action", outcome="done").inc()
    store = Store(make_sessionmaker(engine))
    case, _ = store.create_case(org_id="1", org_name="o", paid="self_managed", target="saas", ticket_id="1",
                                trigger=Trigger.DETECT_SURE, requester_id="7", reason="r", confidence=0.9,
                                partner_managed=False, partner_name=None, level="premium",
                                target_date=date(2031, 1, 1))
    for trigger in (Trigger.INFO_STATED, Trigger.ISSUE_OPENED, Trigger.APPROVE, Trigger.ORG_TAGGED):
        store.transition(case.id, trigger)
    return exposed(client.get("/metrics").data.decode())


def test_the_dashboard_is_a_grafana_dashboard_with_queries():
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] and dashboard["title"] and dashboard["schemaVersion"] >= 30
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    assert len(expressions(dashboard)) >= 20


def test_every_query_parses_and_asks_only_for_metrics_and_labels_that_exist(scraped):
    dashboard = json.loads(DASHBOARD.read_text())
    missing = []
    for title, expr in expressions(dashboard):
        for variable, value in GRAFANA_VARIABLES.items():
            expr = expr.replace(variable, value)
        assert "$" not in expr, f"{title}: an unknown Grafana variable in {expr}"
        tree = promql.parse(expr)  # raises ValueError on a syntax error
        found = selectors(tree)
        assert found, f"{title}: queries no metric"
        for selector in found:
            if selector.name not in scraped:
                missing.append((title, selector.name))
                continue
            for matcher in selector.matchers.matchers:
                if matcher.name != "__name__" and matcher.name not in scraped[selector.name]:
                    missing.append((title, f"{selector.name}{{{matcher.name}}}"))
    assert missing == []


def test_the_checker_catches_a_misspelt_metric_and_label(scraped):
    tree = promql.parse('sum by (source) (rate(bot_deliveries_totl[1m])) + bot_backlog{tabel="inbox"}')
    names = [(s.name, [m.name for m in s.matchers.matchers]) for s in selectors(tree)]
    assert names == [("bot_deliveries_totl", []), ("bot_backlog", ["tabel"])]
    assert "bot_deliveries_totl" not in scraped and "tabel" not in scraped["bot_backlog"]
    assert {"bot_deliveries_total", "bot_delivery_lag_seconds_bucket", "bot_unanswered_age_seconds_gcount"} <= set(
        scraped)
    with pytest.raises(ValueError):
        promql.parse("sum(rate(bot_backlog[1m])")


def test_every_metric_the_bot_defines_is_on_the_dashboard():
    """A new metric gets a panel (or is named here as deliberately left off)."""
    text = json.dumps(expressions(json.loads(DASHBOARD.read_text())))
    defined = set(re.findall(r'"(bot_[a-z_]+)"', (ROOT / "bot" / "metrics.py").read_text()))
    left_off = {"bot_events_processed_total"}  # superseded by bot_deliveries_total, which adds the event type
    assert {name for name in defined - left_off if name not in text} == set()


def test_the_alerts_in_the_operations_guide_parse_and_use_exposed_metrics(scraped):
    guide = (ROOT / "docs" / "OPERATIONS.md").read_text()
    section = guide.split("## What to alert on", 1)[1]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ") and "`" in line]
    exprs = [re.search(r"`([^`]+)`", row[1]).group(1).replace("\\|", "|") for row in rows]
    assert len(exprs) >= 8
    for expr in exprs:
        for selector in selectors(promql.parse(expr)):
            assert selector.name in scraped, (expr, selector.name)
            assert {m.name for m in selector.matchers.matchers} <= scraped[selector.name] | {"__name__"}, expr
