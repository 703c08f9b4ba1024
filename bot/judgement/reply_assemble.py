"""An order-free day/month/year assembler, read only when the usual date grammar pins no day.

In any language a written date is a day number, a month and perhaps a year standing together, in whatever order
the language puts them and with whatever case endings it attaches: "2027ko martxoaren 12an", "2027-ci il martın
1-də", "2027 оны 3-р сарын 31-нд", "ranar 15 ga Maris 2027", "ngo-2 February", "ថ្ងៃទី 15 ខែមករា ឆ្នាំ 2027". This
module finds such clusters token by token and writes each one as "<day> <English month> <year>", which the date
grammar reads with its usual rules (next occurrence, past days, cues, corrections).

- a day: a number 1-31, with a short affix attached ("12an", "15erako", "1-də", "31-нд", "ika-20", "ngo-2", "15.");
- a month: a month name of any language in dateparser's locale data, as a whole token or as the stem of an inflected
  one ("martxoaren", "martın", "מרץ", "မတ်လ"), also behind the language's word for 'month' glued in front ("ខែមករា"),
  or a month number beside that word ("3-р сар", "tháng 3"; a number before it needs an ordinal affix: "3 ay" is
  three months);
- a year: 20xx with a short affix ("2027ko", "2027-ci", "2027.");
- between them only short words (three letters or fewer: "ga", "ta'", "ng", "de", "оны"), the language's word for
  'year' right after the year ("il", "ឆ្នាំ") or its word for 'day' right before the day ("ថ្ងៃទី", "ranar").

A cluster pins a day only with exactly one day number and one month, at most one year and no other number in it. It
is refused where the number is something else: a count of units ("15 days", "3 weeks of March"), a week, quarter,
version, ticket or amount before it ("week 3 of March", "#12"), a time ("10:30", "15h"), or a word that takes the
number away from the month ("ticket 15 in March": reply.phrases assembler_not_between).
"""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from bot.judgement.reply_world import MONTH_KEYS, locale_forms
from bot.judgement.textutil import LETTER_WITH_MARKS

_L = LETTER_WITH_MARKS
_TOKEN = re.compile(r"\S+")
_LEAD = re.compile(r"^[(\[\"'«“„‘「『¿¡]+")
_TRAIL = re.compile(r"[)\]\"'»”’」』,.;:!?।॥။។։።、，。॰]+$")
_STOP_PUNCT = re.compile(r"[;:!?।॥။។։።。]|(?<![\d])\.")  # ends a cluster (a dot after a number does not)
_YEAR = re.compile(rf"^(?:{_L}{{1,4}}-)?(20\d\d)(?:-?{_L}{{1,5}}|年)?\.?$")
_DAY = re.compile(rf"^(?:(?P<pre>{_L}{{1,4}})-)?(?P<n>[0-3]?\d)(?:(?P<dot>\.)|-?(?P<suf>{_L}{{1,6}})|[ºª°])?$")
_LETTERS = re.compile(rf"^{_L}+(?:['’]{_L}*)?$")
_ABBREVIATION_MARKS = ".॰"  # a dot, the Devanagari abbreviation sign ("फ़र॰")


def marked_forms(info: dict, key: str, min_len: int = 1) -> list[str]:
    """dateparser's forms of a key, also abbreviations written with the Devanagari abbreviation sign."""
    extra = [f.lower().rstrip(_ABBREVIATION_MARKS) for f in info.get(key, []) if f.endswith("॰")]
    return [*locale_forms(info, key, min_len), *(f for f in extra if f)]


_JOINED_NUMBER = re.compile(rf"{_L}['’]{_L}$")  # a word with a one-letter 'and' glued to it
_UNIT_KEYS = ("day", "week", "month", "year", "hour", "minute", "second")


@dataclass
class Token:
    start: int
    end: int
    core: str  # lower case, without surrounding punctuation
    stops: bool  # sentence punctuation after it
    mark: str  # the abbreviation mark right after it ("." or "॰"), or ""


