"""parse_reply() on the kinds the rules once missed: dates in words, relative weekdays, month names and period
phrases in many languages, fiscal quarters, ISO weeks, corrections, the top tier. Wordings are invented here."""
from __future__ import annotations

import pytest

from bot.judgement.reply_world import weekday_date
from tests.unit.conftest import date_of, reply


# --- dates written in words -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Ultimate. We want to be done by the thirty-first of January.", "2027-01-31"),
    ("Premium; cutover on the twenty second of March 2027.", "2027-03-22"),
    ("Premium, finishing on the fourteenth of April.", "2027-04-14"),
    ("Premium, go-live March the nineteenth.", "2027-03-19"),
    ("Premium. Target: February twenty-eighth, 2027.", "2027-02-28"),
])
def test_dates_in_words(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_may_as_a_verb_is_no_date(rules):
    assert date_of(rules, "Premium. We may first need approval from legal.") == (None, False)


# --- relative weekdays ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, today, expected", [
    ("Premium, switching next Thursday.", "2026-11-29", "2026-12-03"),  # a Sunday: the coming Thursday
    ("Premium. We moved last Wednesday.", "2026-11-30", "2026-11-25"),  # a Monday: the week before
    ("Premium. Umstellung am nächsten Dienstag.", "2026-12-05", "2026-12-08"),
    ("Premium. La bascule se fera mardi prochain.", "2026-12-05", "2026-12-08"),
    ("Premium. Hicimos el cambio el jueves pasado.", "2026-12-07", "2026-12-03"),
    ("Premium. Zmiana w przyszłą środę.", "2026-12-05", "2026-12-09"),
    ("Premium. Vi bytte i torsdags.", "2026-12-07", "2026-12-03"),
    ("Premium. Cutover Wednesday next week.", "2026-11-25", "2026-12-02"),
    ("Premium. 다음 주 화요일에 전환합니다.", "2026-11-25", "2026-12-01"),
    ("Premium. 下周三完成迁移。", "2026-11-25", "2026-12-02"),
])
def test_relative_weekdays(rules, text, today, expected):
    assert date_of(rules, text, today) == (expected, False)


@pytest.mark.parametrize("text, today", [
    ("Premium, we switch next Friday.", "2026-11-24"),  # a Tuesday: this week's Friday or the next one
    ("Premium, we switched last Monday.", "2026-11-26"),  # a Thursday: this week's Monday or the one before
])
def test_relative_weekday_that_fits_two_weeks_is_ambiguous(rules, text, today):
    assert date_of(rules, text, today) == (None, True)


def test_weekday_date_rules():
    from datetime import date
    sat = date(2026, 11, 28)
    assert weekday_date("next", 4, sat) == date(2026, 12, 4)
    assert weekday_date("last", 4, sat) is None  # yesterday's Friday or the one before: either week fits
    assert weekday_date("last", 4, date(2026, 11, 30)) == date(2026, 11, 27)  # from a Monday: last week's
    # "this Friday" said at the weekend is the coming one (set w: from Sunday 2026-12-06, 2026-12-11); in a clause
    # in the past tense it is the one just behind us; said on a workday after it ("this Monday" on a Wednesday), open
    assert weekday_date("this", 4, sat) == date(2026, 12, 4)
    assert weekday_date("this", 4, sat, past=True) == date(2026, 11, 27)
    assert weekday_date("this", 0, date(2026, 12, 2)) is None
    assert weekday_date("this", 4, date(2026, 12, 2)) == date(2026, 12, 4)
    assert weekday_date("next_week", 0, sat) == date(2026, 11, 30)


