"""The order-free day/month/year assembler (reply_assemble): a day number, a month (a month name of any language, as
the stem of an inflected word, or a month number beside the word for 'month') and perhaps a year, in any order and
with their case endings, pin a day; numbers that are counts, times, versions, tickets or amounts do not. Wordings are
invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text, expected", [
    # Basque: year with -ko, month genitive, day with -an / -erako / bare
    ("Premium. Aldaketa 2027ko apirilaren 9an egingo dugu.", "2027-04-09"),
    ("Ultimate. Dena 2027ko ekainaren 20rako prest.", "2027-06-20"),
    # Azerbaijani: year with -ci il, month genitive, day with -də
    ("Premium. Keçid 2027-ci il aprelin 7-də bitəcək.", "2027-04-07"),
    # Mongolian: month number with the word for 'month' and an ordinal affix, day with a case ending
    ("Premium. 2027 оны 5-р сарын 14-нд дуусна.", "2027-05-14"),
    # Vietnamese-style month number after the word for 'month', day before it
    ("Premium. Hoàn tất 9 tháng 4 2027.", "2027-04-09"),
    # Khmer: word for 'month' glued before the name, word for 'year' before the year
    ("Premium។ ថ្ងៃទី 9 ខែមេសា ឆ្នាំ 2027។", "2027-04-09"),
    # Burmese: year, its word, the month with 'month' glued after it, the day
    ("Premium။ 2027 ခုနှစ် ဧပြီလ 9 ရက်နေ့ ပြီးမည်။", "2027-04-09"),
    # Hausa: short joining words between day, month and year
    ("Premium. Za mu gama a ranar 9 ga Afirilu 2027.", "2027-04-09"),
    # Maltese "ta'", Zulu "ngo-" glued to the day
    ("Premium. Il-bidla sat-9 ta' April 2027.", "2027-04-09"),
    ("Premium. Sizoqeda ngo-9 April 2027.", "2027-04-09"),
    # Slovene genitive without the year: the next occurrence
    ("Premium. Selitev zaključimo 9 aprila.", "2027-04-09"),
    # Hindi abbreviation with the Devanagari abbreviation sign
    ("प्रीमियम। कटओवर 9 फ़र॰ 2027", "2027-02-09"),
])
def test_a_day_month_year_cluster_pins_the_day(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. We have 15 markets to move.",
    "Premium. Ticket 15 in April is still open, the date is not fixed.",
    "Premium. Aldaketa 3. astean apirilaren, data zehaztu gabe.",
    "Premium. We need 15 days in April for testing, date open.",
    "Premium. Bertsioa v16 apirilaren, data zehaztu gabe.",
    "Premium. Migrazioa 15 egun behar ditu apirilean, data zehaztu gabe.",
    "Premium. Срок — через 10 дней после согласования.",
    "Premium. The 15h call in April is about budget.",
])
def test_a_number_that_is_no_day_pins_nothing(rules, text):
    assert date_of(rules, text)[0] is None


@pytest.mark.parametrize("text", [
    "Premium. Aldaketa 2027ko apirilaren 9an edo 16an.",  # two days still open
    "Premium. Maybe 9 or 16 Aprilu 2027.",
])
def test_two_days_in_one_cluster_pin_no_day(rules, text):
    assert date_of(rules, text)[0] is None


def test_a_completive_past_in_nepali_keeps_the_day_in_the_past(rules):
    # 'we have already moved on 3 December' (today 2026-12-07): the most recent 3 December, not next year's
    text = "Premium नै। हामीले डिसेम्बर 3 मा नै सारिसक्यौं।"
    assert date_of(rules, text, today="2026-12-07") == ("2026-12-03", False)


def test_a_span_that_passed_in_hausa_is_no_time_from_now(rules):
    # 'two weeks that passed we tested': no time from now
    assert date_of(rules, "Premium. Cikin makonni biyu da suka wuce mun gwada.", today="2026-12-07")[0] is None


@pytest.mark.parametrize("text, expected", [
    ("Premium. Il-bidla: nofs April.", "2027-04-15"),  # Maltese 'the middle of' before the month
    ("Premium. తేదీ ఏప్రిల్ మధ్యలో.", "2027-04-15"),  # Telugu, after the month with a case ending
    ("Premium. ກາງເດືອນພຶດສະພາ.", "2027-05-15"),  # Lao, glued in an unspaced script
    ("Premium. লক্ষ্য: এপ্রিল 2027-এর মাঝামাঝি।", "2027-04-15"),  # Bengali, with the year between
])
def test_the_middle_of_a_month_in_any_language_is_its_15th(rules, text, expected):
    assert date_of(rules, text, today="2026-12-07") == (expected, False)


@pytest.mark.parametrize("text", ["Premium. Il-bidla f'April.", "Premium. తేదీ ఏప్రిల్ లో.", "Premium. ເດືອນເມສາ."])
def test_a_month_of_another_language_alone_pins_no_day(rules, text):
    assert date_of(rules, text, today="2026-12-07")[0] is None
