"""'In N days / weeks / months' in the world's languages from dateparser's own patterns (its locale data's
'relative-type-regex': "след 6 седмици", "eftir 2 vikur", "baada ya wiki 3", "sa 3 linggo", "6 হপ্তাহে"), as a
candidate generator read under the project's rules: a span counted from today names today plus that span, a span
already passed or counted from another event names none."""
from __future__ import annotations

import calendar
import re
import weakref
from datetime import date, timedelta

_UNITS = {"in \\1 day": 1, "in \\1 week": 7, "in \\1 month": 0}  # 0: calendar months
_NUMBER = "(\\d++[.,]?\\d*+)"
_LETTERS = re.compile(r"[^\W\d_]+")


def _usable(pattern: str) -> bool:
    """A pattern whose words are real words, not one-letter abbreviations ('сл 6 д', 'en 3 d', 'за 2 н')."""
    if pattern.count(_NUMBER) != 1:
        return False
    words = _LETTERS.findall(pattern.replace(_NUMBER, " "))
    return bool(words) and max(len(w) for w in words) >= 4 and min(len(w) for w in words) >= 2


class RelativeSpans:
    """Compiled once per rules object: one regex per unit over every world language's 'in N <unit>' patterns."""

    def __init__(self, languages, number_words: dict[str, int], anchored: str, skip_languages=("en",),
                 english: frozenset[str] = frozenset()):
        from dateparser.languages.loader import default_loader

        from bot.judgement.textutil import word_alt as _alt

        # (English number words are not this reader's: "take over one week" is no Dutch 'over 1 week')
        self.number_words = {w: n for w, n in number_words.items()
                             if len(w) >= 3 and len(str(n)) <= len(w) and w not in english}
        # number words become digits first, padded with spaces so that every offset stays put ("wiki tatu" -> "wiki 3   ")
        self.folded = {_fold(w): n for w, n in self.number_words.items()}
        self.word_rx = re.compile(rf"(?<![^\W\d_])(?:{_alt(self.number_words)})(?![^\W\d_])", re.IGNORECASE)
        self.rx: list[tuple[re.Pattern, int]] = []
        for key, days in _UNITS.items():
            alts: set[str] = set()
            for lang in languages:
                if lang in skip_languages:
                    continue  # (the rules' own English patterns read these with more care)
                for pattern in default_loader.get_locale(lang).info.get("relative-type-regex", {}).get(key, []):
                    words = _LETTERS.findall(pattern.replace(_NUMBER, " ").lower())
                    if _usable(pattern) and not all(w in english for w in words):  # 'over N week' is English too
                        alts.add(re.sub(r"\s+", r"\\s+", pattern.replace(_NUMBER, "\0")).replace("\0", r"\d{1,3}(?!\d)"))
            if alts:
                body = "|".join(sorted(alts, key=len, reverse=True))
                self.rx.append((re.compile(rf"(?<![^\W\d_])(?:{body})(?![^\W\d_]){anchored}", re.IGNORECASE), days))

    def _as_digits(self, m: re.Match) -> str:
        """A number word as its digits, padded to its length. The regex matches case-insensitively, and to it the
        Turkish dotless 'ı' and 'i' are one letter: "alti" typed without the dot is "altı" (six)."""
        word = m.group(0).lower()
        n = self.number_words.get(word) or self.folded.get(_fold(word))
        return str(n).ljust(len(m.group(0))) if n else m.group(0)

    def find(self, low: str, today: date):
        """(start, end, day) of every 'in N <unit>' span counted from today in one lower-cased clause."""
        text = self.word_rx.sub(self._as_digits, low)
        if not _DIGITS.search(text):
            return
        seen: set[tuple[int, int]] = set()
        for rx, days in self.rx:  # one pass per regex over the clause (not one per number: a long log has many)
            for m in rx.finditer(text):
                number = _DIGITS.search(m.group(0))
                if m.span() in seen or number is None:
                    continue
                seen.add(m.span())
                n = int(number.group(0))
                if not 0 < n <= 400:
                    continue
                if days:
                    value = today + timedelta(days=n * days)
                else:
                    k = today.month - 1 + n
                    y, mo = today.year + k // 12, k % 12 + 1
                    value = date(y, mo, min(today.day, calendar.monthrange(y, mo)[1]))
                yield m.start(), m.end(), value


_DIGITS = re.compile(r"(?<!\d)\d{1,3}(?!\d)")


def _fold(word: str) -> str:
    return word.lower().replace("ı", "i").replace("i̇", "i")


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def relative_spans(world) -> RelativeSpans:
    found = _CACHE.get(world)
    if found is None:
        from bot.judgement.reply_world import anchored_elsewhere

        found = RelativeSpans(world.P.WORLD_LANGUAGES, world.number_words, anchored_elsewhere(world.P),
                              english=frozenset(w.lower() for w in world.P.RELATIVE_ENGLISH))
        _CACHE[world] = found
    return found
