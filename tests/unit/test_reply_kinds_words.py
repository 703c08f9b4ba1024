"""parse_reply() on the kinds of misses sets zc, zd and tn showed (2026-12-07, fifth session): spans counted from an
event whose day a relative clause gives, numbers written as words, ends of periods and relatives in more languages,
periods the reply defines itself. Every wording here is invented, mostly in another language than the item that
showed the kind, so that a test checks the kind, not the item."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


def parsed(rules, text, today="2026-12-07", tags=("sm_premium",)) -> tuple:
    out = reply(rules, text, tags=tags, today=today)
    return out["support_level"], out["target_date"], out["date_ambiguous"]


CASES = [
    # a span counted from an event, whose day a relative clause after the event gives: the move is the span later
    ("Premium. Wir sind drei Wochen nach dem Ende unseres Audits fertig, das am 11. Januar 2027 endet.",
     ("premium", "2027-02-01", False)),
    ("Premium. On bascule deux semaines après la fin du gel des déploiements, qui se termine le 8 janvier 2027.",
     ("premium", "2027-01-22", False)),
    # ... and when the span cannot be counted from the day written after it, that day is the event's, not the move's
    ("Premium. The move will be done two weeks after the end of the audit and the review and the final board "
     "sign-off on 6 January 2027.", ("premium", None, False)),
    # ('two weeks before that, so 17 January': the day after the span is the move's own)
    ("Ultimate. Renewal is on 31 January 2027; we want to finish two weeks before that, so 17 January.",
     ("ultimate", "2027-01-17", False)),
    # a period label the reply defines itself ends where the reply says, not where the calendar's does
    ("Ultimate. Our H2 runs from August to January; done by the end of H2.", ("ultimate", "2027-01-31", False)),
    ("Premium. Target the end of Q3 - note our Q3 is March through May 2027.", ("premium", "2027-05-31", False)),
    ("Premium. End of H1 2027.", ("premium", "2027-06-30", False)),
    # a day written as a word before its month, in CLDR's words of each language, cardinal or ordinal, any ending
    ("Premium. Перехід завершимо двадцять п'ятого березня 2027 року.", ("premium", "2027-03-25", False)),
    ("Premium. Миграцията приключва на двадесет и втори март 2027 г.", ("premium", "2027-03-22", False)),
    ("Premium. Η μετάβαση τελειώνει στις είκοσι δύο Απριλίου 2027.", ("premium", "2027-04-22", False)),
    ("Premium. La migració acaba el vint-i-dos de març.", ("premium", "2027-03-22", False)),
    ("Premium. Migrarea se încheie pe douăzeci și trei martie.", ("premium", "2027-03-23", False)),
    ("Premium. Tunamaliza tarehe ishirini na moja Machi 2027.", ("premium", "2027-03-21", False)),
    ("Premium. Cutover on the twenty-second of March.", ("premium", "2027-03-22", False)),
    ("Premium. Umstellung am einundzwanzigsten Mai.", ("premium", "2027-05-21", False)),
    ("Premium. Rok: dvadeset drugi februar 2027.", ("premium", "2027-02-22", False)),
    # ... never a word that only looks like an ordinal's stem ('piątek', Friday, is no 'piąty'), nor a word elsewhere
    ("Premium. Przełączenie w ostatni piątek marca 2027.", ("premium", "2027-03-26", False)),
    ("Tutachukua ngazi moja juu. Tarehe: 2027-03-01.", ("ultimate", "2027-03-01", False)),
    ("Premium. Oorskakeling teen die 17 Maart.", ("premium", "2027-03-17", False)),
    # a count written as a word beside a unit, before it or (Swahili) after it
    ("Premium. Ons is klaar oor ses weke.", ("premium", "2027-01-18", False)),
    ("Premium. Siirto valmistuu kuuden viikon kuluessa.", ("premium", "2027-01-18", False)),
    ("Premium. Tutamaliza ndani ya wiki sita.", ("premium", "2027-01-18", False)),
    ("Premium. Tutamaliza ndani ya wiki 6.", ("premium", "2027-01-18", False)),
    # the end of this or next month, quarter or year in more of the world's languages
    ("Premium. Termín do konca roka.", ("premium", "2026-12-31", False)),
    ("Premium. Rok: do kraja sljedeće godine.", ("premium", "2027-12-31", False)),
    ("Premium. Afati: në fund të vitit të ardhshëm.", ("premium", "2027-12-31", False)),
    ("Premium. Vade: gələn ayın sonuna qədər.", ("premium", "2027-01-31", False)),
    ("Premium. Termiņš: nākamā mēneša beigām.", ("premium", "2027-01-31", False)),
    ("Premium. ვადა: ამ წლის ბოლომდე.", ("premium", "2026-12-31", False)),
    ("Premium. Hanggang katapusan ng susunod na buwan.", ("premium", "2027-01-31", False)),
    ("Premium. Terminas: šio ketvirčio pabaiga.", ("premium", "2026-12-31", False)),
    # the middle of next month said after it, and the end of a half-year in more languages
    ("Premium. Termín: polovina příštího měsíce.", ("premium", "2027-01-15", False)),
    ("Premium. A migráció jövő hónap közepén zárul.", ("premium", "2027-01-15", False)),
    ("Premium. Termin: koniec pierwszego półrocza 2027.", ("premium", "2027-06-30", False)),
    ("Premium. Objetivo: fin del segundo semestre de 2027.", ("premium", "2027-12-31", False)),
    ("级别不变。目标：2027年下半年末。", ("premium", "2027-12-31", False)),
    ("Premium. 2027年上半年。", ("premium", None, True)),
    # 'the quarter' alone after an end word is this quarter; with an ordinal after it, that quarter
    ("Premium. Перенос завершим к концу квартала.", ("premium", "2026-12-31", False)),
    ("Premium. Termen: sfârșitul trimestrului I 2027.", ("premium", "2027-03-31", False)),
    # two dates: the move's final day wins over the start's; 'more precisely' refines a vague day
    ("Premium. Data finală: 2 aprilie 2027, cu start pe 1 martie.", ("premium", "2027-04-02", False)),
    ("Premium. Przeprowadzka pod koniec marca, dokładniej 29 marca.", ("premium", "2027-03-29", False)),
    ("Premium, а переїзд наприкінці березня — точніше 29 березня.", ("premium", "2027-03-29", False)),
    # 'the same as now' and 'one level up' in more of the world's languages, from their words for same, now, level,
    # one and above
    ("Ista razina kao sada. Datum: 2027-03-01.", ("premium", "2027-03-01", False)),
    ("Tas pats lygis kaip dabar. Data: 2027-03-01.", ("premium", "2027-03-01", False)),
    ("Eyni səviyyə, indiki kimi. Tarix: 2027-03-01.", ("premium", "2027-03-01", False)),
    ("Նույն մակարդակը, ինչ հիմա։ 2027-03-01", ("premium", "2027-03-01", False)),
    ("Un nivel máis. Data: 2027-03-01.", ("ultimate", "2027-03-01", False)),
    ("Еден степен погоре. Датум: 2027-03-01.", ("ultimate", "2027-03-01", False)),
    ("Maila bat gorago. Data: 2027-03-01.", ("ultimate", "2027-03-01", False)),
    ("सिल्वर। तारीख 2027-03-01.", ("premium", "2027-03-01", False)),
    ("Nível igual hoje. Data: 2027-03-01.", ("premium", "2027-03-01", False)),
    # 'not decided' and 'between X and Y' in more languages leave the level open
    ("Încă nu ne-am hotărât între Premium și Ultimate. Data: 2027-03-01.", (None, "2027-03-01", False)),
    ("Još nismo odlučili: Premium ili Ultimate. Datum: 2027-03-01.", (None, "2027-03-01", False)),
    # an open date's reason after it is about the date, not the level
    ("We'll keep the same level. Date TBD - depends on the board.", ("premium", None, False)),
    # ... never 'better than now' nor a word that only looks like one of them
    ("Queremos algo mejor que ahora, aún no sabemos qué nivel. Fecha: 2027-03-01.", (None, "2027-03-01", False)),
    # 'in N units' in more languages, with the units' plural and case forms and 'within' before or after them
    ("Premium. Prelazak za šest tjedana.", ("premium", "2027-01-18", False)),
    ("Premium. Brenda 60 ditëve.", ("premium", "2027-02-05", False)),
    ("Premium. Sa loob ng 3 linggo.", ("premium", "2026-12-28", False)),
    ("Premium. სამი კვირის შემდეგ.", ("premium", "2026-12-28", False)),
    ("Premium. D'aquí a tres setmanes.", ("premium", "2026-12-28", False)),
    # ... never a span said for how long something lasts, nor another language's everyday word
    ("Premium. Ci vediamo per 2 settimane, data ancora da decidere.", ("premium", None, False)),
    ("Premium. On n'a pas 2 semaines de marge.", ("premium", None, False)),
    # month names of languages read on demand, beside a day or a year, never alone
    ("Ultimate. ਮਾਈਗ੍ਰੇਸ਼ਨ 20 ਫ਼ਰਵਰੀ 2027 ਤੱਕ ਪੂਰੀ ਹੋਵੇਗੀ।", ("ultimate", "2027-02-20", False)),
    ("Ultimate. మైగ్రేషన్ 2027 ఏప్రిల్ 12 నాటికి పూర్తవుతుంది.", ("ultimate", "2027-04-12", False)),
    ("Ultimate. Guuritaanku wuxuu dhammaan doonaa 3 Maarso 2027.", ("ultimate", "2027-03-03", False)),
    ("Премиум. Рок: двадесет трећи март 2027.", ("premium", "2027-03-23", False)),
    ("Ultimate. Waxaan rajeyneynaa Maarso.", ("ultimate", None, False)),
    # a day with its ordinal suffix ("1ro de febrero", Malay "15hb"), the middle of a month in more languages, and
    # 'make it' correcting an impossible day
    ("Premium. Fecha: 3ro de marzo.", ("premium", "2027-03-03", False)),
    ("Premium. Siap pada 20hb Februari 2027.", ("premium", "2027-02-20", False)),
    ("Premium. Datums: februāra vidus.", ("premium", "2027-02-15", False)),
    ("Premium. Датум: средина на февруари.", ("premium", "2027-02-15", False)),
    ("Premium, target 2027-02-30... that day does not exist. Make it 2027-03-02.", ("premium", "2027-03-02", False)),
    # quarters: 'T2 2027' (trimestre), Persian and Swahili nouns with the ordinal after them, 'fin de trimestre'
    ("Premium. Objectif : T3 2027.", ("premium", "2027-09-30", False)),
    ("Premium. تاریخ هدف: پایان سه‌ماهه دوم ۲۰۲۷.", ("premium", "2027-06-30", False)),
    ("Premium. Tarehe: mwisho wa robo ya pili 2027.", ("premium", "2027-06-30", False)),
    ("Premium. Migración terminada antes de fin de trimestre.", ("premium", "2026-12-31", False)),
    ("Premium. Tardamos 3 trimestres; migramos el 2027-03-01.", ("premium", "2027-03-01", False)),
    ("Premium. تاریخ: اواسط آوریل.", ("premium", "2027-04-15", False)),
    # month names with a case ending in Georgian, Azerbaijani, Uzbek, Kazakh; a day joined to its month by a hyphen
    ("ვიყიდით Ultimate-ს. მიგრაცია დასრულდება 2027 წლის 20 აპრილს.", ("ultimate", "2027-04-20", False)),
    ("Premium. Köçürmə 2027-ci il fevralın 10-da tamamlanacaq.", ("premium", "2027-02-10", False)),
    ("Premium. Ko'chish 2027-yil 12-aprelda tugaydi.", ("premium", "2027-04-12", False)),
    ("Premium. Көшу наурыздың соңына дейін.", ("premium", "2027-03-31", False)),
    ("Ultimate, hotovo do 22. 1.\nMartin", ("ultimate", "2027-01-22", False)),
    # 'in the end part of' a month (a locative) is late in the month, weeks, unlike 'by the end of'
    ("Premium. Perėjimas vasario pabaigoje.", ("premium", None, True)),
    ("Premium. Üleminek veebruari lõpuks.", ("premium", "2027-02-28", False)),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_reply_kinds_words(rules, text, expected):
    assert parsed(rules, text) == expected


@pytest.mark.parametrize("text", [
    "Bon dia, us escric per la migració.",  # Catalan greeting: Vietnamese 'bốn' (4) without its accent is no number
    "Vi försöker logga in mot den nya gruppen.",  # Swedish 'mot': Vietnamese 'một' (1) likewise
    "Tutachukua ngazi moja juu.",  # a number word with no month or unit beside it
    "The second of all, we go live next spring.",
    "One may say we are late; the team of eleven may help.",  # 'may' is a verb here, no month
])
def test_number_words_stay_words_where_no_date_or_unit_makes_them_one(rules, text):
    from bot.judgement.reply_lexicon import date_lexicon
    from bot.judgement.reply_numberwords import number_words

    lex = date_lexicon(rules)
    assert number_words(lex.world).as_digits(text, lex) == text
