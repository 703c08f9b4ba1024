"""Dates in the world's languages: dateparser's locale data (month and weekday names, 'in N days' words) as a
candidate generator, read under the project's own rules (a day and a month pin a day; a week, a month alone, a
fiscal quarter nobody defined do not).

Each finder returns DateHit objects for reply_dates.find_dates, which keeps the longest reading of every span.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta

from bot.judgement.textutil import LETTER_WITH_MARKS, word_alt


_I = re.IGNORECASE
# the English keys of dateparser's month names, January first (shared by the reply modules)
MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
_DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CJK_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_CJK_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}


_DIGIT = re.compile(r"\d")
_PARTS = ("end", "mid", "vague")
_WEEKDAY_KINDS = ("next", "last", "this", "coming", "next_week", "last_week", "this_week", "after_next_week")
# A word starts after a non-letter, or anywhere in scripts written without spaces (今週の金曜日は)
_LEFT = r"(?:(?<=[\u3040-\u30ff\u3400-\u9fff])|(?<![^\W\d_]))"
# the same, with Thai (also written without spaces: "สิ้นไตรมาสนี้")
_LEFT_T = r"(?:(?<=[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff])|(?<![^\W\d_]))"
_CJK_GATE = re.compile(r"[月월]")
# The gap between two words of a span: a space, or none beside a digit or after a letter of a script written without
# spaces (Thai, Chinese, Japanese: "ภายใน6สัปดาห์", "6周内")
_GAP = r"(?:\s+|(?<=\d)\s*|\s*(?=\d)|(?<=[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff])\s*)"
# Vietnamese writes months as numbers: the start, middle or end of one
_VI_MONTH_PART = re.compile(r"(?<![^\W\d_])(?P<p>đầu|giữa|cuối)\s+tháng\s+(?P<m>1[0-2]|0?[1-9])(?!\d)(?:\s+năm\s+(?P<y>20\d\d))?", re.I)
_CJK_NUMERAL_UNIT = re.compile(r"[一二两兩三四五六七八九十]\s*(?:天|日|周|週|星期|个月|個月|か月|ヶ月|カ月|週間)")
# Thai writes numbers and units together without spaces ("ภายในสองสัปดาห์")
_THAI_UNIT = re.compile(r"สัปดาห์|อาทิตย์|วัน|เดือน")
_CALENDAR_WORD = re.compile(r"(?<![^\W\d_])(?:calendar|kalender\w*|calendrier|calendario|calendário|kalendarz\w*|kalendářní\w*|календарн\w*)(?![^\W\d_])", re.I)
_CJK_QUARTER_GATE = re.compile(r"분기|季度|四半期|第\s*[1-4一二三四]\s*季")


def _cjk_month(raw: str) -> int:
    return int(raw) if raw.isdigit() else _CJK_MONTH[raw]
_UNIT_DAYS = {"day": 1, "week": 7}


# what may stand between an apology and the day or tier it gives instead: punctuation and at most three short words
# ("sorry, 22.01.2027", "Mein Fehler, es ist der 15. Februar", "Sorry, Ultimate")
_AT_ONCE = re.compile(r"[\W_]*(?:[^\W\d_]{1,5}[\W_]+){0,3}")


def apology_at_once(world, text: str) -> bool:
    """Whether `text`, the words just before a day or tier, ends in an apology that gives it instead of the one said
    before: the apology followed at once by it, with nothing it is about ("sorry for the slow reply, ...")."""
    for m in reversed(list(world.apology.finditer(text))):
        tail = text[m.end():]
        return not world.apology_about.match(tail) and bool(_AT_ONCE.fullmatch(tail))
    return False


def corrects(world, text: str) -> bool:
    """Whether `text`, the words between a day or tier and the next one, withdraws the first: a word that withdraws
    ("I meant", "Korrektur", "typo") or an apology the next one follows at once."""
    return bool(world.correction.search(text)) or apology_at_once(world, text)


_alt = _phrase_alt = word_alt  # (the names the module's patterns are written with)


def _usable(form: str) -> bool:
    """Letters (with the combining vowel marks of Thai or Devanagari), apostrophes, dots, hyphens; no digits."""
    core = form.rstrip(".")
    return bool(core) and core[0].isalpha() and all(
        ch.isalpha() or unicodedata.category(ch).startswith("M") or ch in "'’.-" for ch in core)


# Persian writes yeh and kaf with their own letters, dateparser's data the Arabic ones: both are read
_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک"})


def locale_forms(info: dict, key: str, min_len: int = 3) -> list[str]:
    forms = [f.lower().rstrip(".") for f in info.get(key, []) if _usable(f) and len(f.rstrip(".")) >= min_len]
    return forms + [f.translate(_PERSIAN) for f in forms if f.translate(_PERSIAN) != f]


_ROMAN = re.compile(r"^[ivxlc]+$")


def collect_forms(languages, keys, min_len: int, stop: set[str], core=()) -> dict[str, int]:
    """form -> index (1-based); a form two languages read differently maps to 0 (ambiguous).

    Outside the core languages a short Latin form is too often an everyday word beside a number ("2 pro licences":
    Czech 'pro' is December), so there only forms of four letters or more, or with a letter beyond ASCII, count.
    """
    from dateparser.languages.loader import default_loader

    out: dict[str, int] = {}
    for lang in languages:
        info = default_loader.get_locale(lang).info
        for idx, key in enumerate(keys, start=1):
            for form in locale_forms(info, key, min_len):
                if form in stop or _ROMAN.match(form):
                    continue
                if lang not in core and len(form) < 4 and form.isascii():
                    continue
                out[form] = idx if out.get(form, idx) == idx else 0
    return out


_SIMPLE_GROUP = re.compile(r"^([^\W\d_]+)\(([^\W\d_|]+(?:\|[^\W\d_|]+)*)\)$")


def _number_words(languages, ph) -> dict[str, int]:
    """Number words for durations: dateparser's simplifications that turn a word into a number ('dva' -> 2, 'en'
    -> 1; a stem with one group of endings is spelled out), plus the project's own (reply_phrases)."""
    from dateparser.languages.loader import default_loader

    out: dict[str, int] = {}
    for lang in languages:
        for simp in default_loader.get_locale(lang).info.get("simplifications", []) or []:
            for key, value in simp.items():
                if not (isinstance(value, str) and value.isdigit()) or not 1 <= int(value) <= 99:
                    continue
                key = key.lower()
                m = _SIMPLE_GROUP.match(key)
                forms = [m.group(1) + end for end in m.group(2).split("|")] if m else [key]
                for form in forms:
                    if form.isalpha() and len(form) >= 2:
                        out.setdefault(form, int(value))
    for word, value in ph.NUMBER_WORDS_EXTRA.items():
        out.setdefault(word.lower(), value)
    return out


