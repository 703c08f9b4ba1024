"""Replays the project's own labelled evaluation set (tests/data/fresh_*_tickets.jsonl) through classify() against
the held-out detection targets."""
from __future__ import annotations

import pytest

from tests.conftest import DATA, read_jsonl

TICKET_FILES = sorted(DATA.glob("fresh*_tickets.jsonl"))
REPLY_FILES = sorted(DATA.glob("fresh*_replies.jsonl"))


@pytest.fixture(scope="module")
def ticket_runs(detector_runs):
    # classify() of every ticket, once per test process and shared with tests/unit/test_event_gate.py (the
    # detector_runs fixture of tests/unit/conftest.py); speed is the benchmark's business
    # (benchmarks/bench_detector.py prints ms per ticket)
    return [(item, outcome, None) for path in TICKET_FILES for item, outcome in detector_runs.of(path)]


def test_the_set_is_there_and_labelled():
    tickets, replies = read_jsonl(*TICKET_FILES), read_jsonl(*REPLY_FILES)
    assert len(tickets) >= 70 and len(replies) >= 40
    share = sum(t["expect"]["offering_migration"] for t in tickets) / len(tickets)
    assert 0.25 <= share <= 0.45
    assert len({t["id"] for t in tickets}) == len(tickets)


def test_automatic_precision(ticket_runs):
    acts = [i["expect"]["offering_migration"] for i, o, _ in ticket_runs if o["outcome"] == "act"]
    assert acts and sum(acts) / len(acts) >= 0.98


def test_recall_with_asks(ticket_runs):
    truth = [o for i, o, _ in ticket_runs if i["expect"]["offering_migration"]]
    assert sum(o["outcome"] in ("act", "ask") for o in truth) / len(truth) >= 0.95


def test_ask_rate(ticket_runs):
    assert sum(o["outcome"] == "ask" for _, o, _ in ticket_runs) / len(ticket_runs) <= 0.15


def test_paid_offering_always_right(ticket_runs):
    assert [i["id"] for i, o, _ in ticket_runs if o["paid_offering"] != i["expect"]["paid_offering"]] == []


def test_tickets_never_invent_a_level_or_date(ticket_runs):
    bad = [(i["id"], f) for i, o, _ in ticket_runs for f in ("support_level", "target_date")
           if o[f] is not None and o[f] != i["expect"][f]]
    assert bad == []


def test_ticket_fields_mostly_right(ticket_runs):
    for field in ("problem_offering", "target_offering", "support_level", "target_date"):
        right = sum(o[field] == i["expect"][field] for i, o, _ in ticket_runs)
        assert right / len(ticket_runs) >= 0.9, field


def test_near_miss_set_c_is_included_and_never_acts_wrongly(ticket_runs):
    runs = [(i, o) for i, o, _ in ticket_runs if i["id"].startswith("F-C")]
    assert len(runs) >= 40 and sum(not i["expect"]["offering_migration"] for i, _ in runs) >= 30
    assert [i["id"] for i, o in runs if o["outcome"] == "act" and not i["expect"]["offering_migration"]] == []
    truth = [o for i, o in runs if i["expect"]["offering_migration"]]
    assert sum(o["outcome"] in ("act", "ask") for o in truth) / len(truth) >= 0.9
