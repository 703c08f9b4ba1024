"""The assembler's cost per token does not grow with the number of languages' words for 'month' (review 1, section G:
a generator over every 'month' word of every language for each token took a tenth of a second on a long reply).
Counted in Python function calls, which do not depend on the machine's speed."""
from __future__ import annotations

import sys

import pytest

from bot.judgement.reply_assemble import assemble_dates
from bot.judgement.reply_lexicon import date_lexicon


def _calls(fn) -> int:
    count = [0]

    def prof(frame, event, arg):
        if event == "call":
            count[0] += 1
    sys.setprofile(prof)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count[0]


@pytest.mark.parametrize("token", ["1", "ក", "xyz"])
def test_a_long_run_of_tokens_costs_a_few_calls_each(rules, token):
    world = date_lexicon(rules).world
    assemble_dates("warm up 15 March", world)
    text = " ".join([token] * 1000)
    assert _calls(lambda: assemble_dates(text, world)) < 30 * 1000
