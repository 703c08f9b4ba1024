"""A duration whose 'in' is a case ending glued to the unit (Nepali, Marathi, Gujarati), and number words of Indic
scripts read whole with their vowel signs. Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text, expected", [
    ("Premium. दुई हप्तामा सकिन्छ।", "2026-12-07"),  # Nepali 'in two weeks', a number word
    ("Premium. 30 दिवसांत पूर्ण.", "2026-12-23"),  # Marathi 'in 30 days'
    ("Premium. 3 અઠવાડિયામાં.", "2026-12-14"),  # Gujarati 'in 3 weeks'
])
def test_a_glued_in_makes_a_duration(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. 3 दिवस लागले।",  # Marathi 'it took 3 days': no 'in'
    "Premium. हमने 3 हफ्ते लगाए।",  # Hindi 'we spent 3 weeks'
])
def test_a_bare_count_of_days_is_no_duration(rules, text):
    assert date_of(rules, text)[0] is None
