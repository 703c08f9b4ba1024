"""parse_reply: the support level and target date in a customer's answer (pure; never guesses a date)."""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from datetime import date

from bot.judgement.reply_assemble import assemble_dates
from bot.judgement.reply_dates import (DateChoice, choose_date, fix_month_typos, glossed_days_as_written, one_edit_apart,
                                       year_corrected)
from bot.judgement.reply_levels import level_lexicon, reply_level
from bot.judgement.reply_lexicon import date_lexicon
from bot.judgement.reply_numerals import normalise_numbers
from bot.judgement.reply_months_extra import with_extra_months
from bot.judgement.reply_numberwords import words_as_digits
from bot.judgement.reply_within import within_spans
from bot.judgement.textutil import clauses, clauses_with_asides, split_history, word_alt as _alt


def item_today(item: dict) -> date:
    """The item's reference day; the real date only when the caller gave none."""
    raw = item.get("today")
    return date.fromisoformat(raw[:10]) if raw else date.today()


_ENDS_WITH_WORD_DOT = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.$")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_NUMBER_PART = re.compile(r"[0-3]?\d\.?")
# a dot after a number or a one-letter abbreviation ("2028.", "2028 m.", "6.–7.") ends no sentence; after a word it
# does, even when the next sentence starts in lower case ("that date was wrong, ignore it. premium, new cutover ...")
_GLUE_BEFORE_LOWER = re.compile(r"(?:\d|(?<![^\W\d_])[^\W\d_])\.$")


def _rejoin_date_spans(parts: list[str], text: str) -> list[str]:
    """"15 March 2027 – 16 March 2027" is split at the dash like two clauses: a part ending in a digit and the next
    starting with one, with a dash between them in the text, are one span again (its end is the date)."""
    out: list[str] = []
    for part in parts:
        if (out and out[-1][-1:].isdigit() and part[:1].isdigit()
                and re.search(re.escape(out[-1][-12:]) + r"\s+[-–—]\s+" + re.escape(part[:8]), text)):
            out[-1] = f"{out[-1]} – {part}"
        else:
            out.append(part)
    return out


def _rejoin_month_abbreviations(parts: list[str], months: dict[str, int]) -> list[str]:
    """"Date: Jan. 15th" is split after "Jan." like a sentence: glue a clause ending in a month abbreviation to the
    number that follows it."""
    out: list[str] = []
    for part in parts:
        m = _ENDS_WITH_WORD_DOT.search(out[-1]) if out else None
        first = _FIRST_WORD.match(part)
        if (m and m.group(1).lower() in months and part[:1].isdigit()) or (
                out and _GLUE_BEFORE_LOWER.search(out[-1]) and part[:1].islower()) or (
                out and out[-1][-2:-1].isdigit() and out[-1].endswith(".") and first and first.group(0).lower() in months) or (
                out and out[-1][-2:-1].isdigit() and out[-1].endswith(".") and _NUMBER_PART.fullmatch(part)):
            # also "am 6.–7. | Februar": a German ordinal day before its month; "2028. | gada 10. februārī",
            # "2028 m. | vasario 10 d.": a dot before a lower-case word ends no sentence; "2027. | 04. | 30.": a
            # Hungarian year-first date
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


@dataclass
class _QuotePatterns:
    wrote_line: re.Pattern
    separator: re.Pattern
    from_field: re.Pattern
    sent_field: re.Pattern


