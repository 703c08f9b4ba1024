"""Dates in customers' words: find every candidate, resolve only what pins one day, flag the rest ambiguous."""
from __future__ import annotations

import calendar
import re
import weakref
from dataclasses import dataclass
from datetime import date, timedelta

from bot.judgement.reply_labels import defined_label_ends, label_in
from bot.judgement.reply_lexicon import DateLexicon
from bot.judgement.reply_relative import relative_spans
from bot.judgement.reply_world import last_day_of_month, corrects as _corrects, find_world_dates, fiscal_start_month
from bot.judgement.textutil import LETTER_WITH_MARKS, word_alt


@dataclass
class DateHit:
    start: int
    end: int
    value: date | None  # None when the words name a period rather than a day
    ambiguous: bool
    kind: str
    text: str


def _quarter_end(year: int, quarter: int) -> date:
    return last_day_of_month(year, quarter * 3)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    y = int(raw)
    return y + 2000 if y < 100 else y


def _next_or_last(month: int, day: int, today: date, past: bool) -> date | None:
    """A day without a year: the next occurrence, or the most recent one when the text speaks of the past."""
    this = _safe(today.year, month, day)
    if this is None:  # 29 February outside a leap year: try the neighbouring year
        other = _safe(today.year + (-1 if past else 1), month, day)
        return other
    if past:
        return this if this <= today else _safe(today.year - 1, month, day)
    return this if this >= today else _safe(today.year + 1, month, day)


def _month_period_end(month: int, year: int | None, today: date) -> date:
    if year:
        return last_day_of_month(year, month)
    end = last_day_of_month(today.year, month)
    return end if end >= today else last_day_of_month(today.year + 1, month)


def _day_in_month(today: date, months: int, day: int) -> date | None:
    """Day `day` of the month `months` away from today's (None when that month has no such day)."""
    first = _add_months(today.replace(day=1), months)
    return _safe(first.year, first.month, day)


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _numeric(a: int, b: int, year: int, sep: str, clause: str, lex: DateLexicon) -> tuple[date | None, bool]:
    """Day/month order of a numeric date: decided by a value over 12, the separator, or the customer's words."""
    if sep == "." and lex.dotted_day_first:
        return _safe(year, b, a), False
    if a > 12 and b <= 12:
        return _safe(year, b, a), False
    if b > 12 and a <= 12:
        return _safe(year, a, b), False
    if a == b:
        return _safe(year, a, b), False
    # A written-out date elsewhere in the clause can settle it ("05/06/2027, that's 6 May").
    for cand, (d, m) in ((_safe(year, b, a), (a, b)), (_safe(year, a, b), (b, a))):
        if cand and re.search(rf"\b0?{d}(st|nd|rd|th)?\.?\s+(?:de\s+|of\s+|di\s+)?({lex.month_name_alt(m)})\b", clause, re.I):
            return cand, False
        if cand and re.search(rf"\b({lex.month_name_alt(m)})\s+0?{d}(st|nd|rd|th)?\b", clause, re.I):
            return cand, False
    if lex.day_first.search(clause):
        return _safe(year, b, a), False
    if lex.month_first.search(clause):
        return _safe(year, a, b), False
    return None, True


def _offset(m: re.Match, day: date | None, lex: DateLexicon) -> date | None:
    """The day `m` (a span with 'after' or 'before') counts from, moved by that span."""
    if day is None:
        return None
    if m["theday"]:
        return day + timedelta(days=-1 if m["before"] else 1)
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else lex.offset_numbers.get(raw, 0)
    unit = lex.offset_units.get(re.sub(r"\s+", " ", m["u"].lower()), "day")
    sign = -1 if m["before"] else 1
    if not n:
        return None
    if unit == "month":
        return _add_months(day, sign * n)
    return day + timedelta(days=sign * n * lex.DAYS_PER_UNIT.get(unit, 1))


def one_edit_apart(a: str, b: str) -> bool:
    """One letter inserted, dropped, changed, or two neighbours swapped (optimal string alignment distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


# English month names long enough that one slip still leaves them unmistakable ("Janaury", "febuary", "Decmeber");
# "march", "june", "july" are one letter from everyday words ("match", "jute"): for them only two swapped
# neighbours count ("Marhc", "Juen")
_TYPO_MONTHS = ("january", "february", "april", "august", "september", "october", "november", "december")
_SWAP_MONTHS = ("march", "june", "july")
_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{4,12}(?![^\W\d_])")
_DAY_NEAR = re.compile(r"\d")
_YEAR_AFTER = re.compile(r"^\s*(?:,|de|del|of|di|\.)?\s*20\d\d(?!\d)", re.I)
_WORLD_TYPO_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # by world lexicon


def _swapped(a: str, b: str) -> bool:
    """Two neighbouring letters swapped, nothing else ("marhc" / "march")."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _world_forms(lex: DateLexicon) -> dict[str, list[str]]:
    """Month names of five letters or more of every world language, by first letter (for one-slip matching)."""
    found = _WORLD_TYPO_CACHE.get(lex.world)
    if found is None:
        found = {}
        for form, idx in lex.world.months.items():
            if idx and len(form) >= 5 and form.isalpha():
                found.setdefault(form[0], []).append(form)
        _WORLD_TYPO_CACHE[lex.world] = found
    return found


def fix_month_typos(text: str, lex: DateLexicon) -> str:
    """A misspelled month name beside a day number or a part word ("cutover Janaury 8th", "mid febuary", "Marhc
    9th") reads as the month; a word that is a month name in any configured language is left alone. A slip in
    another language's month name ("31 de enrero de 2027") counts between a day and a year only."""
    world = None

    def fix(m: re.Match) -> str:
        word = m.group(0).lower()
        if word in lex.months or word in lex.world.months:
            return m.group(0)
        near = text[max(0, m.start() - 6) : m.start()] + " " + text[m.end() : m.end() + 6]
        if not (_DAY_NEAR.search(near) or lex.typo_part_before.search(text[max(0, m.start() - 12) : m.start()])):
            return m.group(0)
        if word.isascii() and len(word) >= 5:
            for month in _TYPO_MONTHS:
                if one_edit_apart(word, month) and not word.startswith(month):
                    return month
        if word.isascii():
            for month in _SWAP_MONTHS:
                if _swapped(word, month):
                    return month
        nonlocal world
        if len(word) >= 5 and _DAY_NEAR.search(text[max(0, m.start() - 8) : m.start()]) and _YEAR_AFTER.match(text[m.end() : m.end() + 12]):
            world = world if world is not None else _world_forms(lex)
            close = {f for f in world.get(word[0], ()) if one_edit_apart(word, f) and not word.startswith(f)}
            if len({lex.world.months[f] for f in close}) == 1:
                return min(close, key=len)
        return m.group(0)
    return _WORD.sub(fix, text)


