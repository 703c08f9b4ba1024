"""Periods a reply names and defines itself ("for us H1 means February through July 2027", "our Q2 is February
through April"): the end of such a label is the end of its last month as defined, not the calendar's. Phrase data in
reply.phrases: label_defined_as (the verbs), label_span_to (the words between the two months)."""
from __future__ import annotations

import re
import weakref
from datetime import date

from bot.judgement.reply_world import _month_end, _next_month_end

_LABEL = r"(?P<label>h[12]|[12]h|q[1-4]|p(?:1[0-3]|[1-9]))"
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_GATE = re.compile(r"(?<![^\W\d_])(?:h[12]|[12]h|q[1-4]|p\d{1,2})(?![^\W\d_])", re.I)


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


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


def defined_label_ends(context: str, today: date, lex) -> dict[str, date]:
    """label (lower case, 'h1', 'q2') -> the last day of the period the message defines under that label."""
    low = context.lower()
    if not _GATE.search(low):
        return {}
    out: dict[str, date] = {}
    for m in _definition(lex).finditer(low):
        last = _month(m["m2"], lex)
        if not last:
            continue
        out[m["label"].lower()] = _month_end(int(m["y"]), last) if m["y"] else _next_month_end(last, today)
    return out


def label_in(text: str, labels: dict[str, date]) -> date | None:
    """The defined end of the one defined label a date expression's text names, if any."""
    named = {w.lower() for w in _GATE.findall(text)} & set(labels)
    return labels[named.pop()] if len(named) == 1 else None
