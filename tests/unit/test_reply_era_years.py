"""A national calendar's era year (Japanese 令和, Taiwanese 民國) is its Gregorian year, not a number to drop: read
without it the day lost its year and fell to the next occurrence. Wordings invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text,expected", [
    ("新環境への移行は令和10年3月31日までに終える予定です。", "2028-03-31"),
    ("切替は令和11年1月20日を予定しています。", "2029-01-20"),
    ("遷移預計於民國117年6月30日完成。", "2028-06-30"),
])
def test_era_year_is_the_gregorian_year(rules, text, expected):
    assert date_of(rules, text, today="2026-12-07") == (expected, False)
