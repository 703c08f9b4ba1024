"""Numbers written as words, as digits, where a date or a time unit makes them a date: a day before its month
("двадцяте лютого 2027", "δεκαπέντε Μαρτίου", "vint-i-cinc de febrer", "ishirini na nane Februari") and a count beside
a unit ("oor agt weke", "kahdeksan viikon kuluessa", "wiki tatu"). Nowhere else: "ngazi moja juu" keeps its word.

The word forms come from CLDR's spell-out rules (the `unicode_rbnf` package: cardinals and ordinals of ~90 languages,
with their genders and cases where CLDR has them), built on first use and cached, never at start-up. Where CLDR has
no ordinals (Ukrainian, Czech, Polish), the rules' own day_words lists serve. Slavic, Baltic and Greek ordinals change
their endings ("двадцяте", "двадцятого", "двадцятому"): in those languages an ordinal also matches as its stem (what
all its forms share) with one of the language's ordinal endings (those the forms show, and reply.phrases
number_ordinal_endings), when no other number shares that stem: "piątek" (Friday) is no "piąt-" + ordinal ending.

A replaced run keeps its length (digits padded with spaces), so every offset into the text stays put."""
from __future__ import annotations

import re
import unicodedata
import weakref

from bot.judgement.reply_world import MONTH_KEYS
from bot.judgement.textutil import LETTER_WITH_MARKS

# (a word keeps its vowel signs: Indic, Thai, Lao, Khmer, Burmese marks are no letters to the regex engine, so
# "दहा", "ચાર", "ఆరు" were cut into pieces and never read)
_WORD = re.compile(rf"(?<![\w.,])[^\W\d_]{LETTER_WITH_MARKS}*(?:['’ʼ\-]{LETTER_WITH_MARKS}+)*")  # (not "er" of "1er")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "ş": "ș", "ţ": "ț"})  # (CLDR writes Romanian with cedillas)
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_MAX_WORDS = 5  # the longest number phrase read ("wa ishirini na mbili", "dvacátého druhého")
# days 1-31 and the counts one writes before a unit ("forty-five days", "ninety days", "fifty-two weeks")
_COUNTS = (*range(1, 32), 36, 40, 45, 48, 50, 52, 60, 90)
# CLDR rulesets that spell no day or count as people write one beside a date (years, larger parts; the "financial"
# ones stay: Bulgarian writes "двадесет" there, "двайсет" elsewhere; plural ordinals are a month's first days: "ai primi
# di marzo")
_SKIP_RULESETS = ("year", "verbose", "plural", "hundreds", "thousand", "million", "digits")


def norm_number_word(word: str) -> str:
    return word.lower().translate(_APOSTROPHES)


def _plain(word: str) -> str:
    """Without accents ("dalawá" -> "dalawa"), for writers who type none."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _variants(form: str) -> set[tuple[str, ...]]:
    form = norm_number_word(form).strip()
    out: set[tuple[str, ...]] = set()
    if any(ch.isdigit() for ch in form):
        return out
    # (the form without accents only when every word keeps four letters: Vietnamese "bốn", "một" are "Bon dia",
    # Swedish "mot" without theirs)
    plain = form if form.isascii() else _plain(form)
    if not all(len(w) >= 4 for w in _WORD.findall(plain)):
        plain = form
    for f in {form, form.replace("-", " "), plain, plain.replace("-", " ")}:
        words = tuple(norm_number_word(w) for w in _WORD.findall(f))
        if words and len(words) <= _MAX_WORDS:
            out.add(words)
    return out


def _add(table: dict, key: tuple[str, ...], value: int) -> None:
    table[key] = value if table.get(key, value) == value else 0  # two readings: neither


def _vote(table: dict, key: tuple[str, ...], value: int, lang: str) -> None:
    table.setdefault(key, {}).setdefault(value, set()).add(lang)


def _decided(votes: dict, langs_out: dict | None = None) -> dict:
    """The reading most languages give a form ("tres": 3 in Spanish, Catalan, Portuguese; 60 in Danish), if one has
    more languages than all the others together; else none ("sei": Italian 6 only, kept). `langs_out` gets the
    languages of each form's reading."""
    out = {}
    for key, readings in votes.items():
        (best, langs), *rest = sorted(readings.items(), key=lambda kv: -len(kv[1]))
        if len(langs) > sum(len(other) for _, other in rest):
            out[key] = best
            if langs_out is not None:
                langs_out[key] = frozenset(_lang(lang) for lang in langs)
    return out


# languages that write one another's numbers and months ("dvadeset drugi februar": Croatian number, Serbian month)
_SAME_LANGUAGE = {"sr": "hr", "bs": "hr", "sh": "hr", "cnr": "hr", "no": "nb", "nn": "nb"}


def _lang(code: str) -> str:
    base = code.split("-")[0]
    return _SAME_LANGUAGE.get(base, base)


