"""Month names of languages outside reply.phrases.world_languages (reply.phrases.world_languages_lazy: Punjabi,
Gujarati, Telugu, Malayalam, Sinhala, Lao, Khmer, Georgian, Serbian Cyrillic, Somali, Hausa, Maltese, Afrikaans, ...),
read only when a reply names no date the usual way: the parser's start-up stays as it was, and a reply in one of these
languages pays once for this vocabulary (dateparser's locale data, cached).

A month name is read only beside a number (a day or a year: "15 ਜਨਵਰੀ 2027", "2027 మార్చి 10", "10 Febraayo 2027"), and
is handed on as the English name of the month, which the date patterns read."""
from __future__ import annotations

import re
import unicodedata
import weakref

from bot.judgement.reply_world import MONTH_KEYS
from bot.judgement.textutil import word_alt as _alt

# a token: letters with their combining vowel signs (Indic, Sinhala, Lao, Khmer, Myanmar), no digits or punctuation
_TOKEN = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'/\\\-–—_]+")
_DIGIT = re.compile(r"\d")
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _script(word: str) -> str:
    """The script of a word's first letter ("LATIN", "DEVANAGARI", "CYRILLIC")."""
    ch = next((c for c in word if c.isalpha()), "")
    return unicodedata.name(ch, "?").split(" ")[0] if ch else ""


def _extra_months(lex) -> dict[str, int]:
    """Month form -> month, from reply_world.collect_forms with its stop lists (names such as "julie", "junie"), without
    the abbreviations (a form another form of the same month in that language starts with: Serbian "нов", Marathi
    "जाने") and without forms of fewer than four letters in any script."""
    found = _CACHE.get(lex)
    if found is None:
        from bot.judgement.reply_world import collect_forms

        ph = lex.world.P
        known = set(lex.months) | set(lex.world.months)
        stop = {w.lower() for w in (*lex.world.month_stop, *ph.INFLECTED_MONTH_STOPWORDS)}
        found = {}
        for lang in ph.WORLD_LANGUAGES_LAZY:
            forms = {k: v for k, v in collect_forms([lang], MONTH_KEYS, 4, stop).items() if v}
            for form, idx in forms.items():
                if form in known or " " in form or any(
                        other != form and other.startswith(form) and v == idx for other, v in forms.items()):
                    continue
                found[form] = idx if found.get(form, idx) == idx else 0
        found = {k: v for k, v in found.items() if v}
        _CACHE[lex] = found
    return found


_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")
_DAY_ENDS = re.compile(r"^[^\S\n]*(?:[0-3]?\d)\.?[^\S\n]*(?:$|[.,;:!?)\]।॥።]|\n)")


_PART_AFTER: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _month_part_after(lex) -> re.Pattern:
    """The words that name a part of the month after it (reply.phrases month_end_after, month_mid_after,
    month_vague_after: "ના અંતે", at the end of it, late in the month)."""
    found = _PART_AFTER.get(lex)
    if found is None:
        ph = lex.world.P
        words = {*ph.MONTH_END_AFTER, *ph.MONTH_MID_AFTER, *ph.MONTH_VAGUE_AFTER}
        found = re.compile(rf"[^\S\n]+(?:{_alt(words)})", re.I)
        _PART_AFTER[lex] = found
    return found


def _beside_a_date(text: str, m: re.Match, before: str, after: str, nxt, part_after: re.Pattern) -> bool:
    """A month name of these languages is read only where it makes a date: written in the script of the words
    around it (a Devanagari month in Devanagari text, not a Cyrillic one in a Latin reply), with a year beside it, or
    (outside the Latin script, where these names are people's names: "Julie 15 minutes ago", "Maris 3") with a day
    that ends the date ("15 ਜਨਵਰੀ.", not "जुन 3 सर्भरहरू": 'which 3 servers')."""
    script = _script(m.group(0))
    if script != "LATIN" and part_after.match(text, m.end()):
        return True  # the end or middle of the month said after it ("ಮಾರ್ಚ್ ಅಂತ್ಯದೊಳಗೆ": by the end of March)
    if (_YEAR.search(before) and _DIGIT.search(after)) or (_YEAR.search(after) and _DIGIT.search(before)):
        return True  # a whole date ("15 ਜਨਵਰੀ 2027", "2027 మార్చి 10")
    if script != "LATIN" and not any(
            _script(w) == script for w in _TOKEN.findall(text[max(0, m.start() - 80) : m.start()] + " "
                                                          + text[m.end() : m.end() + 80])):
        return False  # no other word of its script nearby
    if _YEAR.search(before) or _YEAR.search(after):
        return True
    if script == "LATIN" or not (_DIGIT.search(before) or _DIGIT.search(after)):
        return False
    # a day before the month: the month ends the date; a day after it: the day ends the date
    if _DIGIT.search(before):
        return nxt is None or m.end() == len(text) or bool(re.match(r"[^\S\n]*(?:$|[.,;:!?)\]।॥።]|\n)", text[m.end():]))
    return bool(_DAY_ENDS.match(text[m.end():]))


def with_extra_months(text: str, lex) -> str:
    """The text with every month name of those languages beside a number as its English name."""
    part_after = _month_part_after(lex)
    if not _DIGIT.search(text) and not part_after.search(text):
        return text
    months = _extra_months(lex)
    tokens = list(_TOKEN.finditer(text))
    out, last = [], 0
    for i, m in enumerate(tokens):
        month = months.get(m.group(0).lower())
        if not month:
            continue
        before = text[tokens[i - 1].end() if i else max(0, m.start() - 12) : m.start()]
        after = text[m.end() : tokens[i + 1].start() if i + 1 < len(tokens) else m.end() + 12]
        if not _beside_a_date(text, m, before, after, tokens[i + 1] if i + 1 < len(tokens) else None, part_after):
            continue
        out.append(text[last : m.start()])
        out.append(MONTH_KEYS[month - 1])
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)