_CALENDAR = re.compile(r"\b(?:calendar|kalender|calendrier|calendario|calendário|kalendarz\w*)\b", re.I)
_WORDS = re.compile(r"[^\W\d_]+")
_WHOLE_WORDS = re.compile(rf"{LETTER_WITH_MARKS}+")  # words with their vowel signs ("महीने")
_NOT_IN_SPAN = re.compile(r"\b(hasn'?t|haven'?t|hadn'?t|has not|have not|had not|not|never|no)\b"
                          r"(?!\s+(?:later|more|longer|further)\s+than\b)[^.;,]*$", re.I)  # ("no later than 90 days from today")


_HEDGE = re.compile(r"(?<![^\W\d_])(?:might|may|maybe|perhaps|possibly|probably|vielleicht|eventuell|voraussichtlich|"
                    r"peut-être|peut-etre|quizás|quizas|tal vez|talvez|forse|misschien|kanske|måske|kanskje|może|možná)"
                    r"(?![^\W\d_])", re.I)


def _rough(h: "DateHit", low: str, lex: DateLexicon) -> bool:
    """'around 18 January', 'w/c 18 January', '18 January or so': a word before or after makes the day a rough one."""
    return bool(lex.world.approx_before.search(low[max(0, h.start - 30) : h.start])
                or lex.world.approx_after.match(low[h.end : h.end + 20]))


def _settled(ref: "DateHit", hits: list["DateHit"], low: str, lex: DateLexicon) -> bool:
    """A day another is counted from ("two weeks after that") is a plain day: written
    out, with no 'around', no second day it may be ('between X and Y', 'X or Y'), no maybe or condition, and not
    someone's absence (another thing's day, "the freeze ends on 8 January", is what such a span counts from)."""
    if ref.kind not in ("iso", "numeric", "textual"):
        return False  # a quarter, a month, a season: counting from it names no day
    near = low[max(0, ref.start - 40) : ref.start]
    if (_rough(ref, low, lex)
            or _HEDGE.search(near) or _CONDITION.search(near) or lex.absence.search(near)):
        return False
    for other in hits:  # one of two days still open
        gap = (low[ref.end : other.start] if other.start >= ref.end else
               low[other.end : ref.start] if other.end <= ref.start else None)
        if gap is not None and len(gap) <= 20 and (lex.world.date_alternative.match(gap)
                                                    or lex.world.range_between.match(gap)):
            return False
    return True


_BARE_NUMBER = re.compile(r"the (\d{1,2})")
def _plausible_year(year: int, month: int, today: date) -> bool:
    """A year a planned move may fall in: that month of it not yet past, at most five years ahead."""
    return (year, month) >= (today.year, today.month) and year <= today.year + 5


_PERIOD_LABEL = re.compile(r"(?<![^\W\d_])[hq][1-4](?![^\W\d_])", re.I)
_ANY_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")


# a range of bare day numbers right after a period, in its sentence ("final de janeiro, algo entre dia 25 e 29",
# "late-month, the 25th-29th"): group a the first day, b the last
def _days_within(lex: DateLexicon) -> re.Pattern:
    """The day range pattern, its joiners from reply.phrases day_range_joiner ("25 and 29", "25 bis 29")."""
    return lex.days_within


def _year_right_after(lex: DateLexicon) -> re.Pattern:
    """A year right after a period, its joiners from reply.phrases year_after_period_joiner ("end of the year 2027")."""
    return lex.year_right_after


_RANGE_ENDS = re.compile(r"\s*(?:[.,;:!?)）。，\n]|$)")


def _range_ends_there(m: re.Match, low: str) -> bool:
    """The day range ends its phrase: no word after it ("25-29 March", "2 to 3 weeks", "25 to 30 people" are no
    days of the period)."""
    return bool(_RANGE_ENDS.match(low, m.end()))


def _unmask_moves_start(text: str, lex: DateLexicon) -> str:
    """Blanks the other thing's words in a contract start said as a moment ("Umstellung zum Vertragsbeginn am 1. April",
    "the cutover happens at the contract start"): that start is the move's day, not another thing's."""
    for m in lex.move_at_others_start.finditer(text):  # (other things' words outside the phrase still count)
        text = text[: m.start()] + lex.non_target_cues.sub(lambda a: " " * len(a.group(0)), m.group(0)) + text[m.end():]
    return text


def _other_things_day(o: DateHit, low: str, lex: DateLexicon) -> bool:
    """A day another thing's word owns, with no completion word before it ("our contract renews on 2 March")."""
    near = _unmask_moves_start(low[max(0, o.start - 60) : o.start], lex)
    return bool(lex.non_target_cues.search(near)) and not lex.target_cues.search(near)


def _bare_day_in_named_month(h: DateHit, hits: list[DateHit], before: date | None, low: str, lex: DateLexicon,
                             before_other: bool = False) -> None:
    """A day with no month ('the 21st') after a day written with its month is a day of that month: the writer's
    frame is the month just named, not today's. Read so when the named day comes no later; otherwise neither
    reading is sure. Nor is it when the day named is another thing's ("Our contract renews on 2 March 2027. We will
    complete the cutover by the 21st."): a candidate for the move's day frames the next, another thing's does not."""
    named = [o for o in hits if o is not h and o.value is not None and o.end <= h.start
             and o.kind in ("textual", "numeric", "iso") and not _BARE_NUMBER.search(o.text)]
    last = max(named, key=lambda o: o.end) if named else None
    anchor = last.value if last else before
    if anchor is None or h.value is None:
        return
    m = _BARE_NUMBER.search(h.text)
    if not m:
        return
    framed = _safe(anchor.year, anchor.month, int(m.group(1)))
    if framed == h.value:
        return
    if _other_things_day(last, low, lex) if last else before_other:
        h.ambiguous = True
    elif framed is not None and framed >= anchor:
        h.value = framed
    else:
        h.ambiguous = True


_GAP_BREAK = re.compile(r"[\d,.;:!?()\[\]\n—–-]")


def _particle_gap(gap: str, lex: DateLexicon) -> bool:
    """Nothing, or one of the listed particles 'of'/'from' (reply.phrases span_from_day_particle: "के", "の",
    "로부터", "'tan"), between a day and a span: any other word ("10 Ocak yani 7 hafta sonra", 'that is') makes the
    span its own, counted from today."""
    gap = gap.strip().replace("’", "'")
    return not gap or gap in lex.span_from_day_particles


