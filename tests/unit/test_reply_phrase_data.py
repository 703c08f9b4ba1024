"""The reply parser's phrase data stays readable: one alternative per element (variants of one day written as words
are an array of their own), so a list can be read, grepped and extended a word at a time."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.unit.conftest import date_of

_TOML = Path(__file__).resolve().parents[2] / "bot" / "rules" / "defaults" / "reply.toml"


def _phrases() -> dict:
    return tomllib.loads(_TOML.read_text(encoding="utf-8"))["reply"]["phrases"]


def test_day_words_hold_one_word_per_element():
    joined = [w for days in _phrases()["day_words"].values() for day in days
              for w in ([day] if isinstance(day, str) else day) if "|" in w]
    assert joined == []


def test_english_refusal_verbs_each_own_an_element():
    ph = _phrases()
    for key in ("refused_back", "refused_after"):
        grouped = [e for e in ph[key] if sum(v in e for v in ("rejected", "dropped", "ruled", "turned")) > 1]
        assert grouped == [], key


@pytest.mark.parametrize("text, expected", [
    ("Premium. Переїзд двадцять п’ятого березня.", "2027-03-25"),  # Ukrainian, typographic apostrophe variant
    ("Premium. Umzug am fünfzehnten März.", "2027-03-15"),  # German, one of two variants of a day
    ("Premium. Umzug am zweiten April.", "2027-04-02"),
])
def test_day_words_with_variants_still_read(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_date_joiners_are_phrase_data():
    # the words joining a day range and a year after a period live in reply.toml, not in the Python code
    ph = _phrases()
    assert "bis" in ph["day_range_joiner"] and "năm" in ph["year_after_period_joiner"]


@pytest.mark.parametrize("text, expected", [
    ("Premium. Done by the end of the year 2027.", ("2027-12-31", False)),
    ("Premium. End of January, somewhere between the 25th and the 29th.", (None, True)),
    ("Premium. Ende Januar, irgendwann vom 25. bis 29.", (None, True)),
])
def test_date_joiners_still_read(rules, text, expected):
    assert date_of(rules, text) == expected
