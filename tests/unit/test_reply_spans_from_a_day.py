"""A span counted from a written day in the languages that put 'after' before the day and in those that put the span
after the day (its 'after' last); a day of another calendar glossed with ours; the day a span counts from; a year
after a period; a window's end; a day the writer retracts or says no longer holds. Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Premium. Target: dua minggu setelah 8 Februari.",  # Indonesian
    "Premium. Переход через две недели после 8 февраля.",  # Russian
    "Premium. Migrarea: la două săptămâni după 8 februarie.",  # Romanian
    "Premium. माइग्रेशन 8 फ़रवरी के दो हफ्ते बाद पूरा होगा।",  # Hindi: the span after the day
    "Premium. 移行は2月8日の2週間後に完了します。",  # Japanese
    "Premium. 전환은 2월 8일로부터 2주 후입니다.",  # Korean
    "Premium. Geçiş 8 Şubat'tan 2 hafta sonra bitecek.",  # Turkish
    "Premium. مهاجرت دو هفته بعد از ۱۹ بهمن (۸ فوریه) تمام می‌شود.",  # Persian, its calendar glossed with ours
])
def test_a_span_counted_from_a_written_day(rules, text):
    assert date_of(rules, text) == ("2027-02-22", False)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Cutover in 3 weeks.", "2026-12-14"),
    ("Premium. Cutover 15 January, in 3 weeks we start the pilot.", "2027-01-15"),
    ("Premium. Сообщим за 3 дня до переезда, переезд 15 января.", "2027-01-15"),
])
def test_a_span_from_today_stays_from_today(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_the_day_a_span_counts_from_is_not_the_move(rules):
    text = "Ultimate. Migration two weeks after New Year, counting from 1 January."
    assert date_of(rules, text) == ("2027-01-15", False)
    text = "Gold. Переезд через две недели после Нового года, то есть считая от 1 января."
    assert date_of(rules, text) == ("2027-01-15", False)


@pytest.mark.parametrize("text, expected", [
    ("Ultimate. Přechod dokončíme do konce roku 2027.", "2027-12-31"),  # Czech: the year after the period
    ("Ultimate. Probably H2 2028 - end of H2 at the latest.", "2028-12-31"),  # the label named with its year before
])
def test_a_period_takes_the_year_written_with_it(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_the_end_of_a_window_is_no_day(rules):
    assert date_of(rules, "Premium. Somewhere between Feb 3 and Feb 9.") == (None, True)


@pytest.mark.parametrize("text, expected, today", [
    ("Ultimate. End of Q1 is too tight now, call it end of next month.", "2027-04-30", "2027-03-29"),
    ("Ultimate. Mid-March won't work; the new date is 31 March.", "2027-03-31", "2026-11-23"),
    ("Earlier I told you we'd finish on 8 February. That was wrong; it will be 15 February.", "2027-02-15", "2026-11-23"),
    # Slovak 'ale' (but) is no range word read as 'al' + 'e'
    ("Oprava: termín dokončenia nie je 8. februára, ale 15. februára 2027.", "2027-02-15", "2026-11-23"),
])
def test_a_day_withdrawn_gives_way_to_the_next(rules, text, expected, today):
    assert date_of(rules, text, today=today) == (expected, False)


@pytest.mark.parametrize("text, expected", [
    ("Premium. 1月10日の30日後に移行を完了します。", "2027-02-09"),  # Japanese: 30 days, not one month
    ("Premium. 10 जनवरी के 30 दिन बाद माइग्रेशन पूरा होगा।", "2027-02-09"),  # Hindi
    ("Premium. 5 Ocak'tan 30 gün sonra bitecek.", "2027-02-04"),  # Turkish
    ("Premium. 1月10日の2か月後に移行を完了します。", "2027-03-10"),  # ... months still count months
    ("Premium. 10 जनवरी के 2 महीने बाद माइग्रेशन पूरा होगा।", "2027-03-10"),
    ("Premium. 1월 10일로부터 2개월 후 완료합니다.", "2027-03-10"),  # Korean
])
def test_a_span_counts_in_its_own_unit(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text, expected", [
    ("Ultimate. Last time we tried this in Q1 2026 and had to roll back; this time the target is the end of Q1.",
     "2027-03-31"),  # a label's past year is not the bare label's: the next Q1
    ("Premium. We did H1 2025 badly; now we aim for the end of H1.", "2027-06-30"),
    ("Premium, by end of Q2 2019 we had 3 teams; the move is due end of Q2.", "2027-06-30"),
    ("Ultimate, and we should be done by the end of next month 2000 users in total.", "2026-12-31"),  # no year 2000
    ("Premium. Done by the end of the year 2027.", "2027-12-31"),  # ... a plausible one still read
    ("Premium. H2 2027 — end of H2.", "2027-12-31"),
])
def test_a_year_after_or_beside_a_period_must_be_one_the_move_can_fall_in(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. Geçiş 10 Ocak yani 7 hafta sonra bitecek.",  # Turkish 'that is': the span restates the day
    "Premium. Geçiş 10 Ocak, yani 7 hafta sonra bitecek.",
    "Premium. 10 जनवरी यानी सात हफ्ते बाद माइग्रेशन पूरा होगा।",  # Hindi
    "Premium. Cutover on 10 January, i.e. 7 weeks from now.",  # English
])
def test_a_span_that_restates_the_day_does_not_count_from_it(rules, text):
    assert date_of(rules, text) == ("2027-01-10", False)


@pytest.mark.parametrize("text, expected", [
    ("Premium. 1月10日から2週間後に完了します。", "2027-01-24"),  # a listed particle: from the day
    ("Premium. Geçiş 8 Şubat’tan 2 hafta sonra bitecek.", "2027-02-22"),  # (a typographic apostrophe)
])
def test_only_a_listed_particle_joins_a_span_to_the_day(rules, text, expected):
    assert date_of(rules, text)[0] == expected


def test_another_word_between_keeps_the_span_from_today(rules):
    # 'and' between: the span is not counted from 10 January (that would be 28 February)
    assert date_of(rules, "Premium. Geçiş 10 Ocak ve 7 hafta sonra bitecek.")[0] != "2027-02-28"