def _quote_patterns(rules) -> _QuotePatterns:
    """The header lines of quoted mail, from reply.phrases (compiled once per rules object)."""
    found = _QUOTE_CACHE.get(rules)
    if found is None:
        ph = date_lexicon(rules).world.P
        found = _QuotePatterns(
            # "Am 20.11.2026 um 10:02 schrieb Support <…>:", "W dniu … napisał:", "2026年11月20日(金) 10:02 Support <…>:"
            wrote_line=re.compile(rf"(?:\b(?:{_alt(ph.QUOTE_WROTE)})\b[^\n]{{0,20}}|<[^<>\s@]+@[^<>\s]+>\s*)[:：]\s*$",
                                  re.IGNORECASE),
            separator=re.compile("|".join(ph.QUOTE_SEPARATOR), re.IGNORECASE),
            from_field=re.compile(rf"^\s*\**(?:{_alt(ph.QUOTE_FROM)})\s*\**\s*[:：]", re.IGNORECASE),
            sent_field=re.compile(rf"^\s*\**(?:{_alt(ph.QUOTE_SENT)})\s*\**\s*[:：]", re.IGNORECASE),
        )
        _QUOTE_CACHE[rules] = found
    return found


_QUOTE_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _cut_quoted_history(text: str, rules) -> str:
    """The newest message without quoted mail the shared splitter left in (headers in other languages): a date in
    an older message is never the answer."""
    q = _quote_patterns(rules)
    lines = text.split("\n")
    for i in range(1, len(lines)):  # (line 0: the answer itself may end in a colon, "Premium, date:")
        if _opens_older_mail(lines, i, q):
            return "\n".join(lines[:i])
    return text


def _opens_older_mail(lines: list[str], i: int, q) -> bool:
    """Line i starts quoted mail: a separator, an "On ... wrote:" line, or a From: header with Sent: below it."""
    line = lines[i]
    return bool(q.separator.search(line) or q.wrote_line.search(line)
                or (q.from_field.match(line) and any(q.sent_field.match(x) for x in lines[i + 1 : i + 4])))


_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("„", "“"), ("«", "»"), ("»", "«"), ("‘", "’"), ("「", "」"), ("『", "』"))
_EARLIER_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _without_quoted_earlier_words(text: str, rules) -> str:
    """An earlier message quoted inline after 'my earlier email', 'as I wrote' ("As per my earlier email (\"we plan
    Ultimate and a go-live of 1 February\"), things have changed"): its quoted words are dropped, as a quoted mail
    below the answer is."""
    rx = _EARLIER_CACHE.get(rules)
    if rx is None:
        ph = date_lexicon(rules).world.P
        pairs = "|".join(f"{re.escape(a)}[^{re.escape(a + b)}\n]{{1,300}}{re.escape(b)}" for a, b in _QUOTE_PAIRS)
        rx = re.compile(rf"(?<![^\W\d_])(?:{_alt(ph.EARLIER_MESSAGE)})(?![^\W\d_])[^\n\"“„«»‘「『.!?]{{0,40}}?(?P<q>{pairs})",
                        re.IGNORECASE)
        withdrawn = re.compile(rf"(?<![^\W\d_])(?:{_alt(ph.EARLIER_WITHDRAWN)})(?![^\W\d_])", re.IGNORECASE)
        _EARLIER_CACHE[rules] = rx = (rx, withdrawn)
    quoted, withdrawn = rx
    world = date_lexicon(rules).world

    def drop(m: re.Match) -> str:
        # only words the reply then says no longer hold ("..., that is off", "gilt das nicht mehr", "I meant"): a
        # writer restating their answer in quotes ("As I said: \"Ultimate\"", "the cutover is \"15 March\" -
        # confirmed") keeps it
        rest = text[m.end() : m.end() + 200]
        if not (withdrawn.search(rest) or world.correction.search(rest)):
            return m.group(0)
        return m.group(0)[: m.start("q") - m.start()] + "(…)"
    return quoted.sub(drop, text)


# An answer to "which level, which date" is a few lines; what a reply holds beyond this many characters of its own
# words (a pasted log, a signature wall) is not read, so one huge comment cannot hold a worker for seconds.
READ_LIMIT = 8000
EXTRA_MONTHS_LIMIT = 2000  # how much of it the on-demand month names (reply_months_extra) are looked for in
_RULE_LINE = re.compile(r"^\s*[-_=]{5,}\s*$")


