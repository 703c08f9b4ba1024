"""Support levels in customers' words: tier names, legacy names, "same as today", "one tier up"."""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from bot.judgement.reply_lexicon import date_lexicon
from bot.judgement.reply_world import apology_at_once
from bot.judgement.textutil import factor_word_boundary, normalise, word_alt as trie_alt

_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_I = re.IGNORECASE
# Contrast words split "we have Premium today, but we'll take Ultimate" into its two halves.
_SUBCLAUSE = re.compile(r",\s+|;\s+|\s(?:and|und|et|y|e|en|i|och|og|ja|ve|и|і|és|și|dan|và|και)\s", _I)
_CONTRAST = re.compile(r",?\s\b(?:but|however|aber|jedoch|mais|pero|mas|maar|ma|però|ama|fakat|ancak|ale|men|mutta|"
                       r"но|але|tapi|tetapi|namun|lakin|dar|αλλά|אבל|لكن|ولكن|लेकिन|nhưng|ali|lakini|ngunit|اما|لیکن|কিন্তু|ஆனால்)\b\s|,\s+de\s|、しかし|が、|但是|，但|하지만|그러나|지만\s", _I)


@dataclass
class LevelLexicon:
    tiers: dict[str, str]
    tier_re: re.Pattern
    same: re.Pattern
    up: re.Pattern
    down: re.Pattern
    undecided: re.Pattern
    alternative: re.Pattern
    intent: re.Pattern
    current: re.Pattern
    order: list[str]
    same_other: re.Pattern  # "the same time as today": a 'same' about something else
    level_noun: re.Pattern
    negation: re.Pattern  # a 'not' in a tier's own part of the sentence (reply.phrases tier_negation)
    negation_after: re.Pattern  # ... of those, the ones written after the tier (tier_negation_after)
    conditional: re.Pattern  # 'if', 'unless', 'otherwise': a 'not' in a condition decides no tier (tier_conditional)
    cannot_do_without: re.Pattern  # "can't do without", "ne peut pas se passer de": a 'not' that keeps (tier_cannot_do_without)
    no_negation: re.Pattern  # words that hold a 'not' of an unspaced script and mean no 'not' (tier_negation_inside_word)


# scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, Japanese, Chinese, Korean
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _words(words) -> str:
    """Whole words of spaced scripts (a space inside matches any run of spaces), anywhere in unspaced ones."""
    spaced = [w.lower() for w in words if not _UNSPACED.search(w)]
    unspaced = [w for w in words if _UNSPACED.search(w)]
    alts = []
    if spaced:  # a trie: the longest word wins, and it matches fast
        alts.append(rf"(?<![^\W\d_])(?:{trie_alt(spaced)})(?![^\W\d_])")
    if unspaced:
        alts.append(f"(?:{trie_alt(unspaced)})")
    return "(?:" + "|".join(alts) + ")"