def anchored_elsewhere(ph) -> str:
    """A look-ahead refusing a duration counted from something other than today ("30 days of signing")."""
    return (rf"(?!\s+(?:{_phrase_alt(ph.ANCHORED_AFTER)})(?![^\W\d_])"
            rf"(?!\s+(?:{_phrase_alt(ph.ANCHOR_TODAY)})(?![^\W\d_])))")


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def last_day_of_month(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _next_or_last(month: int, day: int, today: date, past: bool) -> date | None:
    this = _safe(today.year, month, day)
    if this is None:
        return _safe(today.year + (-1 if past else 1), month, day)
    if past:
        return this if this <= today else _safe(today.year - 1, month, day)
    return this if this >= today else _safe(today.year + 1, month, day)


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _plain_forms(months: dict[str, int], stop: set[str]) -> dict[str, int]:
    """Month names of the Latin script written without their accents, as people type them on a keyboard without
    them ("fevrier", "unora", "Subat", "Marz", "aout"): form -> month, for plain forms of four letters or more that no
    other month name, stop word or second month shares."""
    found: dict[str, set[int]] = {}
    for form, idx in months.items():
        if not idx or " " in form:
            continue
        bare = "".join(c for c in unicodedata.normalize("NFD", form) if not unicodedata.combining(c))
        bare = bare.replace("ı", "i").replace("ł", "l").replace("ß", "ss")
        if bare != form and bare.isascii() and bare.isalpha() and len(bare) >= 4 and bare not in months and bare not in stop:
            found.setdefault(bare, set()).add(idx)
    return {bare: next(iter(idx)) for bare, idx in found.items() if len(idx) == 1}


_COUNT = "(\\d++[.,]?\\d*+)"  # how dateparser's relative-type-regex writes the count


def _in_forms(languages, ph) -> dict[tuple[str, str], str]:
    """(words before the count, words after it) -> unit, from dateparser's 'in \\1 day/week/month' patterns. Forms
    whose unit is an abbreviation of fewer than three letters ("сл 3 д", "po 3 m") and those of a 'not a deadline'
    'in' word (reply.phrases in_words_ignored: 'after', 'след', 'до') are left out; so are forms with no word for
    'in' at all, the count and the bare unit ("3 மாத", Tamil 'a 3-month ...'; every form of the languages in
    in_forms_bare_count, Somali "3 mln"), which say how long, not when."""
    from dateparser.languages.loader import default_loader

    ignored = {w.lower() for w in ph.IN_WORDS_IGNORED}
    bare_count = set(ph.IN_FORMS_BARE_COUNT)
    # (another language's form ending in an English unit is English words: Dutch "over 1 week" is English "take over
    # one week")
    english = {f for unit in ("day", "week", "month") for f in locale_forms(default_loader.get_locale("en").info, unit, 3)}
    forms: dict[tuple[str, str], str] = {}
    for lang in languages:
        if lang in bare_count:
            continue
        info = default_loader.get_locale(lang).info
        rel = info.get("relative-type-regex", {})
        for unit in ("day", "week", "month"):
            plain = set(locale_forms(info, unit, 1))
            for rx in rel.get(f"in \\1 {unit}", []):
                pre, sep, suf = rx.partition(_COUNT)
                pre, suf = " ".join(pre.lower().split()), " ".join(suf.lower().split())
                if not sep or len(suf.replace(" ", "")) < 3 or (lang != "en" and suf in english) or re.search(r"[\\()\[\]?*+|]", pre + suf):
                    continue
                if pre not in ignored and (pre or suf not in plain):
                    forms.setdefault((pre, suf), unit)
                for other in ph.IN_WORDS_OF_LANGUAGE.get(lang, ()):  # 'within' words dateparser lacks ("per")
                    forms.setdefault((" ".join(other.lower().split()), suf), unit)
                if lang in ph.IN_SUFFIX_ALONE:  # the words after the count say 'from now' themselves ("3 tuần nữa")
                    forms.setdefault(("", suf), unit)
    return forms


class WorldLexicon:
    """Compiled once per rules object."""

    def __init__(self, month_stopwords, core_languages, ph):
        from dateparser.languages.loader import default_loader

        self.P = ph  # the phrase lists of the rules (reply.phrases)
        stop = {w.lower() for w in month_stopwords}
        self.month_stop = stop
        self.months = collect_forms(ph.WORLD_LANGUAGES, MONTH_KEYS, 3, stop, core_languages)
        self.months.update({k.lower().rstrip("."): v for k, v in ph.MONTH_EXTRA_WORLD.items()})
        self.months.update(_plain_forms(self.months, stop))  # "15 fevrier", "15. unora", "15 Subat", "am 15. Marz"
        # a form two languages read as different months ("listopada": November in Polish and Czech, October in
        # Croatian): the letters only one of them writes tell which, when the message has any
        self.split_months: dict[str, list[tuple[str, int]]] = {}
        for lang in ph.LANGUAGE_LETTERS:
            info = default_loader.get_locale(lang).info
            for idx, key in enumerate(MONTH_KEYS, start=1):
                for form in locale_forms(info, key, 3):
                    if self.months.get(form) == 0:
                        self.split_months.setdefault(form, []).append((ph.LANGUAGE_LETTERS[lang], idx))
        # three-letter forms of the other languages ("1 Mac 2027", Malay March): read only between a day and a year
        short = {k: v for k, v in collect_forms(ph.WORLD_LANGUAGES, MONTH_KEYS, 3, stop, ph.WORLD_LANGUAGES).items()
                 if k not in self.months and len(k) == 3 and v and k not in ph.SHORT_MONTH_STOPWORDS}
        short.update({k.lower(): v for k, v in ph.SHORT_MONTH_EXTRA.items()})  # shorter forms ("۳۱ مه ۲۰۲۷")
        # 금요일, 金曜日: weekday names of languages whose months are numbers
        days = collect_forms([*ph.WORLD_LANGUAGES, "ko", "ja"], _DAY_KEYS, 3, set(), core_languages)
        days.update({k.lower(): v + 1 for k, v in ph.WEEKDAY_EXTRA.items()})
        self.weekdays = {k: v for k, v in days.items() if v}
        units: dict[str, str] = {}
        in_words: set[str] = set()
        postfix_in: set[str] = set()
        next_week, last_week, this_week = set(ph.NEXT_WEEK), set(ph.LAST_WEEK), set(ph.THIS_WEEK)
        for lang in ph.WORLD_LANGUAGES:
            info = default_loader.get_locale(lang).info
            for unit in ("day", "week", "month"):
                for form in locale_forms(info, unit, 3):
                    units.setdefault(form, unit)
            words = {w.lower() for w in info.get("in", []) if len(w) >= 2 and w.lower() not in ph.IN_WORDS_IGNORED}
            (postfix_in if lang in ph.POSTFIX_IN_LANGUAGES else in_words).update(words)
            rel = info.get("relative-type", {})
            next_week.update(w.lower() for w in rel.get("in 1 week", []) if len(w) >= 4)
            last_week.update(w.lower() for w in rel.get("1 week ago", []) if len(w) >= 4)
            this_week.update(w.lower() for w in rel.get("0 week ago", []) if len(w) >= 4)
        in_words.update(ph.IN_WORDS_EXTRA)
        postfix_in.update(ph.POSTFIX_IN_EXTRA)
        units.update(ph.UNIT_EXTRA)
        self.units = units
        months, wd = _alt(self.months), _alt(self.weekdays)
        day = r"(?P<d>[12]\d|3[01]|0?[1-9])"
        year = r"(?P<y>20\d\d)"
        self.dmy = re.compile(
            # (Hebrew glues 'on', 'by' to the number with a hyphen: "ב-1 בנובמבר 2026", "עד-15 במרץ")
            rf"(?:(?<![\w.:/-])|(?<=[בלעד]-)){day}(?:\.|º|°|er|st|nd|rd|th|hb|(?:ro|do|to|vo|mo|no)(?=\s+de\s))?(?:\s*|-)(?:de\s+|of\s+|d'|di\s+)?(?P<m>{months})\.?(?![^\W\d_])"
            rf"(?:\s*,?\s*(?:de\s+|del\s+)?{year}(?!\d))?", _I)
        self.dmy_short = re.compile(
            rf"(?<![\w.:/-]){day}\.?\s+(?P<m>{_alt(short)})\.?\s+{year}(?!\d)", _I) if short else None
        self.short_months = short
        # a month name with a case ending, right after a day ("15. märtsiks", "10. februārim", "20. januarja 2027",
        # "15. marta 2027"): forms of five letters or more (four in plain letters, which need a year anyway; Baltic
        # stems without their '-is'), never English ones ("5 marching bands")
        english = {f for key in MONTH_KEYS for f in locale_forms(default_loader.get_locale("en").info, key, 3)}
        inflect: dict[str, int] = {}
        for form, idx in self.months.items():
            if idx and len(form) >= (4 if form.isascii() else 5) and form not in english:
                inflect.setdefault(form, idx)
                if form.endswith("is") and len(form) >= 7:
                    inflect.setdefault(form[:-2], idx)
                elif form.endswith("s") and len(form) >= 5 and form[:-1] not in english:  # Latvian "marts" -> "martam"
                    inflect.setdefault(form[:-1], idx)
        self.inflected_months = inflect
        # (a form in plain ASCII letters only with a year: "5 junior devs" is no 5 June, "20. januarja 2027" is a day)
        plain = _alt(f for f in inflect if f.isascii())
        marked = _alt(f for f in inflect if not f.isascii())
        self.dmy_inflected = re.compile(
            rf"(?<![\w.:/-])(?:(?P<y0>20\d\d)\.?\s*(?:gada\s+|m\.\s+)?)?{day}(?P<dot>\.)?\s*"
            rf"(?:(?P<m>{marked})[^\W\d_]{{1,3}}(?![^\W\d_])(?:\s*,?\s*{year}(?!\d))?"
            rf"|(?!(?:{_alt(ph.INFLECTED_MONTH_STOPWORDS)})(?![^\W\d_]))(?P<m2>{plain})[^\W\d_]{{1,3}}(?![^\W\d_])"
            rf"(?:\s*,?\s*(?P<y2>20\d\d)(?!\d))?)", _I)
        self.mdy = re.compile(
            rf"(?<![^\W\d_])(?P<m>{months})\.?\s+{day}(?:\.|st|nd|rd|th)?(?![\d:])(?![.,]\d)"
            rf"(?!\s*(?:{_alt(units)})(?![^\W\d_]))(?:\s*,?\s*{year}(?!\d))?", _I)
        parts = [("end", ph.MONTH_END_BEFORE, ph.MONTH_END_AFTER), ("mid", ph.MONTH_MID_BEFORE, ph.MONTH_MID_AFTER),
                 ("vague", [*ph.MONTH_VAGUE_BEFORE, *ph.MONTH_DURING_BEFORE], ph.MONTH_VAGUE_AFTER)]
        # one regex for every part before the month, one for every part after; a named group tells which part
        before = "|".join(f"(?P<{part}>{_phrase_alt(b)})" for part, b, _ in parts)
        after = "|".join(f"(?P<{part}_a>{_phrase_alt(a)})" for part, _, a in parts)
        self.month_parts = [
            re.compile(rf"(?<![^\W\d_])(?:do\s+|до\s+|till\s+|innan\s+)?(?:{before})\s+(?P<m>{months})(?![^\W\d_])"
                       rf"(?:\s+{year}(?!\d))?", _I),
            # (Finnish puts the month in the genitive before the part: "joulukuun alussa")
            # (Estonian, Latvian too, with a case ending on the stem: "jaanuari lõpuks", "janvāra beigās")
            re.compile(rf"(?<![^\W\d_])(?:{year}\.?\s+)?(?:(?P<m>{months})n?|(?P<mi>{_alt(inflect)})[^\W\d_]{{1,3}})"
                       rf"(?:\s+(?:ayının|ayı|kuun|hó))?\s+(?:{after})(?![^\W\d_])", _I),
        ]
        self.part_gate = re.compile(_phrase_alt(w for _, before, after in parts for w in (*before, *after)), _I)
        # Vietnamese writes the month as a number: "ngày 15 tháng 3 năm 2027"
        self.th_month_part = re.compile(rf"(?P<p>ปลาย|ต้น|กลาง|สิ้น)\s*เดือน\s*(?P<m>{months})(?:\s*(?:ปี\s*)?{year}(?!\d))?", _I)
        self.month_year = re.compile(rf"(?:(?<![^\W\d_])|(?<=[בל]))(?P<m>{months})\s+{year}(?!\d)", _I)
        # a Thai date with a Buddhist-era year ("15 มกราคม 2570" is 15 January 2027)
        self.th_be_year = re.compile(rf"(?<![\w.:/-]){day}\s*(?P<m>{months})\.?\s*(?:พ\.ศ\.\s*)?(?P<by>25\d\d)(?!\d)", _I)
        self.vi_day = re.compile(r"(?<![\w])(?:ngày\s+)?(?P<d>[12]\d|3[01]|0?[1-9])\s+tháng\s+(?P<m>1[0-2]|0?[1-9])(?!\d)"
                                 r"(?:\s*(?:,|năm)\s*(?P<y>20\d\d))?", _I)
        # days written as words ("el quince de marzo", "am fünfzehnten März"): word -> day
        self.day_words_of = {w.lower(): day for words in ph.DAY_WORDS.values()
                             for day, alts in enumerate(words, start=1) for w in ([alts] if isinstance(alts, str) else alts)}
        self.word_day = re.compile(
            rf"(?<![^\W\d_])(?P<dw>{_alt(self.day_words_of)})\s+(?:de\s+|of\s+|di\s+)?(?P<m>{months})\.?(?![^\W\d_])"
            rf"(?:\s*,?\s*(?:de\s+)?{year}(?!\d))?", _I)
        # "Jan 16-17", "16–17 January", "16/17 janvier": a span of days ends on its last
        self.day_span = [
            re.compile(rf"(?<![^\W\d_])(?P<m>{months})\.?\s+(?P<d0>[12]\d|3[01]|0?[1-9])\s*[-–]\s*{day}(?![\d:])"
                       rf"(?:\s*,?\s*{year}(?!\d))?", _I),
            re.compile(rf"(?<![\w.:/-])(?P<d0>[12]\d|3[01]|0?[1-9])(?:\.|st|nd|rd|th)?\s*[-–/]\s*{day}(?:\.|st|nd|rd|th)?\s*(?:de\s+|of\s+)?(?P<m>{months})\.?"
                       rf"(?![^\W\d_])(?:\s*,?\s*(?:de\s+)?{year}(?!\d))?", _I),
        ]
        # "2027. március 5.", "2028 m. vasario 10 d.", "2028. gada 10. februārī" (Hungarian, Lithuanian, Latvian)
        # "between the 1st and 15th of March", "entre el 1 y el 15 de marzo", "am 6. und 7. Februar": a span of days
        self.day_pair = re.compile(
            rf"(?<![\w.:/-])(?P<d0>[12]\d|3[01]|0?[1-9])(?:\.|st|nd|rd|th|er|º)?\s+"
            rf"(?:and|und|y|e|et|en|i|och|og|и|ve|és|a)\s+(?:(?:the|el|le|il|o|dem|den)\s+)?{day}(?:\.|st|nd|rd|th|er|º)?\s*"
            rf"(?:de\s+|of\s+|di\s+)?(?P<m>{months})\.?(?![^\W\d_])(?:\s*,?\s*(?:de\s+)?{year}(?!\d))?", _I)
        self.ymd = re.compile(rf"(?<!\d){year}\.?\s*(?:m\.\s*|gada\s+)?(?P<m>{months})\s+{day}\.?(?![\d:])", _I)
        self.number_words = _number_words(ph.WORLD_LANGUAGES, ph)
        number = rf"(?P<n>\d{{1,3}}|{_alt(self.number_words)})"
        unit = rf"(?P<u>{_alt(units)})"
        # a number word right before a unit lets a clause without digits through to the duration patterns
        self.hindi_latin_gate = re.compile(rf"(?<![^\W\d_])(?:{_alt(ph.HINDI_LATIN_NUMBERS)})\s+(?:{_alt(ph.HINDI_LATIN_UNITS)})(?![^\W\d_])", _I)
        self.number_gate = re.compile(rf"(?<![^\W\d_])(?:{_alt(self.number_words)})\s+{unit}(?![^\W\d_])", _I)
        ins = _phrase_alt(in_words)
        # dateparser's own 'in N days / weeks / months' forms of every world language, read or lazy ("po 90 dienų",
        # "10 రోజుల్లో", "90 ದಿನಗಳಲ್ಲಿ", "sau 3 tuần nữa"): a form is the words before the count and after it
        self.in_forms = _in_forms([*ph.WORLD_LANGUAGES, *ph.WORLD_LANGUAGES_LAZY], ph)
        pres = _phrase_alt({pre for pre, _ in self.in_forms if pre})
        sufs = _phrase_alt({suf for _, suf in self.in_forms})
        self.in_form = re.compile(
            rf"(?:(?<![^\W\d_])(?P<pre>{pres})\s+)?(?<![\w.,]){number}\s*(?P<suf>{sufs})"
            rf"(?!{LETTER_WITH_MARKS})" + anchored_elsewhere(ph), _I)
        # a count right after a word for 'every' ("हर 2 दिन में", every 2 days) or a verb that shifts a date ("posunul o
        # 10 dní", moved by 10 days) is a frequency or a shift, not a time from now
        self.not_from_now_before = re.compile(
            rf"(?:(?<![^\W\d_])(?:{_phrase_alt(ph.EVERY_WORD)})|{'|'.join(ph.SHIFTED_BY_VERB)})\s*$", _I)
        self.duration = [
            # (Thai runs its words together: "ภายใน 6 สัปดาห์นับจากวันนี้")
            # (words meet without a space only beside a digit or in a script written without spaces: "entre dia" is
            # no 'en' + 'tre' + 'dia')
            re.compile(rf"{_LEFT_T}(?:{ins}){_GAP}{number}{_GAP}{unit}(?:(?<=[\u0e00-\u0e7f])|(?![^\W\d_])){anchored_elsewhere(ph)}", _I),
            re.compile(rf"(?<![\w.,]){number}\s+{unit}\s+(?:{_phrase_alt(postfix_in)})(?![^\W\d_])", _I),
            re.compile(rf"(?<![\w.,])(?P<n>\d{{1,3}}|{_alt(ph.HINDI_LATIN_NUMBERS)})\s+(?P<u>{_alt(ph.HINDI_LATIN_UNITS)})\s+(?:{_phrase_alt(ph.HINDI_LATIN_IN)})"
                       r"(?![^\W\d_])", _I),
            # Slavic 'do' (within) before a number word in the genitive: "do troch týždňov", "do dvou týdnů"
            re.compile(rf"(?<![^\W\d_])(?:{_phrase_alt(ph.WITHIN_GENITIVE)})\s+(?P<n>\d{{1,2}}|{_alt(ph.WITHIN_GENITIVE_NUMBERS)})\s+"
                       rf"{unit}(?![^\W\d_]){anchored_elsewhere(ph)}", _I),
            # 'in' glued to the unit as a case ending ("3 हप्तामा", "45 दिवसांत", "4 અઠવાડિયામાં")
            re.compile(rf"(?<![\w.,])(?P<n>\d{{1,3}})\s+{unit}(?:{_alt(ph.DURATION_GLUED_IN)})"
                       rf"(?!{LETTER_WITH_MARKS})", _I),  # (a danda "।" ends it)
            # the unit before its count: "ndani ya wiki 3"
            re.compile(rf"(?<![^\W\d_])(?:{_phrase_alt(ph.IN_UNIT_FIRST)})\s+{unit}\s+(?P<n>\d{{1,3}})(?![\d.,]\d)"
                       rf"{anchored_elsewhere(ph)}", _I),
            re.compile(r"(?<![\d.,])(?P<n>\d{1,3}|[一二两兩三四五六七八九十]{1,2})\s*(?P<u>일|주일?|개월|달|天|日|周|週間|週|星期|个月|個月|か月|ヶ月|カ月)\s*"
                       r"(?:후|뒤|안에|이내|내에|내|以内|以內|之内|之內|内|內|後|后|以后|以後|之后|之後)"),
        ]
        # Korean and Japanese glue particles to a weekday (화요일에, 金曜日に): no word boundary after a CJK name
        wd_group = rf"(?P<w>{wd})"
        wd_end = r"(?:(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])|(?![^\W\d_]))"
        self.weekday_gate = re.compile(_alt(self.weekdays), _I)
        self.short_weekday_mods = {w.lower() for w in ph.SHORT_WEEKDAY_MODIFIERS}
        kinds_before = (("next", ph.NEXT_BEFORE), ("last", ph.LAST_BEFORE), ("this", ph.THIS_BEFORE))
        kinds_after = (("next", ph.NEXT_AFTER), ("last", ph.LAST_AFTER))
        mod_before = "|".join(f"(?P<{k}>{_phrase_alt(w)})" for k, w in kinds_before)
        mod_after = "|".join(f"(?P<{k}>{_phrase_alt(w)})" for k, w in kinds_after)
        self.weekday_rel = [  # a named group tells the kind: next, last, this
            re.compile(rf"(?<![^\W\d_])(?:{mod_before})\s+{wd_group}{wd_end}", _I),
            re.compile(rf"(?<![^\W\d_]){wd_group}\s+(?:{mod_after})(?![^\W\d_])", _I),
            re.compile(rf"(?<![^\W\d_])(?P<last>{_phrase_alt(ph.LAST_SCANDINAVIAN)})\s+{wd_group}s(?![^\W\d_])", _I),
        ]
        glue = r"\s*(?:,\s*|on\s+|am\s+|le\s+|el\s+|o\s+|na\s+|w\s+|v\s+|の\s*)?"
        weeks = "|".join(f"(?P<{k}>{_phrase_alt(w)})" for k, w in
                         (("after_next_week", ph.WEEK_AFTER_NEXT), ("next_week", next_week), ("last_week", last_week),
                          ("this_week", this_week)))
        self.week_rel = [
            re.compile(rf"{_LEFT}(?:{weeks}){glue}{wd_group}{wd_end}", _I),
            # "Friday of next week", "sexta-feira desta semana", "viernes de la semana que viene", "Mittwoch der übernächsten Woche"
            re.compile(rf"(?<![^\W\d_]){wd_group}\s*,?\s*(?:of\s+|in\s+|de\s+la\s+|de\s+|da\s+|do\s+|del\s+|der\s+|in\s+der\s+)?"
                       rf"(?:{weeks})(?![^\W\d_])", _I),
        ]
        # an ISO week number ("vecka 6", "10. haftası", "εβδομάδα 12"), and a weekday near it
        wnouns = _alt(ph.WEEK_NOUNS)
        self.iso_week = [
            re.compile(rf"{_LEFT_T}(?:{wnouns})\s*(?:nr\.?|no\.?|n°|#|№)?\s*(?P<wn>[1-5]?\d)(?![\d:/]|[.,]\d)", _I),
            re.compile(rf"(?<![\w.])(?P<wn>[1-5]?\d)\.\s*(?:{wnouns})(?![^\W\d_])", _I),
        ]
        self.week_gate = re.compile(wnouns, _I)
        long_days = {k: v for k, v in self.weekdays.items() if len(k) >= 4}
        # a bare weekday's full name after 'on' ("cutover on Friday", "am Freitag"), not one that names a date's
        # weekday ("on Friday 15 January", "el viernes 5 de marzo")
        self.weekday_coming = re.compile(rf"(?<![^\W\d_])(?P<coming>{_phrase_alt(ph.COMING_BEFORE)})\s+(?P<w>{_alt(long_days)}){wd_end}"
                                         rf"(?![\s,]*(?:the\s+|den\s+|der\s+|le\s+|el\s+|il\s+|o\s+)?(?:\d|(?:{months})(?![^\W\d_])))", _I)
        self.near_weekday = re.compile(rf"{_LEFT}(?P<w>{_alt(long_days)})(?:en|n)?(?![^\W\d_])", _I)
        # "the second Tuesday of January"
        self.nth_weekday = re.compile(
            # (Slavic, Nordic, Finnish, Hungarian put the month in the genitive with no glue word: "ostatni piątek
            # stycznia")
            rf"(?<![^\W\d_])(?P<o>{_alt(ph.NTH_WEEKDAY_ORDINALS)})\s+(?P<w>{wd})\s+(?:(?:{_phrase_alt(ph.NTH_WEEKDAY_GLUE)})\s+)?"
            rf"(?P<m>{months})(?![^\W\d_])(?:\s*,?\s*(?:de\s+)?(?P<y>20\d\d)(?!\d))?", _I)
        day_words: dict[str, int] = {}
        for lang in [*ph.WORLD_LANGUAGES, "ko", "zh", "ja"]:
            rel = default_loader.get_locale(lang).info.get("relative-type", {})
            for key, shift in (("in 1 day", 1), ("in 2 day", 2), ("1 day ago", -1), ("2 day ago", -2)):
                for form in rel.get(key, []):
                    form = form.lower()
                    if form not in ph.DAY_WORDS_IGNORED and (len(form) >= 3 or not form.isascii()):
                        day_words.setdefault(form, shift)
        for form, shift in ph.DAY_WORDS_EXTRA.items():  # chat spellings ("tmrw")
            day_words.setdefault(form.lower(), shift)
        self.day_words = day_words
        self.since = re.compile(rf"(?<![^\W\d_])(?:{_phrase_alt(ph.SINCE)})\s+$", _I)
        self.day_word = re.compile(rf"(?<![^\W\d_])(?:the\s+)?(?P<w>{_phrase_alt(day_words)})"
                                   r"(?:(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])|(?![^\W\d_]))", _I)
        clock = r"(?:\d{1,2}[:h]\d\d(?::\d\d)?\s*(?:utc|gmt|cet|cest|z)?)?"  # "2027-01-16 00:00 to 2027-01-17"
        self.range_between = re.compile(
            # (two words, not one word read as two: Slovak ", ale " is 'but', no "al" + "e")
            rf"^\s*{clock}\s*,?\s*(?:(?:{'|'.join(ph.RANGE_BETWEEN)})(?![^\W\d_]))?\s*(?:{'|'.join(ph.RANGE_BETWEEN)})\s*$", _I)
        self.approx_before = re.compile(rf"(?<![^\W\d_])(?:{_phrase_alt(ph.APPROX_BEFORE)})\s*(?:(?:on|the|am|dem|den|le|el|al|del|il|o|na|w|v)\s+){{0,2}}$", _I)
        self.approx_after = re.compile(rf"^\s*,?\s*(?:{_phrase_alt(ph.APPROX_AFTER)})(?![^\W\d_])", _I)
        # (a few words may stand between: "I told your colleague \"Gold\"", "dije Ultimate")
        self.said_tier = re.compile(rf"(?<![^\W\d_])(?:{_alt(ph.SAID_BEFORE)})(?![^\W\d_])[^.!?;:\n]{{0,25}}$", _I)
        self.decided_tier = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(ph.DECIDED_BEFORE)})\s+(?:(?:the|for|on|für|pour|por|per|on the)\s+)?$", _I)
        self.refused_after = re.compile(rf"^['\"’”]?\)?\s*(?:{'|'.join(ph.REFUSED_AFTER)})", _I)
        self.refused_back = re.compile(rf"^\s*(?:{'|'.join(ph.REFUSED_BACK)})", _I)
        self.date_alternative = re.compile(rf"^\s*,?\s*(?:{_phrase_alt(ph.DATE_ALTERNATIVE)})\s*$", _I)
        self.cjk_week = re.compile(r"(?P<rel>下|上|这|這|本)(?:个|個)?(?:周|週|星期|礼拜|禮拜)(?P<wd>[一二三四五六日天])")
        cjk_year = r"(?:(?P<y>20\d\d)\s*[年년]\s*|(?P<rel>今年|明年|来年|來年|올해|금년|내년|再来年)\s*)?"
        cjk_month = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*[月월]"
        self.cjk_day = re.compile(rf"{cjk_year}{cjk_month}\s*(?P<d>[12]\d|3[01]|0?[1-9])\s*[日일号號]")
        self.cjk_month_end = re.compile(rf"{cjk_year}{cjk_month}\s*(?:末|底|말)(?!\s*(?:경|쯤|左右|頃|ごろ|前後|께))")
        self.cjk_month_part = re.compile(rf"{cjk_year}{cjk_month}\s*(?P<p>초|중순|하순|上旬|中旬|下旬|初旬|初|月初|中)")
        self.cjk_month_only = re.compile(rf"{cjk_year}{cjk_month}(?!\s*(?:\d|末|底|말|초|중|하|上|中|下|初))")
        self.cjk_rel_month_day = re.compile(
            r"(?P<rel>下个?月|下個?月|来月|來月|다음\s*달|이번\s*달|这个?月|這個?月|本月|今月)\s*(?P<d>[12]\d|3[01]|0?[1-9])\s*[日일号號]")
        # "来月中旬", "다음 달 중순": the middle (15th) or end of this or next month; its start or late part is weeks
        self.cjk_rel_month_part = re.compile(
            r"(?P<rel>下个?月|下個?月|来月|來月|다음\s*달|이번\s*달|这个?月|這個?月|本月|今月)\s*の?\s*(?P<p>上旬|初旬|中旬|下旬|末|底|초|중순|하순|말|初|中)")
        # a number and a unit in one word, after 'in'/'within' ("בעוד שבועיים", "خلال أسبوعين"): Hebrew, Arabic duals
        self.dual_units = {k.lower(): v for k, v in ph.DUAL_UNITS.items()}
        self.dual = re.compile(rf"(?<![^\W\d_])(?:{_phrase_alt(ph.DUAL_IN)})\s+(?P<dual>{_alt(self.dual_units)})(?![^\W\d_])", _I)
        self.cjk_quarter = re.compile(
            rf"{cjk_year}(?:(?:第\s*)?(?P<q>[1-4一二三四])\s*(?:분기|季度|四半期)|第\s*(?P<q2>[1-4一二三四])\s*季(?![节節度]))"
            rf"(?P<p>\s*(?:초|중|말|初|末|中|底|結束前|结束前|結束|结束))?")
        self._month_any = months
        # a month named in a clause makes "still open" speak of the date ("Noch offen: ob Januar oder Februar")
        self.month_word = re.compile(rf"(?<![^\W\d_])(?:{months})(?![^\W\d_])", _I)
        # the end or middle of this/next month or year, with dateparser's phrases for the period
        # ('next' first: "vitit të ardhshëm" is next year, though "vitit" alone is this one)
        periods: dict[str, set[str]] = {"next_month": set(), "next_year": set(), "this_month": set(), "this_year": set()}
        # (also the languages whose month names are read on demand: their phrases are few; dateparser writes Khmer
        # with zero-width spaces, which people do not type)
        for lang in [*ph.WORLD_LANGUAGES, *ph.WORLD_LANGUAGES_LAZY]:
            rel = default_loader.get_locale(lang).info.get("relative-type", {})
            for key, group in (("0 month ago", "this_month"), ("in 1 month", "next_month"), ("0 year ago", "this_year"),
                               ("in 1 year", "next_year")):
                forms = [w.lower() for w in rel.get(key, []) if len(w) >= 4 and "." not in w and not w.endswith(",")]
                periods[group].update(forms)
                periods[group].update(w.replace("\u200b", "").replace("\u200c", "") for w in forms)
                periods[group].update(unicodedata.normalize("NFKC", w) for w in forms)  # as replies are read (Lao "ໜ")
        for phrase, group in ph.PERIOD_EXTRA.items():
            periods[group].add(phrase)
        period = "|".join(f"(?P<{k}>{_alt(v)})" for k, v in periods.items())
        end_b, mid_b, end_a = _alt(ph.PERIOD_END_BEFORE), _alt(ph.PERIOD_MID_BEFORE), _alt(ph.PERIOD_END_AFTER)
        self.period_end = [
            re.compile(rf"{_LEFT_T}(?:(?P<end>{end_b})|(?P<mid>{mid_b}))\s*(?:{period})(?![^\W\d_])", _I),
            re.compile(rf"(?<![^\W\d_])(?:{period})(?:ın|in|un|ün|n|ын|ийн)?\s*(?:(?P<end_a>{end_a})|(?P<mid>{_alt(ph.PERIOD_MID_AFTER)}))", _I),
        ]
        self.period_gate = re.compile(_alt([w for v in periods.values() for w in v]), _I)
        # a 'next' word right after a bare period word makes it the next one ("diwedd y flwyddyn nesaf", "òpin ọdún tó ń
        # bọ̀": Welsh and Yoruba write 'next' after the noun that alone means this year)
        self.next_after_period = re.compile(rf"\s*(?:{_alt(ph.QUARTER_NEXT)})(?![^\W\d_])", _I)
        # quarters in the world's languages
        nouns = _alt(ph.QUARTER_NOUNS)
        ordw = _alt(ph.QUARTER_ORDINAL_WORDS)
        roman = r"(?P<r>iv|i{1,3})"
        qyear = r"(?:\s*(?:,|من|of|roku|года|năm|tahun|ปี|évi|din|του|של)?\s*(?P<y>20\d\d)(?!\d))?"
        self.world_quarter = [
            re.compile(rf"(?<![^\W\d_])(?:(?P<y0>20\d\d)\S{{0,5}}\s+)?(?P<o>{ordw})\s+(?:{nouns}){qyear}", _I),
            re.compile(rf"{_LEFT_T}(?:{nouns})\s*(?:ที่\s*)?(?:(?P<o2>{ordw})|(?P<n>[1-4])(?!\d)|{roman}(?![^\W\d_])){qyear}", _I),
            re.compile(rf"(?<![\w.])(?:(?P<y0>20\d\d)\S{{0,5}}\s+)?(?:(?P<n>[1-4])\.?|{roman})\s*(?:-?й\s+)?(?:{nouns}){qyear}", _I),
            re.compile(rf"(?<![\w.])(?P<n>[1-4])(?:\.|er|e|º|o|°|st|nd|rd|th)\s*(?:{_alt(ph.QUARTER_NOUNS_ORDINAL)})(?![^\W\d_]){qyear}", _I),
            re.compile(rf"{_LEFT_T}(?:(?P<this_b>{_alt(ph.QUARTER_THIS)})\s+|(?P<next_b>{_alt(ph.QUARTER_NEXT)})\s+)(?:{nouns})(?![^\W\d_])", _I),
            # (Thai runs on after the word: "ภายในสิ้นไตรมาสนี้ครับ")
            re.compile(rf"{_LEFT_T}(?:{nouns})\s*(?:(?P<this_a>{_alt(ph.QUARTER_THIS)})|(?P<next_a>{_alt(ph.QUARTER_NEXT)}))"
                       r"(?:(?<=[\u0e00-\u0e7f])|(?![^\W\d_]))", _I),
            # the end of 'the quarter' said alone, its 'end' after it, is this quarter's ("분기 말까지", "季度末")
            re.compile(r"(?<![\d第一二三四])(?P<this_e>분기|四半期|季度)\s*(?:말|末|底)", _I),
            # "T2 2027": French, Spanish, Portuguese, Italian write a quarter as T (trimestre) and its number, with a year
            re.compile(r"(?<![^\W\d_])t(?P<n>[1-4])\s*(?:[/'-]\s*)?(?P<y>20\d\d)(?!\d)", _I),
            # the end of 'the quarter' said alone is this quarter's ("к концу квартала", "do konca kvartala")
            re.compile(rf"(?<![^\W\d_])(?:{_alt(ph.PERIOD_END_BEFORE)})\s+(?P<this_e>{nouns}|{_alt(ph.QUARTER_NOUNS_ORDINAL)})(?![^\W\d_])"
                       rf"(?!\s*(?:(?:{_alt([*ph.QUARTER_THIS, *ph.QUARTER_NEXT, *ph.QUARTER_ORDINAL_WORDS])}|iv|i{{1,3}})"
                       r"(?![^\W\d_])|[\d(]))", _I),
        ]
        self.quarter_gate = re.compile(rf"{nouns}|{_alt(ph.QUARTER_NOUNS_ORDINAL)}|(?<![^\W\d_])t[1-4]\s*(?:[/'-]\s*)?20\d\d|분기|四半期|季度", _I)
        self.quarter_part_before = re.compile(
            rf"(?:{_phrase_alt([*ph.MONTH_VAGUE_BEFORE, *ph.MONTH_MID_BEFORE, *ph.PERIOD_MID_BEFORE])})\s*$", _I)
        self.fiscal_quarter = [re.compile(p, _I) for p in ph.FISCAL_QUARTER]
        self.fiscal_year_end = [re.compile(p, _I) for p in ph.FISCAL_YEAR_END]
        self.nendo_end = [re.compile(p) for p in ph.NENDO_END]  # a Japanese fiscal year's end (April to March)
        self.correction = re.compile("|".join(ph.CORRECTION), _I)  # words that withdraw what was just said
        self.apology = re.compile("|".join(ph.APOLOGY), _I)  # 'sorry', 'my bad', 'actually': no withdrawal alone
        self.apology_about = re.compile(rf"^[\s,]*(?:{_alt(ph.APOLOGY_ABOUT)})(?![^\W\d_])", _I)
        self.top_tier = re.compile("|".join(ph.TOP_TIER), _I)
        self.bottom_tier = re.compile("|".join(ph.BOTTOM_TIER), _I)
        self.middle_tier = re.compile("|".join(ph.MIDDLE_TIER), _I)
        self.not_this_tier = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(ph.NOT_THIS_TIER)})\s+(?:the\s+|our\s+|unser\w*\s+|le\s+|el\s+|o\s+)?"
                                        r"(?:(?:current|old|existing|present)\s+)?$", _I)
        self.date_topic = re.compile("|".join(ph.DATE_TOPIC), _I)
        self.ticket_intent = re.compile("|".join(ph.TICKET_LEVEL_INTENT), _I)
        self.hedged_tier = re.compile("|".join(ph.HEDGED_TIER), _I)
        self.tier_arrow = re.compile(rf"^{ph.TIER_ARROW}")
        self.half_end = [re.compile(p, _I) for p in ph.HALF_END]
        self.ticket_future_stay = re.compile("|".join(ph.TICKET_FUTURE_STAY), _I)
        self.ticket_paying = re.compile("|".join(ph.TICKET_PAYING), _I)
        self.ticket_have = re.compile("|".join(ph.TICKET_HAVE), _I)
        self.current_tier = re.compile("|".join(ph.CURRENT_TIER), _I)
        self.new_side = re.compile("|".join(ph.NEW_SIDE), _I)