def _after_forwarded_block(text: str, rules) -> str:
    """A reply that opens with a forwarded mail and answers below it ("---------- Forwarded message ---------- ...
    ---------- Final answer from us: Premium"): the writer's own words after the forward's closing rule."""
    q = _quote_patterns(rules)
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not q.separator.search(lines[first]):
        return ""
    close = next((i for i in range(first + 1, len(lines)) if _RULE_LINE.match(lines[i])), None)
    if close is None:
        return ""
    below = lines[close + 1 :]
    start = next((i for i, line in enumerate(below) if line.strip()), None)
    if start is not None and _opens_older_mail(below, start, q):
        return ""  # Outlook's rule above an older mail ("____ / From: ... / Sent: ..."): no words of the writer's
    return "\n".join(below)


def _date_left_open(parts: list[str], dates, rules) -> bool:
    """Some clause says the date is not decided yet ("Date TBD", "移行日は未定です")."""
    undecided = level_lexicon(rules).undecided
    return any(dates.world.date_topic.search(p) and undecided.search(p) for p in parts)


_EXACT_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _exact_day_open(parts: list[str], rules) -> bool:
    """Some clause says the exact day is still open ("exact day not fixed yet", "genauer Tag steht noch nicht fest")."""
    found = _EXACT_CACHE.get(rules)
    if found is None:
        ph = date_lexicon(rules).world.P
        found = (re.compile("|".join(ph.EXACT_DAY), re.IGNORECASE),
                 re.compile(rf"(?<![^\W\d_])(?:{'|'.join(ph.STILL_OPEN)})(?![^\W\d_])", re.IGNORECASE))
        _EXACT_CACHE[rules] = found
    exact, still = found
    # the 'still open' word within a few words of the 'exact day' ("we'll pick the exact day later", "exact day not
    # fixed yet") with no date between them ("Exact date: 15 March, we still need the board" names its day)
    def open_near(p: str, m: re.Match) -> bool:
        for w in still.finditer(p, max(0, m.start() - 30), m.end() + 30):
            between = p[w.end() : m.start()] if w.end() <= m.start() else p[m.end() : w.start()]
            if not any(ch.isdigit() for ch in between):
                return True
        return False
    return any(open_near(p, m) for p in parts for m in exact.finditer(p))


# Tier names long enough that one slip leaves them unmistakable ("ultimtae", "premuim", "Ulitmate"); plural
# "premiums" is an insurance word, not a tier
_TIER_TYPOS = ("ultimate", "premium")
_TIER_TYPO_WORD = re.compile(r"(?<![^\W\d_])[a-z]{6,9}(?![^\W\d_])", re.I)


def _fix_tier_typos(text: str) -> str:
    def fix(m: re.Match) -> str:
        word = m.group(0).lower()
        if word in _TIER_TYPOS or word == "premiums":
            return m.group(0)
        # (a case ending after the whole name is no slip: Finnish "Ultimaten", "Premiumin")
        return next((t for t in _TIER_TYPOS if one_edit_apart(word, t) and not word.startswith(t)), m.group(0))
    return _TIER_TYPO_WORD.sub(fix, text)


def _asides_keep_today(text: str, parts: list[str], world) -> list[str]:
    """The clauses for the level, where an aside keeps its sentence's word for 'today': "Unser aktueller Vertrag
    (Premium, Self-Managed) läuft bis …" names today's tier, though the aside became a clause of its own."""
    pairs = clauses_with_asides(text)
    if not any(aside for _, aside in pairs):
        return parts
    out: list[str] = []
    today = None
    for clause, aside in pairs:
        if not aside:
            found = world.current_tier.search(clause)
            today = found.group(0) if found else None
            out.append(clause)
        else:
            out.append(f"{today} {clause}" if today and not world.current_tier.search(clause) else clause)
    return out


_DIGIT = re.compile(r"\d")


_CLAUSE_BREAK = re.compile(r"[,;:]|\s[-–—]\s|\b(?:so that|so dass|sodass|und|and|así que|donc|quindi|dus)\b", re.I)


