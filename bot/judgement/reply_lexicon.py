"""Compiled date vocabulary: month names from dateparser's locale data plus the rules' date phrases."""
from __future__ import annotations

import re
import weakref

from bot.judgement.reply_phrases import Phrases
from bot.judgement.reply_world import MONTH_KEYS, WorldLexicon, anchored_elsewhere
from bot.judgement.textutil import word_alt as _alt

_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_I = re.IGNORECASE


def _month_names(languages: list[str], extra: dict[str, int]) -> tuple[dict[str, int], set[str]]:
    """All month names and abbreviations of the configured languages; full names are the longest form."""
    from dateparser.languages.loader import default_loader

    names: dict[str, int] = {}
    full: set[str] = set()
    for lang in languages:
        if lang == "ja":  # numeric months (4月) are matched by their own patterns
            continue
        info = default_loader.get_locale(lang).info
        for idx, key in enumerate(MONTH_KEYS, start=1):
            forms = [f.lower().rstrip(".") for f in info.get(key, [])]
            for f in forms:
                names.setdefault(f, idx)
            if forms:
                full.add(max(forms, key=len))
    for word, idx in extra.items():
        names.setdefault(word.lower(), idx)
    return names, full


def _drop(names: dict[str, int], stopwords) -> dict[str, int]:
    """Abbreviations that are everyday words ("2 out of 3") are not months."""
    stop = {w.lower() for w in stopwords}
    return {k: v for k, v in names.items() if k not in stop}


