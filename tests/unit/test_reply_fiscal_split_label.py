"""A fiscal year labelled across two calendar years ('Geschäftsjahr 2027/28', 'fiscal year 2028-29') ends in the later
one: with the year's last month defined, its end is that month of the later year, never of the earlier one. A single
year label right after 'end of our fiscal year' that no definition ties to a calendar year stays open. Wordings
invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text,expected", [
    ("Wir schließen die Umstellung zum Ende unseres Geschäftsjahres 2027/28 ab; unser Geschäftsjahr endet im März.",
     "2028-03-31"),
    ("Die Umstellung ist bis Ende des Geschäftsjahres 2028/29 fertig. Das Geschäftsjahr endet am 30. September.",
     "2029-09-30"),
])
def test_split_label_ends_in_the_later_year(rules, text, expected):
    assert date_of(rules, text, today="2026-12-07") == (expected, False)


def test_single_label_after_the_year_end_is_not_next_occurrence(rules):
    text = "Die Umstellung ist bis Ende unseres Geschäftsjahres 2028 fertig; das Geschäftsjahr endet im September."
    assert date_of(rules, text, today="2026-12-07")[0] != "2027-09-30"
