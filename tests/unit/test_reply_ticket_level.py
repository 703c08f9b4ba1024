"""ticket_level() and choose_date(require_cue=True): what the detector takes from a ticket about a move. Invented
wordings; each names the tier to have on the new offering in a way the detector's intent words alone missed."""
from __future__ import annotations

from datetime import date

import pytest

from bot.judgement.reply_dates import choose_date
from bot.judgement.reply_levels import ticket_level
from bot.judgement.reply_lexicon import date_lexicon


@pytest.mark.parametrize("clauses, level", [
    (["We are moving our self-managed server to Dedicated and will stay on Ultimate."], "ultimate"),
    (["We're keeping Gold, i.e. Ultimate, once we are on GitLab.com."], "ultimate"),
    (["Passiamo a GitLab.com e restiamo su Premium."], "premium"),
    (["Nous quittons notre serveur pour Dedicated, toujours en Ultimate."], "ultimate"),
    (["Przenosimy się na GitLab.com i bierzemy Premium."], "premium"),
    (["GitLab.com에서는 Premium으로 구매할 예정입니다."], "premium"),
    (["GitLab.comissa otamme Starter-tason."], "starter"),
    (["For the self-managed licence we'll buy Premium rather than Ultimate."], "premium"),
])
def test_ticket_level_reads_more_intents(rules, clauses, level):
    assert ticket_level(clauses, rules).level == level


def test_ticket_level_ignores_todays_tier(rules):
    assert ticket_level(["We are on Premium today and a pipeline fails."], rules).level is None


def test_a_ticket_takes_tomorrow_but_not_yesterday(rules):
    lex = date_lexicon(rules)
    today = date(2026, 11, 23)
    assert choose_date(["The cutover to GitLab.com is tomorrow."], today, lex, require_cue=True).value == date(2026, 11, 24)
    assert choose_date(["After yesterday's migration the approvals are gone."], today, lex, require_cue=True).value is None
