"""Replays the labelled corpus in ../shared/corpus (skipped when absent) against the project's targets."""
from __future__ import annotations

import pytest

from bot.judgement.detect import classify
from bot.judgement.reply import parse_reply
from tests.conftest import SHARED, read_jsonl

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not (CORPUS / "tickets.jsonl").is_file(), reason="../shared/corpus is absent")


def _load(name: str) -> list[dict]:
    return read_jsonl(CORPUS / name)


@pytest.fixture(scope="module")
def ticket_runs(rules):
    return [(item, classify(item, rules)) for item in _load("tickets.jsonl")]


@pytest.fixture(scope="module")
def reply_runs(rules):
    return [(item, parse_reply(item, rules)) for item in _load("replies.jsonl")]


@pytest.mark.parametrize("half", ["odd", "even"])
def test_ticket_targets_hold_on_each_half(ticket_runs, half):
    runs = [(i, o) for i, o in ticket_runs if (int(i["id"][-3:]) % 2 == 1) == (half == "odd")]
    acts = [i["expect"]["offering_migration"] for i, o in runs if o["outcome"] == "act"]
    truth = [(i, o) for i, o in runs if i["expect"]["offering_migration"]]
    assert acts and sum(acts) / len(acts) >= 0.98
    assert sum(o["outcome"] in ("act", "ask") for _, o in truth) / len(truth) >= 0.95
    assert sum(o["outcome"] == "ask" for _, o in runs) / len(runs) <= 0.15


def test_paid_offering_matches_every_label(ticket_runs):
    wrong = [i["id"] for i, o in ticket_runs if o["paid_offering"] != i["expect"]["paid_offering"]]
    assert wrong == []


def test_no_ticket_invents_a_level_or_date(ticket_runs):
    invented = [(i["id"], f) for i, o in ticket_runs for f in ("support_level", "target_date")
                if o[f] is not None and o[f] != i["expect"][f]]
    assert invented == []


def test_ticket_fields_mostly_right(ticket_runs):
    for field in ("problem_offering", "target_offering", "support_level", "target_date"):
        right = sum(o[field] == i["expect"][field] for i, o in ticket_runs)
        assert right / len(ticket_runs) >= 0.9, field


def test_every_ticket_has_a_reason(ticket_runs):
    assert all(o["reason"] and len(o["reason"]) < 600 for _, o in ticket_runs)


def test_reply_level_and_date_exact(reply_runs):
    both = sum(o["support_level"] == i["expect"]["support_level"] and o["target_date"] == i["expect"]["target_date"]
               for i, o in reply_runs)
    assert both / len(reply_runs) >= 0.95


def test_reply_never_guesses_a_date(reply_runs):
    guessed = [i["id"] for i, o in reply_runs if o["target_date"] is not None and o["target_date"] != i["expect"]["target_date"]]
    assert guessed == []
    assert all(o["target_date"] is None for _, o in reply_runs if o["date_ambiguous"])