# --- month names and period phrases in other languages ----------------------------------------------------
@pytest.mark.parametrize("text, today, expected", [
    ("Premium. Przejście planujemy na 3 marca.", "2026-11-23", "2027-03-03"),
    ("Premium. Dokončení do 12. dubna 2027.", "2026-11-23", "2027-04-12"),
    ("Premium. Siirto valmis 5. toukokuuta 2027.", "2026-11-23", "2027-05-05"),
    ("Premium. Flytten er klar den 9. marts 2027.", "2026-11-23", "2027-03-09"),
    ("Premium. Geçiş 14 Şubat 2027 tarihinde tamamlanacak.", "2026-11-23", "2027-02-14"),
    ("Premium. Переход завершим 10 февраля 2027.", "2026-11-23", "2027-02-10"),
    ("Premium. Az átállás 2027. március 8-ig kész.", "2026-11-23", "2027-03-08"),
    ("Premium. 전환은 2027년 3월 12일입니다.", "2026-11-23", "2027-03-12"),
    ("Premium. 计划2027年2月底前完成。", "2026-11-23", "2027-02-28"),
    ("Premium. 下个月20号完成迁移。", "2026-11-23", "2026-12-20"),
    ("Premium. 2027년 1분기 말까지 마무리합니다.", "2026-11-23", "2027-03-31"),
    ("Premium. 내년 3분기 안에 끝냅니다.", "2026-11-23", "2027-09-30"),
    ("Premium. Chcemy skończyć do końca przyszłego miesiąca.", "2026-12-10", "2027-01-31"),
    ("Premium. Klart innan slutet av nästa månad.", "2026-11-23", "2026-12-31"),
    ("Premium. היעד: סוף הרבעון הנוכחי.", "2026-11-23", "2026-12-31"),
    ("Premium. Geçişi 45 gün içinde bitireceğiz.", "2026-11-23", "2027-01-07"),
    ("Premium. Migracja za 3 tygodnie.", "2026-11-23", "2026-12-14"),
])
def test_world_languages(rules, text, today, expected):
    assert date_of(rules, text, today) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. Terminamos a fines del año que viene.",  # towards the end: weeks, not a day
    "Premium. 2027년 3월 초에 전환합니다.",  # early March
    "Premium. 2027年3月に移行します。",  # a month
    "Premium. Flytten sker 15 listopada.",  # a month name two languages read differently (November, October)
])
def test_world_spans_are_ambiguous(rules, text):
    assert date_of(rules, text) == (None, True)


# --- fiscal years, ISO weeks --------------------------------------------------------------------------------
def test_fiscal_quarter_defined_by_the_reply(rules):
    text = "Premium. Our financial year begins in July, and we want this done in fiscal Q3."
    assert date_of(rules, text) == ("2027-03-31", False)


def test_fiscal_year_end_defined_by_the_reply(rules):
    text = "Premium. Fiscal year ends in June; the migration must be done by the end of our fiscal year."
    assert date_of(rules, text) == ("2027-06-30", False)


@pytest.mark.parametrize("text", [
    "Premium. Done by end of fiscal Q1.",  # whose fiscal year? not said
    "Premium. Target FY27 Q2.",
])
def test_fiscal_quarter_nobody_defined_is_ambiguous(rules, text):
    assert date_of(rules, text) == (None, True)


@pytest.mark.parametrize("text", [
    "Premium. Go-live in calendar week 9.",
    "Premium. Umstellung in KW 7/2027.",
    "Premium. Cutover 2027-W10.",
    "Premium. Migracja w tygodniu 8.",
    "Premium. Vi flyttar vecka 11.",
])
def test_iso_weeks_are_ambiguous(rules, text):
    assert date_of(rules, text) == (None, True)


# --- corrections, the top tier, levels in other languages -------------------------------------------------
def test_a_corrected_date_replaces_the_first(rules):
    assert date_of(rules, "Premium. Cutover 2027-02-10, no wait, I meant 2027-02-17.") == ("2027-02-17", False)


def test_a_corrected_tier_replaces_the_first(rules):
    out = reply(rules, "Starter. Correction: our CFO signed off on Premium.")
    assert out["support_level"] == "premium"


def test_two_tiers_without_a_correction_stay_open(rules):
    assert reply(rules, "Premium or Ultimate, we will see.")["support_level"] is None


@pytest.mark.parametrize("text, tags, level", [
    ("We'll take the highest plan you offer.", ["sm_premium"], "ultimate"),
    ("Das höchste Paket, bitte.", ["sm_premium"], "ultimate"),
    ("Bitte die höchste Stufe.", ["sm_starter"], "ultimate"),
    ("Just the cheapest tier.", ["sm_premium"], "starter"),
    ("The top tier is too much for us; one level below what we have.", ["sm_ultimate"], "premium"),
    ("Zostajemy na tym samym poziomie.", ["sm_ultimate"], "ultimate"),
    ("Chcemy ten sam pakiet co teraz.", ["saas_starter"], "starter"),
    ("Bir üst paketi alacağız.", ["sm_starter"], "premium"),
    ("נשארים באותה רמה.", ["sm_premium"], "premium"),
    ("지금과 같은 등급으로 유지합니다.", ["sm_ultimate"], "ultimate"),
    ("我们升一级。", ["sm_premium"], "ultimate"),
])
def test_levels_in_more_words(rules, text, tags, level):
    assert reply(rules, text, tags=tags)["support_level"] == level


def test_tier_then_date_after_a_comma(rules):
    out = reply(rules, "Starter, 2027-02-02")
    assert (out["support_level"], out["target_date"]) == ("starter", "2027-02-02")


