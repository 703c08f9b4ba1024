"""The end of 'the quarter' said alone is this quarter's, in languages that write the end after the noun (Korean,
Chinese, Japanese) and in Welsh; Thai runs on after 'this quarter'. Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Premium. 분기 말까지 전환하겠습니다.",  # Korean
    "Premium. 我们在季度末完成迁移。",  # Chinese
    "Premium. 四半期末までに移行します。",  # Japanese
    "Premium. Erbyn diwedd y chwarter hwn.",  # Welsh
    "Premium ค่ะ ย้ายเสร็จภายในสิ้นไตรมาสนี้ค่ะ",  # Thai
])
def test_the_end_of_this_quarter(rules, text):
    assert date_of(rules, text) == ("2026-12-31", False)


@pytest.mark.parametrize("text, expected", [
    ("Premium. 第三季度末。", "2027-09-30"),  # a numbered quarter is that one
    ("Premium. 1분기 말까지.", "2027-03-31"),
])
def test_a_numbered_quarter_keeps_its_number(rules, text, expected):
    assert date_of(rules, text) == (expected, False)