def _cutover_own_day(p: str, after_span: int, at_day: int, dates) -> bool:
    """A cutover word stands with the day after a break following the span's event ("2 weeks after signature, the
    switch itself is planned on 6 January", "... und die Umstellung erfolgt am 6. Januar"): the day is the cutover's
    own, not the event's."""
    between = p[after_span:at_day]
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(between)]
    return bool(breaks) and bool(dates.target_cues.search(between[breaks[0]:]))


def _counted_from_an_event(parts: list[str], choice: DateChoice, dates) -> bool:
    """Some clause says the move comes a span after an event it names without a day ("two weeks after the audit",
    "am Tag nach Ablauf des Vertrags"), and the chosen day is written elsewhere."""
    for p in parts:
        m = dates.offset_open.search(p)
        # "hypercare ends 4 weeks after go-live" beside the move's day written elsewhere: a follow-up counted from the
        # move itself, whose day is known ("Cutover 3 Wochen nach dem Go-live" alone still names no day)
        moved = m and choice.value is not None and dates.target_cues.search(p[m.end() : m.end() + 40])
        if moved and moved.start() <= 5:
            continue
        # (with no day anywhere, a bare "6 weeks after signing" is the answer's time too)
        if (m and not _DIGIT.search(p[m.end():]) and (dates.target_cues.search(p) or choice.value is None)
                and (not choice.text or choice.text.lower() not in p.lower())):
            return True
        # "two weeks after the end of the audit, the review and our sign-off on 6 January": the day written after
        # the span is the event's, and when the span was not counted from it the move's day is not that one
        if (m and choice.value is not None and choice.text and choice.text.lower() in p.lower()[m.end():]
                and m.group(0).lower() not in choice.text.lower() and not dates.back_this.match(p, m.end())
                and not _cutover_own_day(p, m.end(), p.lower().index(choice.text.lower(), m.end()), dates)):
            return True
    return False


def _assembled(newest: str, parts: list[str], choice: DateChoice, today: date, dates) -> tuple[list[str], DateChoice]:
    """The reply read again with each day/month/year cluster written in one order (reply_assemble: "2027ko
    martxoaren 12an", "ranar 15 ga Maris 2027"), kept when that pins a day and the first reading found no time at all
    or only a part of the cluster (its month, its year)."""
    # (a vague time the first reading found, "March 2027", is overridden only by a day written with its affix)
    wider, said = assemble_dates(with_extra_months(newest[:EXTRA_MONTHS_LIMIT], dates), dates.world,
                                 marked_only=choice.ambiguous,
                                 support=lambda s: bool(dates.target_cues.search(s) or dates.world.date_topic.search(s)))
    if not said:
        return parts, choice
    if choice.text is not None and not any(_overlaps(choice.text, s) for s in said):
        return parts, choice  # (the first reading's vague time is another one: "early March ... 12 ta' Frar")
    wider = words_as_digits(wider, dates)
    again = _rejoin_date_spans(_rejoin_month_abbreviations(clauses(wider), dates.months), wider)
    found = choose_date(again, today, dates)
    if found.ambiguous and found.text is not None and choice.text is None:
        return again, found  # (a month of a year named, its day refused or left open: asked again)
    if found.value is None or found.ambiguous:
        return parts, choice
    return again, found


def _within_read(newest: str, parts: list[str], choice: DateChoice, today: date, dates) -> tuple[list[str], DateChoice]:
    """The reply read again with each 'within N units' span of any language written "in N <unit>s" (reply_within:
    "I gceann sé seachtaine", "per 45 dienas"), kept when that pins a day."""
    wider, said = within_spans(newest[:EXTRA_MONTHS_LIMIT], dates.world)
    if not said or any(dates.past.search(p.lower()) for p in clauses(newest[:EXTRA_MONTHS_LIMIT])
                       if any(x in p for x in said)):
        return parts, choice  # (a span in a clause told in the past: "... finished in six weeks")
    again = _rejoin_date_spans(_rejoin_month_abbreviations(clauses(wider), dates.months), wider)
    found = choose_date(again, today, dates)
    if found.value is None or found.ambiguous:
        return parts, choice
    if len(said) == 1:  # ("3 xhur oħra" after 'for', "2 zuwa 3", ...)
        found = _count_span_checked(newest, said[0], found, dates)
        if found.text is None:
            return parts, choice
    return again, found