def _alt_literal(words) -> str:
    """Literal words, longest first; a pattern that never matches when there are none."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"


def general_same_pattern(P) -> str:
    """'same' a few words before a level noun or 'now', or 'as' right before 'now' (see reply.phrases.same_words)."""
    same, now, level = _words(P.SAME_WORDS), _words(P.NOW_WORDS), _words(P.LEVEL_NOUNS)
    other = _words(P.SAME_OTHER_THING)  # "the same time as today" is about a time, not the tier
    # without a 'same' word before it, a level noun that also names a schedule ("our current plan is to cut over",
    # "the plan stays the same: cutover on 15 January") is no tier
    tier_only = _words([w for w in P.LEVEL_NOUNS if w.lower() not in {x.lower() for x in P.LEVEL_NOUNS_ALSO_SCHEDULE}])
    have, relative = _words(P.WHAT_WE_HAVE), _words(P.RELATIVE_WE_HAVE)
    # ('Premium is what we have now', 'Premium es lo que tenemos ahora': today's tier named, not kept)
    not_after_copula = "".join(rf"(?<!\b{re.escape(c)}\s)" for c in P.COPULA)
    # (a word may carry combining vowel signs, which are no letters to the regex: Hindi "वही जो अभी है")
    return (rf"{same}(?:[\s,:]*(?!{other})[^\W\d_][^\W\d_\u0900-\u097f\u0e00-\u0e7f]*(?:[\u0900-\u097f\u0e00-\u0e7f][^\s\d,:;.!?।]*)?){{0,2}}?[\s,:]*(?:{level}|{now})"
            rf"|{same}.{{0,3}}(?:{level})"  # 相同的级别, 같은 등급
            rf"|(?:{level})\s*(?:{same})"  # ระดับเดิม, 등급 동일
            # the level noun, a verb or two, then 'same' ("Пакет оставим тот же", "Razina ostaje ista", "Το επίπεδο
            # υποστήριξης παραμένει το ίδιο")
            rf"|(?:{tier_only})(?:\s+[^\s\d,.;:!?()]+){{1,2}}?\s+(?:{same})(?![^\W\d_])(?!\s*(?:{other}))"
            # today's level named as the answer ("Şu anki seviye", "موجودہ سطح ہی رہے گی", "the current level")
            rf"|(?<![^\W\d_]){now}\S{{0,4}}\s*(?:{tier_only})"
            rf"|{_words(P.AS_WORDS)}\s+{now}"
            # 'now' then 'same' in the scripts of languages that put the verb last (지금과 동일하게, ഇപ്പോഴത്തെ പോലെ,
            # همانند فعلی reversed): a particle or one short word may stand between
            rf"|(?=[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]){now}\S{{0,4}}(?:\s+\S{{1,6}})?\s*{same}"
            rf"|(?:跟|和|与|與|像)\s*(?:现在|現在|目前)\s*(?:一样|一樣|相同)"
            # 'what we have' after 'same (as)' or a level noun, or with 'now' right after it ("Same as what we have
            # today", "the package that we have today", "lo que tenemos ahora")
            rf"|{same}\s+(?:{_words(P.AS_WORDS)}\s+)?(?:{have}|{relative}|{_words(P.WE_HAVE)})"
            rf"|(?:{tier_only})\s+(?:{have}|{relative})"
            # ... and alone with 'now' only as the answer itself, at the start or after a word for 'keep' ("Nos
            # quedamos con lo que tenemos ahora"): "We need to fix what we have now" is about something else
            # (a short pronoun may stand between: "Zostajemy przy tym, co mamy teraz")
            # (or an opening pronoun: "To, co mamy teraz"; 'now' inside it where the verb comes last: "was wir jetzt haben")
            rf"|(?:^\s*(?:{_words(P.WHAT_WE_HAVE_PRONOUN)},?\s+)?|(?<![^\W\d_]){_words(P.KEEP_WHAT_WE_HAVE)}(?:\s+[^\W\d_]{{1,5}},?)?\s+)"
            rf"{not_after_copula}(?:{have}\s+{now}|{_words(P.WHAT_WE_HAVE_NOW)})"
            rf"(?!\s*[,:]?\s*{_words(P.COPULA)})")


def general_up_pattern(P) -> str:
    """A level noun beside a word for 'above' ("le niveau juste au-dessus", "o nível acima"), or 'one up' in CJK."""
    level, up = _words(P.LEVEL_NOUNS), _words(P.UP_WORDS)
    # one short word may stand between ("juste", "logo", "appena", "direkt")
    one = _words(P.ONE_WORDS)
    return (rf"(?:{level}|{one})\s+(?:[^\W\d_]{{2,8}}\s+)?{up}|{up}\s+(?:by\s+)?{one}\s+{level}|"  # "cao hơn một cấp"
            + "|".join(P.LEVEL_UP_GENERAL))


def _stems(words) -> str:
    """Words as the start of a word (a case or adjective ending may follow: "mostaninál", "ಈಗಿರುವ", "ಮಟ್ಟವೇ"), anywhere
    in unspaced scripts."""
    spaced = [w.lower() for w in words if not _UNSPACED.search(w)]
    unspaced = [w for w in words if _UNSPACED.search(w)]
    alts = []
    if spaced:
        alts.append(rf"(?<![^\W\d_])(?:{trie_alt(spaced)})")
    if unspaced:
        alts.append(f"(?:{trie_alt(unspaced)})")
    return "(?:" + "|".join(alts) + ")"


@dataclass
class _Nearby:
    now: re.Pattern
    same: re.Pattern
    level: re.Pattern
    up: re.Pattern
    one: re.Pattern
    other: re.Pattern


_NEARBY_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_NEAR = 30  # characters between two words that go together
_BESIDE = 12  # ... and between the level noun and the word that says which level
_SHORT_ANSWER = 4  # an answer of this many words that says 'same as now' speaks of the tier even with no level noun


def _nearby(world) -> _Nearby:
    found = _NEARBY_CACHE.get(world)
    if found is None:
        P = world.P
        norm = lambda words: [normalise(w) for w in words]  # as the reply is read (NFKC: Lao "ໜ" is "ຫນ")
        # ('now' and the level noun with their endings: "mostaninál", "ಈಗಿರುವ", "ಮಟ್ಟವೇ"; the other words whole)
        found = _Nearby(re.compile(_stems(norm(P.NOW_WORDS)), _I), re.compile(_words(norm(P.SAME_WORDS)), _I),
                        re.compile(_stems(norm(P.LEVEL_NOUNS)), _I),
                        re.compile(_words(norm([*P.UP_WORDS, *P.UP_WORDS_NEARBY])), _I),
                        # (a 'one' the number reader already wrote as a digit)
                        re.compile(_words(norm(P.ONE_WORDS)) + r"|(?P<digit>(?<![\d.,/:-])1(?![\d.,/:]))", _I),
                        re.compile(_words(norm(P.SAME_OTHER_THING)), _I))
        _NEARBY_CACHE[world] = found
    return found


def _close(a: list[re.Match], b: list[re.Match]) -> bool:
    return any(max(x.start(), y.start()) - min(x.end(), y.end()) <= _NEAR for x in a for y in b)


def relative_by_nearness(piece: str, world) -> tuple[bool, bool]:
    """(same tier as today, one tier up) from words standing near each other in any order, in any language whose
    words reply.phrases holds: 'now' and 'same' near each other with a level noun in the piece (or as the whole short
    answer), or 'now' right before a level noun as its adjective ("ಈಗಿರುವ ಮಟ್ಟವೇ": the level we have now); 'up' and
    'one' near each other with a level noun or 'now' in the piece ("Mataki ɗaya sama", "升級一級")."""
    n = _nearby(world)
    now = list(n.now.finditer(piece))
    level = list(n.level.finditer(piece))
    if not now and not level:
        return False, False
    same_words = list(n.same.finditer(piece))
    short = len(piece.split()) <= _SHORT_ANSWER
    # (the level noun right beside the 'same' or 'now' word: "Now the same issue happens on the level of the runner"
    # speaks of something else)
    beside = any(max(x.start(), y.start()) - min(x.end(), y.end()) <= _BESIDE for x in level for y in [*same_words, *now])
    same = bool(now and same_words and _close(now, same_words) and (beside or short) and not n.other.search(piece))
    if not same and now and level and short:  # 'now' as the level's adjective ("ఇప్పుడున్న స్థాయే")
        same = any(0 <= y.start() - x.end() <= 12 and " " not in piece[x.end() : y.start()].strip()
                   for x in now for y in level) and not n.other.search(piece)
    # (a 'one' the number reader wrote as the digit 1 counts only beside the level noun it counts, "1 level",
    # "Stufe 1 höher": "add 1 user" counts users; an 'up' word that is also another language's 'same' (Hausa 'sama',
    # 'above', is Indonesian 'same') is 'up' only beside a 'one' word, which has a language, not beside a digit)
    ups = list(n.up.finditer(piece))
    ones = [o for o in n.one.finditer(piece) if not o.group("digit") or any(
        0 <= y.start() - o.end() <= 2 or 0 <= o.start() - y.end() <= 2 for y in level)]
    words = [o for o in ones if not o.group("digit")]
    up = any(_close([u], words if any(u.start() < m.end() and m.start() < u.end() for m in same_words) else ones)
             for u in ups) and bool(level or now)
    return same, up


def level_lexicon(rules) -> LevelLexicon:
    lex = _CACHE.get(rules)
    if lex is None:
        reply, det = rules.section("reply"), rules.section("detector")
        ph = date_lexicon(rules).world.P
        tiers = {w.lower(): w.lower() for w in rules["levels"]}
        tiers.update({k.lower(): v for k, v in rules["legacy_tier_names"].items()})
        tiers.update({k.lower(): v for k, v in reply.get("tier_aliases", {}).items()})
        alt = "|".join(re.escape(t) for t in sorted(tiers, key=len, reverse=True))
        lex = LevelLexicon(
            tiers=tiers,
            # "Gold-level support" names a tier; "premium-features" does not.
            # (a case ending after a hyphen is still the tier: Hungarian "Ultimate-et", Finnish "Premium-tasoa",
            # Bengali "Ultimate-এর", Russian "Premium-а", Georgian "Ultimate-ს")
            # ("ex-Gold" is the old name of the tier the reply names: "le niveau Or (ex-Gold)")
            tier_re=re.compile(rf"(?:(?<![a-z0-9-])|(?<=\bex-)|(?<=[\u05d0-\u05ea]-))({alt})(?![a-z0-9]|-(?!level|tier|support|plan|stufe|niveau|nivel|taso|paket|pak|pack|pach|pacc|paqu|pacot|balí|csomag|seviye|nivå|abo|lizenz|licen|[a-zà-ÿőű]{{1,2}}(?![\w-])|[\u0400-\u06ff\u0900-\u0dff\u10a0-\u10ff\u3040-\u30ff\uac00-\ud7af]{{1,4}}(?![\w-]))\w)"
                               rf"(?!['\"’”]?\s+(?:{'|'.join(ph.TIER_WORD_IDIOMS)})\b)", _I),  # "our ultimate goal" is no tier
            same=re.compile(factor_word_boundary(reply["same_level_pattern"]) + "|" + general_same_pattern(ph), _I),
            up=re.compile(reply["level_up_pattern"] + "|" + general_up_pattern(ph), _I),
            down=re.compile(reply["level_down_pattern"], _I),
            undecided=re.compile(factor_word_boundary(reply["undecided_pattern"]), _I),
            alternative=re.compile(reply["alternative_pattern"], _I),
            intent=re.compile(factor_word_boundary(det["intent_pattern"]), _I),
            # (the reply's own list: the detector's current_pattern holds words for a tier once held, which a
            # reply uses in "as previously agreed: Ultimate")
            current=re.compile(factor_word_boundary("|".join(ph.TODAY_TIER_WORDS)), _I),
            order=list(rules["levels"]),
            # (no space in scripts without them: "現行と同じ手順で"; in Chinese the thing compared stands before 'as
            # now': "数据结构与当前一样")
            same_other=re.compile(rf"{_words(ph.SAME_WORDS)}\s*{_words(ph.SAME_OTHER_THING)}"
                                  rf"|{_words(ph.SAME_OTHER_THING)}\s*(?:与|和|跟|與)\s*{_words(ph.NOW_WORDS)}", _I),
            level_noun=re.compile(_words(ph.LEVEL_NOUNS), _I),
            negation=re.compile(_words(ph.TIER_NEGATION), _I),
            negation_after=re.compile(_words(ph.TIER_NEGATION_AFTER), _I),
            conditional=re.compile(_words(ph.TIER_CONDITIONAL), _I),
            no_negation=re.compile(_alt_literal(ph.TIER_NEGATION_INSIDE_WORD)),
            cannot_do_without=re.compile("|".join(rf"(?<![^\W\d_])(?:{p})(?![^\W\d_])" for p in ph.TIER_CANNOT_DO_WITHOUT), _I),
        )
        _CACHE[rules] = lex
    return lex


_FROM_TODAY_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _from_today(world) -> re.Pattern:
    """'from today', 'ab heute', 'a partir de hoy' (reply.phrases anchored_after + anchor_today)."""
    found = _FROM_TODAY_CACHE.get(world)
    if found is None:
        ph = world.P
        found = re.compile(rf"(?<![^\W\d_])(?:{_words(ph.ANCHORED_AFTER)})\s+(?:{_words(ph.ANCHOR_TODAY)})", _I)
        _FROM_TODAY_CACHE[world] = found
    return found


@dataclass
class LevelFinding:
    level: str | None
    reason: str


def current_level(rules, tags: list[str]) -> str | None:
    """Today's level from the org tags; None when the tags name several offerings at different levels."""
    levels = {rules.level_of(tags, o) for o in rules.paid_offerings(tags)}
    levels.discard(None)
    return levels.pop() if len(levels) == 1 else None


