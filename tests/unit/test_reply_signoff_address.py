"""A signature's day after a closing formula of another language ("Saygılarımla," then a name and the day the mail was
sent) and a street's name and number ("Calle Mayo 15", "15 March Street") are no answer (review 1, items 21, 26).
Every wording here is invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Ultimate istiyoruz.\n\nSaygılarımla,\nMehmet\n3 Aralık 2026 tarihinde gönderildi",  # tr
    "Ultimate istəyirik.\n\nHörmətlə,\nLeyla\n2026-ci il dekabrın 3-də göndərildi",  # az
    "Bierzemy Ultimate.\n\nPozdrawiam\nJan\nWysłano 3 grudnia 2026",  # pl
])
def test_a_day_after_a_closing_formula_is_the_signatures(rules, text):
    assert date_of(rules, text, today="2026-12-07") == (None, False)


@pytest.mark.parametrize("text", [
    "Premium. Nuestra oficina: Calle Abril 12, Sevilla.",
    "Premium. We are at 12 April Street, Leeds.",
    "Premium. Büro: 12. Mai Straße 4.",
])
def test_a_street_name_is_no_date(rules, text):
    assert date_of(rules, text) == (None, False)


def test_a_date_before_other_words_still_pins(rules):
    assert date_of(rules, "Premium. We move on 12 April, street party after.") == ("2027-04-12", False)


def test_english_via_before_a_date_is_no_street(rules):
    assert date_of(rules, "Premium. We will migrate via 15 March 2027 cutover plan.") == ("2027-03-15", False)
