"""parse_reply() on the kinds review 2 found wrong with invented inputs after the review 1 reply commits.
Every wording here is invented for this file."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


def parsed(rules, text, today="2026-11-23", tags=("sm_premium",)) -> tuple:
    out = reply(rules, text, tags=tags, today=today)
    return out["support_level"], out["target_date"], out["date_ambiguous"]


# a year correction may carry words about the year itself around it ('the year is', 'typo', 'of course', 'it must
# be ... ', 'not <old year>'); a noun of its own after the year still makes it another thing's year
YEAR_WORDS_AROUND_A_CORRECTION = [
    ("Ultimate, go-live 9 February 2027. Apologies, typo: the year is 2028.", "2028-02-09"),
    ("Ultimate. Wechsel am 9. Februar 2027. Korrektur: selbstverständlich 2028.", "2028-02-09"),
    ("Ultimate. Cambio el 9 de febrero de 2027. Corrección: el año es 2028.", "2028-02-09"),
    ("Ultimate. Overstap op 9 februari 2027. Correctie: dat moet 2028 zijn.", "2028-02-09"),
    ("Ultimate, go-live 9 February 2027. Correction: 2028, not 2027.", "2028-02-09"),
    ("Ultimate. Wechsel am 9. Februar 2027. Korrektur: das Jahr ist 2028.", "2028-02-09"),
]


@pytest.mark.parametrize("text, day", YEAR_WORDS_AROUND_A_CORRECTION)
def test_year_words_around_a_correction_re_date_the_day(rules, text, day):
    assert parsed(rules, text)[1:] == (day, False)


@pytest.mark.parametrize("text, day", [
    ("Ultimate, go-live 9 February 2027. Sorry, our 2028 budget is still pending.", "2027-02-09"),
    ("Ultimate, go-live 9 February 2027. Sorry, typo: the 2028 budget is still pending.", "2027-02-09"),
])
def test_a_year_with_a_noun_after_a_correction_keeps_the_day(rules, text, day):
    # (guard)
    assert parsed(rules, text)[1:] == (day, False)


# a contract's start that the move word governs ('the switch happens at the contract start on <day>') is the move's
# day; a contract word alone beside a day still owns it
MOVE_AT_THE_CONTRACT_START = [
    ("Premium. Der Wechsel erfolgt zum Vertragsbeginn am 1. Juni 2027.", "2027-06-01"),
    ("Premium. Der Wechsel erfolgt zum Vertragsstart am 1. Juni 2027.", "2027-06-01"),
    ("Premium. The switch happens at the contract start on 1 June 2027.", "2027-06-01"),
]


@pytest.mark.parametrize("text, day", MOVE_AT_THE_CONTRACT_START)
def test_a_contract_start_the_move_governs_is_the_moves_day(rules, text, day):
    assert parsed(rules, text)[1:] == (day, False)


def test_a_contract_renewal_day_stays_another_things(rules):
    # (guard)
    assert parsed(rules, "Premium. Unsere Vertragsverlängerung ist am 1. Juni 2027.")[1] is None


# 'what we have now' as the answer: after 'take', opening the reply behind a short pronoun, or with 'now' inside a
# verb-last clause; still no tier as the object of another verb
WHAT_WE_HAVE_NOW_ANSWERS = [
    "We will take what we have now for the move. Go-live 4 May 2027.",
    "Tego, co mamy teraz. Przejście 4 maja 2027.",
    "Das, was wir derzeit haben. Wechsel am 4. Mai 2027.",
    "Wir bleiben bei dem, was wir aktuell haben. Wechsel am 4. Mai 2027.",
]


@pytest.mark.parametrize("text", WHAT_WE_HAVE_NOW_ANSWERS)
def test_what_we_have_now_as_the_answer_is_todays_tier(rules, text):
    assert parsed(rules, text)[0] == "premium"


def test_what_we_have_now_after_another_verb_names_no_tier(rules):
    # (guard)
    assert parsed(rules, "We must repair what we have now. Go-live 4 May 2027.")[0] is None


# a tier beside a word for 'current' in Hungarian, South Slavic, Polish, Czech is today's, not the answer; the
# bought tier stands
CURRENT_TIER_NAMED_BESIDE = [
    "Az Ultimate-et választjuk. A frissítés a jelenlegi Premium szerveren még tart.",  # Hungarian
    "Izberemo Ultimate. Posodobitev na trenutnem Premium strežniku še traja.",  # Slovene
    "Biramo Ultimate. Nadogradnja na sadašnjem Premium serveru još traje.",  # Croatian
    "Wybieramy Ultimate. Aktualizacja na obecnym serwerze Premium jeszcze trwa.",  # Polish (guard: passed before)
]


@pytest.mark.parametrize("text", CURRENT_TIER_NAMED_BESIDE)
def test_a_tier_beside_a_current_word_is_not_the_answer(rules, text):
    assert parsed(rules, text)[0] == "ultimate"
