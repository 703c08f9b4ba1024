"""Numbers in any script as ASCII digits, before the date patterns read a reply: decimal digits of every script
Unicode knows (Eastern Arabic ١٥, Persian ۱۵, Devanagari १५, Bengali ১৫, Thai ๑๕, Myanmar, Khmer, full-width １５ ...),
and kanji numerals before a date or duration unit (二〇二七年二月二十六日, 三週間以内, 十二月)."""
from __future__ import annotations

import re
import unicodedata

# any decimal digit that is not ASCII (Unicode category Nd; matched in C, with no Python call per other letter)
_OTHER_DIGIT = re.compile(r"[^\D0-9]")


def ascii_digits(text: str) -> str:
    """Every decimal digit of another script as its ASCII digit, one for one (so offsets stay put)."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(0))), text)


_KANJI_DIGIT = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                "八": 8, "九": 9}
_KANJI_UNIT = {"十": 10, "百": 100, "千": 1000}
# a run of kanji numerals right before a calendar or duration unit (年 year, 月 month, 日/号 day, 週/周 week, か月 months)
_KANJI_NUMBER = re.compile(r"[〇零○一二两兩三四五六七八九十百千]+(?=\s*(?:年|月|日|号|號|か月|ヶ月|カ月|个月|個月|週|周|天|星期))")


def _kanji_value(run: str) -> int | None:
    if not any(ch in _KANJI_UNIT for ch in run):
        # digit by digit: 二〇二七 -> 2027 (a year), 十 alone is handled below
        return int("".join(str(_KANJI_DIGIT[ch]) for ch in run))
    total, digit = 0, None
    for ch in run:
        if ch in _KANJI_DIGIT:
            if digit is not None:
                return None  # 二三十: not a number one writes
            digit = _KANJI_DIGIT[ch]
        else:
            total += (1 if digit is None else digit) * _KANJI_UNIT[ch]
            digit = None
    return total + (digit or 0)


def kanji_digits(text: str) -> str:
    """Kanji numerals before a date or duration unit as ASCII digits: 二〇二七年二月二十六日 -> 2027年2月26日."""
    if text.isascii():
        return text

    def fix(m: re.Match) -> str:
        value = _kanji_value(m.group(0))
        return m.group(0) if value is None else str(value)
    return _KANJI_NUMBER.sub(fix, text)


def normalise_numbers(text: str) -> str:
    return kanji_digits(ascii_digits(text))