def _month_languages(languages) -> dict[str, frozenset]:
    """Month name (each form dateparser knows, and its stems less one to three letters) -> the languages writing it:
    a number word is a day only before a month of its own language ("fire March", "Lima March", "Hai March", "two
    Mars" are no dates)."""
    from dateparser.languages.loader import default_loader

    out: dict[str, set[str]] = {}
    for code in languages:
        try:
            info = default_loader.get_locale(code).info
        except Exception:  # noqa: BLE001 - a language dateparser lacks
            continue
        lang = _lang(code)
        for key in MONTH_KEYS:
            for form in info.get(key, []):
                form = norm_number_word(form).rstrip(".")
                out.setdefault(form, set()).add(lang)
                if len(form) >= 5:
                    for cut in (1, 2, 3):
                        out.setdefault(form[:-cut], set()).add(lang)
    return {k: frozenset(v) for k, v in out.items()}


class NumberWords:
    """Word forms of days (1-31) and counts (1-52) in the world's languages; see the module's doc."""

    def __init__(self, ph, languages):
        from unicode_rbnf import FormatPurpose, RbnfEngine

        supported = set(RbnfEngine.get_supported_languages())
        stem_langs = set(ph.NUMBER_STEM_LANGUAGES)
        after_unit_langs = set(ph.NUMBER_AFTER_UNIT_LANGUAGES)
        skip = {w.lower() for w in ph.NUMBER_WORDS_IGNORED}
        days: dict[tuple[str, ...], dict[int, set[str]]] = {}  # form -> reading -> languages
        counts: dict[tuple[str, ...], dict[int, set[str]]] = {}
        stems: dict[tuple[str, ...], int] = {}
        after_unit: dict[tuple[str, ...], dict[int, set[str]]] = {}
        ordinal_forms: dict[tuple[str, int], set[tuple[str, ...]]] = {}
        cardinal_stems: dict[tuple[str, int], set[tuple[str, ...]]] = {}
        endings: dict[str, set[str]] = {lang: set(e) for lang, e in ph.NUMBER_ORDINAL_ENDINGS.items()}

        def keep(words: tuple[str, ...]) -> bool:
            return not (len(words) == 1 and (words[0] in skip or (len(words[0]) < 3 and words[0].isascii())))

        all_langs = list(dict.fromkeys(code.split("-")[0] for code in languages))
        for lang in all_langs:
            if lang not in supported:
                continue
            engine = RbnfEngine.for_language(lang)
            names = {purpose: [name for name, rs in engine.rulesets.items()
                               if not rs.is_private and FormatPurpose.from_ruleset_name(name) is purpose
                               and not any(part in name for part in _SKIP_RULESETS)]
                     for purpose in (FormatPurpose.CARDINAL, FormatPurpose.ORDINAL)}
            tens: dict[int, set[str]] = {}  # 20 -> {'двадесет', 'двайсет'}: each way the language writes the tens
            for n in _COUNTS:
                for purpose, table in ((FormatPurpose.CARDINAL, counts), (FormatPurpose.ORDINAL, days)):
                    if (purpose is FormatPurpose.ORDINAL and n > 31) or not names[purpose]:
                        continue
                    try:
                        forms = engine.format_number(n, purpose=purpose, ruleset_names=names[purpose]).text_by_ruleset
                    except Exception:  # noqa: BLE001 - no rule of that ruleset for the number
                        continue
                    if purpose is FormatPurpose.CARDINAL and n in (20, 30):
                        tens[n] = {w[0] for form in forms.values() for w in _variants(form) if len(w) == 1}
                    if purpose is FormatPurpose.ORDINAL and 20 < n < 32:
                        # "двайсет и втори" is "двадесет и втори" too: the compound with every spelling of its tens
                        written = {w for form in forms.values() for w in _variants(form)}
                        forms = {f"{k}-{i}": " ".join((t, *w[1:])) for i, w in enumerate(written) if len(w) > 1
                                 and w[0] in tens.get(n // 10 * 10, ()) for k, t in enumerate(tens[n // 10 * 10])}
                        forms.update({str(i): " ".join(w) for i, w in enumerate(written)})
                    for form in set(forms.values()):
                        for words in _variants(form):
                            if not keep(words):
                                continue
                            _vote(table, words, n, lang)
                            if n <= 31:
                                _vote(days, words, n, lang)  # a day is written as a cardinal too ("δεκαπέντε Μαρτίου")
                                if lang in stem_langs and purpose is FormatPurpose.ORDINAL:
                                    ordinal_forms.setdefault((lang, n), set()).add(words)
                                if lang in stem_langs and purpose is FormatPurpose.CARDINAL and len(words[-1]) >= 4:
                                    cardinal_stems.setdefault((lang, n), set()).add(words)  # Slovenian 'dvajset-ega'
                            if lang in after_unit_langs and purpose is FormatPurpose.CARDINAL:
                                _vote(after_unit, words, n, lang)
        for lang, alts in ph.DAY_WORDS.items():  # the rules' own day words (ordinals CLDR lacks)
            for n, variants in enumerate(alts, start=1):
                for form in ([variants] if isinstance(variants, str) else variants):
                    for words in _variants(form):
                        _vote(days, words, n, lang)
                        if lang in stem_langs:
                            ordinal_forms.setdefault((lang, n), set()).add(words)
        # the stem of each ordinal: what its forms share ("двадцят" of "двадцятого", "двадцятий"), or a single form
        # less the longest ending the language's data knows
        self.endings = {lang: {e for e in ends if e} for lang, ends in endings.items()}
        stem_lang: dict[tuple[str, ...], str] = {}
        for (lang, n), forms in ordinal_forms.items():
            by_head: dict[tuple[str, ...], list[str]] = {}
            for words in forms:
                by_head.setdefault(words[:-1], []).append(words[-1])
            for head, lasts in by_head.items():
                stem = _common_prefix(lasts)
                if len(lasts) == 1:
                    cut = max((len(e) for e in self.endings.get(lang, ()) if stem.endswith(e)), default=0)
                    stem = stem[: len(stem) - cut] if cut else ""
                if len(stem) < 4:
                    continue
                self.endings.setdefault(lang, set()).update(w[len(stem):] for w in lasts if w[len(stem):])
                _add(stems, (*head, stem), n)
                stem_lang[(*head, stem)] = lang
        for (lang, n), forms in cardinal_stems.items():  # a cardinal with an ordinal ending ("dvajsetega")
            for words in forms:
                if (lang, n) not in ordinal_forms:
                    _add(stems, words, n)
                    stem_lang.setdefault(words, lang)
        self.day_langs: dict[tuple[str, ...], frozenset] = {}
        self.days, self.counts, self.after_unit = _decided(days, self.day_langs), _decided(counts), _decided(after_unit)
        self.month_langs = _month_languages(dict.fromkeys([*languages, *all_langs, *ph.DAY_WORDS]))
        # (a stem that is itself a whole form of another number is no stem)
        self.stems = {k: (v, stem_lang[k]) for k, v in stems.items()
                      if v and self.days.get(k, v) == v and self.counts.get(k, v) == v}
        self.glue = {norm_number_word(w) for w in ph.DAY_MONTH_GLUE}
        self.articles = self.glue | {"the"}
        self.tens_glue = {norm_number_word(w) for w in ph.NUMBER_TENS_GLUE}
        self.verb_months = {norm_number_word(w) for w in ph.NUMBER_WORD_VERB_MONTHS}

    def _day_at(self, words: list[str], end: int, month: str) -> tuple[int, int] | None:
        """(start, value) of the longest day phrase ending right before index `end`, of a language that writes
        `month` (when the month's languages are known)."""
        month_langs = self._month_langs(month)
        for size in range(min(_MAX_WORDS, end), 0, -1):
            key = tuple(words[end - size : end])
            value = self.days.get(key)
            langs = self.day_langs.get(key, frozenset())
            if value is None:
                last = key[-1]
                for cut in (1, 2, 3):
                    found = self.stems.get(key[:-1] + (last[:-cut],))
                    if found and last[-cut:] in self.endings.get(found[1], ()):
                        value, langs = found[0], frozenset((_lang(found[1]),))
                        break
            if value:
                if month_langs and not (langs & month_langs):
                    return None  # Norwegian "fire" (4) before English "March", Malay "lima" (5), French "Mars"
                return self._with_tens(words, end - size, value)
        return None

    def _month_langs(self, month: str) -> frozenset:
        month = month.rstrip(".")
        for cut in (0, 1, 2, 3):
            found = self.month_langs.get(month[: len(month) - cut] if cut else month)
            if found:
                return found
        return frozenset()

    def _with_tens(self, words: list[str], start: int, value: int) -> tuple[int, int] | None:
        """A unit day after a tens word is one number with it ("двадесет други": 22, "vingt et un": 21), read even
        when the compound is spelled in a way no data lists; a number word before any other day is no day at all."""
        for glue in (0, 1):
            at = start - 1 - glue
            if at < 0 or (glue and words[start - 1] not in self.tens_glue):
                continue
            tens = self.counts.get((words[at],)) or self.days.get((words[at],))
            if tens in (20, 30) and value < 10:
                return (at, tens + value) if tens + value <= 31 else None
            if tens and not glue:
                return None  # "trzy dwudziestego", "ten twenty-first": two numbers, no day
        return start, value

    def _count_at(self, words: list[str], end: int) -> tuple[int, int] | None:
        for size in range(min(_MAX_WORDS, end), 0, -1):
            value = self.counts.get(tuple(words[end - size : end]))
            if value:
                return end - size, value
        return None

    def _count_from(self, words: list[str], start: int) -> tuple[int, int] | None:
        for size in range(min(_MAX_WORDS, len(words) - start), 0, -1):
            value = self.after_unit.get(tuple(words[start : start + size]))
            if value:
                return start + size, value
        return None

    def as_digits(self, text: str, lex) -> str:
        """The text with every day word before a month and every count word beside a unit as digits."""
        spans = [m.span() for m in _WORD.finditer(text)]
        is_month, is_unit = _month_test(lex), _unit_test(lex)
        if not spans:
            return text
        words = [norm_number_word(text[a:b]) for a, b in spans]
        found: list[tuple[int, int, int]] = []  # (first word, last word + 1, value)
        i = 0
        while i < len(words):
            w = words[i]
            if is_month(w) and not (w in self.verb_months and text[spans[i][0]].islower()):
                # ("one may say", "eleven march on": a month name that is a verb only when written as a name)
                end = i - 1 if i and words[i - 1] in self.glue and _close(text, spans, i - 1, i) else i
                hit = self._day_at(words, end, w) if end > 0 else None
                # (a glued day after an article is a date whatever follows: "the thirtieth of April next year")
                if hit and not _ends_date(text, spans[i][1], self.glue) and not (
                        end < i and hit[0] > 0 and words[hit[0] - 1] in self.articles):
                    hit = None
                if hit and _close(text, spans, end - 1, end):
                    found.append((hit[0], end, hit[1]))
            elif is_unit(w):
                hit = self._count_at(words, i) if i else None
                if hit and _close(text, spans, i - 1, i):
                    found.append((hit[0], i, hit[1]))
                elif self.after_unit and i + 1 < len(words) and _close(text, spans, i, i + 1):
                    after = self._count_from(words, i + 1)
                    if after:
                        found.append((i + 1, after[0], after[1]))
            i += 1
        if not found:
            return text
        out, last = [], 0
        for first, stop, value in sorted(found):
            a, b = spans[first][0], spans[stop - 1][1]
            if a < last:
                continue
            out.append(text[last:a])
            out.append(str(value).ljust(b - a))
            last = b
        out.append(text[last:])
        return "".join(out)


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    size = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), min(len(first), len(last)))
    return first[:size]