# --- durations ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Premium. Migration done within 30 days of signing.", (None, False)),  # counted from the signature, not today
    # (a span after an event with no day names a time nobody can pin: asked again, as set ti labels it)
    ("Premium. Cutover 3 Wochen nach dem Go-live.", (None, True)),
    ("Premium. In 30 days from today.", ("2026-12-23", False)),
    ("Premium. 2 ay içinde bitiriyoruz.", ("2027-01-23", False)),
    ("Premium. Om 3 veckor är vi klara.", ("2026-12-14", False)),
    ("Premium. Сделаем через 2 недели.", ("2026-12-07", False)),
    ("Premium. Moving 3 mag of data is fine.", (None, False)),  # 'mag' is no month here
])
def test_durations_count_from_today_only(rules, text, expected):
    assert date_of(rules, text) == expected


def test_one_up_from_today(rules):
    assert reply(rules, "One up from today's level, please.", tags=("saas_starter",))["support_level"] == "premium"


# --- tomorrow / yesterday, spans, levels in other scripts ---------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Premium. The cutover happens tomorrow.", ("2026-11-24", False)),
    ("Premium. We migrated yesterday.", ("2026-11-22", False)),
    ("Premium. Umstellung übermorgen.", ("2026-11-25", False)),
    ("Premium. Przełączamy jutro.", ("2026-11-24", False)),
    ("Premium. I'll call you tomorrow about it.", (None, False)),  # no cutover word: a call, not the move
    ("Premium. Guten Morgen, die Umstellung ist am 2027-01-12.", ("2027-01-12", False)),  # Morgen: the morning
])
def test_tomorrow_and_yesterday_beside_a_cutover_word(rules, text, expected):
    assert date_of(rules, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Ultimate. The migration runs from 2027-01-11 to 2027-01-29.", "2027-01-29"),
    ("Ultimate. Migration 11.01.2027 bis 29.01.2027.", "2027-01-29"),
    ("Ultimate. 마이그레이션은 2027년 1월 11일부터 2027년 1월 29일까지입니다.", "2027-01-29"),
])
def test_a_span_ends_on_its_last_day(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_a_span_of_something_else_is_skipped(rules):
    text = "Premium. Our contract runs from 2027-01-01 to 2027-12-31; cutover 2027-02-20."
    assert date_of(rules, text) == ("2027-02-20", False)


@pytest.mark.parametrize("text, tags, level", [
    ("Берём Премиум.", ["sm_ultimate"], "premium"),
    ("얼티밋으로 갑니다.", ["sm_premium"], "ultimate"),
    ("Wir bleiben beim aktuellen Level.", ["sm_premium"], "premium"),
    ("We'll stay on our current tier.", ["saas_ultimate"], "ultimate"),
    ("Zůstáváme na současné úrovni.", ["sm_starter"], "starter"),
])
def test_levels_in_other_scripts_and_staying_put(rules, text, tags, level):
    assert reply(rules, text, tags=tags)["support_level"] == level


@pytest.mark.parametrize("text", [
    "Premium. The import hasn't moved since yesterday.",
    "Premium. Seit gestern hängt die Migration.",
])
def test_since_yesterday_is_a_state_not_a_date(rules, text):
    assert date_of(rules, text) == (None, False)


# --- parts of months in other languages, more numeric shapes, two dates still open --------------------------
@pytest.mark.parametrize("text, expected", [
    ("Premium. Przejście do końca lutego.", ("2027-02-28", False)),
    ("Premium. Переезд до конца февраля.", ("2027-02-28", False)),
    ("Premium. Vi är klara till slutet av februari.", ("2027-02-28", False)),
    ("Premium. Hedef şubat sonu.", ("2027-02-28", False)),
    ("Premium. Przejście w połowie lutego.", ("2027-02-15", False)),
    ("Premium. Přechod začátkem února.", (None, True)),
    ("Premium. Przejście pod koniec lutego.", (None, True)),
    ("Premium. 二月底之前完成。", ("2027-02-28", False)),
    ("Premium. Target: end of Feb.", ("2027-02-28", False)),
    ("Premium. Target: mid-Feb.", ("2027-02-15", False)),
    ("Premium. Termín 15. 2. 2027.", ("2027-02-15", False)),
    ("Premium. Frist 2027.02.15.", ("2027-02-15", False)),
    ("Premium. Date 2027/02/15.", ("2027-02-15", False)),
    ("Premium. Date 15-Feb-2027.", ("2027-02-15", False)),
    ("Premium. Date: Feb. 15th.", ("2027-02-15", False)),
    ("Premium. Cutover 2027-02-15 or 2027-02-22, we will see.", (None, True)),
])
def test_more_month_parts_and_shapes(rules, text, expected):
    assert date_of(rules, text) == expected


def test_upgrade_us_one_tier(rules):
    assert reply(rules, "Upgrade us one tier.", tags=("saas_premium",))["support_level"] == "ultimate"


# --- rough days, refused tiers, more scripts ------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Premium. Cutover around 9 February.",
    "Premium. Cutover w/c 8 February.",
    "Premium. Cutover not before 2027-02-08.",
    "Premium. Umstellung frühestens am 8. Februar.",
    "Premium. 2월 8일쯤 전환합니다.",
])
def test_a_rough_day_is_no_day(rules, text):
    assert date_of(rules, text) == (None, True)


