"""Numbers written as words before a month name (reply_numberwords): a day only where the words make a date, never
a count of things named after the month or another language's word. Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    # a number word before a month that counts something the month modifies
    "We'll pick one of May or June.",
    "We have one May release and then switch.",
    "Three March deadlines are hard; target is TBD.",
    "Three weeks after the first May release we switch.",
    "Shipping five June releases.",
    "We need fifteen March days of testing.",
    "twenty March bookings",
    "one March weekend",
    "Two April sprints remain before we decide.",
    "We run seven June workshops.",
    "We have the first May release, then we switch.",
])
def test_number_word_counting_before_a_month_is_no_day(rules, text):
    assert date_of(rules, text)[0] is None


@pytest.mark.parametrize("text", [
    # another language's number word before a month, or an everyday word of the reply's own language
    "Bir mart gününde geçiş yapacağız, tarih belli değil.",
    "Our fire March drill is first.",
    "Contact: Lima March, project lead.",
    "Hai March?",
    "We ate two Mars bars, date still open.",
    "Ask Dua March, she knows.",
])
def test_number_word_of_another_language_is_no_day(rules, text):
    assert date_of(rules, text)[0] is None


@pytest.mark.parametrize("text, expected", [
    ("Premium; cutover on the twenty second of March 2027.", "2027-03-22"),
    ("Premium. Our target is the thirtieth of April next year.", "2027-04-30"),
    ("Premium. Fecha objetivo: el veintitrés de marzo de 2027.", "2027-03-23"),
    ("Premium. Η μετάβαση ολοκληρώνεται στις δεκαπέντε Μαρτίου 2027.", "2027-03-15"),
    ("Premium. Міграцію завершимо двадцятого лютого.", "2027-02-20"),
    ("Premium. Migration am zwanzigsten März geplant.", "2027-03-20"),
    ("Premium. El quince de marzo será la migración.", "2027-03-15"),
    ("Premium. Cutover on the first of May, we hope.", "2027-05-01"),
])
def test_number_word_day_before_its_month_still_reads(rules, text, expected):
    assert date_of(rules, text) == (expected, False)
