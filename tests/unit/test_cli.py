"""SPEC "Command line", run in process: the offline judges (classify, parse-reply), check-config, cases, run-due.
The installed command as a subprocess (stdin, serve, replay, a closed pipe): e2e/test_cli_subprocess.py."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot import cli
from tests.conftest import CLI_SETTINGS as FULL
from tests.conftest import CLI_TICKETS as TICKETS
from tests.conftest import lines_of, make_cases

CLASSIFY_KEYS = {"id", "outcome", "confidence", "problem_offering", "paid_offering", "target_offering",
                 "support_level", "target_date", "reason"}
REPLY_KEYS = {"id", "support_level", "target_date", "date_ambiguous", "reason"}

REPLIES = [
    {"id": "R-ok", "today": "2026-11-23", "current_tags": ["sm_premium"],
     "text": "We will buy Ultimate; cutover on 2027-02-26."},
    {"id": "R-amb", "today": "2026-11-23", "current_tags": ["sm_premium"], "text": "Gold, around 03/04/2027."},
    {"id": "R-none", "today": "2026-11-23", "current_tags": ["sm_premium"], "text": "Not decided yet, sorry."},
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_jsonl(path: Path, items: list) -> Path:
    path.write_text("".join((item if isinstance(item, str) else json.dumps(item)) + "\n" for item in items))
    return path


# --- classify / parse-reply ---------------------------------------------------------------------------------------
def test_classify_from_file_one_line_per_input_in_order(clean_env, capsys):
    path = write_jsonl(clean_env / "t.jsonl", TICKETS)
    code, out, _ = run(capsys, "classify", str(path))
    results = lines_of(out)
    assert code == 0
    assert [r["id"] for r in results] == [t["id"] for t in TICKETS]
    for r in results:
        assert set(r) == CLASSIFY_KEYS
        assert r["outcome"] in ("act", "ask", "none") and 0.0 <= r["confidence"] <= 1.0
        assert r["paid_offering"] in ("self_managed", "saas", "dedicated", "both", "none")
        assert isinstance(r["reason"], str) and r["reason"]
    by_id = {r["id"]: r for r in results}
    assert by_id["T-move"]["outcome"] == "act" and by_id["T-move"]["target_offering"] == "saas"
    assert by_id["T-plain"]["outcome"] == "none" and by_id["T-free"]["paid_offering"] == "none"


def test_parse_reply_from_stdin_and_file_agree(clean_env, capsys, monkeypatch):
    path = write_jsonl(clean_env / "r.jsonl", REPLIES)
    code, from_file, _ = run(capsys, "parse-reply", str(path))
    assert code == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(path.read_text()))
    code, from_stdin, _ = run(capsys, "parse-reply")
    assert code == 0 and from_stdin == from_file
    results = lines_of(from_file)
    assert [r["id"] for r in results] == [r["id"] for r in REPLIES]
    assert all(set(r) == REPLY_KEYS for r in results)
    ok, amb, none = results
    assert (ok["support_level"], ok["target_date"], ok["date_ambiguous"]) == ("ultimate", "2027-02-26", False)
    assert amb["date_ambiguous"] is True and amb["target_date"] is None and amb["support_level"] == "ultimate"
    assert none["target_date"] is None and none["date_ambiguous"] is False


@pytest.mark.parametrize("command, good", [("classify", TICKETS[0]), ("parse-reply", REPLIES[0])])
def test_a_bad_line_gives_an_error_line_and_the_rest_still_runs(clean_env, capsys, command, good):
    path = write_jsonl(clean_env / "in.jsonl", [good, "this is not json", "[1, 2]", {**good, "id": "after"}])
    code, out, _ = run(capsys, command, str(path))
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 4
    assert results[0]["id"] == good["id"] and "error" not in results[0]
    assert "error" in results[1] and "error" in results[2]
    assert results[3]["id"] == "after" and "error" not in results[3]
    assert code != 0  # the caller learns that some lines failed


@pytest.mark.parametrize("bad", [
    {"id": "b-org", "org": "Crannock", "ticket": {"subject": "x", "description": "y"}},
    {"id": "b-ticket", "org": {"tags": ["sm_premium"]}, "ticket": "oops"},
    {"id": "b-comments", "org": {"tags": ["sm_premium"]}, "ticket": {"subject": "x", "description": "y",
                                                                     "comments": "abc"}},
])
def test_classify_survives_wrongly_typed_fields(clean_env, capsys, bad):
    path = write_jsonl(clean_env / "in.jsonl", [bad, TICKETS[1]])
    code, out, _ = run(capsys, "classify", str(path))
    results = lines_of(out)
    assert len(results) == 2 and "error" in results[0] and results[1]["id"] == "T-plain"


@pytest.mark.parametrize("command, line", [
    ("parse-reply", {"id": "no-text", "today": "2026-11-23", "current_tags": ["sm_premium"]}),
    ("parse-reply", {"id": "text-not-string", "text": ["Ultimate", "2027-03-01"]}),
    ("classify", {"id": "no-ticket", "org": {"tags": ["sm_premium"]}}),
])
def test_a_line_without_what_the_judge_reads_is_an_error_line_not_a_verdict(clean_env, capsys, command, line):
    code, out, _ = run(capsys, command, str(write_jsonl(clean_env / "in.jsonl", [line])))
    (result,) = lines_of(out)
    assert result["id"] == line["id"] and "error" in result and code == 1


@pytest.mark.parametrize("command, line, field", [
    ("classify", {"id": "tags-string", "org": {"tags": "sm_premium"}, "ticket": {"subject": "x", "description": "y"}},
     "org.tags"),
    ("classify", {"id": "bad-today", "today": "2026-02-30", "ticket": {"subject": "x", "description": "in two weeks"}},
     "today"),
    ("classify", {"id": "today-word", "today": "yesterday", "ticket": {"subject": "x", "description": "y"}}, "today"),
    ("classify", {"id": "subject-int", "ticket": {"subject": 5, "description": "y"}}, "ticket.subject"),
    ("classify", {"id": "comment-body", "ticket": {"subject": "x", "comments": [{"body": ["a"]}]}},
     "ticket.comments.0.body"),
    ("parse-reply", {"id": "tags-string", "text": "Ultimate, 2027-03-01", "current_tags": "sm_premium"},
     "current_tags"),
    ("parse-reply", {"id": "today-compact", "today": "20261201", "text": "Premium in two weeks"}, "today"),
])
def test_a_wrongly_typed_field_is_an_error_line_naming_it(clean_env, capsys, command, line, field):
    # before: tags as a string were read as no tags (a confident 'none'), a bad today passed unless a relative date
    # needed it, and other wrong types failed with messages that named no field
    code, out, _ = run(capsys, command, str(write_jsonl(clean_env / "in.jsonl", [line])))
    (result,) = lines_of(out)
    assert result["id"] == line["id"] and code == 1
    assert result.get("error", "").startswith(f"ValueError: {field}:"), result


@pytest.mark.parametrize("argv", [("worker",), ("replay",), ("run-due", "--as-of", "2027-03-01T00:00:00Z")])
def test_a_missing_setting_names_the_command_the_operator_ran(clean_env, capsys, argv):
    # before: replay and run-due said "required for `worker`", a command nobody had run
    code, _, err = run(capsys, *argv)
    assert code == 2 and f"required for `{argv[0]}` but not set" in err, err


# --- check-config -------------------------------------------------------------------------------------------------
def set_env(monkeypatch, values: dict) -> None:
    for key, value in values.items():
        monkeypatch.setenv(key, value)


@pytest.mark.parametrize("name, value", [("PORT", "abc"), ("PORT", "70000"), ("BOT_DRY_RUN", "maybe"),
                                         ("DATABASE_URL", "mysql://db/x"), ("ZENDESK_URL", "ftp://zd"),
                                         ("ZENDESK_EMAIL", "not-an-email"), ("BOT_RATE_LIMITS", "zendesk")])
def test_check_config_malformed_setting_exit_2_one_line_naming_it(clean_env, capsys, monkeypatch, name, value):
    set_env(monkeypatch, FULL | {name: value})
    code, out, err = run(capsys, "check-config")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and name in err
    assert out == ""


@pytest.mark.parametrize("name, value", [("BOT_RATE_LIMITS", "zendesk=0"), ("BOT_RATE_LIMITS", "gitlab=-5"),
                                         ("BOT_POLL_INTERVAL", "nan"), ("BOT_POLL_INTERVAL", "inf")])
def test_check_config_refuses_nonsense_numbers(clean_env, capsys, monkeypatch, name, value):
    set_env(monkeypatch, FULL | {name: value})
    code, _, err = run(capsys, "check-config")
    assert code == 2 and name in err


def test_check_config_valid_settings_and_rules_exit_0(clean_env, capsys, monkeypatch):
    rules = clean_env / "rules.toml"
    rules.write_text("[timings]\nmin_days_ahead = 10\n")
    set_env(monkeypatch, FULL | {"BOT_RULES": str(rules)})
    code, out, err = run(capsys, "check-config", "--strict")
    assert code == 0, err
    report = json.loads(out)
    assert report["missing"] == [] and report["rules"] == str(rules)
    assert report["settings"]["ZENDESK_WEBHOOK_SECRET"] != FULL["ZENDESK_WEBHOOK_SECRET"]  # secrets are hidden


@pytest.mark.parametrize("content, named", [("[timings]\nmin_days_ahead = \"ten\"\n", "min_days_ahead"),
                                            ("[timings]\nmin_days_ahead = -3\n", "min_days_ahead"),
                                            ("not toml [[", "rules.toml")])
def test_check_config_bad_rules_file_one_line_naming_it(clean_env, capsys, monkeypatch, content, named):
    rules = clean_env / "rules.toml"
    rules.write_text(content)
    set_env(monkeypatch, FULL | {"BOT_RULES": str(rules)})
    code, out, err = run(capsys, "check-config")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "BOT_RULES" in err and named in err


def test_check_config_strict_names_a_missing_setting(clean_env, capsys, monkeypatch):
    set_env(monkeypatch, {k: v for k, v in FULL.items() if k != "ZENDESK_WEBHOOK_SECRET"})
    code, out, err = run(capsys, "check-config", "--strict")
    assert code != 0 and "ZENDESK_WEBHOOK_SECRET" in out + err


def test_check_config_strict_missing_setting_exits_2_with_one_line(clean_env, capsys, monkeypatch):
    set_env(monkeypatch, {k: v for k, v in FULL.items() if k != "ZENDESK_WEBHOOK_SECRET"})
    code, out, err = run(capsys, "check-config", "--strict")
    assert code == 2
    assert [line for line in err.splitlines() if "ZENDESK_WEBHOOK_SECRET" in line]


# --- cases, run-due -------------------------------------------------------------------------------------------
def test_cases_lists_every_case_as_json_lines(clean_env, capsys, monkeypatch):
    url = f"sqlite:///{clean_env / 'bot.db'}"
    make_cases(url)
    monkeypatch.setenv("DATABASE_URL", url)
    code, out, _ = run(capsys, "cases")
    rows = lines_of(out)
    assert code == 0 and len(out.strip().splitlines()) == 3
    assert [(r["org_id"], r["state"]) for r in rows] == [("501", "awaiting_customer"), ("502", "info_received"),
                                                          ("503", "cancelled")]
    assert rows[1]["tickets"] == ["12", "13"] and rows[1]["target_date"] == "2027-03-01"
    assert rows[1]["support_level"] == "ultimate" and rows[0]["target_offering"] == "saas"
    code, out, _ = run(capsys, "cases", "--state", "cancelled")
    assert [r["org_name"] for r in lines_of(out)] == ["Halvard"]


def test_cases_on_an_empty_database_prints_nothing(clean_env, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{clean_env / 'empty.db'}")
    assert run(capsys, "migrate")[0] == 0  # a missing database file is refused, not created (test_operator_errors)
    code, out, _ = run(capsys, "cases")
    assert code == 0 and out == ""


@pytest.mark.parametrize("instant", ["yesterday", "2027-02-30T00:00:00Z", "", "2027-13-01"])
def test_run_due_with_an_invalid_instant_is_a_clear_error(clean_env, capsys, monkeypatch, instant):
    set_env(monkeypatch, FULL | {"DATABASE_URL": f"sqlite:///{clean_env / 'bot.db'}"})
    code, out, err = run(capsys, "run-due", "--as-of", instant)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--as-of" in err


def test_a_missing_input_file_is_one_line_not_a_traceback(clean_env, capsys):
    code, out, err = run(capsys, "classify", str(clean_env / "no-such-file.jsonl"))
    assert code == 2 and out == ""
    assert err.strip() == f"migration-bot: No such file or directory: {clean_env / 'no-such-file.jsonl'}"


@pytest.mark.parametrize("command, item", [("classify", TICKETS[0]), ("parse-reply", REPLIES[0])])
def test_a_byte_order_mark_before_the_first_line_is_read_past(clean_env, capsys, monkeypatch, command, item):
    # Windows tools write one; the webhooks accept it too
    path = clean_env / "bom.jsonl"
    path.write_text("\ufeff" + json.dumps(item) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, command, str(path))
    assert code == 0 and lines_of(out)[0]["id"] == item["id"] and "error" not in lines_of(out)[0]
    monkeypatch.setattr(sys, "stdin", io.StringIO(path.read_text(encoding="utf-8")))
    code, out, _ = run(capsys, command)
    assert code == 0 and "error" not in lines_of(out)[0]


def test_a_rules_file_given_with_the_flag_is_named_by_the_flag(clean_env, capsys, monkeypatch):
    monkeypatch.delenv("BOT_RULES", raising=False)
    code, out, err = run(capsys, "classify", "--rules", str(clean_env / "nope.toml"), "-")
    assert code == 2 and out == ""
    assert "--rules: cannot read" in err and "BOT_RULES" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("port", ["0", "99999", "-1", "http"])
def test_serve_with_a_port_out_of_range_is_one_line(clean_env, capsys, port):
    with pytest.raises(SystemExit) as exc:
        cli.main(["serve", "--port", port])
    _, err = capsys.readouterr()
    assert exc.value.code == 2 and len(err.strip().splitlines()) == 1 and "--port" in err and "65535" in err