def _rel_year(groups: dict, today: date) -> int | None:
    if groups.get("y"):
        return int(groups["y"])
    rel = groups.get("rel")
    if rel in ("今年", "올해", "금년"):
        return today.year
    if rel in ("明年", "来年", "來年", "내년"):
        return today.year + 1
    if rel == "再来年":
        return today.year + 2
    return None


def _week_monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def weekday_date(kind: str, weekday: int, today: date, past: bool = False) -> date | None:
    """The day a relative weekday names; None when it could be either of two weeks.

    "next Friday" said early in a week (Monday to Thursday, for a later weekday) may mean that week's or the
    following one: only when the coming one lies in a later week is it one day. "last Friday" likewise. "Friday next
    week" always pins a day; "this Friday" is this week's unless it has passed (at the weekend: the coming one);
    "on Friday" is the next Friday after today (in a past clause the last one), open when said on a Friday.
    """
    monday = _week_monday(today)
    if kind == "after_next_week":
        return monday + timedelta(days=14 + weekday)
    if kind == "next_week":
        return monday + timedelta(days=7 + weekday)
    if kind == "last_week":
        return monday + timedelta(days=-7 + weekday)
    if kind == "this_week":
        return monday + timedelta(days=weekday)
    if kind == "next":
        ahead = (weekday - today.weekday()) % 7 or 7
        d = today + timedelta(days=ahead)
        return d if _week_monday(d) != monday else None
    if kind == "last":
        back = (today.weekday() - weekday) % 7 or 7
        d = today - timedelta(days=back)
        return d if _week_monday(d) != monday else None
    if kind == "coming":
        # "cutover on Friday": the next such day after today (in a past clause, the last one before it); said on that
        # very weekday it could be today or a week away: open
        shift = (today.weekday() - weekday) % 7 if past else (weekday - today.weekday()) % 7
        return (today - timedelta(days=shift) if past else today + timedelta(days=shift)) if shift else None
    if kind == "this":
        # "this Friday": this week's, still to come; said at the weekend, the coming week's (the week just ending
        # has no workday left); a day already passed on a workday ("this Monday" said on a Wednesday) is open
        d = monday + timedelta(days=weekday)
        if d >= today or past:  # (in a past-tense clause, this week's day already behind us)
            return d if d <= today or not past else None
        return d + timedelta(days=7) if today.weekday() >= 5 else None
    return None


