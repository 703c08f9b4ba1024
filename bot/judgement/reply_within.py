"""'In / within N days, weeks, months' in any language, read when the date grammar finds no time at all: a count
(digits or a number word the parser knows, reply_numberwords), a unit (dateparser's words for day, week and month in
every language, with their endings: "semanas", "seachtaine", "dienas") and a word for 'in / within' (the words of
dateparser's own 'in N <unit>' patterns of every language, before the count: "i gceann", "через", "per", or after the
unit: "pärast", "дараа", "ਵਿੱਚ", "keyin"; plus reply.phrases within_before / within_after). Each such span is written
"in N <unit>s", which the date grammar reads under its usual rules (a span counted from another event names no day).
A count and a unit with no 'in / within' word say how long, not when, and stay unread."""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from bot.judgement.reply_assemble import Token, marked_forms, tokenize
from bot.judgement.reply_numberwords import norm_number_word, number_words

_COUNT = "(\\d++[.,]?\\d*+)"
_DIGITS = re.compile(r"^(\d{1,3})$")
_UNITS = ("day", "week", "month")
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


_ANY = frozenset({"*"})  # a word of the rules' own lists: of no one language


@dataclass
class _Within:
    # each word -> the languages whose dateparser data has it (a span's 'in' word and unit agree on one language:
    # Lithuanian 'per' is no 'within' beside Italian "settimane")
    before: dict[tuple[str, ...], frozenset]  # word sequences for 'in / within' before the count
    after: dict[str, frozenset]  # words for 'in / within' after the unit
    glued: dict[str, frozenset]  # endings glued to the unit that say 'in' ("-ಗಳಲ್ಲಿ")
    unit_in: dict[str, tuple[str, frozenset]]  # a unit with 'in' glued to it ("వారాల్లో") -> (unit, languages)
    count_glued: dict[str, frozenset]  # 'in' glued to a count written after its unit (Sinhala "-කින්")
    units: dict[str, tuple[str, frozenset]]  # unit word -> (unit, languages)
    ignored: set[str]
    anchors: set[str]  # 'after / from / since' words: a span counted from another event
    every: set[str]  # 'every' words: a frequency ("हर 3 दिन में"), not a time from now
    counts: dict[tuple[str, ...], int]


def _add(table: dict, key, lang) -> None:
    table[key] = frozenset(table.get(key, frozenset()) | {lang})


