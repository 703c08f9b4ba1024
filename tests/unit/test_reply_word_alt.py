"""textutil.word_alt, the one trie helper the reply modules build their word lists with (reply.py, reply_lexicon.py
and reply_world.py each had their own; reply_months_extra, reply_relative, reply_levels, reply_labels imported
reply_world's private one)."""
from __future__ import annotations

import re

from bot.judgement import reply, reply_labels, reply_lexicon, reply_levels, reply_months_extra, reply_world
from bot.judgement.textutil import word_alt


def test_the_longest_word_wins_and_a_space_matches_a_run_of_spaces():
    rx = re.compile(rf"(?:{word_alt(['end', 'end of', 'ende', 'en'])})", re.I)
    assert rx.match("End  of March").group(0) == "End  of"
    assert rx.match("ende").group(0) == "ende"
    assert rx.match("enx").group(0) == "en"
    assert re.compile(word_alt([])).search("anything") is None


def test_every_reply_module_uses_the_one_helper():
    assert reply._alt is word_alt
    assert reply_lexicon._alt is word_alt
    assert reply_world._alt is word_alt and reply_world._phrase_alt is word_alt
    assert reply_months_extra._alt is word_alt
    assert reply_labels._alt is word_alt
    assert reply_levels.trie_alt is word_alt