_COUNT_SPAN_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_A_COUNT = re.compile(r"(?<![\d./:-])\d{1,3}(?![\d./:])")


def _count_span_patterns(dates):
    rx = _COUNT_SPAN_CACHE.get(dates)
    if rx is None:
        ph = dates.world.P
        joiners = rf"(?:[-–]|\s+(?:{_alt(ph.COUNT_RANGE_JOINER)})\s+)"
        glued = [w for w in ph.DURATION_BEFORE if not _LATIN_OR_CYRILLIC.match(w)] or ["(?!)"]
        rx = (re.compile(rf"(?:^|\s)(?:{_alt(ph.DURATION_BEFORE)})\s*$|(?:{_alt(glued)})\s*$", re.I),
              re.compile(rf"^\s*(?:{_alt(ph.DURATION_AFTER)})(?![^\W\d_])", re.I),
              re.compile(rf"\d\s*{joiners}\s*$", re.I),
              re.compile(rf"^\s*{joiners}\s*\d+(?![\w-])", re.I),  # (a bare count: not "a 2-day freeze", "and 2nd")
              re.compile(rf"[^\W\d_]{{2,}}(?:{_alt(ph.ABLATIVE_ENDINGS)})\s*$", re.I),
              re.compile(rf"(?<![^\W\d_])(?:{_alt(ph.ABLATIVE_FROM_NOW)})\s*$", re.I))
        _COUNT_SPAN_CACHE[dates] = rx
    return rx


_LATIN_OR_CYRILLIC = re.compile(r"^[\u0000-\u052f\u1e00-\u1eff]+$")  # scripts written with spaces between words


def _count_span_kind(text: str, span: str, dates) -> str | None:
    """What a time read as 'in N units' really is, from the words around its span in the text: 'length' ("for 3
    months", "3 oy davomida", "còn 3 tháng nữa": how long, not when), 'range' ("2 veya 3 hafta içinde", "2-3 weeks",
    "makonni 2 zuwa 3": no one day) or 'anchored' (an ablative right before it: "İmzadan 3 ay sonra", counted from
    an event); None for a time from now, or a span with a month or a year in it (a date: "for 15 March")."""
    duration_before, duration_after, range_before, range_after, ablative, from_now = _count_span_patterns(dates)
    low, sp = text.lower(), span.lower().strip()
    at = low.find(sp)
    count = _A_COUNT.search(sp)
    if at < 0 or not count or re.search(r"20\d\d", sp) or any(
            w in dates.world.months or w in dates.months for w in re.findall(r"[^\W\d_]+", sp)):
        return None
    before, after = low[max(0, at - 40) : at], low[at + len(sp) : at + len(sp) + 40]
    inner = sp[: count.start()]  # words of the span before its count ("en 3 weken": 'en')
    if range_before.search(before + inner) or range_after.search(after) or (
            inner.strip() and re.search(r"\d\s*$", before)):
        return "range"
    if duration_before.search(before + inner) or duration_after.search(after):
        return "length"
    if not inner.strip() and ablative.search(before) and not from_now.search(before):
        return "anchored"
    return None


def _count_span_checked(text: str, span: str | None, choice: DateChoice, dates) -> DateChoice:
    """The choice with a span read as 'in N units' checked by _count_span_kind: a length is no date, a range or a
    span counted from an event is a time named but no day."""
    if choice.value is None or choice.ambiguous or not span:
        return choice
    kind = _count_span_kind(text, span, dates)
    if kind == "length":
        return DateChoice(None, False, None, 0.0)
    if kind in ("range", "anchored"):
        return DateChoice(None, True, choice.text, choice.score)
    return choice


