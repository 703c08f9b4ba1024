"""Replays the project's own labelled evaluation set (tests/data/fresh_*_replies.jsonl) through parse_reply()
against the held-out reply targets."""
from __future__ import annotations

import pytest

from bot.judgement.reply import parse_reply
from tests.conftest import DATA, read_jsonl

REPLY_FILES = sorted(DATA.glob("fresh*_replies.jsonl"))


@pytest.fixture(scope="module")
def reply_runs(rules):
    return [(item, parse_reply(item, rules)) for item in read_jsonl(*REPLY_FILES)]


def test_reply_level_and_date_exact(reply_runs):
    n = len(reply_runs)
    assert sum(o["support_level"] == i["expect"]["support_level"] for i, o in reply_runs) / n >= 0.95
    assert sum(o["target_date"] == i["expect"]["target_date"] for i, o in reply_runs) / n >= 0.95


def test_reply_never_guesses_a_date(reply_runs):
    guessed = [i["id"] for i, o in reply_runs if o["target_date"] is not None and o["target_date"] != i["expect"]["target_date"]]
    assert guessed == []
    assert all(o["target_date"] is None for _, o in reply_runs if o["date_ambiguous"])
