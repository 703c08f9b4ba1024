"""The built-in rules files (bot/rules/defaults/*.toml): short lines, patterns written as lists of alternatives
that the loader joins with "|", and BOT_RULES overrides giving a pattern as a string or as a list."""
from __future__ import annotations

import json
import re
import tomllib
from importlib import resources

import pytest

from bot.errors import ConfigError
from bot.rules.loader import DEFAULT_FILES, default_rules_data, join_patterns, load_rules

DEFAULTS = resources.files("bot.rules") / "defaults"
MAX_LINE = 200


def default_files():
    return sorted(p for p in DEFAULTS.iterdir() if p.is_file() and not p.name.startswith("."))


def pattern_paths(raw: dict, joined: dict, path: str = "") -> list[tuple[str, str]]:
    """(path, joined text) of every value that is a list in the files but a string once loaded."""
    out = []
    if isinstance(raw, dict):
        for k, v in raw.items():
            out += pattern_paths(v, joined[k], f"{path}/{k}".lstrip("/"))
    elif isinstance(raw, list) and isinstance(joined, list):
        for i, (v, j) in enumerate(zip(raw, joined)):
            out += pattern_paths(v, j, f"{path}/{i}")
    elif isinstance(raw, list):
        out.append((path, joined))
    return out


def raw_defaults() -> dict:
    """The default files as written, before joining (each file holds its own top-level keys)."""
    data: dict = {}
    for name in DEFAULT_FILES:
        part = tomllib.loads((DEFAULTS / name).read_text(encoding="utf-8"))
        assert not data.keys() & part.keys(), name
        data.update(part)
    return data


def test_default_files_are_the_toml_files_in_the_folder():
    assert sorted(DEFAULT_FILES) == [p.name for p in default_files()]


@pytest.mark.parametrize("name", DEFAULT_FILES)
def test_no_line_of_a_rules_file_is_longer_than_200(name):
    # No allowlist: a long alternative that is one group is split inside the group (see the note in detector.toml).
    long = [(n, len(line)) for n, line in enumerate((DEFAULTS / name).read_text(encoding="utf-8").splitlines(), 1)
            if len(line) > MAX_LINE]
    assert not long, f"{name}: lines longer than {MAX_LINE} characters (line, length): {long}"


def test_every_pattern_list_joins_into_a_regex_that_compiles():
    joined = default_rules_data()
    found = pattern_paths(raw_defaults(), joined)
    assert len(found) > 50, "the long patterns are expected as lists of alternatives"
    bad = []
    for path, text in found:
        assert isinstance(text, str) and text, path
        try:
            re.compile(text)
        except re.error as exc:
            bad.append(f"{path}: {exc}")
    assert not bad


def test_joining_leaves_lists_that_are_data_alone():
    data = default_rules_data()
    det, dates = data["detector"], data["reply"]["dates"]
    assert det["languages"] == ["en", "de", "fr", "es", "pt", "ja", "nl", "it"]
    assert data["offerings"]["saas"]["levels_sold"] == ["premium", "ultimate"]
    assert data["timings"]["reminder_days_before"] == [7, 1]
    assert dates["month_stopwords"] == ["out", "set", "ago"] and "fortnights" in dates["unit_words"]["fortnight"]
    assert all(isinstance(p, dict) and isinstance(p["re"], str) for p in det["offering_patterns"]["self_managed"])
    assert isinstance(det["move_pattern"], str) and "|" in det["move_pattern"]


def test_join_patterns_joins_with_a_bar_and_keeps_strings():
    out = join_patterns({"detector": {"move_pattern": ["a", r"\bb(c", r"d)\b"], "vendor_pattern": "x|y",
                                      "intrinsic_patterns": {"saas": ["p", "q"]},
                                      "offering_patterns": {"saas": [{"re": ["r", "s"], "w": 1.0}]},
                                      "languages": ["en", "de"]}})
    det = out["detector"]
    assert det["move_pattern"] == r"a|\bb(c|d)\b" and det["vendor_pattern"] == "x|y"
    assert det["intrinsic_patterns"] == {"saas": "p|q"}
    assert det["offering_patterns"] == {"saas": [{"re": "r|s", "w": 1.0}]}
    assert det["languages"] == ["en", "de"]


@pytest.mark.parametrize("suffix, content", [
    (".toml", "[detector]\nmove_pattern = [\n  # Swedish\n  '\\bflytt\\w*',\n  '\\bmigrer\\w*',\n]\n"),
    (".toml", "[detector]\nmove_pattern = '\\bflytt\\w*|\\bmigrer\\w*'\n"),
    (".json", json.dumps({"detector": {"move_pattern": [r"\bflytt\w*", r"\bmigrer\w*"]}})),
    (".json", json.dumps({"detector": {"move_pattern": r"\bflytt\w*|\bmigrer\w*"}})),
])
def test_an_override_may_give_a_pattern_as_a_list_or_a_string(tmp_path, suffix, content):
    path = tmp_path / f"rules{suffix}"
    path.write_text(content, encoding="utf-8")
    rules = load_rules(str(path))
    assert rules.section("detector")["move_pattern"] == r"\bflytt\w*|\bmigrer\w*"
    assert rules.section("detector")["problem_pattern"] == default_rules_data()["detector"]["problem_pattern"]


def test_an_override_list_in_a_nested_pattern_is_joined_too(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[reply.dates]\nend_words = ['end', 'ende']\n\n[detector.intrinsic_patterns]\n"
                    "saas = ['\\bshared runners?\\b', '\\bsaas-only\\b']\n", encoding="utf-8")
    rules = load_rules(str(path))
    assert rules.section("reply")["dates"]["end_words"] == "end|ende"
    assert rules.section("detector")["intrinsic_patterns"]["saas"] == r"\bshared runners?\b|\bsaas-only\b"


@pytest.mark.parametrize("content, named", [
    ("[detector]\nmove_pattern = 5\n", "detector/move_pattern"),
    ("[detector]\nmove_pattern = []\n", "detector/move_pattern"),
    ("[detector]\nmove_pattern = ['a', 3]\n", "detector/move_pattern/1"),
    ("[detector]\nmove_pattern = ['a', '']\n", "detector/move_pattern/1"),
    ("[reply]\nsame_level_pattern = {a = 'b'}\n", "reply/same_level_pattern"),
])
def test_a_malformed_pattern_override_is_a_config_error_naming_the_key(tmp_path, content, named):
    path = tmp_path / "rules.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_rules(str(path))
    message = str(exc.value)
    assert f": {named}: " in message and str(path) in message, message


def test_a_list_that_joins_into_a_bad_regex_is_a_config_error(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[detector]\nmove_pattern = ['\\b(?:move', 'migrate']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid regular expression"):
        load_rules(str(path))