@dataclass
class _Vocab:
    months: dict[str, int]  # form -> month (1-12)
    stems: dict[str, int]  # forms of languages whose month names take endings ("martxoa" -> "martxoaren")
    marked: dict[str, int]  # abbreviations with their mark, read only with it ("फ़र॰", "févr.")
    stop: set[str]  # names and words that begin like a month ("julie", "martin")
    month_words: set[str]  # the word for 'month' in every language ("сар", "tháng", "ខែ")
    units: dict[str, str]  # unit word -> unit key ("days" -> day, "il" -> year)
    not_between: set[str]  # words that take a number away from the month ("in", "ticket")
    before_refused: set[str]  # words before a number that make it no day ("week", "sprint", "version", "q")
    ordinal_suffixes: set[str]  # English ordinal endings ("st", "nd") and the like
    suffix_refused: set[str]  # endings that make a number no day ("15h", "3x", "20gb")
    mid_before: set[str]  # 'the middle of' before a month (reply.phrases month_mid_before), spaces as written
    mid_after: set[str]  # ... after it ("మధ్యలో", "মাঝামাঝি"), read also with an ending
    rare: set[str]  # month forms only of languages the parser reads nowhere else (Ewe 'masa': Malay 'time')
    month_words_beside: set[str] = None  # the words for 'month' a month number stands beside (not one Latin letter)


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _vocab(world) -> _Vocab:
    found = _CACHE.get(world)
    if found is not None:
        return found
    from dateparser.languages.loader import default_loader

    ph = world.P
    stop = {w.lower() for w in (*world.month_stop, *ph.INFLECTED_MONTH_STOPWORDS, *ph.MONTH_STOPWORDS_EXTRA,
                                *ph.ASSEMBLER_MONTH_STOPWORDS)}
    first = [*ph.WORLD_LANGUAGES, *ph.WORLD_LANGUAGES_LAZY]
    rest = [lang for lang in default_loader.get_locale_map() if lang not in set(first)]
    uninflected = set(ph.ASSEMBLER_UNINFLECTED_LANGUAGES)
    months: dict[str, int] = {}
    stems: dict[str, int] = {}
    units: dict[str, str] = {}
    month_words: set[str] = set()
    marked: dict[str, set[int]] = {}
    rare: set[str] = set()
    for group in (first, rest):
        seen: dict[str, int] = {}
        seen_stems: dict[str, int] = {}
        for lang in group:
            info = default_loader.get_locale(lang).info
            for idx, key in enumerate(MONTH_KEYS, start=1):
                forms = [f for f in marked_forms(info, key, 1) if " " not in f]
                for raw in info.get(key, []):  # abbreviations the data writes with their mark ("फ़र॰", "févr.")
                    if raw[-1:] in _ABBREVIATION_MARKS and len(raw) >= 3 and " " not in raw:
                        marked.setdefault(raw.lower(), set()).add(idx)
                for form in forms:
                    # not an abbreviation another form of the month starts with (Hindi "जाने", Polish "sie"), not a
                    # short Latin form ("pro", "sie": everyday words), not a stop word
                    if form in stop or (form.isascii() and len(form) < 4) or any(
                            o != form and o.startswith(form) for o in forms):
                        continue
                    seen[form] = idx if seen.get(form, idx) == idx else 0
                    if lang.split("-")[0] not in uninflected:
                        seen_stems[form] = idx if seen_stems.get(form, idx) == idx else 0
            for key in _UNIT_KEYS:
                for form in marked_forms(info, key, 1):
                    if " " not in form:
                        units.setdefault(form, key)
            month_words.update(f for f in marked_forms(info, "month", 1) if " " not in f)
        for form, idx in seen.items():
            if group is rest and form not in months:
                rare.add(form)
            months.setdefault(form, idx)  # (a form of the first languages keeps its month)
        for form, idx in seen_stems.items():
            stems.setdefault(form, idx)
    for word, key in ph.ASSEMBLER_UNIT_WORDS.items():
        units.setdefault(word.lower(), key)
    months = {f: i for f, i in months.items() if i and f not in units}
    stems = {f: i for f, i in stems.items() if i and f not in units and len(f) >= 4}
    marked_months = {f: next(iter(i)) for f, i in marked.items() if len(i) == 1 and f.rstrip(_ABBREVIATION_MARKS)
                     not in stop and len(f.rstrip(_ABBREVIATION_MARKS)) >= 3}
    found = _Vocab(months, stems, marked_months, stop, month_words, units, {w.lower() for w in ph.ASSEMBLER_NOT_BETWEEN},
                   {w.lower() for w in ph.ASSEMBLER_BEFORE_REFUSED}, {w.lower() for w in ph.ASSEMBLER_ORDINAL_SUFFIXES},
                   {w.lower() for w in ph.ASSEMBLER_SUFFIX_REFUSED},
                   {" ".join(w.lower().split()) for w in ph.MONTH_MID_BEFORE},
                   {" ".join(w.lower().split()) for w in ph.MONTH_MID_AFTER}, rare)
    found.month_words_beside = {w for w in month_words if len(w) >= 2 or not _latin(w)}
    _CACHE[world] = found
    return found


