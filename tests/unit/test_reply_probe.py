"""parse_reply() on tests/data/probe_replies.jsonl: 514 replies the parser's author wrote in fifteen rounds (2026-12-06),
each round in a new style (other-thing dates, 30+ languages, corrections, spans, forwarded mail) and measured before
it was tuned on. Not blind evidence (the author knows the rules): a regression net for the kinds it covers."""
from __future__ import annotations

import pytest

from bot.judgement.reply import parse_reply
from tests.conftest import DATA, read_jsonl


@pytest.fixture(scope="module")
def probe_runs(rules):
    return [(item, parse_reply(item, rules)) for item in read_jsonl(DATA / "probe_replies.jsonl")]


def test_probe_level_and_date_exact(probe_runs):
    exact = [i["id"] for i, o in probe_runs
             if (o["support_level"], o["target_date"]) == (i["expect"]["support_level"], i["expect"]["target_date"])]
    assert len(exact) / len(probe_runs) >= 0.97


def test_probe_never_guesses_a_date(probe_runs):
    guessed = [i["id"] for i, o in probe_runs if o["target_date"] not in (None, i["expect"]["target_date"])]
    assert guessed == []


def test_probe_flags_what_cannot_be_pinned(probe_runs):
    flagged = [i for i, o in probe_runs if i["expect"].get("date_ambiguous")]
    assert flagged and all(o["date_ambiguous"] and o["target_date"] is None
                           for i, o in probe_runs if i["expect"].get("date_ambiguous"))
