"""parse_reply() on the kinds of mistakes blind sets n, o and p showed (2026-12-06). Every wording here is invented,
most in other languages than the set's item, so that a test checks the kind, not the item."""
from __future__ import annotations

import pytest

from bot.judgement.reply import parse_reply
from tests.unit.conftest import date_of, reply


# --- a date said to have passed, in scripts without tense endings ---------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Premium. 我们已经在11月5日完成了迁移。", "2026-11-05"),
    ("Premium. 이미 11월 5일에 이전을 마쳤습니다.", "2026-11-05"),
    ("Premium. 我们计划在3月5日完成迁移。", "2027-03-05"),  # a plan: the next 5 March
])
def test_a_day_already_passed_is_the_last_one(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


# --- 'late', 'early', 'mid' parts of a month in more languages ------------------------------------------------
@pytest.mark.parametrize("text", [
    "Premium. Queremos acabar a finales de febrero.",  # Spanish plural 'finales': late February
    "Premium. Ho tindrem a finals de març.",  # Catalan
    "Premium. Ho tindrem a principis de març.",
    "Premium. Siirto helmikuun alussa.",  # Finnish genitive month
    "Premium. Határidő: február eleje.",  # Hungarian
    "Premium. الموعد: أواخر فبراير",  # Arabic
    "Premium. Ημερομηνία: αρχές Μαρτίου.",  # Greek
])
def test_a_part_of_a_month_that_is_weeks_is_ambiguous(rules, text):
    assert date_of(rules, text) == (None, True)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Siirto helmikuun lopussa.", "2027-02-28"),  # Finnish: at the end of February
    ("Premium. Határidő: február vége.", "2027-02-28"),  # Hungarian
    ("Premium. الموعد المستهدف: منتصف مارس", "2027-03-15"),  # Arabic mid-March
    ("Premium. Termin: mitjans de març.", "2027-03-15"),  # Catalan
    ("Premium. Tarikh sasaran: pertengahan Februari 2027.", "2027-02-15"),  # Malay
    ("Premium. Ημερομηνία: τέλος Φεβρουαρίου 2027.", "2027-02-28"),  # Greek
    ("Premium. A finales del segundo trimestre de 2027.", "2027-06-30"),  # the end of a quarter stays its last day
])
def test_end_and_middle_of_a_month_in_more_languages(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


# --- a fiscal year the reply defines with its label or a date span --------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Premium. Our fiscal year 2027 runs from 1 March 2027 to 29 February 2028; we want to be done by the end of Q2 "
     "of FY27.", "2027-08-31"),
    ("Premium. FY26 started on 1 April 2025, and the cutover is planned for FY27 Q1.", "2026-06-30"),
    ("Premium. Unser Geschäftsjahr GJ 2027 läuft vom 1. Oktober 2026 bis 30. September 2027; der Umzug soll zum "
     "Ende des zweiten Quartals dieses Geschäftsjahres fertig sein.", "2027-03-31"),
    ("Prémium. Határidő a pénzügyi évünk vége; a pénzügyi év március 31-én zárul.", "2027-03-31"),
])
def test_fiscal_year_defined_by_label_or_span(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. Done by the end of Q2 of FY28.",  # FY28 may start in 2027 or 2028: not said
    "Premium. Cutover in FY27 Q3.",
])
def test_a_labelled_fiscal_quarter_nobody_defined_is_ambiguous(rules, text):
    assert date_of(rules, text) == (None, True)


def test_the_dates_that_define_a_fiscal_year_are_not_the_move(rules):
    text = "Premium. Our fiscal year runs from 1 February 2027 to 31 January 2028."
    assert date_of(rules, text) == (None, False)