def _latin(word: str) -> bool:
    return word[:1].isascii() or ("a" <= word[:1].lower() <= "z") or word[:1] in "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿāăąćčďđēėęěğīıįķĺļľłńņňōőœŕřśşšţťūůűųźżžș"


def _unit_of(core: str, v: _Vocab) -> str | None:
    """The unit a word names, also with an ending ("days", "semanas", "wochen"): the longest unit word it starts with,
    leaving at most three letters."""
    if core in v.units:
        return v.units[core]
    for k in range(len(core) - 1, max(1, len(core) - 4), -1):
        unit = v.units.get(core[:k])
        if unit and len(core[:k]) >= 3:
            return unit
    if not _latin(core):  # a compound ending in the unit word ("ခုနှစ်": the year 'နှစ်')
        for k in range(1, min(4, len(core) - 1)):
            unit = v.units.get(core[k:])
            if unit in ("year", "day") and len(core) - k >= 3:
                return unit
    return None


def _month_of(core: str, v: _Vocab) -> int:
    """The month a token names: a month form, or one with an ending of up to five letters (the form four letters or
    longer), or either with the language's word for 'month' glued before or after it ("ខែមករា", "မတ်လ")."""
    if not core or not _LETTERS.match(core):
        return 0
    core = core.replace("’", "'").rstrip("'")
    if core in v.stop:
        return 0
    got = _stem_month(core, v)
    if got or _latin(core):
        return got
    # (each prefix and suffix looked up in the set of 'month' words: a loop over every language's word for each
    # token cost a tenth of a second on a long reply)
    for k in range(1, len(core)):
        if core[:k] in v.month_words:
            got = v.months.get(core[k:]) or _stem_month(core[k:], v)
        if not got and core[k:] in v.month_words:
            got = v.months.get(core[:k], 0)
        if got:
            return got
    return 0


def _only_a_stem(core: str, v: _Vocab) -> bool:
    """A month read only as the stem of a longer Latin word ("martxoaren", but also Spanish "marcas", Indonesian
    "masalah"), or a form only of a language read nowhere else: such a month needs support (a year, a day with its
    affix) to stand for the month."""
    core = core.replace("’", "'").rstrip("'")
    return core in v.rare or (_latin(core) and core not in v.months)


def _day_marked(core: str) -> bool:
    """A day number with its own affix, dot or ordinal sign ("15ean", "1-də", "ika-20", "15.", "15º"): written as a
    day, not a count."""
    m = _DAY.match(core)
    return bool(m and (m.group("pre") or m.group("suf") or m.group("dot") or not core[-1:].isdigit()))


def _stem_month(core: str, v: _Vocab) -> int:
    idx = v.months.get(core)
    if idx:
        return idx if (len(core) >= 3 or not _latin(core)) else 0
    for k in range(len(core) - 1, max(4, len(core) - 5) - 1, -1):
        idx = v.stems.get(core[:k])
        if idx:
            return idx
    return 0


@dataclass
class _Elem:
    kind: str  # day | month | year
    value: int
    first: int  # token indexes it covers
    last: int
    marked: bool = False  # a day with an affix, dot or ordinal sign ("15ean", "1-də", "ika-20", "15."); a month
    # read only as the stem of a longer word ("martxoaren", but also "marcas", "masalah": needs support)
    stem: bool = False


