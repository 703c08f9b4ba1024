"""Kinds of guessed dates found by probing the order-free assembler (reply_assemble) and the 'within N units' reader
(reply_within) with invented replies: a guessed day is worse than none (none only asks the customer again). Every
wording here is invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    # a month form only as the stem of another word ('marcas', 'masalah', 'mayores'), a bare number beside it
    "Tenemos 12 marcas registradas y queremos Premium.",
    "Masih ada 3 masalah kecil, tapi kami tetap Premium.",
    "Premium, contamos 20 mayores de 65 años en el equipo.",
    "Premium untuk 7 masa uji coba.",
])
def test_a_month_stem_beside_a_bare_number_is_no_day(rules, text):
    assert date_of(rules, text) == (None, False)


@pytest.mark.parametrize("text", [
    # month, year, then a count and its noun: the number counts the noun; 'April 2027' is named, no day
    "2027ko martxoan 20 erabiltzaile gehiago izango ditugu.",  # eu
    "Nisan 2027 de 30 kişi daha ekleyeceğiz.",  # tr
    "2027 áprilisában 25 licencet veszünk.",  # hu
    "W kwietniu 2027 12 licencji więcej.",  # pl
    "2027 оны 4-р сард 20 хэрэглэгч нэмнэ.",  # mn
    "2027 оны 4-р сард 3 долоо хоног туршина.",  # mn, a two-word unit after the count
])
def test_month_year_then_a_count_noun_is_no_day(rules, text):
    assert date_of(rules, text) == (None, True)


@pytest.mark.parametrize("text, expected", [
    # a day with its own case ending is a day, also before a verb and with no year
    ("Maiatzaren 20an aldatuko dugu.", "2027-05-20"),
    ("Kontratua 2027ko otsailaren 1ean berritzen da, baina maiatzaren 20an aldatu nahi dugu.", "2027-05-20"),
])
def test_a_day_with_its_case_ending_is_a_day(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text, expected", [
    # a preposition that is a unit abbreviation in some other language ('sa', 'an') is no unit before the day
    ("Lilipat kami sa ika-9 ng Abril 2027.", "2027-04-09"),
    ("Athróimid ar an 9ú Aibreán 2027.", "2027-04-09"),
])
def test_another_languages_unit_abbreviation_before_a_day_is_no_unit(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_a_refused_cluster_with_two_days_stays_ambiguous(rules):
    assert date_of(rules, "2027ko apirilaren 2an edo 9an.") == (None, True)
