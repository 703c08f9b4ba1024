"""A month name that is an everyday word of the language its sentence is written in (Tagalog 'may': there is) is not
the month there, written in lower case with no year after its day (review 1, item 22); Taglish with the English month
keeps it. Every wording here is invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Sa Hunyo 2027 may 30 lisensya kami.",  # in June 2027 we have 30 licences
    "Ngayong Abril may 20 user na kami.",  # this April we already have 20 users
])
def test_tagalog_may_is_there_is(rules, text):
    assert date_of(rules, text)[0] is None


@pytest.mark.parametrize("text", [
    "Lilipat kami sa May 15, 2027.",
    "Lilipat kami sa may 15, 2027.",
    "Lilipat kami sa May 15.",
])
def test_taglish_with_the_english_month_keeps_the_day(rules, text):
    assert date_of(rules, text) == ("2027-05-15", False)
