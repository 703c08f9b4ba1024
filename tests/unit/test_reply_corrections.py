"""Words that withdraw what was said before (reply.phrases correction): 'make it' only before the new day, never a
fallback or a condition ('if we cannot make it'). Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of, reply


@pytest.mark.parametrize("text, expected", [
    ("Cutover 15 March. If we cannot make it, 1 April is the fallback.", "2027-03-15"),
    ("Go-live 15 March; the team said they can make it, 20 people on 1 April training.", "2027-03-15"),
    ("Cutover 15 March. If we don't make it, 1 April is plan B.", "2027-03-15"),
])
def test_make_it_of_a_fallback_keeps_the_plan(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_make_it_before_the_new_day_still_corrects(rules):
    text = "Premium. Date: the first of February... wait no, legal needs more time, make it the 26th of February."
    assert date_of(rules, text) == ("2027-02-26", False)


@pytest.mark.parametrize("text", [
    "We go with Ultimate. If the budget does not make it, Premium.",
    "We go with Ultimate. If the budget can't make it, Premium.",
])
def test_make_it_of_a_condition_changes_no_level(rules, text):
    assert reply(rules, text)["support_level"] is None