# --- the level: 'same as today' and 'one up' in words no fixed phrase lists -----------------------------------
@pytest.mark.parametrize("text, tags, expected", [
    ("Nível: o mesmo que temos hoje. Data: 2027-03-01.", ("saas_starter",), "starter"),  # Portuguese
    ("Zůstaneme na stejné úrovni jako teď.", ("sm_ultimate",), "ultimate"),  # Czech, locative
    ("Plan: taki jak dziś.", ("sm_premium",), "premium"),  # Polish 'as today'
    ("Nivå: som idag.", ("sm_starter",), "starter"),  # Swedish
    ("我们要和目前相同的等级。", ("sm_ultimate",), "ultimate"),  # Chinese
    ("Kami akan ambil tingkat yang sama seperti sekarang.", ("sm_premium",), "premium"),  # Indonesian
    ("Θα κρατήσουμε το ίδιο επίπεδο.", ("sm_starter",), "starter"),  # Greek
    ("हम अभी वाला ही स्तर रखेंगे, वही स्तर।", ("sm_premium",), "premium"),  # Hindi
])
def test_same_level_in_more_wordings(rules, text, tags, expected):
    assert reply(rules, text, tags=tags)["support_level"] == expected


@pytest.mark.parametrize("text, tags, expected", [
    ("Prendremo il livello appena sopra.", ("sm_starter",), "premium"),  # Italian
    ("Nous voulons le niveau juste au-dessus.", ("sm_starter",), "premium"),  # French
    ("Queremos o nível logo acima do atual.", ("sm_premium",), "ultimate"),  # Portuguese
    ("Wir nehmen die Stufe direkt darüber.", ("saas_starter",), "premium"),  # German
    ("我們會升一級。", ("saas_starter",), "premium"),  # Chinese, traditional
    ("등급을 한 단계 올릴 예정입니다.", ("saas_premium",), "ultimate"),  # Korean
])
def test_one_level_up_in_more_wordings(rules, text, tags, expected):
    assert reply(rules, text, tags=tags)["support_level"] == expected


@pytest.mark.parametrize("text, expected", [
    ("Vi väljer Guld på den nya plattformen.", "ultimate"),  # Swedish
    ("Wir nehmen Silber.", "premium"),  # German
    ("Bierzemy Brąz.", "starter"),  # Polish
    ("실버 등급으로 하겠습니다.", "premium"),  # Korean
    ("Altın paketi alacağız.", "ultimate"),  # Turkish
])
def test_legacy_metal_names_in_other_languages(rules, text, expected):
    assert reply(rules, text)["support_level"] == expected


@pytest.mark.parametrize("text, expected", [
    ("Chúng tôi chọn gói thấp nhất.", "starter"),  # Vietnamese
    ("최고 레벨로 가겠습니다.", "ultimate"),  # Korean
    ("Kami pilih paket tertinggi.", "ultimate"),  # Indonesian
    ("A legmagasabb szintet választjuk.", "ultimate"),  # Hungarian
    ("سنختار أعلى مستوى.", "ultimate"),  # Arabic
])
def test_top_and_bottom_tier_in_more_languages(rules, text, expected):
    assert reply(rules, text)["support_level"] == expected


@pytest.mark.parametrize("text, tags, expected", [
    ("Şu anda Premium kullanıyoruz ama yeni tarafta Ultimate alacağız.", ("sm_premium",), "ultimate"),  # Turkish 'ama'
    ("Obecnie mamy Ultimate, ale na nowej platformie weźmiemy Premium.", ("sm_ultimate",), "premium"),  # Polish 'ale'
    ("We'll go with Starter; we don't need all of Premium.", ("sm_premium",), "starter"),  # a tier not needed
    ("We're staying on Gold.", ("sm_ultimate",), "ultimate"),  # today's tier, kept
    ("We are on Gold today.", ("sm_ultimate",), None),  # only today's tier: not said what to buy
])
def test_todays_tier_and_the_one_to_buy(rules, text, tags, expected):
    assert reply(rules, text, tags=tags)["support_level"] == expected


