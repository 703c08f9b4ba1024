"""What a long or plain reply costs the parser: the span patterns run only near a span, the on-demand month names
(reply_months_extra) read a bounded part of the reply, and the number-word vocabulary (reply_numberwords) is built
only for a reply with a month name or a time unit in it."""
from __future__ import annotations

import re

from bot.judgement import reply as reply_module
from bot.judgement import reply_numberwords
from bot.judgement.reply_lexicon import date_lexicon
from tests.unit.conftest import date_of


class _Counting:
    def __init__(self, pattern: re.Pattern):
        self.pattern, self.calls = pattern, 0

    def search(self, *args, **kwargs):
        self.calls += 1
        return self.pattern.search(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.pattern, name)


def test_the_relative_clause_pattern_runs_only_near_a_span(rules, monkeypatch):
    lex = date_lexicon(rules)
    counting = _Counting(lex.offset_event_which)
    monkeypatch.setattr(lex, "offset_event_which", counting)
    date_of(rules, "Premium. January 1 " * 600)
    assert counting.calls == 0
    assert date_of(rules, "Premium. Cutover two weeks after the end of our code freeze, which ends on 6 January.") == (
        "2027-01-20", False)
    assert counting.calls >= 1


def test_the_on_demand_month_names_read_a_bounded_part_of_a_long_reply(rules, monkeypatch):
    seen: list[int] = []
    real = reply_module.with_extra_months

    def recording(text, lex):
        seen.append(len(text))
        return real(text, lex)
    monkeypatch.setattr(reply_module, "with_extra_months", recording)
    date_of(rules, "ਜਨਵਰੀ 1 " * 6000)
    assert seen and max(seen) <= reply_module.EXTRA_MONTHS_LIMIT


def test_no_number_word_vocabulary_for_a_reply_without_a_month_or_unit(rules, monkeypatch):
    built: list[int] = []
    real = reply_numberwords.number_words

    def recording(world):
        built.append(1)
        return real(world)
    monkeypatch.setattr(reply_numberwords, "number_words", recording)
    lex = date_lexicon(rules)
    assert reply_numberwords.words_as_digits("Premium please, thanks a lot.", lex) == "Premium please, thanks a lot."
    assert built == []
    assert reply_numberwords.words_as_digits("Premium, in two weeks.", lex) == "Premium, in 2   weeks."
    assert built == [1]