_SIGN_OFF_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _sign_off_patterns(dates):
    rx = _SIGN_OFF_CACHE.get(dates)
    if rx is None:
        ph = dates.world.P
        rx = (re.compile(rf"^\s*(?:{_alt(ph.SIGN_OFF)})[\s,.!]*$", re.I),
              re.compile(rf"(?<![^\W\d_])(?:{_alt(ph.STREET_BEFORE)})\.?\s+$", re.I),
              re.compile(rf"^\s+(?:{_alt(ph.STREET_AFTER)})(?![^\W\d_])", re.I))
        _SIGN_OFF_CACHE[dates] = rx
    return rx


def _before_sign_off(text: str, dates) -> str:
    """The reply's own words before a closing formula alone on a line (reply.phrases sign_off: "Saygılarımla,"): a
    signature's date ("... göndərildi", sent on) is no answer. (The first line may be a greeting or a thank-you.)"""
    sign_off = _sign_off_patterns(dates)[0]
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if sign_off.match(lines[i]):
            return "\n".join(lines[:i])
    return text


def _in_an_address(text: str, span: str | None, dates) -> bool:
    """The chosen day and month are a street's name and number ("Calle Mayo 15", "15 March Street")."""
    if not span:
        return False
    _, before, after = _sign_off_patterns(dates)
    low, sp = text.lower(), span.lower()
    at = low.find(sp)
    return at >= 0 and bool(before.search(low[max(0, at - 20) : at]) or after.match(low[at + len(sp) : at + len(sp) + 20]))


def _everyday_month_word(text: str, span: str | None, dates) -> bool:
    """The chosen day's month is an everyday word of the language its sentence is written in (reply.phrases
    month_everyday): written in lower case, with no year after its day, in a sentence with two or more of that
    language's function words ("Noong Marso 2027 may 15 user kami": Tagalog 'may', there is; the grammar read '2027
    may 15')."""
    if not span:
        return False
    ph = dates.world.P
    at = text.lower().find(span.lower())
    if at < 0:
        return False
    written = text[at : at + len(span)]
    start = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, at + len(span)) for c in ".!?\n") if i >= 0]
    words = re.findall(r"[^\W\d_]+", text[start : min(ends) if ends else len(text)].lower())
    for lang, months in ph.MONTH_EVERYDAY.items():
        function = set(ph.MONTH_EVERYDAY_LANGUAGE_WORDS.get(lang, ()))
        if sum(w in function for w in words) >= 2 and any(
                re.search(rf"(?<![^\W\d_]){re.escape(m)}(?![^\W\d_])(?!\W+\d{{1,2}}\W+20\d\d)", written)
                for m in months):
            return True  # (matched case-sensitively: the lower-case word only)
    return False


def _overlaps(first: str, cluster: str) -> bool:
    """Whether the time the first reading found is a piece of the cluster ("Maris 2027" of "15 ga Maris 2027"), not a
    time of its own ("Anfang April, am 2. Mai 2027 ...": early April stays unpinned)."""
    a, b = first.lower(), cluster.lower()
    return a in b or set(re.findall(r"\w+", a)) <= set(re.findall(r"\w+", b))


def _gregorian_era_years(text: str, dates) -> str:
    """An era year ("令和10年3月31日", "民國116年") as its Gregorian year (reply.phrases era_year_zero): the era's
    number alone would read as a day without a year."""
    table = dates.world.P.ERA_YEAR_ZERO
    if not any(name in text for name in table):
        return text
    rx = re.compile(rf"({'|'.join(sorted(map(re.escape, table), key=len, reverse=True))})\s*(\d{{1,3}}|元)\s*(?=年)")
    return rx.sub(lambda m: str(table[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2)))), text)