def _count_from_the_day_before(hits: list[DateHit], today: date, low: str, lex: DateLexicon) -> None:
    """Languages that write the span after the day it counts from, its 'after' last ("10 जनवरी के दो हफ्ते बाद",
    "1月5日の2週間後", "5 Ocak'tan 2 hafta sonra"): a span read as counted from today ("दो हफ्ते बाद", 'two weeks
    later') that follows a day with only a particle between counts from that day. A span whose unit ends it ("in 3
    weeks") has its 'in' before it and counts from today."""
    days = [d for d in hits if d.kind in ("textual", "numeric", "iso") and d.value is not None and not d.ambiguous]
    if not days:
        return
    for i, r in enumerate(hits):
        if r.kind != "relative" or r.value is None:
            continue
        last = _WORDS.findall(r.text)
        if not last or last[-1] in lex.offset_units or lex.world.units.get(last[-1]) or last[-1] in lex.units:
            continue
        d = max((d for d in days if d.end <= r.start), key=lambda d: d.end, default=None)
        if d is None:
            continue
        if low[d.end : r.start].strip(" ,(").strip() in lex.restating_words:
            # "10 Ocak yani 7 hafta sonra", "10 जनवरी यानी सात हफ्ते बाद": the span says the day again; the day stands
            hits[i] = DateHit(d.start, r.end, d.value, False, "textual", low[d.start : r.end])
            continue
        if not _particle_gap(low[d.end : r.start], lex):
            continue
        delta = r.value - today
        # the span's own unit says whether it counts months ("30日後" is 30 days even where it lands on a month's day)
        in_months = (any(lex.offset_units.get(w) == "month" for w in _WHOLE_WORDS.findall(r.text))
                     or bool(lex.month_unit_glued.search(r.text)))
        months = next((k for k in range(1, 37) if _add_months(today, k) == r.value), None) if in_months else None
        value = _add_months(d.value, months) if months else d.value + delta
        hits[i] = DateHit(d.start, r.end, value, False, "textual", low[d.start : r.end])