# --- durations with number words, and 'within' in more languages ----------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Premium. Hotovo do dvou týdnů.", "2026-12-07"),  # Czech 'do' + genitive number word
    ("Premium. Przejście zakończymy za dwa tygodnie.", "2026-12-07"),  # Polish number word
    ("Premium, klart om tre veckor.", "2026-12-14"),  # Swedish
    ("Premium. Üç hafta içinde bitecek.", "2026-12-14"),  # Turkish
    ("Premium. Selesai dalam dua minggu.", "2026-12-07"),  # Indonesian
    ("Premium. Migration 3 hafte mein complete hogi.", "2026-12-14"),  # Hindi in Latin letters
    ("Premium. माइग्रेशन 2 हफ्ते में पूरा होगा।", "2026-12-07"),  # Hindi
])
def test_durations_with_number_words_and_postfix_in(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. We do 3 days of testing first.",  # English 'do' is no 'within'
    "Premium. Mein Team braucht 2 Wochen mein Urlaub.",  # German 'mein' is no Hindi 'in'
])
def test_look_alike_durations_are_no_date(rules, text):
    assert date_of(rules, text) == (None, False)


# --- the end of this/next month, year and quarter in the world's languages -------------------------------------
@pytest.mark.parametrize("text, today, expected", [
    ("Premium. Selesai akhir bulan depan.", "2026-11-23", "2026-12-31"),  # Indonesian end of next month
    ("Premium. Klart innen utgangen av neste måned.", "2027-01-15", "2027-02-28"),  # Norwegian
    ("Premium. ย้ายเสร็จสิ้นปีนี้", "2026-11-23", "2026-12-31"),  # Thai end of this year
    ("Premium. بحلول نهاية الشهر القادم", "2026-11-23", "2026-12-31"),  # Arabic end of next month
    ("Premium. बदलाव इस साल के अंत तक होगा।", "2026-11-23", "2026-12-31"),  # Hindi end of this year
    ("Premium. Mitte nächsten Monats.", "2026-11-23", "2026-12-15"),  # German middle of next month
    ("Premium. Kết thúc vào cuối tháng sau.", "2026-11-23", "2026-12-31"),  # Vietnamese
])
def test_end_of_this_or_next_period(rules, text, today, expected):
    assert date_of(rules, text, today=today) == (expected, False)


@pytest.mark.parametrize("text, today, expected", [
    ("Premium. الهدف: نهاية الربع الثاني من 2027.", "2026-11-23", "2027-06-30"),  # Arabic
    ("Premium. ย้ายให้เสร็จภายในไตรมาสหน้า", "2026-11-23", "2027-03-31"),  # Thai next quarter
    ("Premium. Target: kuartal pertama 2027.", "2026-11-23", "2027-03-31"),  # Indonesian
    ("Premium. Hoàn tất trong quý 3 năm 2027.", "2026-11-23", "2027-09-30"),  # Vietnamese
    ("Premium. Do końca III kwartału 2027.", "2026-11-23", "2027-09-30"),  # Polish, Roman numeral
    ("Premium. 2027 második negyedévének végéig.", "2026-11-23", "2027-06-30"),  # Hungarian
    ("Premium. Geçiş 2027'nin ikinci çeyreğinde tamamlanacak.", "2026-11-23", "2027-06-30"),  # Turkish
    ("Premium. Klart under tredje kvartalet 2027.", "2026-11-23", "2027-09-30"),  # Swedish
    ("Premium. До конца текущего квартала.", "2027-01-05", "2027-03-31"),  # Russian this quarter
    ("Premium. लक्ष्य: इस तिमाही के अंत तक।", "2026-11-23", "2026-12-31"),  # Hindi this quarter
])
def test_quarters_in_the_worlds_languages(rules, text, today, expected):
    assert date_of(rules, text, today=today) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. Начало второго квартала.",  # the start of a quarter is weeks
    "Premium. Pertengahan kuartal kedua.",
])
def test_part_of_a_world_quarter_is_ambiguous(rules, text):
    assert date_of(rules, text) == (None, True)


