"""'at the end of <named month>' said after the month in Marathi, Bengali, Gujarati (and Basque) is the same locative
as Lithuanian 'pabaigoje': late in the month, the labeled policy for those words (no day, date ambiguous), never
"no date and not ambiguous". 'By the end of <month>' and English "end of <month>" stay the month's last day.
Every wording here is invented for this file."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


def parsed(rules, text, today="2026-11-23") -> tuple:
    out = reply(rules, text, tags=("sm_premium",), today=today)
    return out["target_date"], out["date_ambiguous"]


AT_THE_END_OF_A_NAMED_MONTH = [
    "Premium. बदल फेब्रुवारी च्या शेवटी होईल.",  # Marathi
    "Premium. ফেব্রুয়ারির শেষে পরিবর্তন হবে।",  # Bengali
    "Premium. ফেব্রুয়ারি এর শেষে পরিবর্তন হবে।",  # Bengali, the postposition written apart
    "Premium. ફેરફાર ફેબ્રુઆરી ના અંતે થશે.",  # Gujarati
    "Premium. Aldaketa maiatzaren amaieran.",  # Basque
    "Premium. Perkėlimas gegužės pabaigoje.",  # Lithuanian (guard: already so)
]


@pytest.mark.parametrize("text", AT_THE_END_OF_A_NAMED_MONTH)
def test_at_the_end_of_a_named_month_is_ambiguous(rules, text):
    assert parsed(rules, text) == (None, True)


END_OF_A_NAMED_MONTH = [
    ("Premium. Switch at the end of May.", "2027-05-31"),  # English
    ("Premium. Switch by end of February.", "2027-02-28"),
    ("Premium. Perkėlimas iki gegužės pabaigos.", "2027-05-31"),  # Lithuanian 'by the end'
    ("Premium. बदल फेब्रुवारी अखेरपर्यंत होईल.", "2027-02-28"),  # Marathi 'by the end'
]


@pytest.mark.parametrize("text, day", END_OF_A_NAMED_MONTH)
def test_by_the_end_of_a_named_month_is_its_last_day(rules, text, day):
    assert parsed(rules, text) == (day, False)