def find_dates(clause: str, today: date, lex: DateLexicon, context: str = "", before: date | None = None,
               before_other: bool = False) -> list[DateHit]:
    """Every date expression in one clause, resolved against today; context (the whole message) can settle day/month
    order; `before` is the last day written in the clauses before this one ("two weeks after that" counts from it)."""
    hits: list[DateHit] = []
    low = clause.lower()
    past = bool(lex.past.search(lex.past_choice.sub(" ", low))) and not lex.future.search(low)

    def add(m: re.Match, value: date | None, ambiguous: bool, kind: str) -> None:
        hits.append(DateHit(m.start(), m.end(), value, ambiguous or value is None, kind, m.group(0)))

    for m in lex.iso.finditer(low):
        add(m, _safe(int(m["y"]), int(m["m"]), int(m["d"])), False, "iso")
    for m in lex.numeric_spaced.finditer(low):
        value, amb = _numeric(int(m["a"]), int(m["b"]), int(m["y"]), ".", (context or low).lower(), lex)
        add(m, value, amb, "numeric")
    for m in lex.numeric.finditer(low):
        value, amb = _numeric(int(m["a"]), int(m["b"]), _year(m["y"]), m["sep"], (context or low).lower(), lex)
        if amb:  # "Montag, 05.04.2027": a weekday beside it that only one reading falls on settles the order
            value, amb = _by_weekday(low, m.start(), m.end(), int(m["a"]), int(m["b"]), _year(m["y"]), lex, m["sep"])
        if amb and context:  # ... also one in an aside the clause splitter took away ("12.03.2027 (piątek)")
            ctx = context.lower()
            at = ctx.find(m.group(0))
            if at >= 0:
                value, amb = _by_weekday(ctx, at, at + len(m.group(0)), int(m["a"]), int(m["b"]), _year(m["y"]), lex,
                                         m["sep"])
        add(m, value, amb, "numeric")
    for m in lex.numeric_short.finditer(low):
        # "20/01", or dotted "20.01." / "2.3." (a dotted pair needs a two-digit month or a closing dot: "2.3 GiB")
        a, b, sep = int(m["a"]), int((m["b"] or m["db"]).rstrip(".")), m["sep"] or m["dsep"]
        value, amb = _numeric(a, b, 2000, sep, (context or low).lower(), lex)  # a leap year: 29/02 is a day
        if value is not None:  # the order is settled: now the next (or last) such day
            value = _next_or_last(value.month, value.day, today, past)
        hit_start = m.start("a")
        hits.append(DateHit(hit_start, m.end(), value, amb or value is None, "numeric", low[hit_start:m.end()]))
    for m in lex.ja_full.finditer(low):
        add(m, _safe(int(m["y"]), int(m["m"]), int(m["d"])), False, "textual")
    for m in lex.ja_day.finditer(low):
        add(m, _next_or_last(int(m["m"]), int(m["d"]), today, past), False, "textual")
    for m in lex.ja_month_end.finditer(low):
        year = today.year + {"今年": 0, "来年": 1, "再来年": 2}[m["rel"]] if m["rel"] else _year(m["y"])
        add(m, _month_period_end(int(m["m"]), year, today), False, "period")
    for m in lex.ja_month_part.finditer(low):
        part = m["p"]
        if part == "中旬":
            y = _year(m["y"])
            mid = _safe(y, int(m["m"]), 15) if y else _next_or_last(int(m["m"]), 15, today, past)
            add(m, mid, False, "period")
        else:
            add(m, None, True, "period")
    for m in lex.ja_month_only.finditer(low):
        add(m, None, True, "month")
    for m in lex.dmy.finditer(low):
        month, day, year = lex.months[m["m"].rstrip(".")], int(m["d"]), _year(m["y"])
        add(m, _safe(year, month, day) if year else _next_or_last(month, day, today, past), False, "textual")
    for m in lex.mdy.finditer(low):
        month, day, year = lex.months[m["m"].rstrip(".")], int(m["d"]), _year(m["y"])
        add(m, _safe(year, month, day) if year else _next_or_last(month, day, today, past), False, "textual")
    for m in (m for rx in (lex.ordinal_of, lex.month_ordinal) for m in rx.finditer(low)):
        month, n, year = lex.months[m["m"]], lex.ordinals[re.sub(r"[\s-]+", "-", m["o"])], _year(m["y"])
        if n == -1:
            add(m, _month_period_end(month, year, today), False, "period")
        else:
            add(m, _safe(year, month, n) if year else _next_or_last(month, n, today, past), False, "textual")
    for m in lex.month_part.finditer(low):
        month, year, part = lex.months[m["m"]], _year(m["y"]), lex.part_of(m["p"])
        halves = re.search(r"\b(first|second|1st|2nd|latter|other|eerste|tweede)\s+$", low[max(0, m.start() - 8) : m.start()])
        if part == "end":
            add(m, _month_period_end(month, year, today), False, "period")
        elif part == "mid" and not halves:  # "half januari" is mid-January; "the second half of January" is not
            add(m, _safe(year, month, 15) if year else _next_or_last(month, 15, today, past), False, "period")
        else:
            add(m, None, True, "period")
    for m in lex.month_only.finditer(low):
        add(m, None, True, "month")
    for m in (m for rx in lex.quarter for m in rx.finditer(low)):
        groups = m.groupdict()
        q = int(groups["q"]) if groups.get("q") else lex.quarter_ordinals[groups["qo"].lower()]
        year = _year(m["y"])
        if year is None:
            year = today.year if _quarter_end(today.year, q) >= today else today.year + 1
        before = low[max(0, m.start() - 20) : m.start()]
        if lex.quarter_part.search(before) and not lex.quarter_end_word.search(before):
            add(m, None, True, "period")  # "early Q2" names weeks, not the quarter's last day
        elif _CALENDAR.search(before) is None and fiscal_start_month((context or low).lower(), lex.world):
            # "Q3" in a message that defines its own fiscal year: the calendar's or the fiscal year's third
            # quarter; only 'calendar' or a fiscal pattern (reply_world) says which
            add(m, None, True, "quarter")
        else:
            add(m, _quarter_end(year, q), False, "quarter")
    for m in lex.this_quarter.finditer(low):
        add(m, _quarter_end(today.year, (today.month - 1) // 3 + 1), False, "quarter")
    for m in lex.next_quarter.finditer(low):
        q = (today.month - 1) // 3 + 2
        add(m, _quarter_end(today.year + (q > 4), (q - 1) % 4 + 1), False, "quarter")
    for m in lex.this_month_end.finditer(low):
        add(m, last_day_of_month(today.year, today.month), False, "period")
    for m in lex.next_month_end.finditer(low):
        nxt = _add_months(today.replace(day=1), 1)
        add(m, last_day_of_month(nxt.year, nxt.month), False, "period")
    for m in lex.year_end.finditer(low):
        year = int(m["y"]) if m.groupdict().get("y") else today.year
        add(m, date(year, 12, 31), False, "period")
    for m in lex.next_year_end.finditer(low):
        add(m, date(today.year + 1, 12, 31), False, "period")
    # "last month on the 12th", "earlier this month, on the 3rd", "the 20th of next month"
    for rx, months in ((lex.last_month_day, -1), (lex.this_month_day, 0), (lex.next_month_day, 1)):
        for m in (rx.finditer(low) if rx else ()):
            raw = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", m.group(1).lower())
            n = int(raw) if raw.isdigit() else lex.ordinals.get(raw, 0)
            if n > 0:
                add(m, _day_in_month(today, months, n), False, "textual")
    bare: list[DateHit] = []
    for m in lex.bare_day.finditer(low):  # "on Tuesday the 17th": this month's, else the next (the last if past)
        day = int(m.group(1))
        this = _day_in_month(today, 0, day)
        if past:
            value = this if this and this <= today else _day_in_month(today, -1, day)
        else:
            value = this if this and this >= today else _day_in_month(today, 1, day)
        add(m, value, False, "textual")
        bare.append(hits[-1])
    for m in (m for rx in lex.relative for m in rx.finditer(low)):
        n = lex.number(m["n"])
        # "it hasn't moved in two days", "we did it in two weeks": a span of time already passed, not a deadline
        if n is None or past or _NOT_IN_SPAN.search(low[max(0, m.start() - 30) : m.start()]):
            continue
        unit = lex.unit_of(m["u"])
        value = _add_months(today, n) if unit == "month" else today + timedelta(days=n * lex.DAYS_PER_UNIT[unit])
        add(m, value, False, "relative")
    if lex.named_day is not None:
        for m in (m for rx in (lex.named_day, lex.named_day_subject) for m in rx.finditer(low)):
            month, day = lex.named_days[m["day"].lower()]
            add(m, _next_or_last(month, day, today, past), False, "textual")
    for m in lex.season.finditer(low):
        add(m, None, True, "season")
    for m in lex.vague.finditer(low):
        add(m, None, True, "vague")
    hits.extend(find_world_dates(
        low, today, past, (context or low).lower(), lex.world,
        lambda s, e, value, amb, kind: DateHit(s, e, value, amb, kind, low[s:e]),
        lambda s: bool(_NOT_IN_SPAN.search(low[max(0, s - 30) : s]))))

    if not past:  # 'in N days/weeks/months' in every world language, from dateparser's own patterns
        for s, e, value in relative_spans(lex.world).find(low, today):
            if not _NOT_IN_SPAN.search(low[max(0, s - 30) : s]):
                hits.append(DateHit(s, e, value, False, "relative", low[s:e]))
    for m in lex.workday.finditer(low):  # "the last working day of february": the month's last weekday
        month = lex.months.get(m["m"].lower()) or lex.world.months.get(m["m"].lower(), 0)
        if not month:
            continue
        year = _year(m["y"])
        if m["last"]:
            day = _month_period_end(month, year, today)
            day -= timedelta(days=max(0, day.weekday() - 4))
        else:
            day = date(year, month, 1) if year else _next_or_last(month, 1, today, past)
            day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)
        add(m, day, False, "textual")
    for m in lex.offset_anchor.finditer(low):  # "two weeks after new year"
        month, day = lex.offset_anchor_days[re.sub(r"\s+", " ", m["day"].lower())]
        add(m, _offset(m, _next_or_last(month, day, today, past), lex), False, "textual")
    spans = None  # where a span ("2 weeks after") starts: the patterns below run only near one (long replies)
    for h in list(hits):  # "3 days before 1 March": the span counted from a day written out
        if h.value is None or h.ambiguous or h.kind not in ("textual", "numeric", "iso", "period", "quarter"):
            continue
        if spans is None:
            spans = [m.start() for m in lex.offset_span.finditer(low)]
        if not any(h.start - 110 <= s < h.start for s in spans):
            continue
        window = low[max(0, h.start - 70) : h.start]
        m = lex.offset_before_day.search(window)
        if m is None:
            m = lex.offset_event_which.search(low[max(0, h.start - 110) : h.start])
            if m and lex.target_cues.search(" ".join(m["clause"].split()[:-1])):
                # "..., die Migration ist am 6. Januar": a cutover word before the clause's verb names the
                # cutover's own day, not the event's ("..., che termina il", "..., qui se termine le": the event's)
                m = None
        if m and m.re is lex.offset_event_which:
            window = low[max(0, h.start - 110) : h.start]
        if m:
            start = h.start - len(window) + m.start()
            hits.append(DateHit(start, h.end, _offset(m, h.value, lex), False, "textual", low[start : h.end]))

    for m in lex.offset_back.finditer(low):  # "two weeks after that": from the last day written before it
        ref = max((h for h in hits if h.end <= m.start() and h.value is not None and not h.ambiguous),
                  key=lambda h: h.end, default=None)
        day = ref.value if ref is not None else before
        if day is None:
            continue
        if m["nextday"]:
            value = day + timedelta(days=1)
        elif m["theday"]:
            value = day + timedelta(days=1)
        else:
            raw = m["n"].lower()
            n = int(raw) if raw.isdigit() else lex.offset_numbers.get(raw, 0)
            unit = lex.offset_units.get(re.sub(r"\s+", " ", m["u"].lower()), "day")
            value = (_add_months(day, n) if unit == "month" else day + timedelta(days=n * lex.DAYS_PER_UNIT.get(unit, 1))) if n else None
        if value is not None:
            # a day counted from another is only as sure as that one, and a move counted into the past is no plan
            sure = value >= today and (ref is None or _settled(ref, hits, low, lex))
            hits.append(DateHit(m.start(), m.end(), value if sure else None, not sure, "textual", m.group(0)))

    _count_from_the_day_before(hits, today, low, lex)
    for h in bare:  # "Jan 16-17, finishing Sunday the 17th", "20-21 March 2027, complete by the 21st"
        _bare_day_in_named_month(h, hits, before, low, lex, before_other)
    # Keep the longest reading of any span; drop hits nested inside it.
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[DateHit] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            prev = kept[-1]
            # "3 feb 27": '3 feb' and 'feb 27' share the month and name different days; neither reading is sure
            torn = (h.end > prev.end and prev.value is not None and h.value is not None and prev.value != h.value
                    and {prev.kind, h.kind} <= {"textual", "numeric"}
                    and any(w in lex.months or lex.world.months.get(w) for w in _WORDS.findall(low[h.start : prev.end])))
            if (h.end - h.start) > (prev.end - prev.start):
                kept[-1] = h
            if torn:
                kept[-1] = DateHit(kept[-1].start, kept[-1].end, kept[-1].value, True, kept[-1].kind, kept[-1].text)
            continue
        kept.append(h)
    for h in kept:  # "Monday, Jan 5" when 5 January is a Tuesday: one of the two is wrong, so neither is sure
        if h.value is not None and h.kind in ("textual", "numeric", "iso"):
            said = (lex.weekday_before.search(low[max(0, h.start - 16) : h.start])
                    or lex.weekday_after.match(low[h.end : h.end + 16]))
            day = lex.world.weekdays.get(said.group("w").lower()) if said else None
            if day and day != h.value.isoweekday():
                h.ambiguous = True
    window_event = None
    for h in kept:  # "cutover between 10 and 15 January", "between Jan 10 and Jan 15, depending on the team"
        if h.value is not None and lex.window_between.search(low[max(0, h.start - 45) : h.start]):
            if window_event is None:
                window_event = bool(lex.window_event.search(low))
            if window_event:
                h.ambiguous = True
    for h in kept:  # "end of January, somewhere between the 25th and the 29th": the period narrowed to days, no one day
        if h.value is not None and h.kind == "period":
            m = _days_within(lex).match(low, h.end)
            if m and int(m["a"]) < int(m["b"]) <= 31 and _range_ends_there(m, low):
                for o in kept:  # ... and so is a bare day of the range ("the 29th")
                    if o is h or (o.start >= m.start("a") and o.end <= m.end() + 2):
                        o.ambiguous = True
    for i, h in enumerate(kept):  # "around 18 January", "w/c 18 January", "18 January or so": a rough day is no day
        if h.value is not None and h.kind in ("textual", "numeric", "iso", "relative") and _rough(h, low, lex):
            h.ambiguous = True
            nxt = kept[i + 1] if i + 1 < len(kept) else None
            if nxt is not None and lex.world.range_between.match(low[h.end : nxt.start]):
                nxt.ambiguous = True  # "somewhere between Jan 10 and Jan 20": the window's end is no day either
        elif h.value is not None and h.kind == "relative" and _SPAN_OR_ANOTHER.match(low[h.end : h.end + 20]):
            h.ambiguous = True  # "in 2 wks, maybe 3", "in 3 or 4 weeks": two spans still open
        elif h.value is not None and h.kind == "period" and lex.world.approx_after.match(low[h.end : h.end + 20]):
            h.ambiguous = True  # "mid-January or so", "end of Feb-ish" (but "around the middle of May" is the 15th, set b)
        if h.value is not None and h.kind in ("textual", "numeric", "iso") and (
                _DAY_OR_DAY_AFTER.match(low[h.end : h.end + 20])
                or _DAY_OR_DAY_BEFORE.search(low[max(0, h.start - 20) : h.start])):
            h.ambiguous = True  # "January 5th or 6th", "5 o 6 de enero": two days still open
    for h in kept:  # "do konce roku 2027", "end of the year 2027": a year right after a period read without one
        if h.value is not None and h.kind in ("period", "quarter"):
            y = _year_right_after(lex).match(low, h.end)
            # ... only a year a move may still fall in ("by the end of next month 2000 users" names no year 2000)
            if (y and int(y.group(1)) != h.value.year and _plausible_year(int(y.group(1)), h.value.month, today)
                    and not any(o.start < y.end() and o.end > h.end for o in kept)):
                h.value = _safe(int(y.group(1)), h.value.month, h.value.day) or last_day_of_month(int(y.group(1)), h.value.month)
                h.end, h.text = y.end(), low[h.start : y.end()]
    for h in kept:  # "H2 2027 — end of H2": a bare label the reply named with its year elsewhere is that year's
        label = _PERIOD_LABEL.search(h.text) if h.value is not None and h.kind in ("period", "quarter") else None
        if label and not _ANY_YEAR.search(h.text):
            years = {int(y) for y in re.findall(rf"(?<![^\W\d_]){label.group(0)}\s*[/'-]?\s*(20\d\d)(?!\d)", (context or low).lower())}
            # ... unless that year's period is past ("we tried it in Q1 2026; this time the end of Q1": the next Q1)
            if len(years) == 1 and (y := years.pop()) != h.value.year and _plausible_year(y, h.value.month, today):
                h.value = _safe(y, h.value.month, h.value.day)
                h.ambiguous = h.ambiguous or h.value is None
    labels = defined_label_ends(context or low, today, lex) if kept else {}
    for h in kept:  # "end of H1, and for us H1 means February through July 2027": the reply's own period
        end, unsure = label_in(h.text, labels) if labels and h.kind in ("period", "quarter", "fiscal") else (None, False)
        if end is not None:
            h.value, h.ambiguous = end, False
        elif unsure:
            h.ambiguous = True  # the label of another year than its definition's: that year's period is not known
    # "founded 1 May 1998": a day whose year is written but is no year of ours is that year's, not the next one
    return [h for h in kept if not lex.is_log_timestamp(low, h) and not _FOREIGN_YEAR.match(low, h.end)]


def _by_weekday(low: str, start: int, end: int, a: int, b: int, year: int, lex: DateLexicon,
                sep: str = "/") -> tuple[date | None, bool]:
    """The one reading of an ambiguous numeric date whose weekday the text names beside it, else (None, True). A
    dotted date is written day first wherever dots are used: a weekday that fits only the month-first reading is a
    slip in the weekday ("04.05.2027 (Montag)"), so only the day-first reading can be confirmed."""
    said = (lex.weekday_before.search(low[max(0, start - 16) : start])
            or lex.weekday_after.match(low[end : end + 20].lstrip(" ,.(")))  # ("12.03.2027 (piątek)")
    day = lex.world.weekdays.get(said.group("w").lower()) if said else None
    if not day:
        return None, True
    readings = (_safe(year, b, a),) if sep == "." else (_safe(year, b, a), _safe(year, a, b))
    fits = [d for d in readings if d and d.isoweekday() == day]
    return (fits[0], False) if len(fits) == 1 else (None, True)


_SPAN_OR_ANOTHER = re.compile(r"\s*,?\s*(?:maybe|perhaps|possibly|or|oder|ou|o|of|lub|albo|nebo|eller|или|vielleicht|eventuell|"
                              r"peut-être|quizás|tal vez|talvez|forse|misschien|może)\s+(?:\d|one|two|three|four|five|six)", re.I)


_DAY_OR = r"(?:or|oder|ou|o|of|oppure|lub|albo|nebo|alebo|eller|или|або|veya|vagy|sau|atau|hoặc|tai|или|ή|או|或|또는)"
_DAY_OR_DAY_AFTER = re.compile(rf"^\s*,?\s*{_DAY_OR}\s+(?:the\s+|el\s+|le\s+|am\s+)?[0-3]?\d(?:st|nd|rd|th|er|º|\.)?(?![\d/.:-]\d)", re.I)
_DAY_OR_DAY_BEFORE = re.compile(rf"(?<![\d/.:-])[0-3]?\d(?:st|nd|rd|th|er|º|\.)?\s*,?\s*{_DAY_OR}\s+(?:(?:the|le|el|la|il|am|den|o)\s+)?$", re.I)



def _withdraw_binds(between: str, lex: DateLexicon) -> bool:
    """Whether a word that withdraws the day before stands nearer this day than any word of another thing
    ("Correction: after this morning's meeting, go-live is moved to 15 April", not "I meant: the workshop is on ...")."""
    withdrawn = [m.end() for m in lex.world.correction.finditer(between)]
    antis = [m.end() for m in lex.non_target_cues.finditer(between)]
    return bool(withdrawn) and (not antis or withdrawn[-1] > antis[-1])


def _anti_binds(before: str, lex: DateLexicon) -> bool:
    """In a tie, the words nearest the date decide: an 'other thing' word closer than any completion word, or
    directly in front of it ("reply by"), makes the date that thing's."""
    cues = [m.span() for m in lex.target_cues.finditer(before)]
    antis = [m.span() for m in lex.non_target_cues.finditer(before)]
    if not antis:
        return False
    if not cues or antis[-1][1] > cues[-1][1]:
        return True
    return any(0 <= c_start - a_end <= 1 for _, a_end in antis for c_start, _ in cues)


# "our change freeze runs until 2027-01-10": the thing that runs until a day owns it (an 'until' cue notwithstanding)
_RUNS_UNTIL = re.compile(r"\b(?:runs?|lasts?|goes|continues?|is in (?:place|effect)|holds?|läuft|dauert|gilt|dure|court|dura|va|duurt|loopt|trwa)\s+(?:until|till|through|to|bis|jusqu'au|jusqu’au|hasta|até|fino al|tot|do)\s+(?:the\s+|zum\s+|el\s+|le\s+)?$", re.I)
_FOREIGN_YEAR = re.compile(r"\s*,?\s*(?:19\d\d|2[1-9]\d\d)(?!\d)")
_CONDITION = re.compile(r"(?<![^\W\d_])(?:subject to|pending|depending on|provided|if|unless|once|assuming|still need|we need|needs|waiting for|vorbehaltlich|falls|wenn|sofern|sous réserve|si|sujeto a|sujeita? a|salvo|se|a condizione|mits|indien|pod warunkiem|jeśli|jeżeli|если|eğer)(?![^\W\d_])", re.I)
# The words after a date stop where the next clause starts: "drops to Free on 20 December, and our migration tooling
# ..." says nothing of that day's purpose
_NEXT_CLAUSE = re.compile(r"[;；]|,\s*(?:and|but|while|so|und|aber|et|mais|y|pero|e|ma|mas|en|maar|och|men|og|i|ale|а|и|но)(?![^\W\d_])", re.I)
_NOUN_AFTER_DATE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_TOPIC_BEFORE_DATE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]\s*(?:は|:|：|是|为|為|은|는)\s*$")