def _month_test(lex):
    months, world, inflected = lex.months, lex.world.months, lex.world.inflected_months

    def is_month(w: str) -> bool:
        w = w.rstrip(".")
        return w in months or w in world or (
            len(w) >= 5 and any(w[:-cut] in inflected for cut in (1, 2, 3)))
    return is_month


def _unit_test(lex):
    units = lex.offset_units

    def is_unit(w: str) -> bool:
        # (a case ending on another language's unit: "tjedana", "ditëve"; not English "weekends")
        return w in units or (not w.isascii() and any(len(w) - cut >= 4 and w[:-cut] in units for cut in (1, 2, 3)))
    return is_unit


_AFTER_MONTH = re.compile(r"[^\S\n]*(?:([^\W\d_]+)[^\S\n]+)?(\S?)")


def _ends_date(text: str, at: int, glue) -> bool:
    """What follows a month after a number word lets it be a date: the end, a punctuation mark or a year ("the
    twenty-third of February.", "δεκαπέντε Μαρτίου 2027", "veintitrés de marzo de 2027"), not a word the month
    modifies or that counts on ("one May release", "Three March deadlines", "fifteen March days", "one of May or
    June", "Bir mart gününde")."""
    m = _AFTER_MONTH.match(text, at)
    word, nxt = m.group(1), m.group(2)
    if word is None:
        return not nxt[:1].isalpha() if nxt else True
    return norm_number_word(word) in glue and nxt[:1].isdigit()


def _close(text: str, spans, i: int, j: int) -> bool:
    """Words i and j are neighbours: only spaces (or a hyphen) between them."""
    between = text[spans[i][1] : spans[j][0]]
    return len(between) <= 3 and not between.strip(" -\u00a0")


def number_words(world) -> NumberWords:
    found = _CACHE.get(world)
    if found is None:
        found = NumberWords(world.P, [*world.P.WORLD_LANGUAGES, *world.P.NUMBER_WORD_LANGUAGES])
        _CACHE[world] = found
    return found


def words_as_digits(text: str, lex) -> str:
    """NumberWords.as_digits, building the vocabulary only for a text with a word it could read beside: a month name
    or a time unit (most replies have neither, and a process that never sees one never pays for it)."""
    is_month, is_unit = _month_test(lex), _unit_test(lex)
    if not any(is_month(w) or is_unit(w) for w in (norm_number_word(m.group(0)) for m in _WORD.finditer(text))):
        return text
    return number_words(lex.world).as_digits(text, lex)
