"""The metrics operators alert on: delivery counters and latency, outbound calls and retries, and the gauges read
from the database at scrape time (backlog, temporary entitlements, unanswered prompts and questions)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from bot import metrics
from bot.case.machine import Trigger
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker, upgrade
from tests.conftest import load_fixture, zendesk_headers

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=timezone.utc)


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def scrape(engine, now: datetime = NOW) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics' database part: (name, sorted labels) -> value."""
    text = metrics.render(engine, clock=lambda: now).decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


# --- counters written by the processes ----------------------------------------------------------------------------

def test_the_web_counts_deliveries_by_source_type_and_outcome_duplicates_included(client):
    body = load_fixture("zendesk/ticket.created__migration")
    labels = dict(source="zendesk", event_type="ticket.created")
    before = {o: sample("bot_deliveries_received_total", outcome=o, **labels) for o in ("accepted", "duplicate")}
    assert client.post("/webhooks/zendesk", data=body, headers=zendesk_headers(body)).status_code == 202
    assert client.post("/webhooks/zendesk", data=body, headers=zendesk_headers(body)).status_code == 200
    assert client.post("/webhooks/zendesk", data=body, headers=zendesk_headers(body)).status_code == 200
    assert sample("bot_deliveries_received_total", outcome="accepted", **labels) == before["accepted"] + 1
    assert sample("bot_deliveries_received_total", outcome="duplicate", **labels) == before["duplicate"] + 2


def test_a_delivery_nothing_handles_is_counted_as_ignored():
    before = sample("bot_deliveries_received_total", source="gitlab", event_type="Push Hook", outcome="ignored")
    metrics.delivery_received("gitlab", "Push Hook", fresh=True, relevant=False)
    assert sample("bot_deliveries_received_total", source="gitlab", event_type="Push Hook",
                  outcome="ignored") == before + 1


def test_a_handled_delivery_is_counted_with_its_handling_time_and_its_lag_since_receipt():
    labels = dict(source="slack", event_type="block_actions", outcome="done")
    count = sample("bot_deliveries_total", **labels)
    handled = sample("bot_delivery_handling_seconds_count", source="slack")
    under_quarter = sample("bot_delivery_handling_seconds_bucket", source="slack", le="0.25")
    lag_sum = sample("bot_delivery_lag_seconds_sum", source="slack")
    received = (NOW - timedelta(seconds=3)).replace(tzinfo=None)  # SQLite hands it back without a zone
    metrics.delivery_handled("slack", "block_actions", "done", 0.2, received_at=received, now=NOW)
    assert sample("bot_deliveries_total", **labels) == count + 1
    assert sample("bot_delivery_handling_seconds_count", source="slack") == handled + 1
    assert sample("bot_delivery_handling_seconds_bucket", source="slack", le="0.25") == under_quarter + 1
    assert sample("bot_delivery_lag_seconds_sum", source="slack") == pytest.approx(lag_sum + 3.0)


def test_event_type_labels_stay_bounded(monkeypatch):
    monkeypatch.setattr(metrics, "_EVENT_TYPES", set())
    monkeypatch.setattr(metrics, "MAX_EVENT_TYPES", 3)
    assert [metrics.event_type_label(t) for t in ("a", "b", "a", "c", "d")] == ["a", "b", "a", "c", "other"]
    assert metrics.event_type_label("x" * 200) == "other"
    assert metrics.event_type_label('bad"label\n') == "other"
    assert metrics.event_type_label(None) == "other"


def test_outbound_calls_and_retries_are_counted_by_service_and_status():
    calls = sample("bot_api_calls_total", service="zendesk", method="GET", status="429")
    retries = sample("bot_api_retries_total", service="zendesk", status="429")
    timeouts = sample("bot_api_retries_total", service="gitlab", status="none")
    metrics.on_call("zendesk", "GET", "/api/v2/tickets/{id}.json", 429, 0.1)
    metrics.on_retry("zendesk", 429)
    metrics.on_retry("gitlab", None)
    assert sample("bot_api_calls_total", service="zendesk", method="GET", status="429") == calls + 1
    assert sample("bot_api_retries_total", service="zendesk", status="429") == retries + 1
    assert sample("bot_api_retries_total", service="gitlab", status="none") == timeouts + 1


