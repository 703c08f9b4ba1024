"""Periods a reply defines itself (reply_labels): the year named beside the label is the period's year. Wordings are
invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text, expected", [
    ("Our Q2 is February through April. Target: end of Q2 2028.", ("2028-04-30", False)),
    ("Premium. For us H1 means February through July. Done by end of H1 2028.", ("2028-07-31", False)),
    ("Our Q2 is February through April. Target: end of Q2.", ("2027-04-30", False)),
])
def test_defined_label_with_a_year(rules, text, expected):
    assert date_of(rules, text) == expected


def test_defined_label_over_the_turn_of_a_year_with_another_year_is_no_day(rules):
    assert date_of(rules, "Our Q1 is November through January. Target: end of Q1 2029.")[0] is None