_COLON = re.compile(r"[:：]")


@dataclass
class DateChoice:
    value: date | None
    ambiguous: bool
    text: str | None
    score: float


def _same_day_said(h: DateHit, between: str, best_said, lex: DateLexicon) -> bool:
    """Whether the day `h` names the same weekday or day number as the day chosen before it (a restatement of it)."""
    if best_said is None or h.value is None:
        return False
    old, near = best_said
    if old.value is not None and old.value.day == h.value.day:
        return True
    weekdays = lex.world.weekdays
    said = {w for w in _WORDS.findall(near) if weekdays.get(w)}
    return bool(said & {w for w in _WORDS.findall(between) if weekdays.get(w)})


# a day of another calendar with the Gregorian day glossed in brackets: "۱۵ دی (۵ ژانویه)", "15 Tevet (5 January)",
# "5 माघ (18 January)" (a month word with its vowel signs)
_GLOSSED = re.compile(rf"(?<![\w.])(?P<outer>[0-3]?\d\s+(?P<word>{LETTER_WITH_MARKS}+)(?:\s+\d{{4}})?)\s*[(（]"
                      r"(?P<inner>[^()（）\n]{4,40})[)）]")


def glossed_days_as_written(text: str, lex: DateLexicon) -> str:
    """A day of another calendar (Persian, Hebrew, Hijri, Nepali month names are no month of ours) glossed with its
    Gregorian day in brackets reads as that day, where the sentence says it ("3 هفته بعد از 15 دی (5 ژانویه)": the
    span counts from 5 January); the aside alone would be split from its sentence."""
    if "(" not in text and "（" not in text:
        return text

    def swap(m: re.Match) -> str:
        word = m["word"].lower()
        if word in lex.months or lex.world.months.get(word):
            return m.group(0)  # a day of ours already
        inner = m["inner"].strip()
        # (any reference day: only whether the whole gloss is one written-out day is read, not its value)
        hits = find_dates(inner, date(2000, 1, 1), lex)
        if len(hits) == 1 and hits[0].kind == "textual" and hits[0].end - hits[0].start >= len(inner.rstrip(" .,")) - 1:
            return inner
        return m.group(0)
    return _GLOSSED.sub(swap, text)


