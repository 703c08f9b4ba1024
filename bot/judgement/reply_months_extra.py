"""Month names of languages outside reply.phrases.world_languages (reply.phrases.world_languages_lazy: Punjabi,
Gujarati, Telugu, Malayalam, Sinhala, Lao, Khmer, Georgian, Serbian Cyrillic, Somali, Hausa, Maltese, Afrikaans, ...),
read only when a reply names no date the usual way: the parser's start-up stays as it was, and a reply in one of these
languages pays once for this vocabulary (dateparser's locale data, cached).

A month name is read only beside a number (a day or a year: "15 ਜਨਵਰੀ 2027", "2027 మార్చి 10", "10 Febraayo 2027"), and
is handed on as the English name of the month, which the date patterns read."""
from __future__ import annotations

import re
import weakref

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
# a token: letters with their combining vowel signs (Indic, Sinhala, Lao, Khmer, Myanmar), no digits or punctuation
_TOKEN = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'/\\\-–—_]+")
_DIGIT = re.compile(r"\d")
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _extra_months(lex) -> dict[str, int]:
    found = _CACHE.get(lex)
    if found is None:
        from dateparser.languages.loader import default_loader

        known = set(lex.months) | set(lex.world.months)
        found = {}
        for lang in lex.world.P.WORLD_LANGUAGES_LAZY:
            info = default_loader.get_locale(lang).info
            for idx, key in enumerate(_MONTH_KEYS, start=1):
                for form in info.get(key, []):
                    form = form.lower().rstrip(".")
                    if form in known or (form.isascii() and len(form) < 5) or len(form) < 3 or " " in form:
                        continue
                    found[form] = idx if found.get(form, idx) == idx else 0
        found = {k: v for k, v in found.items() if v}
        _CACHE[lex] = found
    return found


def with_extra_months(text: str, lex) -> str:
    """The text with every month name of those languages beside a number as its English name."""
    if not _DIGIT.search(text):
        return text
    months = _extra_months(lex)
    tokens = list(_TOKEN.finditer(text))
    out, last = [], 0
    for i, m in enumerate(tokens):
        month = months.get(m.group(0).lower())
        if not month:
            continue
        near = text[tokens[i - 1].end() if i else max(0, m.start() - 12) : m.start()] + " " + text[
            m.end() : tokens[i + 1].start() if i + 1 < len(tokens) else m.end() + 12]
        if not _DIGIT.search(near):
            continue  # a month name with no day or year beside it is read nowhere else either
        out.append(text[last : m.start()])
        out.append(_MONTH_KEYS[month - 1])
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)