def _within(world) -> _Within:
    found = _CACHE.get(world)
    if found is not None:
        return found
    from dateparser.languages.loader import default_loader

    ph = world.P
    ignored = {w.lower() for w in ph.IN_WORDS_IGNORED}
    english = {w.lower() for w in ph.RELATIVE_ENGLISH}
    bare = set(ph.IN_FORMS_BARE_COUNT)
    units: dict[str, dict] = {}  # form -> unit -> languages
    infos = {}
    for lang in default_loader.get_locale_map():
        info = infos[lang] = default_loader.get_locale(lang).info
        for unit in _UNITS:
            for form in marked_forms(info, unit, 2):
                if " " not in form:
                    units.setdefault(form, {}).setdefault(unit, set()).add(lang)

    def unit_of(word: str):
        """(unit, languages) of a unit word or one with an ending of up to three letters ("semanas", "dienas")."""
        for k in range(len(word), max(2, len(word) - 3) - 1, -1):
            got = units.get(word[:k])
            if got and (k == len(word) or k >= 3):
                unit = max(got, key=lambda u: len(got[u]))
                return unit, frozenset(got[unit])
        return None

    before: dict = {}
    after: dict = {}
    glued: dict = {}
    unit_in: dict = {}
    count_glued: dict = {}
    for lang, info in infos.items():
        base = lang.split("-")[0]
        if base in bare or base == "en":
            continue  # (English is the grammar's own; Somali's forms are the bare count and unit)
        rel = info.get("relative-type-regex", {}) or {}
        for unit in _UNITS:
            for rx in rel.get(f"in \\1 {unit}", []):
                pre, sep, suf = rx.partition(_COUNT)
                if not sep or re.search(r"[\\()\[\]?*+|]", pre + suf):
                    continue
                pre_words = tuple(pre.lower().split())
                if pre_words and " ".join(pre_words) not in ignored and max(len(w) for w in pre_words) >= 3 \
                        and not any(unit_of(w) for w in pre_words) and not set(pre_words) <= english:
                    _add(before, pre_words, lang)
                words = suf.lower().split()
                if suf[:1].strip() and words and pre_words and (unit_of(pre_words[-1]) or ("",))[0] == unit:
                    _add(count_glued, words[0], lang)  # Sinhala 'සති (N)කින්': 'in' glued to the count
                if len(words) == 2 and not unit_of(words[0]) and len(words[0]) >= 3:
                    units.setdefault(words[0], {}).setdefault(unit, set()).add(lang)  # ("ਮਹੀਨਿਆਂ ਵਿੱਚ")
                if len(words) >= 2 and not unit_of(words[-1]) and len(words[-1]) >= 3 and words[-1] not in english:
                    _add(after, words[-1], lang)
                elif len(words) == 1 and not pre_words:
                    if len(words[0]) >= 4 and (unit_of(words[0]) or ("",))[0] != unit:
                        unit_in[words[0]] = (unit, frozenset({lang}))
                    for form in info.get(unit, []):
                        form = form.lower()
                        if words[0].startswith(form) and len(words[0]) - len(form) >= 2:
                            _add(glued, words[0][len(form):], lang)
    for lang, extra in ph.IN_WORDS_OF_LANGUAGE.items():
        for w in extra:
            _add(before, tuple(w.lower().split()), lang)
    for w in ph.WITHIN_BEFORE:
        before[tuple(w.lower().split())] = _ANY
    for w in ph.WITHIN_AFTER:
        after[w.lower()] = _ANY
    for w in [*ignored, *ph.DURATION_AFTER]:  # (also 'more', 'for the duration of': "3 xhur oħra", "3 oy davomida")
        after.pop(w.lower(), None)
    flat = {}
    for form, by_unit in units.items():
        unit = max(by_unit, key=lambda u: len(by_unit[u]))
        flat[form] = (unit, frozenset(by_unit[unit]))
    for word, unit in ph.ASSEMBLER_UNIT_WORDS.items():
        if unit in _UNITS:
            flat.setdefault(word.lower(), (unit, _ANY))
    counts: dict[tuple[str, ...], int] = {}
    nw = number_words(world)
    for key, n in nw.counts.items():
        if isinstance(n, int) and 0 < n <= 90 and 1 <= len(key) <= 3:
            counts[key] = n
    for key, n in list(counts.items()):  # ("a sé": Irish counts with the particle; "sé" before a noun)
        if len(key) == 2 and len(key[0]) <= 2 and len(key[1]) >= 2:
            counts.setdefault(key[1:], n)
    for word, n in [*world.number_words.items(), *ph.WITHIN_NUMBER_WORDS.items()]:
        counts.setdefault((word.lower(),), n)
    anchors = {x.lower() for x in (*ph.ANCHORED_AFTER, *ph.WITHIN_ANCHOR_AFTER)}
    found = _Within(before, after, glued, unit_in, count_glued, flat, ignored, anchors,
                    {x.lower() for x in ph.EVERY_WORD}, counts)
    _CACHE[world] = found
    return found


def _agree(a: frozenset, b: frozenset) -> bool:
    return "*" in a or "*" in b or bool(a & b)


def _unit_word(core: str, w: _Within):
    """(unit, languages) of a unit word, also with an ending of up to three letters."""
    for k in range(len(core), max(2, len(core) - 3) - 1, -1):
        got = w.units.get(core[:k])
        if got and (k == len(core) or k >= 3):
            return got
    return None


def _count_at(toks: list[Token], i: int, w: _Within) -> tuple[int, int] | None:
    """(count, first token after it) for a count starting at token i: digits, a number word of up to three, or one
    with a short ending glued to it (Tagalog "tatlong" with its linker, Sinhala "හයකින්")."""
    m = _DIGITS.match(toks[i].core)
    if m:
        n = int(m.group(1))
        return (n, i + 1) if 0 < n <= 400 else None
    for size in (3, 2, 1):
        key = tuple(norm_number_word(t.core) for t in toks[i : i + size])
        if len(key) == size and key in w.counts and not any(t.stops for t in toks[i : i + size - 1]):
            return w.counts[key], i + size
    core = norm_number_word(toks[i].core)
    for cut in range(1, 5):
        stem = core[:-cut]
        if (len(stem) >= 3 or (len(stem) >= 2 and not stem.isascii())) and (stem,) in w.counts:
            return w.counts[(stem,)], i + 1
    return None