def _fiscal_definitions(lex: WorldLexicon) -> tuple[list, list, list, list, list]:
    """The fiscal-year definitions, compiled on the first fiscal quarter a message names (most never do)."""
    if not hasattr(lex, "_fiscal"):
        def compile_all(patterns):
            # any word where a month stands: the finders look it up among the month names (compiling the whole
            # world's month alternation into every definition took ~150 ms on the first fiscal quarter)
            # (a word with its vowel signs: Indic and Thai marks are no letters to the regex engine, "अप्रैल")
            return [re.compile(p.replace("{month}", rf"[^\W\d_]{LETTER_WITH_MARKS}*").replace("{label}", lex.P.FISCAL_LABEL)
                               .replace("{fiscal}", r"(?:(?:fiscal|financial) year|fy)")
                               .replace("{fy}", r"\s*'?(?P<fy>(?:20)?\d\d)"), _I)
                    for p in patterns]
        lex._fiscal = (compile_all(lex.P.FISCAL_START), compile_all(lex.P.FISCAL_SPAN), compile_all(lex.P.FISCAL_END),
                       compile_all(lex.P.FISCAL_LABELLED_START), compile_all(lex.P.FISCAL_LABELLED_END))
    return lex._fiscal


def _label_year(raw: str) -> int:
    y = int(raw)
    return y + 2000 if y < 100 else y


