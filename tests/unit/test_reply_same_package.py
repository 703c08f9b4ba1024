"""'The same level' and the tier in everyday words: the package as people say it, the level noun with a verb before
'same', today's level named as the answer, a 'today' that only counts a span, the top one, a level still open.
Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


@pytest.mark.parametrize("text", [
    "Păstrăm același pachet, mulțumim.",  # Romanian: the package
    "Zůstaneme u stejného balíčku.",  # Czech
    "El mismo paquete, gracias.",  # Spanish
    "Samme pakke som i dag.",  # Danish
    "Уровень оставим тот же.",  # Russian: the level noun, a verb, then 'same'
    "Razina podrške ostaje ista.",  # Croatian
    "Το πακέτο μένει το ίδιο.",  # Greek
    "Şu anki seviye yeterli.",  # Turkish: today's level as the answer
    "موجودہ سطح ٹھیک ہے۔",  # Urdu
    "একই লেভেল থাকবে।",  # Bengali
])
def test_the_same_package_is_todays_level(rules, text):
    assert reply(rules, text, tags=("sm_premium",))["support_level"] == "premium"


def test_a_today_that_counts_a_span_names_no_tier_of_today(rules):
    out = reply(rules, "Ultimate, and within 30 days from today.", tags=("sm_premium",))
    assert out["support_level"] == "ultimate"


def test_the_top_one_is_the_top_tier(rules):
    assert reply(rules, "Plan: the top one, please.")["support_level"] == "ultimate"
    assert reply(rules, "Vi har valgt Guld-pakken.")["support_level"] == "ultimate"  # a legacy name before 'package'


@pytest.mark.parametrize("text", [
    "It's still open: finance wants the cheapest, the engineers want the top one.",
    "The plan is the same date as before.",  # a 'same' about the date
])
def test_no_level_where_none_is_said(rules, text):
    assert reply(rules, text, tags=("sm_premium",))["support_level"] is None


@pytest.mark.parametrize("text", [
    "Our current plan is to cut over on 15 January.",  # the schedule, not the tier
    "The actual plan: finish by 15 January.",
    "Der aktuelle Plan: Umzug bis 15. Januar.",  # German
    "The plan stays the same: cutover on 15 January.",
    "Our plan remains the same, we finish on 15 January.",
])
def test_the_plan_as_a_schedule_names_no_tier(rules, text):
    assert reply(rules, text)["support_level"] is None


@pytest.mark.parametrize("text", [
    "We stay on the current level, cutover 15 January.",
    "Same plan as now, cutover 15 January.",
])
def test_the_current_level_still_names_todays_tier(rules, text):
    assert reply(rules, text)["support_level"] == "premium"


@pytest.mark.parametrize("text", [
    "Of the dates you offered, 15 January is the best one for us.",  # the best date, not the top tier
    "Thanks for the options; the 22nd is the best one for our team.",
    "We compared three migration windows and the biggest one suits us.",
])
def test_the_best_one_said_of_anything_is_no_tier(rules, text):
    assert reply(rules, text)["support_level"] != "ultimate"


def test_the_top_one_still_names_the_top_tier(rules):
    assert reply(rules, "Package: the top one, please.")["support_level"] == "ultimate"


@pytest.mark.parametrize("text", [
    "We'll take the best one you have.",
    "We want the best one available, please.",
])
def test_the_best_one_taken_or_on_offer_is_the_top_tier(rules, text):
    assert reply(rules, text)["support_level"] == "ultimate"