def test_a_client_s_retry_is_counted_by_service_and_the_status_that_caused_it():
    """The clients' retry loop reports each retry (bot.services.base calls metrics.on_retry)."""
    import responses

    from bot.services.base import RetryPolicy
    from bot.services.gitlab import GitLabClient

    client = GitLabClient("https://gitlab.example", "glpat-secret-0123456789", "group/project",
                          retry=RetryPolicy(attempts=3, base_delay=0, max_delay=0, jitter=False),
                          sleep=lambda _: None, on_call=metrics.on_call)
    retries = sample("bot_api_retries_total", service="gitlab", status="503")
    calls = sample("bot_api_calls_total", service="gitlab", method="GET", status="503")
    with responses.RequestsMock() as mock:
        mock.get("https://gitlab.example/api/v4/user", status=503, json={"message": "down"})
        mock.get("https://gitlab.example/api/v4/user", json={"username": "bot"})
        assert client.current_user()["username"] == "bot"
    assert sample("bot_api_retries_total", service="gitlab", status="503") == retries + 1
    assert sample("bot_api_calls_total", service="gitlab", method="GET", status="503") == calls + 1


# --- gauges read from the database --------------------------------------------------------------------------------

def _case(store: Store, org: str, ticket: str, triggers: list[Trigger], target: date | None = None) -> int:
    case, _ = store.create_case(org_id=org, org_name=org, paid="self_managed", target="saas", ticket_id=ticket,
                                trigger=Trigger.DETECT_SURE, requester_id="7", reason="r", confidence=0.9,
                                partner_managed=False, partner_name=None, level="premium", target_date=target)
    for trigger in triggers:
        store.transition(case.id, trigger)
    return case.id


TAGGED = [Trigger.INFO_STATED, Trigger.ISSUE_OPENED, Trigger.APPROVE, Trigger.ORG_TAGGED]