# --- ISO weeks, weeks after next, the n-th weekday of a month -------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Premium. Klaar op vrijdag in week 6 van 2027.", "2027-02-12"),  # Dutch
    ("Premium. Umstellung am Donnerstag der KW 7 2027.", "2027-02-18"),  # German
    ("Premium. Termin: tydzień 9, piątek.", "2027-03-05"),  # Polish, no year: the next week 9
    ("Premium. Geçiş 2027'nin 12. haftasının pazartesi günü.", "2027-03-22"),  # Turkish
    ("Premium. Valmis viikolla 8 perjantaina 2027.", "2027-02-26"),  # Finnish
])
def test_iso_week_with_a_weekday_is_one_day(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. Ημερομηνία: 2027, εβδομάδα 14.",  # Greek: a week alone is seven days
    "Premium. Termín: týden 15.",
    "Premium. Target: uke 10.",
])
def test_iso_week_alone_is_ambiguous(rules, text):
    assert date_of(rules, text) == (None, True)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Cutover on Thursday the week after next.", "2026-12-10"),  # today is Monday 23 November
    ("Premium. Umzug am Freitag der übernächsten Woche.", "2026-12-11"),
    ("Premium. Terminamos el viernes de la semana que viene.", "2026-12-04"),  # Spanish 'de la semana que viene'
    ("Premium. Acabamos na quinta-feira da próxima semana.", "2026-12-03"),  # Portuguese 'da próxima semana'
    ("Premium. A migração termina na quarta-feira desta semana.", "2026-11-25"),
])
def test_weekday_of_a_named_week(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Cutover on the first Monday of February.", "2027-02-01"),
    ("Premium. Umzug am dritten Mittwoch im März.", "2027-03-17"),  # German
    ("Premium. La bascule aura lieu le dernier vendredi de janvier.", "2027-01-29"),  # French
    ("Premium. Migración el segundo jueves de diciembre.", "2026-12-10"),  # Spanish, this year's still ahead
])
def test_nth_weekday_of_a_month(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


# --- written-out month settles a numeric order in any language; short month names between a day and a year ---
@pytest.mark.parametrize("text, expected", [
    ("Premium. תאריך: 05/03/2027 (כלומר 5 במרץ).", "2027-03-05"),  # Hebrew, with its prefix
    ("Premium. Termin: 04/03/2027, czyli 4 marca.", "2027-03-04"),  # Polish
    ("Premium. Tarih: 06/07/2027 yani 6 Temmuz.", "2027-07-06"),  # Turkish
])
def test_a_written_out_date_settles_day_and_month_order(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Tarikh sasaran 15 Mac 2027.", "2027-03-15"),  # Malay
    ("Premium. Target 9 Des 2026.", "2026-12-09"),  # Indonesian
])
def test_short_month_between_day_and_year(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. We have 2 pro 2027 seats.",
    "Premium. Es sind 3 sie 2027 gewesen.",
])
def test_short_everyday_words_are_no_month(rules, text):
    assert date_of(rules, text) == (None, False)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Mir sind bis Ändi vom Jahr fertig.", "2026-12-31"),  # Swiss German
    ("Premium. Umstellig bis Ändi Februar.", "2027-02-28"),
])
def test_swiss_german_end(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text, tags, expected", [
    ("Otamme saman tason kuin nyt.", ("sm_premium",), "premium"),  # Finnish genitive 'same'
    ("Chúng tôi giữ nguyên gói hiện tại.", ("sm_starter",), "starter"),  # Vietnamese 'keep unchanged'
    ("Nivel: uno por encima del actual.", ("sm_starter",), "premium"),  # Spanish 'one above'
    ("Szia, Premium-ot veszünk.", ("sm_ultimate",), "premium"),  # Hungarian case ending after a hyphen
    ("Premium-ish features would be nice; we stay on Ultimate.", ("sm_ultimate",), "ultimate"),  # not a case ending
])
def test_more_level_wordings(rules, text, tags, expected):
    assert reply(rules, text, tags=tags)["support_level"] == expected