def tokenize(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        lead = _LEAD.match(raw)
        trail = _TRAIL.search(raw)
        a = lead.end() if lead else 0
        b = trail.start() if trail and trail.start() > a else len(raw)
        core = raw[a:b].lower()
        tail = raw[b:]
        stops = bool(_STOP_PUNCT.search(tail)) and not (tail.startswith(".") and core[-1:].isdigit()
                                                        and not tail[1:2])
        out.append(Token(m.start() + a, m.start() + b, core, stops, tail[:1] if tail[:1] in _ABBREVIATION_MARKS else ""))
    return out


def _day(tok: Token, v: _Vocab) -> int:
    m = _DAY.match(tok.core)
    if not m:
        return 0
    n = int(m.group("n"))
    if not 1 <= n <= 31:
        return 0
    suf = m.group("suf")
    if suf and (suf in v.suffix_refused or (len(suf) >= 4 and _unit_of(suf, v))) and suf not in v.ordinal_suffixes:
        return 0  # ("15h", "3wks", "15min", "15days")
    return n


def _month_number(toks: list[Token], i: int, v: _Vocab) -> tuple[int, int] | None:
    """(month, last token) for a month number beside the word for 'month' at token i ("tháng 3"), or before it with
    an ordinal affix ("3-р сарын")."""
    def is_month_word(core: str) -> bool:  # the word for 'month' with an ending of up to three letters
        return any(core[:k] in v.month_words_beside for k in range(max(1, len(core) - 3), len(core) + 1))

    tok = toks[i]
    m = _DAY.match(tok.core)
    if m and (m.group("suf") or m.group("dot")) and i + 1 < len(toks) and is_month_word(toks[i + 1].core) \
            and not tok.stops and 1 <= int(m.group("n")) <= 12:
        return int(m.group("n")), i + 1
    if is_month_word(tok.core) and not tok.stops and i + 1 < len(toks):
        m = re.match(r"^(1[0-2]|0?[1-9])$", toks[i + 1].core)
        if m:
            return int(m.group(1)), i + 1
    return None


def assemble_dates(text: str, world, marked_only: bool = False, support=None) -> tuple[str, list[str]]:
    """(the text with each day/month/year cluster written "<day> <Month> <year>", the clusters as written).

    A cluster refused as a day that still names a month of a year, or a month with two days ("2027ko martxoaren 1ean
    edo 15ean", "Mart 2027 de 15 kişi"), is written "<Month> <year>": a time named but no day, which the grammar reads
    as ambiguous. A month read only as a stem beside a bare number and no year pins a day only when support (a
    function of the sentence: a cutover or date word in it, "selitev zaključimo 20 januarja") says so. With
    marked_only, only clusters whose day carries its affix, sign or 'day' word are pinned (the first reading found a
    vague time there, which a bare number beside a month does not override)."""
    v = _vocab(world)
    toks = tokenize(text)
    elems: list[_Elem] = []
    kinds: list[str] = []  # per token: elem | conn-short | conn-year | conn-day | other
    i = 0
    while i < len(toks):
        tok = toks[i]
        year = _YEAR.match(tok.core)
        num = _month_number(toks, i, v)
        if year:
            elems.append(_Elem("year", int(year.group(1)), i, i))
            kinds.append("elem")
        elif num:
            elems.append(_Elem("month", num[0], i, num[1]))
            kinds.extend(["elem"] * (num[1] - i + 1))
            i = num[1] + 1
            continue
        elif _day(tok, v):
            # (marked also by the word for 'day' right before it: "ranar 15", "ថ្ងៃទី 15")
            day_word = i > 0 and not toks[i - 1].stops and (len(toks[i - 1].core) >= 3 or not _latin(toks[i - 1].core)) \
                and _unit_of(toks[i - 1].core, v) == "day"
            elems.append(_Elem("day", _day(tok, v), i, i, marked=_day_marked(tok.core) or day_word))
            kinds.append("elem")
        elif _month_of(tok.core, v) or v.marked.get(tok.core + tok.mark):
            whole = _month_of(tok.core, v)
            elems.append(_Elem("month", whole or v.marked[tok.core + tok.mark], i, i,
                               stem=bool(whole) and _only_a_stem(tok.core, v)))
            kinds.append("elem")
        elif _glued_mid_month(tok.core, v):  # unspaced 'middle of' glued to the month ("ກາງເດືອນເມສາ")
            elems.append(_Elem("midmonth", _glued_mid_month(tok.core, v), i, i))
            kinds.append("elem")
        else:
            kinds.append("other")
        i += 1
    if not any(e.kind in ("month", "midmonth") for e in elems):
        return text, []
    # chain the elements into clusters: between two of them at most two joining words
    clusters: list[list[_Elem]] = []
    for e in elems:
        if clusters and _joined(toks, clusters[-1][-1], e, v):
            clusters[-1].append(e)
        else:
            clusters.append([e])
    out, said, last = [], [], 0
    for c in clusters:
        mid = _mid_month(c, toks, v)
        if mid is not None:
            a, b, words = mid
            out.append(text[last:a])
            out.append(words)
            said.append(text[a:b])
            last = b
            continue
        if not _pins_a_day(c, toks, v, support and support(_sentence(text, toks, c))) or (marked_only and not any(e.marked for e in c if e.kind == "day")):
            vague = _named_month(c)
            if vague:
                a, b = toks[c[0].first].start, toks[c[-1].last].end
                out.append(text[last:a])
                out.append(vague)
                said.append(text[a:b])
                last = b
            continue
        day = next(e.value for e in c if e.kind == "day")
        month = next(e.value for e in c if e.kind == "month")
        year = next((e.value for e in c if e.kind == "year"), None)
        a, b = toks[c[0].first].start, toks[c[-1].last].end
        out.append(text[last:a])
        out.append(f"{day} {MONTH_KEYS[month - 1].capitalize()}" + (f" {year}" if year else ""))
        said.append(text[a:b])
        last = b
    if not said:
        return text, []
    out.append(text[last:])
    return "".join(out), said


def _named_month(c: list[_Elem]) -> str:
    """"<Month> <year>" for a cluster of one month with a year or with two days or more, or "" (a lone month beside a
    refused number is left to the grammar)."""
    months = [e for e in c if e.kind == "month"]
    years = [e for e in c if e.kind == "year"]
    days = [e for e in c if e.kind == "day"]
    if len(months) != 1 or len(years) > 1 or not (years or len(days) >= 2) or (months[0].stem and not years):
        return ""
    return MONTH_KEYS[months[0].value - 1].capitalize() + (f" {years[0].value}" if years else "")


def _joined(toks: list[Token], prev: _Elem, nxt: _Elem, v: _Vocab) -> bool:
    """Whether only joining words stand between two elements: at most two short words, the 'year' word right after
    the year, the 'day' word right before the day; no sentence punctuation."""
    if toks[prev.last].stops:
        return False
    between = toks[prev.last + 1 : nxt.first]
    if len(between) > 2:
        return False
    for k, t in enumerate(between):
        if t.stops:  # (sentence punctuation inside the gap ends the cluster)
            return False
        core = t.core.replace("’", "'")
        if not any(ch.isalnum() for ch in core):
            continue  # (a dash or comma alone)
        if core in v.not_between:
            return False
        unit = _unit_of(core, v)
        if unit == "year" and ((prev.kind == "year" and k == 0) or (nxt.kind == "year" and k == len(between) - 1)):
            continue  # ("2027-ci il martın", "ខែមករា ឆ្នាំ 2027")
        if unit == "day" and nxt.kind == "day" and k == len(between) - 1:
            continue
        if unit or not _LETTERS.match(core) or len(core.rstrip("'")) > 3:
            return False
    return True


def _sentence(text: str, toks: list[Token], c: list[_Elem]) -> str:
    """The sentence a cluster stands in (lower case)."""
    a, b = c[0].first, c[-1].last
    while a > 0 and not toks[a - 1].stops:
        a -= 1
    while b < len(toks) - 1 and not toks[b].stops:
        b += 1
    return text[toks[a].start : toks[b].end].lower()


def _pins_a_day(c: list[_Elem], toks: list[Token], v: _Vocab, supported: bool = False) -> bool:
    days = [e for e in c if e.kind == "day"]
    months = [e for e in c if e.kind == "month"]
    years = [e for e in c if e.kind == "year"]
    if len(days) != 1 or len(months) != 1 or len(years) > 1:
        return False
    d = days[0]
    if months[0].stem and not years and not d.marked and not supported:
        return False  # a stem beside a bare number ("15 marcas", "1 masalah", "15 mayores"): no month said
    # the number is something else: a count of units after it, a week/quarter/version word or symbol before it
    after = toks[d.last + 1] if d.last + 1 < len(toks) else None
    if after is not None and not toks[d.last].stops:
        unit = _unit_of(after.core, v)
        if unit and not (unit == "day" and months[0].last < d.first and years):
            return False  # ("15 days", "через 10 дней"; not "2027 ခုနှစ် မတ်လ 1 ရက်နေ့": year, month, day, 'day')
    if months[0].last < d.first and not d.marked and after is not None and not toks[d.last].stops \
            and d.last == c[-1].last and len(after.core) > 3 and _unit_of(after.core, v) != "day":
        return False  # a month (and year) then a bare number and a word: the number counts the word ("Maris 3 will",
        # "जुन 3 सर्भर", "2027ko martxoan 15 erabiltzaile"); a day with its case ending is a day ("martxoaren 15ean")
    before = toks[d.first - 1] if d.first > 0 and d is c[0] else None
    if before is not None and not before.stops:
        # (a unit only as a word of three letters or more, or of a non-Latin script: another language's abbreviation
        # is a preposition here: Tagalog 'sa', Irish 'an')
        unit = _unit_of(before.core, v) if len(before.core) >= 3 or not _latin(before.core) else None
        raw_prev = before.core
        if (unit and unit != "day") or raw_prev in v.before_refused or raw_prev[-1:] in "#$€£¥№":
            return False
        if _JOINED_NUMBER.search(raw_prev):
            return False  # the number ends a number phrase we did not read ("dalawampu't 8": twenty-and-eight)
    return True


def _mid_month(c: list[_Elem], toks: list[Token], v: _Vocab) -> tuple[int, int, str] | None:
    """(start, end, "mid-<Month> [year]") for a month of any language with a word for 'the middle of' right before or
    after it ("Nofs Frar", "జనవరి మధ్యలో", "মার্চ 2027-এর মাঝামাঝি"), and no day number: the 15th, as the labels read
    'mid-February'."""
    months = [e for e in c if e.kind in ("month", "midmonth")]
    years = [e for e in c if e.kind == "year"]
    if len(months) != 1 or len(years) > 1 or any(e.kind == "day" for e in c):
        return None
    m = months[0]
    first, last = c[0].first, c[-1].last
    start = end = None
    if m.kind == "midmonth":
        start = toks[first].start
    for size in (2, 1):  # 'the middle of' before it
        if start is not None:
            break
        if first - size >= 0 and " ".join(t.core for t in toks[first - size : first]) in v.mid_before \
                and not any(t.stops for t in toks[first - size : first]):
            start = toks[first - size].start
            break
    if start is None and last + 1 < len(toks) and not toks[last].stops:
        for size in (2, 1):  # ... or after it, also with an ending ("మధ్యలో" for 'మధ్య')
            words = " ".join(t.core for t in toks[last + 1 : last + 1 + size])
            if len(toks[last + 1 : last + 1 + size]) == size and (
                    words in v.mid_after or (size == 1 and any(words.startswith(w) and len(words) - len(w) <= 4
                                                                and len(w) >= 3 for w in v.mid_after))):
                end = toks[last + size].end
                break
    if start is None and end is None:
        return None
    year = f" {years[0].value}" if years else ""
    return (toks[first].start if start is None else start, toks[last].end if end is None else end,
            f"mid-{MONTH_KEYS[m.value - 1].capitalize()}{year}")


def _glued_mid_month(core: str, v: _Vocab) -> int:
    """The month of a token of an unspaced script that is 'the middle of' glued to a month ("ກາງເດືອນເມສາ")."""
    if _latin(core):
        return 0
    for w in v.mid_before:
        if core.startswith(w) and len(core) > len(w) and " " not in w:
            rest = core[len(w):]
            return v.months.get(rest) or _month_of(rest, v)
    return 0