def labelled_fiscal_start(context: str, label: int, lex: WorldLexicon) -> date | None:
    """The first day of fiscal year `label` when the message defines some labelled fiscal year with the calendar
    year it starts in ("fiscal year 2027 runs from 1 February 2027"); None otherwise: whether FY27 starts in 2026 or
    2027 differs between companies, so it is never assumed."""
    for rx in _fiscal_definitions(lex)[3]:
        for m in rx.finditer(context):
            month = lex.months.get(m["m"].lower(), 0)
            if month:
                return date(int(m["sy"]) + label - _label_year(m["fy"]), month, 1)
    return None


def labelled_fiscal_end(context: str, label: int, lex: WorldLexicon) -> date | None:
    """The last day of fiscal year `label` when the message writes a fiscal year's closing day out with its calendar
    year and that year is the label's ("by end of our FY27 — our fiscal year closes on 30 june 2027"), or gives the
    label itself with it ("fiscal year 2027 runs from 1 July 2026 to 30 June 2027"); None otherwise."""
    for rx in _fiscal_definitions(lex)[4]:
        for m in rx.finditer(context):
            month = lex.months.get(m["m"].lower(), 0)
            end = _safe(int(m["ey"]), month, int(m["d"])) if month else None
            if end is None:
                continue
            if (_label_year(m["fy"]) if m["fy"] else end.year) == label:
                return end
    return None