def test_around_the_middle_of_a_month_is_still_the_15th(rules):
    assert date_of(rules, "Premium. Around the middle of June.") == ("2027-06-15", False)


@pytest.mark.parametrize("text, tags, level", [
    ("Not Gold - Silver will do.", ["sm_ultimate"], "premium"),
    ("We're dropping Ultimate and taking Premium.", ["sm_ultimate"], "premium"),
    ("Moving from Premium to Ultimate.", ["sm_premium"], "ultimate"),
    ("Statt Ultimate nehmen wir Premium.", ["sm_ultimate"], "premium"),
    ("The middle tier, please.", ["sm_ultimate"], "premium"),
    ("Whatever is above what we have now.", ["sm_starter"], "premium"),
    ("The top tier. Date TBD.", ["sm_premium"], "ultimate"),  # TBD speaks of the date
    ("Vamos ficar no Bronze.", ["sm_premium"], "starter"),  # Portuguese 'no' is 'in the', not 'no'
    ("Vamos de Ultimate.", ["sm_premium"], "ultimate"),
])
def test_refused_and_described_tiers(rules, text, tags, level):
    assert reply(rules, text, tags=tags)["support_level"] == level


@pytest.mark.parametrize("text, expected", [
    ("Premium. Our FY runs October-September; done in FY Q2.", "2027-03-31"),
    ("Premium. Our FY ends June 30, we need this done by fiscal Q3.", "2027-03-31"),
    ("Premium. 年内に移行します。", "2026-12-31"),
    ("Premium. Umstellung bis Ende nächsten Monat.", "2026-12-31"),
    ("Premium. 移行は来週の水曜日です。", "2026-12-02"),
    ("Premium. موعد الانتقال 9 فبراير 2027.", "2027-02-09"),
    ("Premium. ย้ายภายในวันที่ 9 กุมภาพันธ์ 2027", "2027-02-09"),
    ("Premium. Chuyển đổi trước ngày 9 tháng 2 năm 2027.", "2027-02-09"),
])
def test_fiscal_spans_and_more_scripts(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


# --- dates of other things --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Premium. We tested for 3 weeks in staging.",  # English 'in' after a duration is no deadline
    "Premium. The Q3-Reporting project is ours.",
    "Premium. Updated 2026-11-20 by the admin.",
    "Premium. The outage on 18 November is related.",
    "Premium. Please reply by 2026-11-30 if anything is missing.",
    "Premium, cutover date to be confirmed (not before our renewal on 2027-03-01).",
    "Premium. Seit 2026-11-20 schlagen die Pipelines fehl.",
    "Premium. 2026年11月20日からエラーが出ています。移行日は未定です。",
])
def test_dates_of_other_things_are_not_the_target(rules, text):
    assert reply(rules, text)["target_date"] is None


def test_a_completion_word_still_wins_beside_an_open_question(rules):
    assert date_of(rules, "Premium. Cutover 2027-01-20; the exact time is TBD.") == ("2027-01-20", False)


# --- spans of days, clock times, half years, hedged and arrowed tiers ---------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Ultimate. Planned: Feb 6-7.", ("2027-02-07", False)),
    ("Ultimate. Umstellung am 6.–7. Februar.", ("2027-02-07", False)),
    ("Ultimate. Window: 2027-02-06 22:00 to 2027-02-07 06:00 UTC.", ("2027-02-07", False)),
    ("Ultimate. 2027-02-06 22:14:07 ERROR import failed", (None, False)),  # a log line
    ("Premium. Done by the end of the first half of 2027.", ("2027-06-30", False)),
    ("Premium. Move by end of H2.", ("2026-12-31", False)),
])
def test_spans_clock_times_half_years(rules, text, expected):
    assert date_of(rules, text) == expected


