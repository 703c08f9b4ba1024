"""parse_reply() on the kinds of misses training sets zp and zq showed at first sight (2026-12-07, seventh session).
Every wording here is invented, most in another language than the item that showed the kind, so that a test checks
the kind, not the item."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


def parsed(rules, text, today="2026-12-07", tags=("sm_premium",)) -> tuple:
    out = reply(rules, text, tags=tags, today=today)
    return out["support_level"], out["target_date"], out["date_ambiguous"]


GUESS_KINDS = [
    # 'at the latest' marks the deadline among two days ("before the holiday on X, at the latest on Y")
    ("Ultimate alacağız. Taşıma 19 Mayıs bayramından önce, en geç 17 Mayıs 2027'de tamamlanmış olacak.",
     "2026-12-07", ("ultimate", "2027-05-17", False)),
    ("Premium. Die Umstellung vor dem Feiertag am 3. Oktober, spätestens am 1. Oktober 2027.",
     "2026-12-07", ("premium", "2027-10-01", False)),
    # a day written right after a time that names no day is its gloss ("end of the fiscal year, on ...")
    ("Premium. Vom încheia trecerea la sfârșitul anului nostru fiscal, pe 30 aprilie 2027.", "2026-12-07",
     ("premium", "2027-04-30", False)),
    ("Premium. We finish at the end of our fiscal year: Wednesday 30 June 2027.", "2026-12-07",
     ("premium", "2027-06-30", False)),
    # the end of a fiscal year nobody defined is no calendar year's end, in word orders with 'fiscal' after the noun
    ("Premium. Migrarea se încheie la sfârșitul anului fiscal.", "2026-12-07", ("premium", None, True)),
    ("Premium. Concluiremos a migração até o fim do ano fiscal.", "2026-12-07", ("premium", None, True)),
    # a fiscal year the reply defines in Hindi (its end, verb last)
    ("Premium. कंपनी का वित्त वर्ष 30 जून को समाप्त होता है, और हम वित्त वर्ष के अंत तक माइग्रेशन पूरा कर देंगे।", "2026-12-07",
     ("premium", "2027-06-30", False)),
    # a contract's or a signature's day in an Indic language is not the move's
    ("Ultimate. माइग्रेशन की तारीख 2027-05-31 है, करार 2027-02-01 को होगा।", "2026-12-07",
     ("ultimate", "2027-05-31", False)),
    # Finnish past tense: the day has already happened, so it is the last one, not the next
    ("Premium. Siirto valmistui jo 3. helmikuuta.", "2027-03-01", ("premium", "2027-02-03", False)),
    ("Premium. Siirto tehtiin 12. tammikuuta.", "2027-02-10", ("premium", "2027-01-12", False)),
    # a correction that gives only a year re-dates the day just written
    ("Premium, cutover 1 March 2026. Sorry, I meant 2027 of course.", "2026-12-07", ("premium", "2027-03-01", False)),
    ("Premium. Umzug am 15. März 2026 – Korrektur: 2027 natürlich.", "2026-12-07", ("premium", "2027-03-15", False)),
    # words of an earlier message quoted inline are not the answer
    ('As I wrote last week ("Ultimate, cutover 15 January"), that is off: we take Premium, '
     'no date yet.', "2026-12-07", ("premium", None, False)),
    ("Wie in meiner letzten Mail („Ultimate, Umzug am 15. Januar“) geschrieben, gilt das nicht mehr: Premium, "
     "Termin offen.", "2026-12-07", ("premium", None, False)),
]


@pytest.mark.parametrize("text, today, expected", GUESS_KINDS)
def test_zpq_guess_kinds(rules, text, today, expected):
    assert parsed(rules, text, today=today) == expected


GUARDS = [
    # a list of two days, neither glossing a time without a day, stays as before
    ("Premium. Kick-off 15 March 2027, cutover 22 March 2027.", "2026-12-07", ("premium", "2027-03-22", False)),
    # an apology about something else with a year in it is no correction of the day
    ("Premium, cutover 1 March 2027. Sorry for the delay, our 2026 budget review took long.", "2026-12-07",
     ("premium", "2027-03-01", False)),
    # quotation marks with no earlier message named are the writer's own words
    ('We take "Ultimate" and cut over on 15 January.', "2026-12-07", ("ultimate", "2027-01-15", False)),
]


@pytest.mark.parametrize("text, today, expected", GUARDS)
def test_zpq_guards(rules, text, today, expected):
    assert parsed(rules, text, today=today) == expected


IN_N_UNITS = [
    # 'in N days / weeks' in dateparser's own forms of each language (the count, then the unit with its case ending in
    # Telugu, Kannada, Tamil; 'po N dienų' in Lithuanian) and 'within' words dateparser lacks (reply.phrases
    # in_words_of_language), from today
    ("Premium. 3 వారాల్లో మైగ్రేషన్ పూర్తవుతుంది.", ("premium", "2026-12-28", False)),
    ("Premium. 45 ದಿನಗಳಲ್ಲಿ ವಲಸೆ ಮುಗಿಯುತ್ತದೆ.", ("premium", "2027-01-21", False)),
    ("Premium. 60 நாட்களில் முடிப்போம்.", ("premium", "2027-02-05", False)),
    ("Premium. Migracija bus baigta per 30 dienų.", ("premium", "2027-01-06", False)),
    ("Премиум. Миграцията ще приключи в рамките на 6 седмици.", ("premium", "2027-01-18", False)),
    ("Premium. Hai tuần nữa bên em chuyển xong.", ("premium", "2026-12-21", False)),
    # (Italian 'per 3 settimane' is 'for 3 weeks': Lithuanian's 'per' is read only before Lithuanian units)
    ("Premium. Il test dura per 3 settimane.", ("premium", None, False)),
]


@pytest.mark.parametrize("text, expected", IN_N_UNITS)
def test_zpq_in_n_units(rules, text, expected):
    assert parsed(rules, text) == expected


LEVEL_KINDS = [
    # 'the same level as now' with 'same' or 'current' words the lists lacked (Thai 'เดียวกับ', Japanese '現行',
    # Gujarati 'જેવી જ' in another gender)
    ("ใช้ระดับเดียวกับตอนนี้ครับ", ("saas_ultimate",), ("ultimate", None, False)),
    ("プランは現行と同じでお願いします。", ("sm_premium",), ("premium", None, False)),
    ("અમે હાલ જેવી જ યોજના રાખીશું.", ("saas_ultimate",), ("ultimate", None, False)),
    # 'the date follows later', then 'that depends on ...': the date is open, not the level
    ("Zelfde niveau als we nu hebben, ook op SaaS. Een datum volgt later, want het hangt af van de begroting.", ("saas_ultimate",),
     ("ultimate", None, False)),
    ("Gleiche Stufe wie jetzt. Der Termin folgt noch; das hängt von der Freigabe ab.", ("sm_premium",),
     ("premium", None, False)),
    # a correction word of more languages: the tier after it replaces the one before
    ("Bên em lấy Premium, à nhầm, Ultimate mới đúng.", ("sm_premium",), ("ultimate", None, False)),
    ("Uzimamo Premium. Ispravak: ipak Ultimate.", ("sm_premium",), ("ultimate", None, False)),
    ("Вземаме Премиум. Поправка: Ultimate.", ("sm_premium",), ("ultimate", None, False)),
]


@pytest.mark.parametrize("text, tags, expected", LEVEL_KINDS)
def test_zpq_level_kinds(rules, text, tags, expected):
    assert parsed(rules, text, tags=tags) == expected


MONTH_END_AFTER = [
    # 'by the end of' written after the month in Indic and Dravidian languages; a month name of a language read on
    # demand (reply_months_extra) is read before such a word as it is beside a day
    ("Premium. மைக்ரேஷன் பிப்ரவரி இறுதிக்குள் முடியும்.", ("premium", "2027-02-28", False)),
    ("Premium. ಏಪ್ರಿಲ್ ಅಂತ್ಯದೊಳಗೆ ವಲಸೆ ಮುಗಿಯುತ್ತದೆ.", ("premium", "2027-04-30", False)),
    ("Premium. માર્ચ ના અંત સુધીમાં સ્થળાંતર પૂર્ણ થશે.", ("premium", "2027-03-31", False)),
    ("Premium. ఫిబ్రవరి చివరి నాటికి పూర్తవుతుంది.", ("premium", "2027-02-28", False)),
]


@pytest.mark.parametrize("text, expected", MONTH_END_AFTER)
def test_zpq_month_end_after(rules, text, expected):
    assert parsed(rules, text) == expected


TURNED_DOWN = [
    # one list each for 'turned down' words before and after a tier (the correction rule and the tier rule read the
    # same ones): a tier someone turned down is not the one bought, with or without a correction
    ("The board rejected Premium, so we take Ultimate.", ("ultimate", None, False)),
    ("Premium was not approved; we go with Ultimate.", ("ultimate", None, False)),
    ("Prendemos Ultimate porque Premium no fue aprobado.", ("ultimate", None, False)),
    # ... and 'too expensive' after a tier, in more languages, also after a correction
    ("Prvo smo rekli Ultimate. Ispravak: ipak ćemo uzeti Premium, Ultimate je preskup.", ("premium", None, False)),
    ("Bierzemy Ultimate. Korekta: jednak Premium, Ultimate jest za drogi.", ("premium", None, False)),
]


@pytest.mark.parametrize("text, expected", TURNED_DOWN)
def test_zpq_turned_down(rules, text, expected):
    assert parsed(rules, text) == expected


PLAIN_MONTHS = [
    # month names typed without their accents (a keyboard without them), in any Latin-script language: the plain form
    # of the name reads as the name, unless another month, a stop word or a first name has that form
    ("Premium. Migration le 15 fevrier.", ("premium", "2027-02-15", False)),
    ("Premium. Migrace do 15. unora 2027.", ("premium", "2027-02-15", False)),
    ("Premium. Geçiş 15 Subat 2027.", ("premium", "2027-02-15", False)),
    ("Premium. Umzug am 15. Marz 2027.", ("premium", "2027-03-15", False)),
    ("Premium. Perkėlimas iki 2027 m. geguzes 20 d.", ("premium", "2027-05-20", False)),
    # (a first name is no month: 'Marc 3' is no 3 March)
    ("Ultimate. Marc 3 servers are left to move; the date is not fixed yet.", ("ultimate", None, False)),
]


@pytest.mark.parametrize("text, expected", PLAIN_MONTHS)
def test_zpq_plain_month_names(rules, text, expected):
    assert parsed(rules, text) == expected


WHAT_WE_HAVE = [
    # 'what we have (now)' names today's tier after 'same (as)' or a level noun, or with 'now' after it
    ("Same as what we pay for today.", ("sm_premium",), ("premium", None, False)),
    ("On garde ce que nous avons aujourd'hui.", ("saas_ultimate",), ("ultimate", None, False)),
    ("Ficamos com o que temos hoje.", ("sm_starter",), ("starter", None, False)),
    ("Zostajemy przy tym, co mamy teraz.", ("sm_premium",), ("premium", None, False)),
    # (a tier named to buy wins; 'we have now' without 'what' is no such clause)
    ("What we have today is Premium; for SaaS we will take Ultimate.", ("sm_premium",), ("ultimate", None, False)),
    ("We have now two options and have not decided yet.", ("sm_premium",), (None, None, False)),
    # ('Premium is what we have now': today's tier named, not kept)
    ("Nos quedamos con Premium, perdón, Ultimate (Premium es lo que tenemos ahora).", ("sm_premium",), ("ultimate", None, False)),
]


@pytest.mark.parametrize("text, tags, expected", WHAT_WE_HAVE)
def test_zpq_what_we_have(rules, text, tags, expected):
    assert parsed(rules, text, tags=tags) == expected


ABSENCE_OVER = [
    # a trip or leave said to be over by the day (back from, after) owns no day: the day is when they are back
    ("Premium. Umstellung am 11. Januar 2027, direkt nach dem Urlaub.", ("premium", "2027-01-11", False)),
    ("Ultimate. Arrancamos el 1 de febrero de 2027, cuando volvemos de las vacaciones.", ("ultimate", "2027-02-01", False)),
    ("Ultimate. Bascule le 4 janvier 2027, au retour des congés.", ("ultimate", "2027-01-04", False)),
    # (the writer's leave still owns its own day)
    ("Premium. Ich bin im Urlaub bis 10. Januar 2027.", ("premium", None, False)),
]


@pytest.mark.parametrize("text, expected", ABSENCE_OVER)
def test_zpq_absence_over(rules, text, expected):
    assert parsed(rules, text) == expected


MONTH_END_ALONE = [
    # Chinese and Japanese 'month end' with no month before it is this month's end; with a month or 'next' before it,
    # that month's (read as before)
    ("Premium。月底前切换。", ("premium", "2026-12-31", False)),
    ("Premium。月末までに移行します。", ("premium", "2026-12-31", False)),
    ("Premium。3月底完成。", ("premium", "2027-03-31", False)),
    ("Premium。下个月底完成。", ("premium", "2027-01-31", False)),
]


@pytest.mark.parametrize("text, expected", MONTH_END_ALONE)
def test_zpq_month_end_alone(rules, text, expected):
    assert parsed(rules, text) == expected


SAID_BEFORE = [
    # of two tiers, one the writer says they said or told before is taken back ("I said X, but it will be Y")
    ("Correção: eu disse Ultimate, mas vai ser Premium.", ("premium", None, False)),
    ("I told your sales rep 'Premium' last week, but the board wants Ultimate.", ("ultimate", None, False)),
    ("Ich hatte gesagt Premium, jetzt wird es aber Ultimate.", ("ultimate", None, False)),
    # ('As I said, Premium' alone stays; two tiers still open stay open)
    ("As I said, Premium.", ("premium", None, False)),
    ("As I said, Premium or Ultimate, not decided yet.", (None, None, False)),
]


@pytest.mark.parametrize("text, expected", SAID_BEFORE)
def test_zpq_said_before(rules, text, expected):
    assert parsed(rules, text) == expected