def fiscal_start_month(context: str, lex: WorldLexicon) -> int | None:
    """The first month of the customer's fiscal year when the message defines it (the patterns take any word where
    the month stands; only a month name counts)."""
    fiscal_start, fiscal_span, fiscal_end, _labelled, _labelled_end = _fiscal_definitions(lex)
    for rxs, group, shift in ((fiscal_start, "m", 0), (fiscal_span, "m", 0), (fiscal_end, "e", 1)):
        for rx in rxs:
            for m in rx.finditer(context):
                month = lex.months.get(m[group].lower(), 0)
                if month:
                    return (month - 1 + shift) % 12 + 1
    return None


def next_month_end_day(month: int, today: date) -> date:
    end = last_day_of_month(today.year, month)
    return end if end >= today else last_day_of_month(today.year + 1, month)


def find_world_dates(low: str, today: date, past: bool, context: str, lex: WorldLexicon, make, negated) -> list:
    """Date hits in one lower-cased clause; make(start, end, value, ambiguous, kind) builds a DateHit; negated(start)
    tells a span of time already passed ("it hasn't moved in 3 days") from a deadline."""
    hits = []

    def add(m, value, ambiguous, kind):
        hits.append(make(m.start(), m.end(), value, ambiguous or value is None, kind))

    # Cheap gates first: most clauses hold no digit, no month-part word, no weekday, and the big alternations of
    # every language's names would otherwise be tried at every position.
    digits = bool(_DIGIT.search(low))
    cjk = bool(_CJK_GATE.search(low))
    for rx in (lex.dmy, lex.mdy, lex.ymd) if digits else ():
        for m in rx.finditer(low):
            month = lex.months.get(m["m"].lower().rstrip("."), 0) or _split_month(m["m"].lower().rstrip("."), context, lex)
            if not month:  # a name two languages read as different months
                add(m, None, True, "textual")
                continue
            day, year = int(m["d"]), m["y"]
            add(m, _safe(int(year), month, day) if year else _next_or_last(month, day, today, past), False, "textual")
    for m in lex.word_day.finditer(low) if lex.month_word.search(low) else ():
        month = lex.months.get(m["m"].lower().rstrip("."), 0)
        if month:
            day, year = lex.day_words_of[re.sub(r"\s+", " ", m["dw"].lower())], m["y"]
            add(m, _safe(int(year), month, day) if year else _next_or_last(month, day, today, past), False, "textual")
    for m in lex.dmy_inflected.finditer(low) if digits else ():
        year = m["y"] or m["y0"] or m["y2"]
        if m["m2"] and not (year or m["dot"]):
            continue  # a plain-letter form needs a year or a dotted day ("20. veebruariks"): "5 junior devs" is no date
        month, day = lex.inflected_months[(m["m"] or m["m2"]).lower()], int(m["d"])
        add(m, _safe(int(year), month, day) if year else _next_or_last(month, day, today, past), False, "textual")
    for m in lex.dmy_short.finditer(low) if digits and lex.dmy_short is not None else ():
        add(m, _safe(int(m["y"]), lex.short_months[m["m"].lower()], int(m["d"])), False, "textual")
    for m in lex.day_pair.finditer(low) if digits else ():
        # "between 4 and 22 January", "on 6 and 7 February": a span of days, which ends on its last (as "6-7 Feb")
        month = lex.months.get(m["m"].lower().rstrip("."), 0)
        if month and int(m["d0"]) < int(m["d"]):
            day, year = int(m["d"]), m["y"]
            add(m, _safe(int(year), month, day) if year else _next_or_last(month, day, today, past), False, "textual")
        else:
            add(m, None, True, "textual")
    for rx in lex.day_span if digits else ():
        for m in rx.finditer(low):
            month = lex.months.get(m["m"].lower().rstrip("."), 0)
            if not month or int(m["d0"]) >= int(m["d"]):
                continue
            day, year = int(m["d"]), m["y"]
            add(m, _safe(int(year), month, day) if year else _next_or_last(month, day, today, past), False, "textual")
    for m in _VI_MONTH_PART.finditer(low) if digits else ():  # "giữa tháng 2", "cuối tháng 3 năm 2027"
        month, year = int(m["m"]), int(m["y"]) if m["y"] else None
        if m["p"] == "cuối":
            add(m, last_day_of_month(year, month) if year else next_month_end_day(month, today), False, "period")
        elif m["p"] == "giữa":
            add(m, _safe(year, month, 15) if year else _next_or_last(month, 15, today, past), False, "period")
        else:
            add(m, None, True, "period")
    for m in lex.th_be_year.finditer(low) if digits else ():
        month = lex.months.get(m["m"].lower().rstrip("."), 0)
        if month:
            add(m, _safe(int(m["by"]) - 543, month, int(m["d"])), False, "textual")
    for m in lex.th_month_part.finditer(low) if "เดือน" in low else ():  # "ปลายเดือนมกราคม": late January
        month, year = lex.months.get(m["m"].lower(), 0), int(m["y"]) if m["y"] else None
        if month and m["p"] == "สิ้น":
            add(m, last_day_of_month(year, month) if year else next_month_end_day(month, today), False, "period")
        elif month and m["p"] == "กลาง":
            add(m, _safe(year, month, 15) if year else _next_or_last(month, 15, today, past), False, "period")
        else:
            add(m, None, True, "period")
    for m in lex.month_year.finditer(low) if digits else ():  # "September 2027", "בספטמבר 2027": a month, no day
        add(m, None, True, "month")
    for m in lex.vi_day.finditer(low) if digits else ():
        month, day, year = int(m["m"]), int(m["d"]), m["y"]
        add(m, _safe(int(year), month, day) if year else _next_or_last(month, day, today, past), False, "textual")
    for rx in lex.month_parts if lex.part_gate.search(low) else ():
        for m in rx.finditer(low):
            part = next(k.removesuffix("_a") for k, v in m.groupdict().items() if v and k.removesuffix("_a") in _PARTS)
            mi = m.groupdict().get("mi")
            month = lex.inflected_months.get(mi.lower(), 0) if mi else lex.months.get(m["m"].lower().rstrip("."), 0)
            year = int(m["y"]) if m["y"] else None
            if not month or part == "vague":
                add(m, None, True, "period")
            elif part == "end":
                add(m, last_day_of_month(year, month) if year else next_month_end_day(month, today), False, "period")
            else:
                add(m, _safe(year, month, 15) if year else _next_or_last(month, 15, today, past), False, "period")
    for m in lex.cjk_day.finditer(low) if cjk else ():
        year = _rel_year(m.groupdict(), today)
        month, day = _cjk_month(m["m"]), int(m["d"])
        add(m, _safe(year, month, day) if year else _next_or_last(month, day, today, past), False, "textual")
    for m in lex.cjk_month_end.finditer(low) if cjk else ():
        year = _rel_year(m.groupdict(), today)
        month = _cjk_month(m["m"])
        add(m, last_day_of_month(year, month) if year else next_month_end_day(month, today), False, "period")
    for m in lex.cjk_month_part.finditer(low) if cjk else ():
        if m["p"] in ("중순", "中旬"):
            year = _rel_year(m.groupdict(), today)
            month = _cjk_month(m["m"])
            add(m, _safe(year, month, 15) if year else _next_or_last(month, 15, today, past), False, "period")
        else:
            add(m, None, True, "period")
    for m in lex.cjk_month_only.finditer(low) if cjk else ():
        add(m, None, True, "month")
    for m in lex.cjk_rel_month_day.finditer(low) if digits else ():
        rel = re.sub(r"\s+", "", m["rel"])
        shift = 1 if rel[0] in "下来來다" else 0
        first = _add_months(today.replace(day=1), shift)
        add(m, _safe(first.year, first.month, int(m["d"])), False, "textual")
    for m in lex.cjk_rel_month_part.finditer(low) if cjk or "달" in low else ():
        first = _add_months(today.replace(day=1), 1 if re.sub(r"\s+", "", m["rel"])[0] in "下来來다" else 0)
        if m["p"] in ("中旬", "중순", "中"):
            add(m, _safe(first.year, first.month, 15), False, "period")
        elif m["p"] in ("末", "底", "말"):
            add(m, last_day_of_month(first.year, first.month), False, "period")
        else:
            add(m, None, True, "period")
    for m in lex.dual.finditer(low) if not past else ():
        n, unit = lex.dual_units[m["dual"].lower()].split()
        if not negated(m.start()):
            add(m, _add_months(today, int(n)) if unit == "month" else today + timedelta(days=int(n) * _UNIT_DAYS[unit]),
                False, "relative")
    for m in lex.cjk_quarter.finditer(low) if _CJK_QUARTER_GATE.search(low) else ():
        raw_q = m["q"] or m["q2"]
        q = int(raw_q) if raw_q.isdigit() else _CJK_NUM[raw_q]
        # (Japanese "第1四半期中" is 'within the quarter', as "四半期末" its end; Chinese "季度中" may be its middle)
        within = m["p"] and m["p"].strip() == "中" and "四半期" in m.group(0)
        if m["p"] and m["p"].strip() not in ("말", "末", "底", "結束前", "结束前", "結束", "结束") and not within:
            add(m, None, True, "period")  # the start or middle of a quarter is weeks, not a day
            continue
        year = _rel_year(m.groupdict(), today)
        if year is None:
            year = today.year if last_day_of_month(today.year, q * 3) >= today else today.year + 1
        add(m, last_day_of_month(year, q * 3), False, "quarter")
    for rx in lex.period_end if lex.period_gate.search(low) else ():
        for m in rx.finditer(low):
            g = {k for k, v in m.groupdict().items() if v}
            base = today if g & {"this_month", "this_year"} else None
            if "next_month" in g:
                base = _add_months(today.replace(day=1), 1)
            elif "next_year" in g:
                base = date(today.year + 1, 1, 1)
            elif lex.next_after_period.match(low, m.end()) and "end_a" not in g:
                base = _add_months(today.replace(day=1), 1) if "this_month" in g else date(today.year + 1, 1, 1)
                g = g | ({"next_month"} if "this_month" in g else {"next_year"})
            if g & {"this_year", "next_year"}:
                add(m, None, True, "period") if "mid" in g else add(m, date(base.year, 12, 31), False, "period")
            elif "mid" in g:
                add(m, _safe(base.year, base.month, 15), False, "period")
            else:
                add(m, last_day_of_month(base.year, base.month), False, "period")
    fiscal_start = None
    for rx in lex.world_quarter if lex.quarter_gate.search(low) else ():
        for m in rx.finditer(low):
            g = m.groupdict()
            if g.get("this_b") or g.get("this_a") or g.get("this_e") or g.get("next_b") or g.get("next_a"):
                q = (today.month - 1) // 3 + 1 + (0 if g.get("this_b") or g.get("this_a") or g.get("this_e") else 1)
                year = today.year + (q > 4)
                q = (q - 1) % 4 + 1
            else:
                word = g.get("o") or g.get("o2")
                q = (lex.P.QUARTER_ORDINAL_WORDS.get(word.lower(), 0) if word else int(g["n"]) if g.get("n")
                     else {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get((g.get("r") or "").lower(), 0))
                if not q:
                    continue
                raw = g.get("y") or g.get("y0")
                year = int(raw) if raw else (today.year if last_day_of_month(today.year, q * 3) >= today else today.year + 1)
            if lex.quarter_part_before.search(low[max(0, m.start() - 25) : m.start()]):
                add(m, None, True, "period")  # the start or middle of a quarter is weeks
                continue
            if fiscal_start is None:
                fiscal_start = fiscal_start_month(context, lex) or 0
            if fiscal_start and not _CALENDAR_WORD.search(low[max(0, m.start() - 25) : m.start()]):
                add(m, None, True, "quarter")  # a message with its own fiscal year: which year's quarter is open
                continue
            add(m, last_day_of_month(year, q * 3), False, "quarter")
    for rx in (lex.duration if digits or lex.number_gate.search(low) or _CJK_NUMERAL_UNIT.search(low)
               or lex.hindi_latin_gate.search(low) or _THAI_UNIT.search(low) else ()):
        for m in rx.finditer(low):
            unit = lex.units.get(m["u"].lower()) or lex.P.HINDI_LATIN_UNITS.get(m["u"].lower()) or _cjk_unit(m["u"])
            raw = m["n"].lower()
            n = (int(raw) if raw.isdigit() else lex.number_words.get(raw) or lex.P.WITHIN_GENITIVE_NUMBERS.get(raw, 0)
                 or lex.P.HINDI_LATIN_NUMBERS.get(raw, 0)
                 or _cjk_number(raw))
            if past or not unit or n == 0 or negated(m.start()):
                continue
            if lex.not_from_now_before.search(low, max(0, m.start() - 40), m.start()):
                continue  # ("हर 2 दिन में": every 2 days)
            value = _add_months(today, n) if unit == "month" else today + timedelta(days=n * _UNIT_DAYS[unit])
            add(m, value, False, "relative")
    for m in lex.in_form.finditer(low) if digits or lex.number_gate.search(low) else ():
        unit = lex.in_forms.get((" ".join((m["pre"] or "").split()), " ".join(m["suf"].split())))
        raw = m["n"].lower()
        n = int(raw) if raw.isdigit() else lex.number_words.get(raw, 0)
        if past or not unit or n == 0 or negated(m.start()) or any(h.start <= m.start() < h.end for h in hits):
            continue  # (a form the patterns above read already)
        if lex.not_from_now_before.search(low, max(0, m.start() - 40), m.start()):
            continue  # ("every 2 days", "moved by 10 days")
        add(m, _add_months(today, n) if unit == "month" else today + timedelta(days=n * _UNIT_DAYS[unit]), False, "relative")
    for rx in lex.weekday_rel + lex.week_rel + [lex.weekday_coming] if lex.weekday_gate.search(low) else ():
        for m in rx.finditer(low):
            kind = next(k for k, v in m.groupdict().items() if v and k in _WEEKDAY_KINDS)
            if len(m["w"]) <= 3 and m["w"].isascii() and (m.groupdict().get(kind) or "").lower() not in lex.short_weekday_mods:
                continue  # "ten sam poziom" (Polish 'the same level'): a three-letter form only after 'next', 'this', 'last'
            # (a bare "on Friday", like "tomorrow", needs a cutover word beside it: "I'm off on Friday" is not the move)
            add(m, weekday_date(kind, lex.weekdays[m["w"].lower()] - 1, today, past), False,
                "coming" if kind == "coming" else "weekday")
    for rx in lex.iso_week if lex.week_gate.search(low) and digits else ():
        for m in rx.finditer(low):
            hits.extend(_iso_week_hits(m, low, today, lex, make))
    for m in lex.nth_weekday.finditer(low) if lex.weekday_gate.search(low) else ():
        month = lex.months.get(m["m"].lower().rstrip("."), 0)
        if not month:
            continue
        n, weekday = lex.P.NTH_WEEKDAY_ORDINALS[m["o"].lower()], lex.weekdays[m["w"].lower()] - 1
        year = int(m["y"]) if m["y"] else None
        value = _nth_weekday(year or today.year, month, weekday, n)
        if year is None and value is not None and value < today:
            value = _nth_weekday(today.year + 1, month, weekday, n)
        add(m, value, False, "textual")
    for m in lex.day_word.finditer(low):
        # "tomorrow" is a date only beside a cutover word (reply_dates.choose_date): "I'll call you tomorrow" is not
        key = re.sub(r"\s+", " ", m["w"].lower())
        if negated(m.start()) or lex.since.search(low[max(0, m.start() - 12) : m.start()]):
            continue
        if lex.day_words[key] < 0 and not past:
            # 'yesterday' is a move's day only in a clause that tells of the past ("we moved yesterday"); elsewhere
            # the word is another language's everyday word (Swahili 'jana' in Hindi "ho jana chahiye")
            continue
        add(m, today + timedelta(days=lex.day_words[key]), False, "dayword")
    for m in lex.cjk_week.finditer(low):
        kind = {"下": "next_week", "上": "last_week"}.get(m["rel"], "this_week")
        add(m, weekday_date(kind, _CJK_NUM[m["wd"]] - 1, today), False, "weekday")
    for rx in lex.half_end:
        for m in rx.finditer(low):
            g = {k: v for k, v in m.groupdict().items() if v}
            first = bool(g.get("h1")) or (g.get("h") or g.get("hh") or g.get("hg") or "").lower() in (
                "first", "1st", "h1", "1h", "ersten")
            raw_year = g.get("y") or g.get("y2") or g.get("y3") or g.get("y4")
            end = date(int(raw_year), 6, 30) if first and raw_year else date(int(raw_year), 12, 31) if raw_year else None
            if end is None:
                end = date(today.year, 6, 30) if first else date(today.year, 12, 31)
                if end < today:
                    end = end.replace(year=today.year + 1)
            add(m, end, False, "period")
    for rx in lex.nendo_end if "年度" in low else ():
        for m in rx.finditer(low):
            g = m.groupdict()
            current = today.year if today.month >= 4 else today.year - 1  # the 年度 today falls in
            first = int(g["y"]) if g.get("y") else current + (g.get("rel") in ("来", "翌"))
            add(m, date(first + 1, 3, 31), False, "fiscal")
    start = None
    for rx in lex.fiscal_quarter + lex.fiscal_year_end:
        for m in rx.finditer(low):
            groups = m.groupdict()
            if groups.get("q") or groups.get("qo"):
                q = int(groups["q"]) if groups.get("q") else lex.P.FISCAL_QUARTER_ORDINALS[groups["qo"].lower()]
            else:
                q = 4
            if groups.get("fy"):  # "Q1 of FY27": only a definition that says when that year starts pins it
                label = _label_year(groups["fy"])
                first = labelled_fiscal_start(context, label, lex)
                end = labelled_fiscal_end(context, label, lex) if first is None else None
                if end is not None and q == 4:
                    add(m, end, False, "fiscal")  # the year's own last day, as written
                    continue
                if end is not None and end == last_day_of_month(end.year, end.month):
                    first = date(end.year - (end.month != 12), end.month % 12 + 1, 1)
                if first is None:
                    add(m, None, True, "fiscal")
                    continue
                last = _add_months(first, 3 * q - 1)
                add(m, last_day_of_month(last.year, last.month), False, "fiscal")
                continue
            if start is None:
                start = fiscal_start_month(context, lex) or 0
            if not start or re.search(r"\bfy ?(?:20)?\d\d\b|20\d\d", m.group(0)):
                add(m, None, True, "fiscal")  # a fiscal period nobody defined, or a fiscal-year label we cannot read
                continue
            end_month = (start - 1 + 3 * q - 1) % 12 + 1
            split = _SPLIT_LABEL_AFTER.match(low, m.end())
            if split is None and _LABEL_AFTER.match(low, m.end()):
                add(m, None, True, "fiscal")  # "end of our fiscal year 2027": a label we cannot pin to this definition
                continue
            if split is not None:
                # "Geschäftsjahr 2027/28", "fiscal year 2027-28": a year across two calendar years ends in the later
                first, second = int(split["a"]), int(split["b"])
                second += first // 100 * 100 if second < 100 else 0
                if second != first + 1 or start == 1:
                    add(m, None, True, "fiscal")
                    continue
                last = _add_months(date(first, start, 1), 3 * q - 1)  # it starts in the earlier year
                add(m, last_day_of_month(last.year, last.month), False, "fiscal")
                continue
            add(m, next_month_end_day(end_month, today), False, "fiscal")
    return hits


# a fiscal year's label right after its name ("Ende unseres Geschäftsjahres 2027/28", "end of our fiscal year 2027")
_SPLIT_LABEL_AFTER = re.compile(r"\s*(?:fy|gj)?\s*'?(?P<a>20\d\d)\s*[/–-]\s*(?P<b>(?:20)?\d\d)(?!\d)", re.I)
_LABEL_AFTER = re.compile(r"\s*(?:fy|gj)?\s*'?(?:20)?\d\d(?![\d.:])", re.I)


def _split_month(form: str, context: str, lex: WorldLexicon) -> int:
    """The month of a form two languages read differently, when the message's letters belong to one reading only."""
    readings = {idx for letters, idx in lex.split_months.get(form, []) if any(ch in context for ch in letters)}
    return readings.pop() if len(readings) == 1 else 0


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The n-th (or, for -1, the last) given weekday of a month."""
    if n == -1:
        last = last_day_of_month(year, month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    d = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return d if d.month == month else None


def _iso_week_hits(m, low: str, today: date, lex: WorldLexicon, make) -> list:
    """An ISO week: one day when a weekday stands within a few words of it ("fredagen i vecka 6 2027", "2027'nin
    10. haftasının cuma günü"), else seven days (ambiguous). A year right before or after it counts; without one,
    the next such week."""
    week = int(m["wn"])
    if not 1 <= week <= 53:
        return []
    before, after = low[max(0, m.start() - 14) : m.start()], low[m.end() : m.end() + 10]
    y = re.search(r"(20\d\d)\D{0,6}$", before) or re.match(r"\s*,?\s*(20\d\d)(?!\d)", after)
    start, end = m.start(), m.end()
    if y and y.re.pattern.startswith(r"\s"):
        end = m.end() + y.end()
    elif y:
        start = m.start() - len(before) + y.start()
    wd = None
    for w in lex.near_weekday.finditer(low, max(0, start - 30), min(len(low), end + 30)):
        if w.end() <= start or w.start() >= end:
            wd = w
            break
    if wd is None:
        return [make(start, end, None, True, "period")]
    weekday = lex.weekdays[wd["w"].lower()]
    year = int(y.group(1)) if y else today.year

    def pin(yr: int) -> date | None:
        try:
            return date.fromisocalendar(yr, week, weekday)
        except ValueError:
            return None
    value = pin(year)
    if not y and value is not None and value < today:
        value = pin(year + 1)
    return [make(min(start, wd.start()), max(end, wd.end()), value, value is None, "textual")]


def _cjk_number(raw: str) -> int:
    """一 .. 九十九 written in Chinese numerals (两 is two); 0 when it is not one."""
    digits = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if raw == "十":
        return 10
    if len(raw) == 2 and raw[0] == "十":
        return 10 + digits.get(raw[1], 0)
    if len(raw) == 2 and raw[1] == "十":
        return 10 * digits.get(raw[0], 0)
    return digits.get(raw, 0) if len(raw) == 1 else 0


def _cjk_unit(word: str) -> str | None:
    if word in ("일", "天", "日"):
        return "day"
    if word in ("주", "주일", "周", "週", "星期", "週間"):
        return "week"
    if word in ("개월", "달", "个月", "個月", "か月", "ヶ月", "カ月"):
        return "month"
    return None