@pytest.mark.parametrize("text, tags, expected", [
    ("Hi, we are on Starter today and want Premium on the new side.", ("sm_starter",), "premium"),
    ("Wir haben heute Silber und wollen Gold auf der neuen Seite.", ("sm_premium",), "ultimate"),
    ("Mamy dziś Premium i chcemy Ultimate.", ("sm_premium",), "ultimate"),  # Polish 'i'
    ("Vi har Premium idag och vill ha Ultimate.", ("sm_premium",), "ultimate"),  # Swedish 'och'
    ("We have Premium now and are happy with it.", ("sm_premium",), None),  # only today's
])
def test_todays_tier_and_the_one_to_buy_joined_by_and(rules, text, tags, expected):
    assert reply(rules, text, tags=tags)["support_level"] == expected


@pytest.mark.parametrize("text, expected", [
    ("Premium. Migramos el pasado 12 de noviembre.", "2026-11-12"),  # Spanish 'el pasado' + date: the last one
    ("Premium. Siamo passati lo scorso 5 novembre.", "2026-11-05"),  # Italian
    ("Premium. Move on 2026-12-01? No - 2026-12-08.", "2026-12-08"),  # a retraction by a bare 'no'
    ("Premium. Umzug am 2027-01-10? Nein, am 2027-01-17.", "2027-01-17"),
    ("Starter. Umstellung zum Monatsende.", "2026-11-30"),  # German 'Monatsende'
    ("Premium. Migracja do 20.03.", "2027-03-20"),  # Polish 'do' before a short dotted date
    ("Premium. Flytten klar senast 20/1.", "2027-01-20"),  # Swedish 'senast'
])
def test_more_date_wordings(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


# --- a day said to have passed in more languages; two days still open; a month name two languages share -------
@pytest.mark.parametrize("text, expected", [
    ("Premium. La migración quedó hecha el 4 de noviembre.", "2026-11-04"),  # Spanish preterite
    ("Premium. Przełączyliśmy się 4 listopada.", "2026-11-04"),  # Polish past plural
    ("Premium. Geçişi 4 Kasım'da bitirdik.", "2026-11-04"),  # Turkish past
    ("Premium. Мы уже перешли 4 ноября.", "2026-11-04"),  # Russian 'already'
    ("Premium. Kami sudah pindah pada 4 November.", "2026-11-04"),  # Indonesian 'sudah'
    ("Premium. Az átállást november 4-én befejeztük.", "2026-11-04"),  # Hungarian past
    ("Premium. Siirsimme kaiken 4. marraskuuta.", "2026-11-04"),  # Finnish past
])
def test_a_day_said_to_have_passed_in_more_languages(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. Cutover January 5th or 6th.",
    "Premium. Migración el 5 o 6 de febrero.",
    "Premium. Umzug am 5. oder 6. Februar.",
])
def test_two_days_still_open_are_ambiguous(rules, text):
    assert date_of(rules, text) == (None, True)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Przejście zakończymy 15 listopada 2027, wszystko gotowe.", ("2027-11-15", False)),  # Polish letters
    ("Premium. Prelazak 15. listopada 2027., uređaj je spreman.", ("2027-10-15", False)),  # Croatian letters
    ("Premium. 15 listopada 2027.", (None, True)),  # no letter tells
])
def test_a_month_name_two_languages_share(rules, text, expected):
    assert date_of(rules, text) == expected


def test_a_noun_ending_like_a_past_verb_is_no_past(rules):
    assert date_of(rules, "Premium. Сделаем через 2 недели.") == ("2026-12-07", False)