_APPOSITION_GAP = re.compile(r"\s*(?:,|:|\(|[-–—])\s*(?P<words>(?:[^\W\d_][^\s,]*\s+){0,3})$")


def _glosses(prev: DateHit, h: DateHit, gap: str, lex: DateLexicon) -> bool:
    """h is the day written right after a time that names no day of its own, as its gloss ("end of the fiscal year,
    on 30 June 2027", "antes de Semana Santa, el viernes 19 de marzo de 2027"): only a comma, colon, bracket or dash
    and a few 'on'/article/weekday words between them."""
    if not (prev.value is None or prev.ambiguous) or h.value is None or h.ambiguous:
        return False
    if h.kind not in ("textual", "iso", "numeric"):
        return False
    m = _APPOSITION_GAP.fullmatch(gap)
    return bool(m) and all(w in lex.apposition_words or lex.world.weekdays.get(w) for w in m["words"].lower().split())


def choose_date(clauses: list[str], today: date, lex: DateLexicon, require_cue: bool = False) -> DateChoice:
    """The completion/cutover date among all candidates; an ambiguous winner yields no date."""
    best: DateChoice | None = None
    position = 0
    context = " ".join(clauses)
    since_last = ""  # text between the previous date and this one, across clauses
    written: date | None = None  # the last day written in the clauses read so far
    written_other = False
    last: tuple[float | None, DateHit] | None = None  # the previous date in this clause: its score, None if skipped
    prev_was_best = False  # the previous date read (in any clause) is the one chosen so far
    best_said: tuple[DateHit, str] | None = None  # the chosen date's hit and the words just before it
    for clause in clauses:
        low = clause.lower()
        # (a clause that corrects the day just taken, "... sorry, Friday is the 19th", has its cue in the clause before)
        if require_cue and not lex.target_cues.search(low) and not (
                prev_was_best and (lex.world.correction.search(low) or lex.world.apology.search(low))):
            since_last += " " + low
            continue  # every date here would be skipped for want of a cue: spare the parsing
        hits = find_dates(clause, today, lex, context=context, before=written, before_other=written_other)
        last_day = next((h for h in reversed(hits) if h.value is not None and not h.ambiguous), None)
        if last_day is not None:  # what a later "two weeks after that" counts from, if it is a day to count from
            written = last_day.value if _settled(last_day, hits, low, lex) else None
            written_other = _other_things_day(last_day, low, lex)  # ... and whether it is another thing's day
        # (not a trip or leave said to be over by then: "cuando volvemos de las vacaciones")
        absences = [m.end() for m in lex.absence.finditer(low)
                    if not lex.absence_over.search(low, max(0, m.start() - 30), m.start())] if hits else []
        prev_end = 0
        last = None
        denied_words = ""
        for k, h in enumerate(hits):
            between = since_last + " " + low[prev_end : h.start]
            since_last = ""
            # "Target 2027-01-29 - sorry, typo, I meant 2027-01-22": a date after a correction replaces the one before
            # (an apology corrects only when the day follows it at once: "15.01.2027 – sorry, 22.01.2027", not
            # "Apologies for the slow reply, our finance review is on 2027-01-20")
            corrects = best is not None and _corrects(lex.world, between)
            # in a ticket, a day right after a correction of the day just taken restates that day: it carries the
            # same cue; after a mere apology only when it names the same weekday or day number ("Final cutover Friday
            # 19 March 2027... sorry, Friday is the 19th of February 2027"), not "Sorry to bother you, the offsite ..."
            restates = (require_cue and best is not None and prev_was_best and len(between.strip()) <= 60
                        and h.value is not None and h.kind in ("iso", "numeric", "textual")
                        and (bool(lex.world.correction.search(between))
                             or (lex.world.apology.search(between) and _same_day_said(h, between, best_said, lex))))
            prev_was_best = False
            # "from 2027-01-04 to 2027-01-22": one span, whose end is the date, said of the same thing as its start
            # (a span ends after it starts: "I meant 1 May 2027 - 1 April is when the contract renews" is two things)
            span_end = (last is not None and bool(lex.world.range_between.match(low[prev_end : h.start]))
                        and not (h.value and last[1].value and h.value < last[1].value))
            glosses = last is not None and last[0] is not None and _glosses(last[1], h, low[prev_end : h.start], lex)
            if last is not None and last[0] is not None and lex.world.date_alternative.match(low[prev_end : h.start]):
                # "2027-01-15 or 2027-01-22": two days still open; the pair asks the date again
                best = DateChoice(None, True, f"{last[1].text} / {h.text}", max(best.score, last[0]) + 1e-3)
                last = (best.score, h)
                prev_end = h.end
                continue
            if span_end and last[0] is None:
                prev_end = h.end
                continue  # the span belongs to something else (a contract running from ... to ...)
            before = _unmask_moves_start(low[max(prev_end, h.start - 60) : h.start], lex)
            if denied_words:  # "termín dokončenia nie je 12. apríla, ale 19. apríla": the words of the day denied
                before, denied_words = denied_words + " " + before, ""  # just before are this one's
            # the words after a date reach no further than the next date: "1月4日開始、1月22日完了" has 'start' after
            # the first and 'done' after the second
            after = low[h.end : min(h.end + 25, hits[k + 1].start if k + 1 < len(hits) else len(low))]
            # ... nor past a condition: "15 March, subject to board approval", "Q2, if the budget goes through"
            stop = _CONDITION.search(after)
            after = after[: stop.start()] if stop else after
            stop = _NEXT_CLAUSE.search(after)
            after = after[: stop.start()] if stop else after
            owns_next = k + 1 < len(hits) and h.end + len(after) >= hits[k + 1].start
            if _NOUN_AFTER_DATE.search(h.text) and not _TOPIC_BEFORE_DATE.search(before):
                # Japanese, Chinese, Korean name what a date is after it ("1月22日完了"): the words after weigh
                # fully, those before it half; unless a topic marker or a colon ties the words before to the date
                # ("移行完了の目標日は2027年3月31日です", "目标日期是…", "목표일은 …")
                before, after = after, before
                after_cues = len(lex.target_cues.findall(after))
            else:
                # a cue with only 'on' or an article between it and the next date is that date's ("vor dem Feiertag
                # am 3. Oktober, spätestens am 1. Oktober 2027")
                after_cues = sum(1 for c in lex.target_cues.finditer(after)
                                 if not (owns_next and all(w in lex.apposition_words for w in after[c.end():].split())))
            cue = len(lex.target_cues.findall(before)) + 0.5 * after_cues
            if cue:  # the old side's end weighs half a move word ("Cutover: Jan 30 / tenant decommissioned: Feb 27")
                cue -= 0.5 * min(len(lex.old_side_end.findall(before)), len(lex.target_cues.findall(before)))
            # (an 'other thing' word right before the next date is that date's: "... after New Year, i.e. counting
            # from 1 January")
            anti = len(lex.non_target_cues.findall(before)) + 0.5 * sum(
                1 for a in lex.non_target_cues.finditer(after.rstrip()) if not (owns_next and a.end() >= len(after.rstrip()) - 1))
            if any(not _COLON.search(low[min(a, h.start) : max(a, h.end)]) for a in absences):
                # the writer's trip or leave owns every day of its clause, up to a colon ("Kollege im Urlaub, ich
                # antworte für ihn: Ultimate, Umzug am 1. März" is the answer's day)
                anti += 1.5
            if lex.other_act.search(before):
                anti += 1.5  # "we'll discuss the migration on Friday": the talk's day, however near 'migration' stands
            if anti and anti == cue and not h.ambiguous and (_anti_binds(before, lex) or _RUNS_UNTIL.search(before)):
                anti += 0.5  # "reply by 2026-11-30", "(not before our renewal on …)": the other thing owns the date
            elif anti and anti < cue and not h.ambiguous and anti >= len(lex.target_cues.findall(before)) and _anti_binds(before, lex):
                # "cutover happens once our SOC2 audit on 15 January is done": the thing named nearest before the day
                # owns it, whatever completion word follows
                anti = cue + 0.5
            runs = _RUNS_UNTIL.search(before)
            if runs and anti <= cue and not lex.target_cues.search(before[: runs.start()]) and not h.ambiguous:
                # "our subscription runs until 2027-07-14": what runs until a day owns it, unless it is the move
                # itself ("the migration window runs until ...")
                anti = cue + 0.5
            # In a ticket a date is taken only when its completion cues outweigh everything else said about it
            # ("paying until dec 31", "expiration ... before 2026-12-01"): an invented date would skip the question.
            # "tomorrow" needs a cutover word; in a ticket "yesterday" is when something broke, not a plan
            dayword_off = (h.kind in ("dayword", "coming") and (cue == 0 or (require_cue and h.value is not None and h.value < today))
                           or (require_cue and h.kind == "coming"))  # a ticket's "on Saturday" is when something happened
            # a ticket's "we move next quarter" names a quarter as "in March" names a month: only its end is a day
            bare_quarter = (require_cue and h.kind == "quarter" and not lex.quarter_end_word.search(before)
                            and not lex.quarter_end_inside.search(h.text))
            # "the cutover is 22 January, not 15 January": the day said not to be it
            # ("2月15日ではなく2月22日", "15 Şubat değil, 22 Şubat": the 'not' after the day)
            denied = bool(lex.denied_before.search(low[max(prev_end, h.start - 20) : h.start])
                          or lex.denied_after.match(low[h.end : h.end + 30]))
            if lex.lower_bound_before.search(low[max(prev_end, h.start - 40) : h.start]):
                # "nothing before Q2", "no earlier than 18 January": the soonest the move may come, no day of it
                h = DateHit(h.start, h.end, None, True, h.kind, h.text)
            if restates and anti == 0:
                cue = max(cue, 1)
            # a word that withdraws the day before outweighs other things' words, unless one of them owns this day
            # ("Sorry, I meant: the workshop is on 2027-02-02"); an apology outweighs none ("Apologies, our team
            # workshop is on 2027-02-02")
            withdraws = corrects and _withdraw_binds(between, lex)
            if (require_cue and (cue == 0 or anti >= cue)) or (anti > cue and not withdraws) or dayword_off or bare_quarter or denied:
                prev_end = h.end  # "the renewal on …", "the board meets in …", "I'll call you tomorrow"
                denied_words = before if denied and not anti else ""
                last = (None, h)
                continue
            base = {"vague": 0.2, "season": 0.5, "month": 0.5}.get(h.kind, 1.0)
            score = base + min(cue, 2) * 1.0 - anti * 2.0 + position * 1e-3
            if corrects:
                score = max(score, best.score + 1.0)
            if span_end or glosses:
                score = max(score, last[0] + 1e-3)
            last = (score, h)
            position += 1
            if best is None or score >= best.score:
                best = DateChoice(h.value, h.ambiguous, h.text, score)
                best_said = (h, low[max(0, h.start - 30) : h.end])
                prev_was_best = True
            prev_end = h.end
        since_last += " " + low[prev_end:]
    return best or DateChoice(None, False, None, 0.0)


