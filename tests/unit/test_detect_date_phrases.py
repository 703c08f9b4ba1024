"""The phrase data of a ticket's completion date lives in detector.toml (cutover_pattern, other_day_pattern,
unnamed_month_end_pattern), one alternative per element, grouped by language and cue; the loader joins each list and
the detector reads it from there, so a rules file can change it."""
from __future__ import annotations

import pytest

import bot.judgement.detect as detect
from bot.judgement.detect import classify
from bot.rules.loader import default_rules_data, load_rules
from tests.unit.test_detect import ticket

KEYS = ("cutover_pattern", "other_day_pattern", "unnamed_month_end_pattern")


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