def _is_current(text: str, lex: LevelLexicon) -> bool:
    return bool(lex.current.search(text)) and not lex.same.search(text)


_NUMERIC_DATE = re.compile(r"\b(?:20\d\d[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:20)?\d\d)\b")
_PART_SEPARATORS = (",", ";", ":", " - ", " – ", "，", "、", "；", "،", "؛")


# Thai marks a phrase boundary with a space between Thai words ("ตอนนี้ใช้ Premium อยู่ บน SaaS จะซื้อ Ultimate")
_THAI_PHRASE_BREAK = re.compile(r"(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")


def _pieces(clauses: list[str]) -> list[str]:
    return [p for c in clauses for p in _CONTRAST.split(_THAI_PHRASE_BREAK.sub(", ", c)) if p and p.strip()]


def _mentions(piece: str, lex: LevelLexicon) -> list[tuple[str, str]]:
    return [(m.group(1), lex.tiers[m.group(1).lower()]) for m in lex.tier_re.finditer(piece)]


def reply_level(clauses: list[str], tags: list[str], rules) -> LevelFinding:
    """The level a customer answers with; today's level only where they say "same as now"."""
    lex = level_lexicon(rules)
    now = current_level(rules, tags)
    intended: list[tuple[str, str]] = []
    current: list[tuple[str, str]] = []
    world = date_lexicon(rules).world
    undecided = same = up = down = False
    refused: list[tuple[str, str]] = []
    hedged: list[tuple[str, str]] = []
    todays: list[tuple[str, str]] = []  # named beside "currently", "obecnie", "现在": today's, when another is named
    decided: list[tuple[str, str]] = []  # named after "chose", "settled on", "wybraliśmy"
    said: list[tuple[str, str]] = []  # named after "I said", "dije", "I told your colleague": said before
    previous: list[tuple[str, str]] = []  # the tiers the piece before named
    date_open_before = False  # the piece before said the date is still open
    from_today = _from_today(world)
    for piece in _pieces(clauses):
        # ("within 45 days from today": a 'today' that counts a span names no tier of today's)
        piece = from_today.sub(lambda m: " " * len(m.group(0)), piece)
        if previous and not lex.tier_re.search(piece) and world.refused_back.match(piece):
            # "We looked at Ultimate but decided against it": the tier of the piece before is turned down
            intended = [t for t in intended if t not in previous]
            decided = [t for t in decided if t not in previous]
            refused.extend(previous)
        found = []
        for m in lex.tier_re.finditer(piece):
            # hedges and "today" must be in the same part of the sentence: "Premium for now, we might go Ultimate
            # next year", "Obecnie mamy Premium, na GitLab.com kupimy Ultimate"
            left = max(piece.rfind(sep, 0, m.start()) for sep in _PART_SEPARATORS)
            right = min((i for i in (piece.find(sep, m.end()) for sep in _PART_SEPARATORS) if i >= 0), default=len(piece))
            part = piece[left + 1 : right]
            # "Premium - or maybe Ultimate, we'll see": a maybe after 'or' keeps both open, unlike "Premium now, maybe
            # Ultimate next year"
            maybe = bool(world.hedged_tier.search(part)) and not lex.alternative.search(part)
            # "Wir haben heute Silber und wollen Gold": 'today' binds within its own half of an 'and'
            cuts = [left + 1] + [left + 1 + x.end() for x in _SUBCLAUSE.finditer(part)] + [right]
            sub_start = max(c for c in cuts if c <= m.start())
            sub_end = min(c for c in cuts if c > m.start())
            now_part = piece[sub_start:sub_end]
            if maybe and world.current_tier.search(now_part) and not world.hedged_tier.search(now_part):
                maybe = False  # "We're on Premium today and might look at Ultimate next year": only Ultimate is a maybe
            if (world.current_tier.search(now_part) and not world.ticket_intent.search(now_part)
                    and not world.new_side.search(now_part)
                    and not lex.intent.search(now_part) and not lex.same.search(now_part) and not maybe):
                todays.append((m.group(1), lex.tiers[m.group(1).lower()]))
            mention = (m.group(1), lex.tiers[m.group(1).lower()])
            if world.decided_tier.search(piece[max(0, m.start() - 25) : m.start()]):
                decided.append(mention)  # "… and chose Ultimate", "settled on Premium"
            if world.said_tier.search(piece[max(0, m.start() - 40) : m.start()]):
                said.append(mention)
            # "not Ultimate", "dropping Gold", "moving from Premium", "Silver → Gold", "Ultimate is too expensive":
            # the tier they leave or turn down is not the one to buy
            if (world.not_this_tier.search(piece[max(0, m.start() - 30) : m.start()])
                    or world.refused_after.match(piece[m.end() : m.end() + 40])
                    or (world.tier_arrow.match(piece[m.end():]) and lex.tier_re.match(piece, world.tier_arrow.match(piece[m.end():]).end() + m.end()))):
                refused.append(mention)
            else:
                found.append(mention)
                if maybe:
                    hedged.append(mention)
        previous = list(found)
        near_same, near_up = relative_by_nearness(piece, world) if not found else (False, False)
        is_same = (bool(lex.same.search(piece)) and not (lex.same_other.search(piece) and not lex.level_noun.search(piece))
                   ) or (near_same and not near_up)
        same |= is_same
        up |= bool(lex.up.search(piece)) or near_up
        down |= bool(lex.down.search(piece))
        about_date = (world.date_topic.search(piece) or world.month_word.search(piece)
                      or _NUMERIC_DATE.search(piece)) and not found
        # ("Date TBD - depends on legal sign-off": the piece after an open date, naming no level, goes on about it)
        goes_on = date_open_before and not found and not lex.level_noun.search(piece) and not is_same
        date_open_before = bool(about_date and lex.undecided.search(piece)) or (goes_on and bool(lex.undecided.search(piece)))
        if lex.undecided.search(piece) and not about_date and not goes_on:
            undecided = True  # "Date TBD" leaves the date open, not the level
            if not found:
                continue
        elif not found:
            continue
        # "we're staying on Silver", "bleiben bei Gold": today's tier kept is the one to buy
        # (not a tier after a word of choosing: "We have decided on Ultimate")
        if (found and lex.current.search(piece) and not is_same and not lex.intent.search(piece)
                and not world.new_side.search(piece)
                and not world.ticket_intent.search(piece) and not any(m in decided for m in found)):
            # "we are on Starter today and want Premium on the new side": the part without a word of today names
            # the tier to buy
            subs = [sub for sub in _SUBCLAUSE.split(piece) if sub and lex.tier_re.search(sub)]
            later = [m for sub in subs if not (lex.current.search(sub) or world.current_tier.search(sub))
                     for m in found if m[0] in sub]
            if len(subs) > 1 and later:
                intended.extend(later)
                todays.extend(m for m in found if m not in later)
            else:
                current.extend(found)
        else:
            intended.extend(found)
    corrected = _corrected_level(clauses, lex, world)
    if corrected and len({lvl for _, lvl in intended}) > 1:
        # "Premium - actually, scratch that: Ultimate": the tier named after the correction replaces the other
        intended = [m for m in intended if m[1] == corrected[1]]
        return LevelFinding(corrected[1], f"level '{corrected[0]}' -> {corrected[1]} (it corrects the tier named before)")
    unsaid = [m for m in intended if m not in said]
    if (len({lvl for _, lvl in intended}) > 1 and said and len({lvl for _, lvl in unsaid}) == 1 and not undecided
            and not any(lex.alternative.search(c) for c in clauses)):
        intended = unsaid  # "dije Ultimate pero será Premium": the tier said before is the one taken back
    if len({lvl for _, lvl in intended}) > 1 and len({lvl for _, lvl in decided}) == 1:
        intended = [m for m in intended if m in decided]  # "We compared Premium and Ultimate and chose Ultimate"
    sure = [m for m in intended if m not in hedged]
    if len({lvl for _, lvl in intended}) > 1 and len({lvl for _, lvl in sure}) == 1:
        intended = sure  # "Premium for now, we might go Ultimate next year"
    new = [m for m in intended if m not in todays]
    if len({lvl for _, lvl in intended}) > 1 and len({lvl for _, lvl in new}) == 1:
        intended = new  # "Obecnie mamy Premium, na GitLab.com kupimy Ultimate": the one to buy wins
    if len({lvl for _, lvl in intended}) > 1 and not undecided:
        # "al final vamos con Premium, no con Ultimate", "Ultimate non ci serve, prendiamo Premium": of two tiers,
        # the one whose own part of the sentence says 'not' is turned down
        negated, plain = _negated_tiers(clauses, lex)
        keep = [m for m in intended if not (m[1] in negated and m[1] not in plain)]
        if len({lvl for _, lvl in keep}) == 1:
            intended = keep
    distinct = sorted({lvl for _, lvl in intended}, key=lex.order.index)
    words = ", ".join(f"'{w}'" for w, _ in intended)
    if len(distinct) > 1:
        return LevelFinding(None, f"several levels are still open ({words})")
    # ("Not sure yet, maybe Premium": a maybe in an undecided reply is no decision either)
    if distinct and undecided and (any(lex.alternative.search(c) for c in clauses)
                                   or all(m in hedged for m in intended)):
        return LevelFinding(None, f"the level is not decided yet ({words})")
    if (up or down) and now and distinct == [now]:
        intended = []  # "Bronze -> one level up": the named tier is today's, the step decides
        distinct = []
    if distinct:
        level = distinct[0]
        named = intended[0][0]
        how = "" if named.lower() == level else f" ({named} is the legacy name)"
        return LevelFinding(level, f"level '{named}' -> {level}{how}")
    if undecided:
        return LevelFinding(None, "the customer has not decided the level yet")
    if (up or down) and now:
        idx = lex.order.index(now) + (1 if up else -1)
        if 0 <= idx < len(lex.order):
            step = "one level above" if up else "one level below"
            return LevelFinding(lex.order[idx], f"{step} today's {now} (from the organization tags)")
        return LevelFinding(None, f"there is no level {'above' if up else 'below'} {now}")
    if same and now:
        return LevelFinding(now, f"'same level as today' resolved to {now} from the organization tags")
    if same:
        return LevelFinding(None, "'same level as today' but the organization tags do not give one level")
    text = " ".join(clauses)
    named_tiers = [(rx.search(text), level) for rx, level in
                   ((world.top_tier, lex.order[-1]), (world.middle_tier, lex.order[len(lex.order) // 2]),
                    (world.bottom_tier, lex.order[0]))]
    named_tiers = [(m, level) for m, level in named_tiers if m]
    if len(named_tiers) == 1 and not current:
        m, level = named_tiers[0]
        return LevelFinding(level, f"'{m.group(0)}' -> {level}")
    if current:
        return LevelFinding(None, f"only today's level is mentioned ({current[0][0]}), not the one to buy")
    return LevelFinding(None, "no support level given")


_PART_END = re.compile(r"[.!?。！？\n]|\s[-–—]\s|\.\.\.")


def _negated_tiers(clauses: list[str], lex: LevelLexicon) -> tuple[set[str], set[str]]:
    """(levels named with a 'not' in their own part of the sentence, levels named without one). A part runs between
    separators (commas, dashes, sentence ends, contrast words); a part naming two tiers tells neither."""
    negated: set[str] = set()
    plain: set[str] = set()
    for piece in _pieces(clauses):
        # "ตัวแทน" ('agent') holds "แทน" ('instead'): blanked, same length, so the tiers keep their places
        piece = lex.no_negation.sub(lambda x: " " * len(x.group(0)), piece)
        mentions = list(lex.tier_re.finditer(piece))
        for m in mentions:
            left = max([i + len(sep) - 1 for sep in _PART_SEPARATORS if (i := piece.rfind(sep, 0, m.start())) >= 0]
                       + [e.end() - 1 for e in _PART_END.finditer(piece, 0, m.start())] + [-1])
            ends = [i for i in (piece.find(sep, m.end()) for sep in _PART_SEPARATORS) if i >= 0]
            stop = _PART_END.search(piece, m.end())
            right = min(ends + ([stop.start()] if stop else []), default=len(piece))
            level = lex.tiers[m.group(1).lower()]
            if any(o is not m and left < o.start() < right for o in mentions):
                # two tiers in one part: only a 'not' right beside this one tells ("Premium αντί για Ultimate",
                # "프리미엄이 아니라 얼티밋으로")
                prev = max((o.end() for o in mentions if o.end() <= m.start()), default=left + 1)
                nxt = min((o.start() for o in mentions if o.start() >= m.end()), default=right)
                near = [x for x in lex.negation.finditer(piece, prev, m.start())
                        if m.start() - x.end() <= 4 and not lex.negation_after.fullmatch(x.group(0))]
                near += [x for x in lex.negation_after.finditer(piece, m.end(), nxt) if x.start() - m.end() <= 3]
                (negated if near else plain).add(level)
                continue
            # "we can't do without Ultimate", "Ultimate, because we can't live without the dashboards": two 'not's
            # that keep a thing are no 'not' of the tier
            part = lex.cannot_do_without.sub(" ", piece[left + 1 : m.start()] + " " + piece[m.end() : right])
            if lex.conditional.search(part) or lex.conditional.search(piece[right : right + 12]):
                # "Ultimate if the budget is not cut, otherwise Premium": a tier under a condition is still open
                plain.add(level)
                continue
            (negated if lex.negation.search(part) else plain).add(level)
    return negated, plain


def _correction_cues(text: str, lex: LevelLexicon, world) -> list[re.Match]:
    """The cues in `text` that withdraw a tier: words that withdraw ("I meant", "Korrektur"), and apologies the next
    tier follows at once ("Premium. Sorry, Ultimate"; not "Sorry for the delay - finance compared Premium ...")."""
    cues = list(world.correction.finditer(text))
    for m in world.apology.finditer(text):
        nxt = lex.tier_re.search(text, m.end())
        if nxt and apology_at_once(world, text[m.start() : nxt.start()]):
            cues.append(m)
    return sorted(cues, key=lambda m: m.start())


def _corrected_level(clauses: list[str], lex: LevelLexicon, world) -> tuple[str, str] | None:
    """(word, level) of the one tier named after a correction cue that follows another tier, else None; a tier
    turned down after the cue ("make that Ultimate, not Premium") is no second one."""
    text = " ".join(clauses)
    not_this = world.not_this_tier
    mentions = [(m.start(), m.group(1), lex.tiers[m.group(1).lower()]) for m in lex.tier_re.finditer(text)
                if not not_this.search(text[max(0, m.start() - 30) : m.start()])]
    for cue in reversed(_correction_cues(text, lex, world)):
        before = {lvl for pos, _, lvl in mentions if pos < cue.start()}
        after = [(w, lvl) for pos, w, lvl in mentions if pos >= cue.end()]
        if before and after:
            levels = {lvl for _, lvl in after}
            if len(levels) == 1 and not lex.alternative.search(text[cue.end():]) and levels != before:
                return after[0]
            # "Perdón, corrijo: finanzas no aprobó Ultimate, así que contrataremos Premium": the withdrawn tier named
            # again beside one new tier; the new one is the correction
            # ... named last, or the old one said to be turned down ("weil Premium nicht freigegeben wurde"); otherwise
            # the old one may be what was chosen in the end ("Actually we considered Premium, but Ultimate it is")
            new = [(w, lvl) for w, lvl in after if lvl not in before]
            refused = any(lvl in before and (world.not_this_tier.search(text[max(cue.end(), pos - 40) : pos])
                                             or world.refused_after.match(text[pos + len(w) : pos + len(w) + 40]))
                          for pos, w, lvl in mentions if pos >= cue.end())
            if (len(levels) == 2 and len({lvl for _, lvl in new}) == 1 and (after[-1][1] == new[0][1] or refused)
                    and not lex.alternative.search(text[cue.end():])):
                return new[0]
            return None
    return None


def ticket_level(clauses: list[str], rules) -> LevelFinding:
    """A level the ticket says will be bought on the new offering; today's tier does not count."""
    lex = level_lexicon(rules)
    world = date_lexicon(rules).world

    def intends(text: str) -> bool:
        return bool(lex.intent.search(text) or world.ticket_intent.search(text))

    def wanted(text: str) -> list[tuple[str, str]]:
        """Tier mentions, less those refused or left ("Premium rather than Ultimate", "moving from Gold")."""
        return [(m.group(1), lex.tiers[m.group(1).lower()]) for m in lex.tier_re.finditer(text)
                if not world.not_this_tier.search(text[max(0, m.start() - 30) : m.start()])]

    found: list[tuple[str, str]] = []
    for piece in _pieces(clauses):
        mentions = wanted(piece)
        if not mentions or not intends(piece):
            continue
        # "we're on your Bronze plan and moving to X, going with Premium there": the part that says what they buy
        def current(text: str) -> bool:
            return ((_is_current(text, lex) or bool(world.ticket_paying.search(text) or world.ticket_have.search(text)))
                    and not world.ticket_future_stay.search(text))

        scoped = [m for sub in _SUBCLAUSE.split(piece) if sub and intends(sub) and not current(sub)
                  for m in wanted(sub)]
        if scoped:
            found.extend(scoped)
        elif not current(piece):
            found.extend(mentions)
    for clause in clauses:  # "Perdón, quise decir Ultimate, no Premium": a later correction names the tier instead
        cues = _correction_cues(clause, lex, world) if found else []
        cue = cues[0] if cues else None
        after = wanted(clause[cue.end():]) if cue and not lex.alternative.search(clause[cue.end():]) else []
        if after:  # the first tier after the cue ("..., no Premium" after it is the one withdrawn)
            found = after[:1]
    distinct = {lvl for _, lvl in found}
    if len(distinct) == 1:
        named, level = found[0]
        return LevelFinding(level, f"states '{named}' as the level to buy")
    if len(distinct) > 1:
        return LevelFinding(None, "names several levels")
    return LevelFinding(None, "")