# --- the phrase lists live in the rules (reply.toml [reply.phrases]) -------------------------------------------
def test_phrase_lists_come_from_the_rules(rules):
    import copy

    from bot.rules.loader import Rules, validate_rules

    text = "Premium. Klaar over drie weken."  # Dutch 'drie' is a number word of the rules
    data = copy.deepcopy(rules.data)
    assert parse_reply({"id": "R-1", "today": "2026-11-23", "text": "Kami pilih paket tertinggi."}, rules)[
        "support_level"] == "ultimate"
    data["reply"]["phrases"]["top_tier"] = [r"\bthe big one\b"]  # an operator's own wording replaces the list
    validate_rules(data)
    tuned = Rules(data)
    out = parse_reply({"id": "R-1", "today": "2026-11-23", "text": "Kami pilih paket tertinggi."}, tuned)
    assert out["support_level"] is None
    out = parse_reply({"id": "R-1", "today": "2026-11-23", "text": "We take the big one."}, tuned)
    assert out["support_level"] == "ultimate"
    assert parse_reply({"id": "R-1", "today": "2026-11-23", "text": text}, tuned)["target_date"] == "2026-12-14"


def test_a_phrase_list_of_the_wrong_type_is_refused(rules):
    import copy

    from bot.errors import ConfigError
    from bot.rules.loader import validate_rules

    data = copy.deepcopy(rules.data)
    data["reply"]["phrases"]["top_tier"] = "not a list"
    with pytest.raises(ConfigError):
        validate_rules(data)


# --- inflected month names, year-first Baltic and Hungarian dates, other scripts' digits -----------------------
@pytest.mark.parametrize("text, expected", [
    ("Premium. Üleminek valmib 20. veebruariks.", "2027-02-20"),  # Estonian translative
    ("Premium. Pāreja līdz 2027. gada 12. martam.", "2027-03-12"),  # Latvian, year first
    ("Premium. Selitev do 3. februarja 2027.", "2027-02-03"),  # Slovenian genitive
    ("Premium. Migracija do 20. februara 2027.", "2027-02-20"),  # Serbian genitive
    ("Premium. Perkėlimas 2028 m. vasario 10 d.", "2028-02-10"),  # Lithuanian, year first
    ("Premium. Átállás: 2028. február 10.", "2028-02-10"),  # Hungarian, year first
    ("Premium. مهاجرت تا ۲۰ ژانویه ۲۰۲۷ تمام می‌شود.", "2027-01-20"),  # Persian digits and letters
    ("Premium. लक्ष्य तिथि: १५ जनवरी २०२७", "2027-01-15"),  # Devanagari digits
    ("Premium. 移行日：２０２７年２月１日", "2027-02-01"),  # full-width digits
])
def test_inflected_months_and_other_digits(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. We hired 5 marching bands.",
    "Premium. 5 junior 2027 hires start soon.",
    "Premium. 3 januaries ago we had a freeze.",
])
def test_words_that_begin_like_a_month_are_no_date(rules, text):
    assert date_of(rules, text) == (None, False)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Dans un délai de 6 semaines.", "2027-01-04"),  # French
    ("Premium. En un plazo de 10 días.", "2026-12-03"),  # Spanish
    ("Premium. No prazo de 30 dias.", "2026-12-23"),  # Portuguese
    ("Premium. 2027年Q3中に移行。", "2027-09-30"),  # a year before 'Q' in Japanese
    ("Premium. Target 2028-Q1.", "2028-03-31"),
])
def test_within_a_period_and_year_first_quarters(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium - or maybe Ultimate, we'll see.",
    "Premium oder vielleicht Ultimate, mal sehen.",
    "Premium o tal vez Ultimate, ya veremos.",
])
def test_a_maybe_after_or_keeps_both_tiers_open(rules, text):
    assert reply(rules, text)["support_level"] is None


