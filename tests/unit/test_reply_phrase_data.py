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