@pytest.fixture
def busy_db(db_url):
    """A database with work in every state the gauges read, stamped relative to NOW."""
    upgrade(db_url)
    engine = make_engine(db_url)
    store = Store(make_sessionmaker(engine))
    # Temporary entitlements: org 1 expires in 3 days (two cases: its earliest counts), org 2 in 45 days, org 3 is
    # overdue (its expiry has not run); org 4 was approved but not tagged yet, org 5's entitlement expired.
    _case(store, "1", "11", TAGGED, date(2027, 3, 13))
    _case(store, "2", "21", TAGGED + [Trigger.TICKETS_ALIGNED], date(2027, 4, 24))
    _case(store, "3", "31", TAGGED + [Trigger.TICKETS_ALIGNED, Trigger.DUE_DATE_CHANGED], date(2027, 3, 9))
    _case(store, "4", "41", TAGGED[:3], date(2027, 5, 1))
    _case(store, "5", "51", TAGGED + [Trigger.EXPIRE], date(2027, 3, 1))
    with engine.begin() as conn:  # org 1's second open case (another target offering), expiring later
        conn.execute(sa.text("UPDATE cases SET target_offering = 'dedicated' WHERE org_id = '1'"))
    _case(store, "1", "12", TAGGED, date(2027, 3, 30))
    # Customer questions: two waiting (2 h and 2 days), one answered, one on a cancelled case.
    asked_recently = _case(store, "6", "61", [Trigger.ASK_SENT])
    asked_long_ago = _case(store, "7", "71", [Trigger.ASK_SENT])
    _case(store, "8", "81", [Trigger.ASK_SENT, Trigger.REPLY_VALID])
    # Slack prompts: open (30 min, 5 days, one without a case), decided, and one whose case was dismissed.
    unsure, _ = store.create_case(org_id="9", org_name="9", paid="self_managed", target="saas", ticket_id="91",
                                  trigger=Trigger.DETECT_UNSURE, requester_id=None, reason="r", confidence=0.5,
                                  partner_managed=False, partner_name=None, level=None, target_date=None)
    dismissed, _ = store.create_case(org_id="10", org_name="10", paid="self_managed", target="saas", ticket_id="92",
                                     trigger=Trigger.DETECT_UNSURE, requester_id=None, reason="r", confidence=0.5,
                                     partner_managed=False, partner_name=None, level=None, target_date=None)
    store.transition(dismissed.id, Trigger.DISMISS)
    prompts = [("p1", unsure.id, "open", NOW - timedelta(minutes=30)),
               ("p2", None, "open", NOW - timedelta(days=5)),
               ("p3", unsure.id, "decided", NOW - timedelta(days=9)),
               ("p4", dismissed.id, "open", NOW - timedelta(days=9))]
    for key, case_id, status, at in prompts:
        prompt = store.save_prompt(key=key, kind="confirm_case", case_id=case_id, ticket_id="91", org_id="9",
                                   text="?", options=[])
        store.update_prompt(prompt.id, status=status, created_at=at)
    with engine.begin() as conn:
        for case_id, ago in ((asked_recently, timedelta(hours=2)), (asked_long_ago, timedelta(days=2))):
            conn.execute(sa.text("UPDATE cases SET updated_at = :at WHERE id = :id"),
                         {"at": NOW - ago, "id": case_id})
        # Inbox: new (1 min), queued (10 min: handed to a workflow, waiting or running), replay, done, failed.
        for i, (status, ago) in enumerate([("new", 60), ("queued", 600), ("queued", 5), ("replay", 30),
                                           ("done", 7200), ("ignored", 7200), ("failed", 3600)]):
            conn.execute(sa.text("INSERT INTO inbox (id, source, event_type, payload, received_at, status) "
                                 "VALUES (:id, 'zendesk', 'ticket.created', '{}', :at, :status)"),
                         {"id": f"zendesk:{i}", "at": NOW - timedelta(seconds=ago), "status": status})
        # Scheduled actions: due 2 h ago, not yet due, queued 20 min ago, done, failed.
        for i, (status, offset) in enumerate([("pending", -7200), ("pending", 86400), ("queued", -1200),
                                              ("done", -9000), ("failed", -9000)]):
            conn.execute(sa.text("INSERT INTO scheduled_actions (case_id, kind, run_after, target_date, status, "
                                 "attempts) VALUES (:case, :kind, :at, :target, :status, 0)"),
                         {"case": asked_recently, "kind": f"remind:{i}", "at": NOW + timedelta(seconds=offset),
                          "target": date(2027, 4, 1), "status": status})
    yield engine
    engine.dispose()


def test_backlog_counts_everything_not_yet_done_and_how_long_the_oldest_has_waited(busy_db):
    m = scrape(busy_db)
    assert m[("bot_backlog", (("table", "inbox"),))] == 4  # new + 2 queued + replay
    assert m[("bot_backlog", (("table", "scheduled_actions"),))] == 2  # due pending + queued
    assert m[("bot_backlog_oldest_seconds", (("table", "inbox"),))] == pytest.approx(600, abs=1)
    assert m[("bot_backlog_oldest_seconds", (("table", "scheduled_actions"),))] == pytest.approx(7200, abs=1)
    assert m[("bot_inbox_events", (("status", "queued"),))] == 2
    assert m[("bot_inbox_events", (("status", "replay"),))] == 1
    assert m[("bot_inbox_events", (("status", "failed"),))] == 1
    assert m[("bot_scheduled_actions", (("status", "pending"),))] == 2
    assert m[("bot_backlog_up", ())] == 1


def test_temporary_entitlements_and_days_to_their_expiry(busy_db):
    m = scrape(busy_db)
    assert m[("bot_temporary_entitlements", ())] == 3  # orgs 1, 2, 3 (org 1 once, though two cases)
    buckets = {dict(k[1])["le"]: v for k, v in m.items() if k[0] == "bot_temporary_entitlement_days_left_bucket"}
    # days left: org 1 -> 3 (its earliest), org 2 -> 45, org 3 -> -1 (overdue)
    assert buckets == {"0.0": 1, "7.0": 2, "14.0": 2, "30.0": 2, "60.0": 3, "90.0": 3, "+Inf": 3}
    assert m[("bot_temporary_entitlement_days_left_gcount", ())] == 3
    assert m[("bot_temporary_entitlement_min_days_left", ())] == -1


