"""A day the writer says is not the day, in languages that put the 'not' before or after it; a duration's words only
glued where a script writes no spaces; a fiscal year defined in Hindi; a period narrowed to a range of bare days.
Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "訂正します。移行の完了は3月10日ではなく3月17日です。",  # Japanese
    "정정합니다. 전환일은 3월 10일이 아니라 3월 17일입니다.",  # Korean
    "Düzeltme: geçiş 10 Mart değil, 17 Mart 2027.",  # Turkish
    "सुधार: माइग्रेशन 10 मार्च नहीं, 17 मार्च 2027 को पूरा होगा।",  # Hindi
    "更正：迁移完成日期不是3月10日，而是3月17日。",  # Chinese
    "Ispravak: prelazak nije 10. 3. nego 17. 3. 2027.",  # Croatian
    "Javítás: az átállás nem 2027. március 10., hanem március 17.",  # Hungarian
    "Đính chính: ngày chuyển đổi không phải 10/3/2027 mà là 17/3/2027.",  # Vietnamese
])
def test_the_day_said_not_to_be_it_is_not_taken(rules, text):
    assert date_of(rules, text) == ("2027-03-17", False)


@pytest.mark.parametrize("text", [
    "Premium. A virada será no fim de fevereiro, algo entre dia 20 e 24.",  # 'en' + 'tre' + 'dia' is no span
    "Ultimate. Fecha: entre dia 20 e 24 de fevereiro, depende do time.",
])
def test_a_number_word_inside_a_word_is_no_duration(rules, text):
    value, _ = date_of(rules, text)
    assert value not in ("2026-11-26",)  # (today + 3 days, from 'tre' inside 'entre')


@pytest.mark.parametrize("text, expected", [
    ("Premium, migración en tres semanas.", "2026-12-14"),
    ("Ultimate ครับ ย้ายเสร็จภายใน6สัปดาห์", "2027-01-04"),
    ("Premium. 迁移将在6周内完成。", "2027-01-04"),
])
def test_durations_still_read(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_a_fiscal_year_defined_in_hindi_sets_its_end(rules):
    text = "Ultimate. हमारा वित्तीय वर्ष 1 अप्रैल से शुरू होता है, लक्ष्य वित्त वर्ष के अंत तक है।"
    assert date_of(rules, text) == ("2027-03-31", False)


@pytest.mark.parametrize("text", [
    "Premium. 当社の会計年度は4月1日に始まります。移行日はまだ決まっていません。",  # Japanese
    "Ultimate. हमारा वित्त वर्ष 1 अप्रैल से शुरू होता है; तारीख अभी तय नहीं है।",  # Hindi
])
def test_the_first_day_of_a_fiscal_year_is_not_the_move(rules, text):
    assert date_of(rules, text)[0] is None


@pytest.mark.parametrize("text", [
    "End of January, somewhere between the 25th and the 29th.",
    "Fin de février, entre le 20 et le 26.",
    "A data será no fim de março, algo entre 23 e 27.",
])
def test_a_period_narrowed_to_a_range_of_days_names_no_day(rules, text):
    assert date_of(rules, text) == (None, True)


@pytest.mark.parametrize("text, expected", [
    ("End of January, with 25 to 30 people on the call.", "2027-01-31"),
    ("End of January; 2-3 weeks of testing before that.", "2027-01-31"),
])
def test_a_period_beside_other_numbers_keeps_its_day(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text, expected", [
    ("Ultimate. Vi sa först 15 mars, men flytten blir nu 22 mars.", "2027-03-22"),  # Swedish 'nu' = 'now'
    ("Ultimate. Vi sagde først 15. marts, men datoen er nu den 22. marts.", "2027-03-22"),  # Danish
    ("Ultimate. Eerst 15 maart, maar de datum is nu 22 maart.", "2027-03-22"),  # Dutch
    ("Premium. Flytten er nu 22. mars.", "2027-03-22"),  # Norwegian, one day only
    ("Premium. Flyttningen är nu planerad till 22 mars.", "2027-03-22"),  # Swedish
])
def test_now_in_nordic_and_dutch_is_no_not(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_romanian_not_still_denies_the_day(rules):
    assert date_of(rules, "Corectură: migrarea nu este 15 martie, ci 22 martie 2027.") == ("2027-03-22", False)
