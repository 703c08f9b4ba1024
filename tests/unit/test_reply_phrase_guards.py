"""Phrase data found missing by probing the new readers with invented replies (review 1, items 6, 7, 9, 13, 18, 25):
'number' words of more languages before a day, a short negation between two dates, a Basque 'X wrote:' line, past
cues of Irish and Tagalog, and 'not known' in Turkish, Azerbaijani, Basque and Tagalog beside another event's time.
Every wording here is invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Sifariş nömrəsi 9, 2027-ci il aprelin.",  # az
    "Захиалгын дугаар 9, 2027 оны 4-р сарын.",  # mn
])
def test_a_number_word_of_another_language_before_the_day_refuses_it(rules, text):
    assert date_of(rules, text) == (None, True)  # (the month of the year is still named)


def test_a_short_negation_parts_two_dates(rules):
    assert date_of(rules, "4-р сарын 9-нд биш, 5-р сарын 2-нд шилжинэ.") == ("2027-05-02", False)


def test_a_basque_wrote_line_opens_quoted_mail(rules):
    text = "Ondo, Premium.\n\n2026ko azaroaren 20an, Laguntza-k idatzi zuen:\n> 2027ko apirilaren 9an aldatzea?"
    assert date_of(rules, text) == (None, False)


@pytest.mark.parametrize("text", [
    "Natapos namin iyon sa loob ng dalawang linggo noong nakaraang taon.",  # tl
    "Chríochnaíomar é i gceann 3 seachtaine anuraidh.",  # ga
])
def test_within_told_in_the_past_names_no_day(rules, text):
    assert date_of(rules, text) == (None, False)


@pytest.mark.parametrize("text", [
    "Test 20 gün içinde bitecek, geçiş tarihini henüz bilmiyoruz.",  # tr
    "Yeni versiya 3 həftə ərzində çıxır, keçid tarixi hələ məlum deyil.",  # az
    "Proba 3 aste barru amaituko da, aldaketaren data ez dakigu.",  # eu
    "Sa loob ng 3 linggo, magdadagdag kami ng 4 admin; wala pang petsa ang paglipat.",  # tl
    "Lizentzia 2027ko otsailaren 1ean berritzen da, aldaketaren data ez dakigu.",  # eu, a renewal day
])
def test_another_events_time_beside_a_date_said_unknown_is_no_date(rules, text):
    assert date_of(rules, text) == (None, False)