class DateLexicon:
    """Regexes built once per rules object; see reply.dates in the rules schema."""

    def __init__(self, cfg: dict, languages: list[str], ph: Phrases):
        self.cfg = cfg
        months, full = _month_names(languages, cfg.get("month_extra", {}))
        self.months = _drop(months, [*cfg.get("month_stopwords", []), *ph.MONTH_STOPWORDS_EXTRA])
        self.dotted_day_first = bool(cfg.get("dotted_day_first", True))
        self.ordinals = {k.lower(): v for k, v in cfg["ordinal_words"].items()}
        self.quarter_ordinals = {k.lower(): v for k, v in cfg["quarter_ordinals"].items()}
        self.numbers = {k.lower(): v for k, v in cfg["number_words"].items()}
        self.units = {w.lower(): unit for unit, words in cfg["unit_words"].items() for w in words}
        any_month = _alt(self.months)
        full_month = _alt(full)
        self._names_by_month: dict[int, list[str]] = {}
        for name, idx in self.months.items():
            self._names_by_month.setdefault(idx, []).append(name)
        # ('1º de março' reaches us as '1o de março'; Spanish "1ro de febrero", Malay "15hb Januari")
        day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|(?:o|ro|do|to|vo|mo|no)(?=\s+de\s)|hb|\.)?"
        year = r"(?P<y>20\d\d)"
        end, mid = cfg["end_words"], cfg["mid_words"]
        early, late = cfg["early_words"], cfg["late_words"]
        self._parts = [("end", re.compile(rf"^({end})$", _I)), ("mid", re.compile(rf"^({mid})$", _I)),
                       ("early", re.compile(rf"^({early})$", _I)), ("late", re.compile(rf"^({late})$", _I))]
        # year first is always year-month-day: 2027-01-15, 2027/01/15, 2027.01.15
        self.iso = re.compile(r"(?<![\d./])(?<!\d[-:])(?P<y>20\d\d)(?P<s>[-/.]|\.\s)(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?!\d)(?![.:/-]?\d)")  # also "2027. 04. 30."
        # "15. 1. 2027": dotted with spaces, as Czech, Slovak and German write it
        self.numeric_spaced = re.compile(r"(?<![\d.:/-])(?P<a>[0-3]?\d)\.\s(?P<b>[01]?\d)\.\s?(?P<y>20\d\d)\b")
        # A day and month with no year ("done by 20/01", "bis 20.01."), only right after a word that introduces a
        # deadline ("on 16.11" is a version, "24/7" a schedule, "3/4 of the projects" a fraction); a dotted pair
        # also needs its closing dot, as German writes it.
        self.numeric_short = re.compile(
            rf"\b(?:{cfg['short_date_cues']})\s+(?!24/7\b)(?P<a>[0-3]?\d)(?:(?P<sep>/)(?P<b>[0-3]?\d)|(?P<dsep>\.)\s?(?P<db>[0-3]?\d)\.)"
            r"(?![\d/:]|\.?\d|\s*(?:[kmgtp]i?b|bytes?|%|percent|x|times|ms|seconds?|minutes?|hours?)\b)", _I)
        self.numeric = re.compile(r"(?<![\d.:/-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>20\d\d|\d\d)(?![\d.:/-]\d)")
        self.ja_full = re.compile(r"(?P<y>20\d\d)年\s*(?P<m>[01]?\d)月\s*(?P<d>[0-3]?\d)日")
        self.ja_day = re.compile(r"(?<![年\d])(?P<m>[01]?\d)月\s*(?P<d>[0-3]?\d)日")
        self.ja_month_end = re.compile(r"(?:(?P<y>20\d\d)年\s*|(?P<rel>今年|来年|再来年)\s*)?(?P<m>[01]?\d)月末")
        self.ja_month_part = re.compile(r"(?:(?P<y>20\d\d)年\s*)?(?P<m>[01]?\d)月(?P<p>上旬|初旬|中旬|下旬)")
        self.ja_month_only = re.compile(r"(?:20\d\d年\s*)?[01]?\d月(?![\d末上初中下])(?!\s*\d+日)")
        self.dmy = re.compile(rf"(?<![\d.:/-]){day}(?:\s*|-)(?:de\s+|of\s+)?(?P<m>{any_month})\.?(?![a-zà-ÿ])"
                              rf"(?:(?:\s*,?\s*|-)(?:de\s+)?{year})?", _I)  # also "15-Jan-2027"
        self.mdy = re.compile(rf"(?<![a-zà-ÿ])(?P<m>{any_month})\.?\s+{day}(?![\d:])(?!\s*(?:{_alt(self.units)})\b)(?:\s*,?\s*(?<=[\s,]){year})?", _I)
        # "the twenty-third of February", "twenty third of Feb", "February the 23rd"; a hyphen in a compound may be a space
        ordinal = "|".join(re.escape(w).replace(r"\-", r"[\s-]") for w in sorted(self.ordinals, key=len, reverse=True))
        self.ordinal_of = re.compile(
            rf"(?<![a-zà-ÿ-])(?:the\s+)?(?P<o>{ordinal})\s+(?:day\s+)?of\s+(?P<m>{full_month})\b(?:,?\s+{year})?", _I)
        day_ordinal = "|".join(re.escape(w).replace(r"\-", r"[\s-]") for w, n in
                               sorted(self.ordinals.items(), key=lambda kv: len(kv[0]), reverse=True) if n > 0)
        not_may = _alt(f for f in full if f != "may")  # "we may first ..." is a verb, not 1 May
        self.month_ordinal = re.compile(
            rf"(?<![a-zà-ÿ])(?P<m>{not_may})\s+(?:the\s+)?(?P<o>{day_ordinal})(?![a-zà-ÿ-])(?:,?\s+{year})?", _I)
        self.month_part = re.compile(
            rf"(?<![a-zà-ÿ])(?P<p>{end}|{mid}|{early}|{late})(?:\s+of|\s+de|\s+del|\s+van|\s+di|-|\s+)\s*(?:the\s+)?(?:month\s+of\s+)?"
            rf"(?P<m>{any_month})\b\.?(?:\s+(?:de\s+)?{year})?", _I)  # "end of Feb", "mid-sept"
        self.month_only = re.compile(
            rf"\b(?:in|by|until|before|after|from|bis|im|vor|en|em|avant|antes de|entro|tegen|per)\s+"
            rf"(?P<m>{full_month})\b(?:\s+{year})?|(?<![a-zà-ÿ])(?P<m2>{full_month})\s+(?P<y2>20\d\d)", _I)
        self.quarter = [
            re.compile(rf"\bq(?P<q>[1-4])\b(?!-[a-z])(?:\s*[/']?\s*{year})?", _I),  # not "Q2-Analytics"
            # "2027年Q2", "2027-Q2", "2027 Q2" (a year first; CJK letters around it give no word boundary)
            re.compile(r"(?<!\d)(?P<y>20\d\d)\s*(?:年|년|-|/)?\s*q(?P<q>[1-4])(?![0-9a-z])", _I),
            re.compile(rf"(?<![a-zà-ÿ])(?P<qo>{_alt(self.quarter_ordinals)})\s+(?:quarter|quartal(?:s|es)?|trimestre|kwartaal)\b"
                       rf"(?:\s+(?:of|de|del|des|van|di)?\s*{year})?", _I),
            re.compile(rf"(?:{year}年\s*)?第(?P<q>[1-4])四半期"),
        ]
        self.this_quarter = re.compile(cfg["this_quarter_pattern"], _I)
        self.next_quarter = re.compile(cfg["next_quarter_pattern"], _I)
        self.this_month_end = re.compile(cfg["this_month_end_pattern"], _I)
        self.next_month_end = re.compile(cfg["next_month_end_pattern"], _I)
        self.year_end = re.compile(cfg["year_end_pattern"], _I)
        self.next_year_end = re.compile(cfg["next_year_end_pattern"], _I)
        self.last_month_day = re.compile(cfg["last_month_day_pattern"], _I)
        self.this_month_day = (re.compile(cfg["this_month_day_pattern"], _I) if cfg.get("this_month_day_pattern")
                               else None)
        # "the 20th of next month"; "on Tuesday the 17th" (a day with no month: the next one, or the last if past)
        day_words_ord = "|".join(re.escape(w) for w, n in sorted(self.ordinals.items(), key=lambda kv: -len(kv[0])) if n > 0)
        self.next_month_day = re.compile(rf"\bthe (\d{{1,2}}(?:st|nd|rd|th)|{day_words_ord}) of next month\b", _I)
        self.bare_day = re.compile(r"\b(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?the (\d{1,2})"
                                   r"(?:st|nd|rd|th)\b(?!\s+(?:of\b|day|week|month|time|century|anniversary))", _I)
        num = rf"(?P<n>\d{{1,3}}|{_alt(self.numbers)})"
        unit = rf"(?P<u>{_alt(self.units)})"
        self.relative = [
            re.compile(rf"(?<![a-zà-ÿ])(?:{cfg['in_words']})\s+{num}\s+{unit}\b{anchored_elsewhere(ph)}", _I),
            re.compile(rf"(?<![a-zà-ÿ]){num}\s+{unit}\s+(?:{cfg['from_now_words']})", _I),
            re.compile(rf"{num}\s*{unit}後", _I),
        ]
        season = cfg["season_words"]
        self.season = re.compile(
            rf"\b(?:{cfg['season_prefix']})(?:\s+|(?<=['’]))(?:the\s+)?(?:{season})\b(?:\s+20\d\d)?|\b(?:{season})\s+20\d\d|"
            r"(?:20\d\d年\s*)?[春夏秋冬](?:頃|ごろ|に|まで)", _I)
        self.vague = re.compile(cfg["vague_pattern"], _I)
        self.named_days = {k.lower(): tuple(int(x) for x in v.split("-")) for k, v in cfg.get("named_days", {}).items()}
        # a feast named as a deadline ("deadline is New Year's Eve", "an Silvester"), not a person named Silvester
        self.named_day = (re.compile(rf"\b(?:{cfg['short_date_cues']}|is|at|an|zu|à|la|para|op|per)\s+(?:the\s+)?"
                                     rf"(?P<day>{_alt(self.named_days)})(?![a-zà-ÿ])", _I) if self.named_days else None)
        # or the feast opening the clause as its subject ("New Year's Eve is the deadline", "Silvester ist der Stichtag";
        # not "Silvester from our team will run it")
        self.named_day_subject = (re.compile(rf"^\s*(?:the\s+)?(?P<day>{_alt(self.named_days)})(?=\s+(?:is|will be|would be|ist|wird|est|sera|es|será|è|sarà|is de)\s)", _I)
                                  if self.named_days else None)
        # "early Q2", "mid-Q3", "late in Q2": a part of a quarter is no day
        tail = r"(?:[\s-]+(?:of|in|del?|du|des|im|van|di))?[\s-]*(?:the\s+)?$"
        self.quarter_part = re.compile(rf"(?:^|\b)(?:{early}|{mid}|{late}){tail}", _I)
        self.quarter_end_word = re.compile(rf"(?:^|\b)(?:{end}){tail}", _I)
        # searched inside a quarter phrase's own text only ("end of next quarter", "końca przyszłego kwartału")
        self.quarter_end_inside = re.compile(cfg.get("quarter_end_words") or r"(?!)", _I)
        # "mid febuary", "end of Decmeber": a part word right before a (misspelled) month
        self.typo_part_before = re.compile(rf"(?:^|\b)(?:{end}|{mid}|{early}|{late})(?:\s+of|\s+de|-|\s)\s*(?:the\s+)?$", _I)
        self.past = re.compile(cfg["past_pattern"], _I)
        self.future = re.compile(cfg["future_pattern"], _I)
        # a tier chosen in the past tense ("zvolili jsme Ultimate", "wybraliśmy Premium") tells of the choice, not of
        # the move's day: it is no past cue for the dates beside it (reply.phrases decided_before)
        self.past_choice = re.compile(
            rf"(?<![^\W\d_])(?:{'|'.join(ph.DECIDED_BEFORE)})\s+(?:[^\W\d_]+\s+){{0,2}}"
            r"(?:premium|ultimate|gold|silver|bronze|starter)(?![^\W\d_])", _I)
        self.day_first = re.compile(cfg["day_first_pattern"], _I)
        self.month_first = re.compile(cfg["month_first_pattern"], _I)
        self.target_cues = re.compile(cfg["target_cues"], _I)
        self.non_target_cues = re.compile(cfg["non_target_cues"], _I)
        # a contract's start governed by the move ("Umstellung zum Vertragsbeginn am 1. April"): the move's day
        self.move_at_others_start = re.compile("|".join(ph.MOVE_AT_OTHERS_START), _I)
        self.world = WorldLexicon([*cfg.get("month_stopwords", []), *ph.MONTH_STOPWORDS_EXTRA], languages, ph)
        # "two weeks after new year", "3 days before 1 March": a span counted from a day (reply.phrases.offset_*)
        self.offset_numbers = {**self.world.number_words, **self.numbers}
        self.offset_units = {**{w: u for w, u in self.world.units.items()}, **self.units}
        # a month unit glued to its number where a script writes no spaces ("2か月後", "两个月后", "2개월 후")
        self.month_unit_glued = re.compile(_alt(ph.MONTH_UNIT_GLUED))
        self.span_from_day_particles = frozenset(ph.SPAN_FROM_DAY_PARTICLE)
        self.restating_words = frozenset(w.lower() for w in ph.RESTATING_WORD)
        # the words that may stand between a period no day pins and the day written right after it as its gloss
        # ("by the end of the fiscal year, on 30 June 2027", "antes de Semana Santa, el viernes 19 de marzo")
        self.apposition_words = frozenset(w.lower() for w in (*ph.APPOSITION_WORD, *ph.RESTATING_WORD))
        # a range of bare day numbers right after a period ("final de janeiro, algo entre dia 25 e 29"): a the first
        # day, b the last
        day_sfx = r"(?:st|nd|rd|th|er|º|\.)?"
        self.days_within = re.compile(
            r"[^.;!?\n\d]{0,40}?(?<![\d/.:-])(?P<a>[0-3]?\d)" + day_sfx
            + rf"\s*(?:[-–]|\s(?:{_alt(ph.DAY_RANGE_JOINER)})\s)\s*"
            r"(?:(?:the|el|o|le|den|dem|dia|day|il)\s+)?(?P<b>[0-3]?\d)" + day_sfx + r"(?![\d/.:,]\d)", _I)
        self.year_right_after = re.compile(rf"\s*(?:(?:{_alt(ph.YEAR_AFTER_PERIOD_JOINER)})\s+)?(20\d\d)(?!\d)", _I)
        # ("the day after Christmas": one day)
        span = (rf"(?<![^\W\d_])(?:(?P<n>\d{{1,3}}|{_alt(self.offset_numbers)})\s+(?P<u>{_alt(self.offset_units)})"
                rf"|(?P<theday>{_alt(ph.OFFSET_ONE_DAY)}))\s+"
                rf"(?:(?P<after>{_alt(ph.OFFSET_AFTER)})|(?P<before>{_alt(ph.OFFSET_BEFORE)}))\s+(?:the\s+)?")
        # (a few words may name the day between: "6 weeks after our kickoff on 2027-01-04")
        self.offset_before_day = re.compile(span + r"(?:[^\W\d_]+[\s-]+){0,5}?(?:(?:on|am|le|el|il|op|the)\s+)?$", _I)
        # ... or by a relative clause after the event, which gives its day ("two weeks after the end of our code
        # freeze, which ends on 6 January", "due settimane dopo la fine del nostro code freeze, che termina il 6 gennaio")
        self.offset_event_which = re.compile(
            span + r"(?:[^\W\d_]+[\s-]+){0,7}?[^\W\d_]+\s*,\s*"
            rf"(?:{_alt(ph.OFFSET_EVENT_WHICH)})\s+(?P<clause>(?:[^\W\d_]+\s+){{0,3}}?)"
            r"(?:(?:on|am|le|el|il|op|the|den|o|la)\s+)?$", _I)
        # (the relative pronoun stands after a comma: "die" of "und die Umstellung", "that" of "so that" are none)
        # ... or counted from an event the clause names without its day ("am Tag nach Ablauf unseres Vertrags")
        self.offset_open = re.compile(span + r"(?=[^\W\d_])", _I)
        self.offset_span = re.compile(span, _I)  # any span ("2 weeks after"), where the patterns above may match
        # "two weeks after that", "zwei Wochen danach", "a doua zi după aceea": a span counted from the date written
        # before it (reply_dates.find_dates gives it that date)
        article = r"(?:the|our|le|la|les|l'|el|los|las|il|lo|o|os|as|der|die|das|dem|den|de|het|notre|nuestro)"
        self.offset_back = re.compile(
            rf"(?<![^\W\d_])(?:(?:{_alt(ph.OFFSET_BACK_PREFIX)})\s+)?"
            rf"(?:(?:(?P<n>\d{{1,3}}|{_alt(self.offset_numbers)})\s+(?P<u>{_alt(self.offset_units)})|(?P<theday>{_alt(ph.OFFSET_ONE_DAY)}))\s+"
            rf"(?:(?:{_alt(ph.OFFSET_BACK_AFTER)})\s+(?:{_alt(ph.OFFSET_BACK_THIS)})|(?:{_alt(ph.OFFSET_BACK_LATER)})(?!\s+{article}\s))"
            rf"|(?P<nextday>{_alt(ph.OFFSET_BACK_NEXT_DAY)})(?:\s+(?:(?:{_alt(ph.OFFSET_BACK_AFTER)})\s+)?(?:{_alt(ph.OFFSET_BACK_THIS)}))?"
            rf"(?!\s*(?:{_alt(ph.OFFSET_BACK_AFTER)})?\s*(?:the\s+)?\d))(?![^\W\d_])", _I)
        self.back_this = re.compile(rf"(?:{_alt(ph.OFFSET_BACK_THIS)})(?![^\W\d_])", _I)  # "two weeks before that"
        self.absence = re.compile("|".join(ph.ABSENCE), _I)
        self.absence_over = re.compile(rf"(?<![^\W\d_])(?:{_alt(ph.ABSENCE_OVER)})\s*$", _I)
        self.old_side_end = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(ph.OLD_SIDE_END)})(?![^\W\d_])", _I)
        # "nothing before Q2", "frühestens im April": the soonest a move may start, not its day
        self.lower_bound_before = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(ph.LOWER_BOUND_BEFORE)})\s*(?:(?:on|the|am|im|le|la|el|il|o|den|in)\s+)?$", _I)
        # (Chinese writes no space between 'not' and the date: "不是2月15日")
        self.denied_before = re.compile(rf"(?:(?<![^\W\d_])|(?<=[\u3400-\u9fff]))(?:{_alt(ph.DENIED_BEFORE)})(?:\s+|(?<=[\u3400-\u9fff])\s*)"
                                        rf"(?:(?:on|the|am|le|el|il|o|den)\s+)?$", _I)
        # a particle or a word glued to the date may stand between ("2월 15일이 아니라", "15 फ़रवरी नहीं,")
        self.denied_after = re.compile(rf"^\s*(?:{_alt(ph.DENIED_AFTER)})(?![^\W\d_])", _I)
        self.other_act = re.compile("|".join(ph.OTHER_ACT), _I)
        self.window_between = re.compile(rf"(?<![^\W\d_])(?:{_alt(ph.WINDOW_BETWEEN)})(?![^\W\d_])", _I)
        self.window_event = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(ph.WINDOW_EVENT)})(?![^\W\d_])", _I)
        wd = _alt(k for k in self.world.weekdays if len(k) >= 3 and k not in ph.WEEKDAY_NEAR_DATE_STOPWORDS)
        self.weekday_before = re.compile(rf"(?<![^\W\d_])(?P<w>{wd})[\s,.]*(?:the\s+|den\s+|der\s+|le\s+|el\s+|il\s+)?$", _I)
        self.weekday_after = re.compile(rf"^\s*[,(]?\s*(?P<w>{wd})(?![^\W\d_])", _I)
        self.offset_anchor_days = {k.lower(): tuple(int(x) for x in v.split("-")) for k, v in ph.OFFSET_ANCHOR_DAYS.items()}
        # ... not another calendar's new year written after the name ("Tahun Baru Imlek", "Tahun Baru Hijriah")
        self.offset_anchor = re.compile(span + rf"(?P<day>{_alt(self.offset_anchor_days)})(?![^\W\d_])"
                                        rf"(?!\s+(?:{_alt(ph.OFFSET_ANCHOR_OTHER_CALENDAR)})(?![^\W\d_]))", _I)
        months_any = _alt([*self.months, *(k for k, v in self.world.months.items() if v)])
        workday = rf"(?:(?P<last>{_alt(ph.LAST_WORKDAY_BEFORE)})|(?P<first>{_alt(ph.FIRST_WORKDAY_BEFORE)}))"
        self.workday = re.compile(rf"(?<![^\W\d_])(?:the\s+)?{workday}\s+(?:the\s+month\s+of\s+)?(?P<m>{months_any})(?![^\W\d_])"
                                  rf"(?:\s*,?\s*(?P<y>20\d\d))?", _I)

    def month_name_alt(self, month: int) -> str:
        """Every name of the month, in the core languages and the world's ("10/02/2027 (10 בפברואר)" settles the
        order too)."""
        world = [name for name, idx in self.world.months.items() if idx == month]
        return _alt([*self._names_by_month.get(month, []), *world])

    def part_of(self, word: str) -> str:
        for name, rx in self._parts:
            if rx.match(word):
                return name
        return "early"

    def number(self, word: str) -> int | None:
        word = word.lower()
        return int(word) if word.isdigit() else self.numbers.get(word)

    DAYS_PER_UNIT = {"day": 1, "week": 7, "fortnight": 14}

    def unit_of(self, word: str) -> str:
        return self.units.get(word.lower(), "day")

    @staticmethod
    def is_log_timestamp(low: str, hit) -> bool:
        """A date directly followed by a clock time is machine output, not a plan, unless a person wrote it as a time
        of day ("a window from 2027-01-16 00:00 to 2027-01-17 23:59"): seconds, a 'T' or a date that opens the
        line mark a log."""
        after = low[hit.end : hit.end + 12]
        if not re.match(r"[ T]?\d{1,2}:\d\d", after):
            return False
        return bool(re.match(r"(T\d{1,2}:\d\d|[ ]?\d{1,2}:\d\d:\d\d)", after, re.I)) or not low[: hit.start].strip()


def date_lexicon(rules) -> DateLexicon:
    """The compiled date vocabulary of a Rules object (cached while the object lives)."""
    lex = _CACHE.get(rules)
    if lex is None:
        langs = rules.section("detector").get("languages", ["en"])
        reply = rules.section("reply")
        lex = DateLexicon(reply["dates"], langs, Phrases(reply.get("phrases", {})))
        _CACHE[rules] = lex
    return lex
