"""The end of a Japanese fiscal year (年度, April to March by the national convention) is 31 March of the year after
the one it starts in: '2027年度末' is 2028-03-31; '今年度末' the end of the 年度 today falls in; '来年度末' the next
one's. Wordings invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text,today,expected", [
    ("新しい環境への切替は2027年度末までに終えます。", "2026-12-07", "2028-03-31"),
    ("切替は今年度末までに終える予定です。", "2026-12-07", "2027-03-31"),
    ("切替は今年度末までに終える予定です。", "2027-05-10", "2028-03-31"),
    ("切替は来年度末を目標にしています。", "2026-12-07", "2028-03-31"),
    ("切替は令和9年度末までに終える予定です。", "2026-12-07", "2028-03-31"),
])
def test_nendo_end_is_31_march_after_it_starts(rules, text, today, expected):
    assert date_of(rules, text, today=today) == (expected, False)
