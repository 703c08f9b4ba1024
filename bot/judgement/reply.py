"""parse_reply: the support level and target date in a customer's answer (pure; never guesses a date)."""
from __future__ import annotations

import re
from datetime import date

from bot.judgement.reply_dates import DateChoice, choose_date
from bot.judgement.reply_levels import level_lexicon, reply_level
from bot.judgement.reply_lexicon import date_lexicon
from bot.judgement.textutil import clauses, split_history


def item_today(item: dict) -> date:
    """The item's reference day; the real date only when the caller gave none."""
    raw = item.get("today")
    return date.fromisoformat(raw[:10]) if raw else date.today()


_ENDS_WITH_WORD_DOT = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.$")
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def _rejoin_month_abbreviations(parts: list[str], months: dict[str, int]) -> list[str]:
    """"Date: Jan. 15th" is split after "Jan." like a sentence: glue a clause ending in a month abbreviation to the
    number that follows it."""
    out: list[str] = []
    for part in parts:
        m = _ENDS_WITH_WORD_DOT.search(out[-1]) if out else None
        first = _FIRST_WORD.match(part)
        if (m and m.group(1).lower() in months and part[:1].isdigit()) or (
                out and out[-1][-2:-1].isdigit() and out[-1].endswith(".") and first and first.group(0).lower() in months):
            out[-1] = f"{out[-1]} {part}"  # also "am 6.–7. | Februar": a German ordinal day before its month
        else:
            out.append(part)
    return out


def _date_left_open(parts: list[str], dates, rules) -> bool:
    """Some clause says the date is not decided yet ("Date TBD", "移行日は未定です")."""
    undecided = level_lexicon(rules).undecided
    return any(dates.world.date_topic.search(p) and undecided.search(p) for p in parts)


def parse_reply(item: dict, rules) -> dict:
    """{"id", "support_level", "target_date", "date_ambiguous", "reason"} for one reply line."""
    today = item_today(item)
    newest, _quoted = split_history(item.get("text") or "")
    dates = date_lexicon(rules)
    parts = _rejoin_month_abbreviations(clauses(newest), dates.months)
    level = reply_level(parts, list(item.get("current_tags") or []), rules)
    choice = choose_date(parts, today, dates)
    if choice.value is not None and choice.score < 1.9 and _date_left_open(parts, dates, rules):
        # "移行日は未定です" beside an error's date: with the move's date said to be open, a date no completion word
        # points at belongs to something else
        choice = DateChoice(None, False, None, 0.0)
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
