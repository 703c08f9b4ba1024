"""The end of this/next month or year in the languages read on demand (reply.phrases world_languages_lazy): dateparser's
own phrases for the period are read for them too (Khmer without its zero-width spaces), and Lao, Khmer and Myanmar
count as scripts written without spaces. Wordings are invented here; today is 2026-12-07."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text, expected", [
    ("Premium។ ចុងខែនេះ។", "2026-12-31"),  # Khmer: end + this month, glued
    ("Premium. ທ້າຍເດືອນໜ້າ.", "2027-01-31"),  # Lao: end + next month
    ("Premium။ ဒီနှစ်ကုန်။", "2026-12-31"),  # Burmese: this year + end
    ("Premium. Ирэх сарын эцэс.", "2027-01-31"),  # Mongolian: next month's end
])
def test_the_end_of_a_period_in_languages_read_on_demand(rules, text, expected):
    assert date_of(rules, text, today="2026-12-07") == (expected, False)