# A correction that gives only a year, right after the day taken ("cutover 15 Feb 2026. Sorry, 2027 obviously")
_YEAR_ALONE = re.compile(r"(?<![\d/.:-])(20\d\d)(?![\d/.:-]\d)")


_SENTENCE_REST = re.compile(r"[^.!?;\n–—]*?(?=\s[-–—]\s|[.!?;\n–—]|$)")
_TAIL_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _year_is_the_correction(p: str, year: re.Match, before: str, world) -> bool:
    """The year is the whole correction: the withdrawing word or apology right before it, nothing but punctuation
    between ("Sorry, 2027", "Korrektur: 2027", "I meant 2027"), and after it at most an 'of course' before the
    sentence ends ("2027 obviously", "2027 natürlich"). A year with words of its own around it ("our 2028 renewal",
    "the budget for 2028", "2028 budget pending") is a year of something else."""
    lead_rx, tail_rx, not_rx = _year_word_patterns(world)
    cues = [*world.correction.finditer(before), *world.apology.finditer(before)]
    if not cues or not lead_rx.fullmatch(before[max(c.end() for c in cues):]):
        return False  # only punctuation or words about the year ('typo', 'the year is') between
    rest = _SENTENCE_REST.match(p, year.end())
    rest = not_rx.sub(" ", rest.group(0) if rest else "")  # ("2028, not 2027": the year taken back)
    return bool(tail_rx.fullmatch(rest))