@pytest.mark.parametrize("text, tags, level", [
    ("Premium for now, we might go Ultimate next year.", ["sm_premium"], "premium"),
    ("Silver → Gold.", ["sm_premium"], "ultimate"),
    ("We'll stick with the tier we have today.", ["sm_ultimate"], "ultimate"),
    ("Please keep us at the current level.", ["sm_starter"], "starter"),
])
def test_hedged_arrowed_and_kept_tiers(rules, text, tags, level):
    assert reply(rules, text, tags=tags)["support_level"] == level


@pytest.mark.parametrize("text, expected", [
    ("Premium. In a month or two.", (None, True)),
    ("Premium. Go-live 2027-02-20; hypercare until 2027-03-20.", ("2027-02-20", False)),
    ("Premium. Bis zum Ende des zweiten Quartals 2027.", ("2027-06-30", False)),
])
def test_rough_durations_aftercare_and_german_quarters(rules, text, expected):
    assert date_of(rules, text) == expected


# --- quoted mail in other languages ----------------------------------------------------------------------------
@pytest.mark.parametrize("history", [
    "Am 20.11.2026 um 10:02 schrieb Support <support@example.com>:\n> Bitte ein Datum, z.B. 15.12.2026?",
    "Le ven. 20 nov. 2026 à 10:02, Support <support@example.com> a écrit :\n> Une date ? par ex. 15 décembre",
    "W dniu 20.11.2026 o 10:02 Support <support@example.com> napisał:\n> Termin? np. 15 grudnia",
    "Od: Support\nWysłano: piątek, 20 listopada 2026 10:02\nTemat: Migracja\nTermin 15.12.2026?",
    "2026年11月20日(金) 10:02 Support <support@example.com>:\n> 移行日は12月15日でよろしいですか？",
    "-----Ursprüngliche Nachricht-----\nVon: Support\nTermin 15.12.2026?",
])
def test_dates_in_quoted_mail_are_ignored(rules, history):
    assert date_of(rules, f"Premium.\n\n{history}") == (None, False)


def test_a_structured_answer_is_not_a_mail_header(rules):
    out = reply(rules, "Ecco:\nDa: Milano\nA: GitLab.com\nData: 2027-03-01")  # Italian "from / to / date"
    assert out["target_date"] == "2027-03-01"


@pytest.mark.parametrize("text, level", [
    ("Premium. Our ultimate goal is zero downtime.", "premium"),
    ("Premium please; the gold standard for us is a quiet weekend.", "premium"),
    ("Same as now. The starter project moves first.", "premium"),
    ("Ultimate. We bought premium runners separately.", "ultimate"),
])
def test_tier_words_in_everyday_phrases_are_no_tier(rules, text, level):
    assert reply(rules, text)["support_level"] == level


@pytest.mark.parametrize("text", [
    "Derzeit haben wir Premium, auf GitLab.com nehmen wir Ultimate.",
    "Obecnie mamy Premium, na GitLab.com kupimy Ultimate.",
    "Şu anda Premium kullanıyoruz, GitLab.com'da Ultimate alacağız.",
    "现在是Premium，迁移后我们要Ultimate。",
    "Сейчас у нас Premium, после переезда возьмём Ultimate.",
    "Attualmente abbiamo Premium, su GitLab.com prenderemo Ultimate.",
])
def test_the_tier_to_buy_wins_over_todays_in_many_languages(rules, text):
    assert reply(rules, text)["support_level"] == "ultimate"


def test_for_now_is_not_today(rules):
    assert reply(rules, "Bronze for now. Target is Q2.", tags=("saas_starter",))["support_level"] == "starter"


@pytest.mark.parametrize("text, expected", [
    ("Premium. Migracja zakończy się w ciągu 4 tygodni.", ("2026-12-21", False)),
    ("Premium. Migreringen är klar inom 30 dagar.", ("2026-12-23", False)),
    ("Premium. Přechod dokončíme během 14 dnů.", ("2026-12-07", False)),
    ("Premium. We do 3 days of testing first.", (None, False)),  # English 'do' is no 'within'
])
def test_within_in_more_languages(rules, text, expected):
    assert date_of(rules, text) == expected


@pytest.mark.parametrize("text", [
    "Premium. Let's have a call next Friday to settle the date.",
    "Premium. Können wir am nächsten Dienstag telefonieren? Anruf passt uns gut.",
])
def test_a_call_about_the_move_is_not_the_move(rules, text):
    assert date_of(rules, text, today="2026-11-28")[0] is None
