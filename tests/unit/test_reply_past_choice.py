"""A tier chosen in the past tense ('we chose Ultimate': Czech 'zvolili jsme', Polish 'wybraliśmy', Russian
'выбрали') tells of the choice; a day without a year beside it, for a move still ahead ('we will finish by 20
April'), is the next one, not last year's. A move told in the past keeps the past reading. Wordings invented."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text,expected", [
    ("Vybrali jsme Premium, přechod dokončíme do 20. dubna.", "2027-04-20"),
    ("Rozhodli jsme se pro Premium a migraci dokončíme do 20. dubna.", "2027-04-20"),
    ("Wybraliśmy Ultimate, migrację zakończymy do 15 marca.", "2027-03-15"),
    ("Мы выбрали Ultimate, миграцию завершим до 15 марта.", "2027-03-15"),
])
def test_past_choice_of_a_tier_is_no_past_date(rules, text, expected):
    assert date_of(rules, text, today="2026-12-07") == (expected, False)


def test_move_told_in_the_past_keeps_the_last_day(rules):
    assert date_of(rules, "Wybraliśmy Premium, a migrację zakończyliśmy 20 kwietnia.", today="2026-12-07") == (
        "2026-04-20", False)
