"""Periods a reply names and defines itself ("for us H1 means February through July 2027", "our Q2 is February
through April"): the end of such a label is the end of its last month as defined, not the calendar's. Phrase data in
reply.phrases: label_defined_as (the verbs), label_span_to (the words between the two months)."""
from __future__ import annotations

import re
import weakref
from datetime import date

from bot.judgement.reply_world import last_day_of_month, next_month_end_day
from bot.judgement.textutil import word_alt as _alt

_LABEL = r"(?P<label>h[12]|[12]h|q[1-4]|p(?:1[0-3]|[1-9]))"
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_GATE = re.compile(r"(?<![^\W\d_])(?:h[12]|[12]h|q[1-4]|p\d{1,2})(?![^\W\d_])", re.I)


def _definition(lex) -> re.Pattern:
    found = _CACHE.get(lex)
    if found is None:
        ph = lex.world.P
        months = lex.world._month_any + "|" + "|".join(re.escape(m) for m in sorted(lex.months, key=len, reverse=True))
        found = re.compile(
            rf"(?<![^\W\d_]){_LABEL}\s*(?:{_alt(ph.LABEL_DEFINED_AS)})\s+(?:from\s+|von\s+|de\s+|du\s+)?"
            rf"(?P<m1>{months})\.?\s*(?:{_alt(ph.LABEL_SPAN_TO)})\s*(?P<m2>{months})(?![^\W\d_])(?:\s*,?\s*(?P<y>20\d\d))?",
            re.I)
        _CACHE[lex] = found
    return found


def _month(word: str, lex) -> int:
    w = word.lower().rstrip(".")
    return lex.months.get(w) or lex.world.months.get(w) or 0


def defined_label_ends(context: str, today: date, lex) -> dict[str, tuple[date, int, int, int | None]]:
    """label (lower case, 'h1', 'q2') -> (the last day of the period the message defines under that label, its first
    month, its last month, the year the definition names or None)."""
    low = context.lower()
    if not _GATE.search(low):
        return {}
    out: dict[str, tuple[date, int, int, int | None]] = {}
    for m in _definition(lex).finditer(low):
        first, last = _month(m["m1"], lex), _month(m["m2"], lex)
        if not last:
            continue
        year = int(m["y"]) if m["y"] else None
        out[m["label"].lower()] = (last_day_of_month(year, last) if year else next_month_end_day(last, today), first, last, year)
    return out


_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def label_in(text: str, labels: dict) -> tuple[date | None, bool]:
    """(the defined end, False) of the one defined label a date expression's text names; with a year named beside
    it ("end of Q2 2028") the defined period of that year, and (None, True) when that year cannot be told (a period
    over the turn of a year, or a definition for another year); (None, False) when no defined label is named."""
    named = {w.lower() for w in _GATE.findall(text)} & set(labels)
    if len(named) != 1:
        return None, False
    end, first, last, year = labels[named.pop()]
    said = _YEAR.search(text)
    if said is None or int(said.group(1)) == year:
        return end, False
    if year is None and first and first <= last:
        return last_day_of_month(int(said.group(1)), last), False
    return None, True
