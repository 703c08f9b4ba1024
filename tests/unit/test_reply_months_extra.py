"""Month names of the languages read on demand (reply_months_extra): never a person's name, an abbreviation that is
an everyday word, or a word of another script's text. Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Please ask Julie 2nd line support about the move.",
    "Julie 15 minutes ago confirmed, date open.",
    "Maris 3 will handle it.",
    "Junie 4 people will join the call.",
    "Ще имаме нов 3-месечен проект.",
    "जुन 3 सर्भरहरू हामी सार्छौं",
    "हमारे 5 जाने वाले सर्वर",
    "Ask Julie 20 times if needed.",
])
def test_extra_month_name_that_is_no_month_reads_no_date(rules, text):
    assert date_of(rules, text)[0] is None


@pytest.mark.parametrize("text, expected", [
    ("Premium. ਮਾਈਗ੍ਰੇਸ਼ਨ 15 ਜਨਵਰੀ 2027 ਨੂੰ ਹੋਵੇਗਾ।", "2027-01-15"),
    ("Switch on 15 ਜਨਵਰੀ 2027", "2027-01-15"),
])
def test_extra_month_name_in_a_date_still_reads(rules, text, expected):
    assert date_of(rules, text) == (expected, False)
