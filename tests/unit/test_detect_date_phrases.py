"""The phrase data of a ticket's completion date lives in detector.toml (cutover_pattern, other_day_pattern,
unnamed_month_end_pattern), one alternative per element, grouped by language and cue; the loader joins each list and
the detector reads it from there, so a rules file can change it."""
from __future__ import annotations

import pytest

import bot.judgement.detect as detect
from bot.judgement.detect import classify
from bot.rules.loader import default_rules_data, load_rules
from tests.unit.test_detect import ticket

KEYS = ("cutover_pattern", "other_day_pattern", "step_day_pattern", "unnamed_month_end_pattern")


@pytest.mark.parametrize("key", KEYS)
def test_the_default_rules_carry_the_date_phrase_lists_joined(key):
    value = default_rules_data()["detector"][key]
    assert isinstance(value, str) and value.count("|") >= 5


def test_no_date_phrase_data_is_left_in_the_detectors_code():
    assert not any(hasattr(detect, name) for name in ("_CUTOVER", "_OTHER_DAY", "_UNNAMED_MONTH_END"))


def _date(rules, said):
    item = ticket(["sm_premium"], "Import fails on GitLab.com",
                  "We are moving from our self-managed server to GitLab.com. On GitLab.com the group import fails "
                  "with error 500.", comments=[("requester", said)])
    return classify(item, rules, scorer=None)["target_date"]


def test_a_rules_file_changes_the_cutover_words(tmp_path):
    said = "Please note: wave 1 must be done by 15 January 2027 and the Endspurt must be done by 29 January 2027."
    assert _date(load_rules(), said) is None  # two completion days, no cutover word: no date
    path = tmp_path / "rules.toml"
    path.write_text("[detector]\ncutover_pattern = [\n  '\\bcut[- ]?over\\b',\n  '\\bendspurt\\b',\n]\n",
                    encoding="utf-8")
    assert _date(load_rules(str(path)), said) == "2027-01-29"


def test_a_rules_file_changes_the_words_before_a_day_that_is_no_completion_day(tmp_path):
    said = "Our admin is on sabbatical until 11 January 2027."
    assert _date(load_rules(), said) == "2027-01-11"
    path = tmp_path / "rules.toml"
    path.write_text("[detector]\nother_day_pattern = [\n  '\\bon sabbatical\\b[^.;]{0,60}$',\n]\n", encoding="utf-8")
    assert _date(load_rules(str(path)), said) is None


def test_a_rules_file_changes_the_unnamed_month_end(tmp_path):
    said = "We want to be finished by the end of the month."
    assert _date(load_rules(), said) is None
    path = tmp_path / "rules.toml"
    path.write_text("[detector]\nunnamed_month_end_pattern = '^never$'\n", encoding="utf-8")
    assert _date(load_rules(str(path)), said) == "2026-11-30"


@pytest.mark.parametrize("said, day", [
    # the old side still running until the move's own cutover word: the day is the cutover's, in every language the
    # list knows (other_day_pattern no longer repeats an English-only cutover tail; cutover_pattern is read for all)
    ("Der alte Server läuft noch bis zur Umstellung am 18. Januar 2027.", "2027-01-18"),
    ("O servidor antigo fica ainda até o corte em 18 de janeiro de 2027.", "2027-01-18"),
    ("L'ancien serveur tourne encore jusqu'à la bascule le 18 janvier 2027.", "2027-01-18"),
    ("El servidor viejo sigue todavía hasta el corte el 18 de enero de 2027.", "2027-01-18"),
    ("The old server stays until the go-live on 18 January 2027.", "2027-01-18"),
    # without a cutover word the day is still the old side's life, not the move's end
    ("Der alte Server läuft noch bis zum 31. Dezember 2026.", None),
    ("L'ancien serveur tourne encore jusqu'au 31 décembre 2026.", None),
    # a cutover word before the cue does not make the old side's day the cutover's
    ("Nach dem Stichtag läuft der alte Server noch bis zum 31. Dezember 2026.", None),
])
def test_a_day_the_old_side_runs_until_is_the_cutovers_only_with_a_cutover_word_after_the_cue(rules, said, day):
    assert _date(rules, said) == day


@pytest.mark.parametrize("said, expected", [
    # a numbered step's cutover is that step's day, not the move's end
    ("Cutover for phase 3 is 22 January 2027.", None),
    ("Wave 2 go-live is planned on 15 February 2027.", None),
    ("Die Umstellung von Welle 2 ist am 15. Februar 2027.", None),
    ("La bascule de la phase 2 est prévue le 15 février 2027.", None),
    # the move's own cutover, with a step named elsewhere in the message
    ("Phase 2 went fine. The final cutover is 22 January 2027.", "2027-01-22"),
    ("Cutover is 22 January 2027.", "2027-01-22"),
])
def test_a_numbered_step_of_the_move_has_its_own_day(rules, said, expected):
    assert _date(rules, said) == expected