def _unit_at(toks: list[Token], j: int, w: _Within):
    """(unit, its token, languages, languages of an 'in' glued to it or None) at token j, or after one short
    linking word ("duha ka semana")."""
    for k in (j, j + 1):
        if k >= len(toks) or (k > j and (len(toks[j].core) > 2 or toks[j].stops or not toks[j].core.isalpha())):
            break
        core = toks[k].core
        if core in w.unit_in:
            unit, langs = w.unit_in[core]
            return unit, k, langs, langs
        got = _unit_word(core, w)
        if got is not None:
            langs = next((g for e, g in w.glued.items() if core.endswith(e) and len(core) > len(e)
                          and _agree(g, got[1])), None)
            return got[0], k, got[1], langs
    return None


def within_spans(text: str, world) -> tuple[str, list[str]]:
    """(the text with each 'within N units' span written "in N <unit>s", the spans as written)."""
    toks = tokenize(text)
    if len(toks) < 2:
        return text, []
    w = _within(world)
    out, said, last = [], [], 0
    i = 0
    while i < len(toks):
        found = _span_at(toks, i, w)
        if found is None:
            i += 1
            continue
        start, end, n, unit, nxt = found
        if nxt < len(toks) and toks[nxt].core in w.anchors and not toks[nxt - 1].stops:
            i = nxt  # counted from another event ("... after the signature"): left to the grammar's own reading
            continue
        out.append(text[last:start])
        out.append(f"in {n} {unit}s")
        said.append(text[start:end])
        last = end
        i = nxt
    if not said:
        return text, []
    out.append(text[last:])
    return "".join(out), said


def _before_marker(toks: list[Token], i: int, w: _Within, langs: frozenset) -> int | None:
    """The first token of a word for 'in / within' (up to three words) right before token i, of a language of the
    unit."""
    for size in (3, 2, 1):
        key = tuple(t.core for t in toks[i - size : i]) if i - size >= 0 else None
        if key in w.before and _agree(w.before[key], langs) and not any(t.stops for t in toks[i - size : i]):
            return i - size
    return None


def _span_at(toks: list[Token], i: int, w: _Within):
    """(start, end, count, unit, next token) of a 'within N units' span starting at token i: the count then the unit
    with a word for 'in' before, after or glued, or a word for 'in', the unit and then the count ("cikin makonni
    huɗu", "afaka herinandro telo")."""
    if i > 0 and toks[i - 1].core in w.every:
        return None  # a frequency ("every 3 days")
    got = _count_at(toks, i, w)
    if got is not None and got[1] < len(toks) and not toks[got[1] - 1].stops:
        n, j = got
        found = _unit_at(toks, j, w)
        if found is not None:
            unit, k, langs, glued = found
            first = _before_marker(toks, i, w, langs)
            if first is not None:
                return toks[first].start, toks[k].end, n, unit, k + 1
            nxt = toks[k + 1] if k + 1 < len(toks) and not toks[k].stops else None
            if nxt is not None and nxt.core in w.after and _agree(w.after[nxt.core], langs):
                return toks[i].start, nxt.end, n, unit, k + 2
            if glued is not None:
                return toks[i].start, toks[k].end, n, unit, k + 1
    found = _unit_word(toks[i].core, w)
    if found is not None and i + 1 < len(toks) and not toks[i].stops:
        unit, langs = found
        first = _before_marker(toks, i, w, langs)
        got = _count_at(toks, i + 1, w)
        glued = got is not None and got[1] == i + 2 and any(
            toks[i + 1].core.endswith(g) and len(toks[i + 1].core) > len(g) and _agree(gl, langs)
            for g, gl in w.count_glued.items())
        if got is not None and (first is not None or glued):
            return toks[i if first is None else first].start, toks[got[1] - 1].end, got[0], unit, got[1]
    return None