# --- start and finish in scripts that name a date after it; corrections; 'open' said of the date ---------------
@pytest.mark.parametrize("text, expected", [
    ("Premium. 2月1日開始、2月19日完了予定です。", "2027-02-19"),  # Japanese: start, then done
    ("Premium. 2월 1일 시작, 2월 19일 완료 예정입니다.", "2027-02-19"),  # Korean
    ("Premium. 2月1日开始，2月19日完成。", "2027-02-19"),  # Chinese
    ("Premium. Rozpoczęcie 1 lutego, zakończenie 19 lutego.", "2027-02-19"),  # Polish
])
def test_start_and_finish_the_finish_wins(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text, expected", [
    ("Starter, nee wacht, Premium.", "premium"),  # Dutch
    ("Starter - nein, warte, Premium.", "premium"),  # German
    ("Starter, non attends, Premium.", "premium"),  # French
])
def test_no_wait_corrects_the_tier(rules, text, expected):
    assert reply(rules, text, tags=("sm_ultimate",))["support_level"] == expected


def test_a_date_pardoned_is_replaced(rules):
    assert date_of(rules, "Premium. Le 10 février, pardon, je voulais dire le 17 février.") == ("2027-02-17", False)


def test_still_open_beside_month_names_speaks_of_the_date(rules):
    assert reply(rules, "Premium. Noch offen: ob März oder April.")["support_level"] == "premium"


@pytest.mark.parametrize("text, expected", [
    ("Premium; unsere Ultimate-Testversion läuft am 2026-12-20 aus. Umzug bis 2027-01-10.", "premium"),
    ("Starter. Our Premium trial ends next week.", "starter"),
    ("Premium. Fecha: 2027-01-15 o 2027-01-22, aún no sabemos.", "premium"),  # 'not known' said of the dates
])
def test_a_trial_tier_and_an_open_date_leave_the_tier(rules, text, expected):
    assert reply(rules, text)["support_level"] == expected