def parse_reply(item: dict, rules) -> dict:
    """{"id", "support_level", "target_date", "date_ambiguous", "reason"} for one reply line."""
    today = item_today(item)
    raw = normalise_numbers(item.get("text") or "")  # digits of every script as ASCII ones (reply_numerals)
    newest, _quoted = split_history(raw)
    if not newest.strip():
        newest = _after_forwarded_block(raw, rules)
    dates = date_lexicon(rules)
    newest = _gregorian_era_years(newest, dates)
    newest = _before_sign_off(newest, dates)  # ("Saygılarımla,\nAhmet\n<the day it was sent>")
    newest = _without_quoted_earlier_words(_cut_quoted_history(newest, rules)[:READ_LIMIT], rules)
    newest = _fix_tier_typos(fix_month_typos(newest, dates))
    newest = words_as_digits(newest, dates)  # "двадцяте лютого", "wiki tatu" (reply_numberwords)
    newest = glossed_days_as_written(newest, dates)  # "15 دی (5 ژانویه)" (reply_dates)
    parts = _rejoin_date_spans(_rejoin_month_abbreviations(clauses(newest), dates.months), newest)
    level = reply_level(_asides_keep_today(newest, parts, dates.world), list(item.get("current_tags") or []), rules)
    choice = choose_date(parts, today, dates)
    if choice.text is None:  # no date read: perhaps one with a month name of a language read only on demand
        # (the reply's first EXTRA_MONTHS_LIMIT characters: a second reading of a long reply costs as much again)
        wider = with_extra_months(newest[:EXTRA_MONTHS_LIMIT], dates)
        if wider != newest[:EXTRA_MONTHS_LIMIT]:
            wider = words_as_digits(wider, dates)  # ("двадесет други фебруар 2027")
            parts = _rejoin_date_spans(_rejoin_month_abbreviations(clauses(wider), dates.months), wider)
            choice = choose_date(parts, today, dates)
    if choice.value is None:  # no day pinned: perhaps a day, month and year standing together in another order
        parts, choice = _assembled(newest, parts, choice, today, dates)
    if choice.text is None:  # no time at all: perhaps 'within N units' with words of another language
        parts, choice = _within_read(newest, parts, choice, today, dates)
    choice = year_corrected(parts, choice, today, dates)  # "15 Feb 2026. Sorry, 2027 obviously"
    choice = _count_span_checked(newest, choice.text, choice, dates)  # ("for 3 months", "2 veya 3 hafta içinde")
    if choice.value is not None and _in_an_address(newest, choice.text, dates):
        choice = DateChoice(None, False, None, 0.0)  # ("Calle Mayo 15": a street)
    if choice.value is not None and _everyday_month_word(newest, choice.text, dates):
        choice = DateChoice(None, False, None, 0.0)  # ("... may 15 user kami": Tagalog 'there is')
    if choice.value is not None and choice.score < 1.9 and _date_left_open(parts, dates, rules):
        # "移行日は未定です" beside an error's date: with the move's date said to be open, a date no completion word
        # points at belongs to something else
        choice = DateChoice(None, False, None, 0.0)
    if choice.value is not None and not choice.ambiguous and _exact_day_open(parts, rules):
        # "somewhere between 8 and 12 March - we'll pick the exact day later": the reply itself says no day is fixed
        choice = DateChoice(None, True, choice.text, choice.score)
    if not choice.ambiguous and _counted_from_an_event(parts, choice, dates):
        # ("two weeks after the board meeting" with no day given: a time we cannot pin, so asked again)
        # "die Umstellung erfolgt am Tag nach Ablauf unseres Vertrags (der endet am 28.02.2027)": the move's day is
        # counted from an event whose day we did not pin; the day written is the event's, not the move's
        choice = DateChoice(None, True, choice.text, choice.score)
    if choice.text is None:
        date_reason = "no date given"
    elif choice.ambiguous:
        date_reason = f"'{choice.text}' does not name one day, so the date is asked again"
    else:
        date_reason = f"'{choice.text}' -> {choice.value.isoformat()}"
    return {
        "id": item.get("id"),
        "support_level": level.level,
        "target_date": None if choice.ambiguous or choice.value is None else choice.value.isoformat(),
        "date_ambiguous": bool(choice.ambiguous),
        "reason": f"Level: {level.reason}. Date: {date_reason}.",
    }
