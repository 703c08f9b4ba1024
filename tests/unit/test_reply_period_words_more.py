"""The end and the middle of a month or a period in more languages: 'by the end' / 'the end' names the last day,
'at the end' (a locative: late in the month) stays vague. Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text, expected", [
    ("Premium. Perkėlimas: kovo pabaiga.", "2027-03-31"),  # Lithuanian 'the end of March'
    ("Premium. Martxoaren erdialdean.", "2027-03-15"),  # Basque 'in mid-March'
    ("Premium. Gorffen erbyn diwedd y flwyddyn.", "2026-12-31"),  # Welsh 'by the end of the year'
    ("Premium. அடுத்த மாத இறுதிக்குள் முடிப்போம்.", "2026-12-31"),  # Tamil 'by the end of next month'
    ("Premium. اگلے مہینے کے وسط تک۔", "2026-12-15"),  # Urdu 'by the middle of next month'
    ("Premium. अगले महीने के आख़िर तक।", "2026-12-31"),  # Hindi
    ("Premium. Миграцията приключва до средата на март.", "2027-03-15"),  # Bulgarian
    ("Premium. Краят на април.", "2027-04-30"),  # Bulgarian 'the end of April'
    ("Premium. მარტის შუა რიცხვებში.", "2027-03-15"),  # Georgian 'in the middle days of March'
    ("Premium. Скончым да канца наступнага месяца.", "2026-12-31"),  # Belarusian
    ("Premium. Valmis maaliskuun viimeisenä päivänä.", "2027-03-31"),  # Finnish 'on the last day of March'
])
def test_the_end_or_middle_of_a_period(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. Data – kovo pabaigoje.",  # Lithuanian 'at the end of March': late March
    "Premium. Data: martxoaren amaieran.",  # Basque
])
def test_at_the_end_of_a_month_is_no_day(rules, text):
    assert date_of(rules, text)[0] is None


@pytest.mark.parametrize("text, expected", [
    ("Premium. Byddwn yn symud erbyn diwedd y flwyddyn nesaf.", "2027-12-31"),  # Welsh 'the year next'
    ("Premium. Gorffen erbyn diwedd y flwyddyn nesaf, gobeithio.", "2027-12-31"),
    ("Premium. A ó parí ní òpin ọdún tó ń bọ̀.", "2027-12-31"),  # Yoruba 'the year that is coming'
    ("Premium. A ó parí ìṣípò náà ní òpin ọdún tó ń bọ̀.", "2027-12-31"),
    ("Premium. A ó parí ní òpin ọdún yìí.", "2026-12-31"),  # ... 'this year' stays this one
])
def test_next_written_after_the_year_noun(rules, text, expected):
    assert date_of(rules, text) == (expected, False)