@pytest.mark.parametrize("text, expected", [
    ("Premium. Klart innan årets slut, senest vid årets utgång.", "2026-12-31"),  # Swedish 'the year' alone
    ("Premium. Færdig inden årets udgang.", "2026-12-31"),  # Danish
    ("Premium. Завершимо до кінця року.", "2026-12-31"),  # Ukrainian
    ("Premium. Az év végéig kész.", "2026-12-31"),  # Hungarian
    ("Premium. Gata până la sfârșitul anului.", "2026-12-31"),  # Romanian
    ("Premium. Έως το τέλος του έτους.", "2026-12-31"),  # Greek
    ("Premium. قبل نهاية العام.", "2026-12-31"),  # Arabic
    ("Premium. Cuối tháng 1 năm 2027.", "2027-01-31"),  # Vietnamese numeric month
    ("Premium. Giữa tháng 3.", "2027-03-15"),
    ("Premium. 两周后完成。", "2026-12-07"),  # Chinese numerals
    ("Premium. Két hét múlva.", "2026-12-07"),  # Hungarian number word
    ("Premium. בעוד שני שבועות.", "2026-12-07"),  # Hebrew
    ("Premium. خلال أربعة أسابيع.", "2026-12-21"),  # Arabic
    ("Premium. चार हफ्ते में।", "2026-12-21"),  # Hindi
])
def test_year_end_and_durations_in_more_languages(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_vietnamese_start_of_a_month_is_ambiguous(rules):
    assert date_of(rules, "Premium. Đầu tháng 2.") == (None, True)


@pytest.mark.parametrize("text, tags, expected", [
    ("ขอระดับเดิมเหมือนตอนนี้", ("sm_starter",), "starter"),  # Thai: level, then 'same'
    ("Yksi taso ylöspäin, kiitos.", ("sm_starter",), "premium"),  # Finnish
    ("Ένα επίπεδο πάνω, παρακαλώ.", ("sm_premium",), "ultimate"),  # Greek
    ("Cao hơn một cấp.", ("sm_starter",), "premium"),  # Vietnamese: 'higher by one level'
    ("Jelenleg Starter, de Premium-ot veszünk.", ("sm_starter",), "premium"),  # Hungarian ', de'
    ("현재는 Starter이지만 Premium을 구매할 예정입니다.", ("sm_starter",), "premium"),  # Korean '-지만'
    ("Saat ini Starter, tapi kami akan beli Premium.", ("sm_starter",), "premium"),  # Indonesian 'saat ini'
    ("Hiện tại là Starter, nhưng chúng tôi sẽ mua Premium.", ("sm_starter",), "premium"),  # Vietnamese
])
def test_levels_in_more_languages(rules, text, tags, expected):
    assert reply(rules, text, tags=tags)["support_level"] == expected


@pytest.mark.parametrize("text", [
    "We'd like the cutover at the same time as today's maintenance window.",
    "Mismo horario que hoy, por favor.",
    "Same date as now planned: 2027-02-01.",
])
def test_same_said_of_a_time_is_no_level(rules, text):
    assert reply(rules, text)["support_level"] is None


def test_same_level_and_same_time(rules):
    assert reply(rules, "Same level, same time as today.", tags=("sm_ultimate",))["support_level"] == "ultimate"


@pytest.mark.parametrize("text, expected", [
    ("Premium. Terminamos el veintitrés de febrero.", "2027-02-23"),  # Spanish
    ("Premium. Bascule le vingt-huit février 2027.", "2027-02-28"),  # French
    ("Premium. Umzug am zwölften Januar.", "2027-01-12"),  # German ordinal
    ("Premium. Migrazione il ventuno gennaio.", "2027-01-21"),  # Italian
    ("Premium. Virada no dia dezoito de janeiro.", "2027-01-18"),  # Portuguese
    ("Premium. Le premier février.", "2027-02-01"),
])
def test_days_written_as_words_in_more_languages(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


def test_a_number_word_without_a_month_is_no_day(rules):
    assert date_of(rules, "Premium. Tenemos dos equipos y tres proyectos.") == (None, False)


@pytest.mark.parametrize("text", [
    "Premium. 3 мая был сбой.",  # an outage, said in the past
    "Premium. Am 5. Mai hatten wir einen Ausfall.",
    "Premium. 5月3日に障害がありました。",
])
def test_the_day_of_an_incident_is_not_the_move(rules, text):
    assert date_of(rules, text)[0] is None


@pytest.mark.parametrize("text", [
    "Premium. Primavera de 2027.", "Premium. Hösten 2027.", "Premium. Tavasz 2027.", "Premium. 2027年秋。",
    "Premium. Zomer 2027.", "Premium. İlkbahar 2027.",
])
def test_a_season_with_a_year_is_ambiguous(rules, text):
    assert date_of(rules, text) == (None, True)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Cutover: 15 March 2027 – 16 March 2027.", "2027-03-16"),  # a span split at its dash
    ("Premium. Umstellung 2027-03-15 - 2027-03-16.", "2027-03-16"),
    ("Premium. Zwischen dem 1. und 15. März.", "2027-03-15"),  # a span of days in words
    ("Premium. Entre el 1 y el 15 de marzo.", "2027-03-15"),
    ("Premium. Renewal 2027-01-31 - cutover 2027-01-15.", "2027-01-15"),  # a dash between two things is no span
])
def test_spans_of_days_end_on_their_last(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text, expected", [
    ("Starter is fine. (Ultimate is too expensive for us.)", "starter"),  # a tier turned down
    ("Ultimate — we need the security dashboards. Premium doesn't have them.", "ultimate"),
    ("Ultimate would be nice but the budget only allows Premium.", "premium"),  # only wished for
    ("Premium. Ultimate ist zu teuer.", "premium"),  # German
    ("We compared Premium and Ultimate and chose Ultimate.", "ultimate"),  # the tier decided on
    ("Nach dem Vergleich von Premium und Ultimate haben wir uns für Premium entschieden.", "premium"),  # German
    ("Porównaliśmy Premium i Ultimate, wybraliśmy Premium.", "premium"),  # Polish
    ("Premium please. Our CI uses the gitlab-runner 'starter' template.", "premium"),  # a quoted everyday word
])
def test_tiers_turned_down_or_decided_on(rules, text, expected):
    assert reply(rules, text)["support_level"] == expected
