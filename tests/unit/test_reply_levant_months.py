"""Arabic month names of the Levant and Iraq ('آذار' for March, 'كانون الثاني' for January), which dateparser's Arabic
lacks. Wordings are invented here; today is 2026-12-07."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text, expected", [
    ("سنشتري Premium. موعد النقل ٢٠ نيسان ٢٠٢٧.", "2027-04-20"),
    ("Premium. الانتقال في ٣ شباط ٢٠٢٧.", "2027-02-03"),
    ("Premium. الموعد ١٠ كانون الثاني ٢٠٢٧.", "2027-01-10"),
])
def test_levantine_month_names_pin_the_day(rules, text, expected):
    assert date_of(rules, text, today="2026-12-07") == (expected, False)