def _moved_into(world) -> re.Pattern:
    """A word that moves a day into a year right before it ("postponed to 2027": reply.phrases year_moved_into)."""
    got = _MOVED_CACHE.get(world)
    if got is None:
        got = re.compile(rf"(?<![^\W\d_])(?:{word_alt(world.P.YEAR_MOVED_INTO)})\s*$", re.I)
        _MOVED_CACHE[world] = got
    return got


_MOVED_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _year_word_patterns(world) -> tuple:
    """(words about the year before it, 'of course' words after it, 'not <year>') as patterns, once per world."""
    got = _TAIL_CACHE.get(world)
    if got is None:
        words = lambda key: rf"(?:(?:{word_alt(getattr(world.P, key))})(?![^\W\d_])[\W_]*)*"
        got = (
            re.compile(rf"[\W_]*{words('YEAR_CORRECTION_LEAD')}", re.I),
            re.compile(rf"[\W_]*{words('YEAR_CORRECTION_TAIL')}", re.I),
            re.compile(rf"(?<![^\W\d_])(?:{word_alt(world.P.YEAR_CORRECTION_NOT)})\s+20\d\d(?!\d)", re.I),
        )
        _TAIL_CACHE[world] = got
    return got


def year_corrected(parts: list[str], choice: DateChoice, today: date, dates: DateLexicon) -> DateChoice:
    """A correction that gives only a year, right after the day taken ("cutover 15 Feb 2026. Sorry, 2027 obviously",
    "... 2026-01-20 - I meant 2027"): the day as written, in that year."""
    if choice.value is None or choice.ambiguous or not choice.text or not _YEAR_ALONE.search(choice.text):
        return choice
    said = choice.text.lower()
    at = next((i for i, p in enumerate(parts) if said in p.lower()), None)
    if at is None:
        return choice
    world = dates.world
    first = parts[at].lower()
    after_day = first[first.index(said) + len(said):]
    for p in [after_day, *(x.lower() for x in parts[at + 1 : at + 3])]:
        not_rx = _year_word_patterns(world)[2]
        years = [y for y in _YEAR_ALONE.finditer(p) if not any(n.end() == y.end() for n in not_rx.finditer(p))]
        if len(years) != 1:
            continue
        before = p[max(0, years[0].start() - 30) : years[0].start()]
        if not _corrects(world, before) or _moved_into(world).search(before):
            continue  # ("postponed to 2027" moves the day to a year, and names no day of it)
        if not _year_is_the_correction(p, years[0], before, world):
            continue  # ("Sorry, our 2028 renewal is open", "Korrektur: Verlängerung erst 2028": a year of something else)
        if find_dates(p, today, dates):
            return choice  # a whole day follows: the choice itself already weighs it
        year = int(years[0].group(1))
        if year == choice.value.year:
            return choice
        try:
            return DateChoice(choice.value.replace(year=year), False, f"{choice.text} -> {year}", choice.score)
        except ValueError:  # 29 February in a common year
            return choice
    return choice
