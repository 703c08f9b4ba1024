"""The year correction lives with the other date rules (reply_dates.year_corrected) and its 'moved into a year' words
are phrase data (reply.phrases year_moved_into), no longer a regex inside reply.py."""
from __future__ import annotations

from bot.judgement import reply
from bot.judgement.reply_dates import year_corrected
from bot.judgement.reply_lexicon import date_lexicon
from tests.unit.conftest import date_of


def test_the_year_correction_is_a_date_rule_with_its_words_in_the_phrase_data(rules):
    assert callable(year_corrected)
    assert not hasattr(reply, "_MOVED_INTO") and not hasattr(reply, "_year_corrected")
    assert {"to", "auf", "hasta", "до"} <= set(date_lexicon(rules).world.P.YEAR_MOVED_INTO)


def test_a_year_alone_after_an_apology_still_corrects_and_a_move_into_a_year_does_not(rules):
    assert date_of(rules, "Premium, cutover 15 Feb 2026. Sorry, 2027 obviously.") == ("2027-02-15", False)
    assert date_of(rules, "Premium, cutover 15 Feb 2027. Sorry, postponed to 2028.")[0] != "2028-02-15"