def test_unanswered_slack_prompts_and_customer_questions_by_age(busy_db):
    m = scrape(busy_db)

    def buckets(kind: str) -> dict[str, float]:
        return {dict(k[1])["le"]: v for k, v in m.items()
                if k[0] == "bot_unanswered_age_seconds_bucket" and dict(k[1])["kind"] == kind}

    # prompts: 30 min and 5 days (decided ones and those of ended cases do not wait for anyone)
    assert buckets("slack_prompt") == {"3600.0": 1, "14400.0": 1, "86400.0": 1, "259200.0": 1, "604800.0": 2,
                                       "+Inf": 2}
    # questions: 2 h and 2 days
    assert buckets("customer_question") == {"3600.0": 0, "14400.0": 1, "86400.0": 1, "259200.0": 2,
                                            "604800.0": 2, "+Inf": 2}
    assert m[("bot_unanswered_oldest_seconds", (("kind", "slack_prompt"),))] == pytest.approx(5 * 86400, abs=1)
    assert m[("bot_unanswered_oldest_seconds", (("kind", "customer_question"),))] == pytest.approx(2 * 86400,
                                                                                                  abs=1)


def test_an_empty_database_gives_zeroes_and_no_minimum(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    m = scrape(engine)
    engine.dispose()
    assert m[("bot_backlog", (("table", "inbox"),))] == 0 and m[("bot_temporary_entitlements", ())] == 0
    assert m[("bot_backlog_oldest_seconds", (("table", "scheduled_actions"),))] == 0
    assert m[("bot_unanswered_age_seconds_gcount", (("kind", "slack_prompt"),))] == 0
    assert not any(k[0] == "bot_temporary_entitlement_min_days_left" for k in m)


def test_a_database_that_cannot_be_read_sets_backlog_up_to_zero(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables
    m = scrape(engine)
    engine.dispose()
    assert m[("bot_backlog_up", ())] == 0 and not any(k[0] == "bot_backlog" for k in m)


def test_the_worker_s_delivery_metrics_reach_the_web_s_metrics_through_the_shared_folder(tmp_path, monkeypatch):
    """Worker and web are separate processes: with one PROMETHEUS_MULTIPROC_DIR the web's /metrics adds up both."""
    import os
    import subprocess
    import sys

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    worker = ("from bot import metrics; metrics.delivery_handled('gitlab', 'Issue Hook', 'done', 0.7); "
              "metrics.on_retry('gitlab', 502)")
    subprocess.run([sys.executable, "-c", worker], check=True, env={**os.environ})
    out = subprocess.run([sys.executable, "-c", "from bot import metrics; print(metrics.render().decode())"],
                         check=True, capture_output=True, text=True, env={**os.environ}).stdout
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(out) for s in family.samples}
    assert samples[("bot_deliveries_total", (("event_type", "Issue Hook"), ("outcome", "done"),
                                             ("source", "gitlab")))] == 1
    assert samples[("bot_delivery_handling_seconds_bucket", (("le", "1.0"), ("source", "gitlab")))] == 1
    assert samples[("bot_api_retries_total", (("service", "gitlab"), ("status", "502")))] == 1


def test_the_types_the_services_send_keep_their_series_when_made_up_ones_have_spent_the_bound(monkeypatch):
    # In one long-lived process, fuzzed or hostile senders had filled the bound and real Issue Hooks became "other".
    monkeypatch.setattr(metrics, "_EVENT_TYPES", set())
    monkeypatch.setattr(metrics, "MAX_EVENT_TYPES", 2)
    assert [metrics.event_type_label(t) for t in ("made.up.1", "made.up.2", "made.up.3")] == [
        "made.up.1", "made.up.2", "other"]
    assert [metrics.event_type_label(t) for t in ("Push Hook", "ticket.comment_added", "block_actions")] == [
        "Push Hook", "ticket.comment_added", "block_actions"]
