"""Kinds of guessed dates found by probing the 'within N units' reader (reply_within) and the grammar's relative spans
with invented replies (review 1, items 15-17, 23, 24): a length ('for / during / N more units'), a range of counts and
a span counted from an event in the ablative name no day. A guessed day is worse than none (none only asks the
customer again). Every wording here is invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    # 'N more units' / 'for the duration of N units': how long, not when
    "Lisenzja tagħna għandha 4 ġimgħat oħra.",  # mt
    "Chúng tôi còn 4 tuần nữa với gói cũ.",  # vi
    "Sinov 4 hafta davomida davom etadi.",  # uz
])
def test_more_or_during_units_are_no_within(rules, text):
    assert date_of(rules, text) == (None, False)


def test_within_counted_from_an_event_names_no_day(rules):
    assert date_of(rules, "Sa loob ng tatlong linggo matapos ang pagpirma kami lilipat.")[0] is None


@pytest.mark.parametrize("text", [
    # two counts: a range of times, no one day
    "4 veya 5 hafta içinde geçiyoruz.",  # tr
    "4-5 hafta içinde geçiyoruz.",  # tr
    "Cikin makonni 4 zuwa 5 za mu gama.",  # ha
])
def test_a_range_of_counts_names_no_day(rules, text):
    assert date_of(rules, text) == (None, True)


@pytest.mark.parametrize("text", [
    # an ablative right before 'N units later': counted from that event
    "Denetimden 4 hafta sonra geçiyoruz.",  # tr
    "Yoxlamadan 4 həftə sonra keçəcəyik.",  # az
    "Аудитаас 4 долоо хоногийн дараа шилжинэ.",  # mn
])
def test_n_units_after_an_ablative_event_names_no_day(rules, text):
    assert date_of(rules, text) == (None, True)


def test_n_units_from_now_in_the_ablative_still_pins(rules):
    assert date_of(rules, "Şimdiden 4 hafta sonra geçiyoruz.") == ("2026-12-21", False)


@pytest.mark.parametrize("text", [
    "Premium. We switch in 3 weeks and 2nd-line support stays.",
    "Premium. We switch in 3 weeks a 2-day freeze before.",
])
def test_a_number_after_the_span_that_counts_something_else_is_no_range(rules, text):
    assert date_of(rules, text) == ("2026-12-14", False)
