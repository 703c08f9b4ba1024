"""`migration-bot setup`: a missing setting, a bad argument or a service that does not answer is one line and a
non-zero exit; `setup slack` prints the manifest as JSON on stdout."""
from __future__ import annotations

import json
import logging

import pytest

from bot import cli


@pytest.fixture(autouse=True)
def keep_logging():
    """cli.main() routes the root and dbos loggers to the stderr of the moment (pytest's capture, closed later): put
    the handlers back, so a later test in this process that logs (a DBOS worker) does not write to a closed file."""
    saved = [(lg, list(lg.handlers), lg.level, lg.propagate) for lg in (logging.getLogger(), logging.getLogger("dbos"))]
    yield
    for logger, handlers, level, propagate in saved:
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse's errors exit (with the project's one-line message)
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("service, named", [
    ("zendesk", "BOT_PUBLIC_URL, ZENDESK_URL, ZENDESK_EMAIL, ZENDESK_API_TOKEN"),
    ("gitlab", "BOT_PUBLIC_URL, GITLAB_TOKEN, GITLAB_PROJECT, GITLAB_WEBHOOK_TOKEN"),
    ("slack", "BOT_PUBLIC_URL"),
])
def test_missing_settings_are_one_line_naming_them(clean_env, capsys, service, named):
    code, out, err = run(capsys, "setup", service)
    assert code == 2 and out == ""
    assert err == f"migration-bot: configuration error: {named}: required for `setup {service}` but not set\n"


@pytest.mark.parametrize("argv, says", [
    (["setup"], "the following arguments are required: service"),
    (["setup", "jira"], "invalid choice: 'jira'"),
    (["setup", "zendesk", "--reset-token"], "--reset-token: only `setup gitlab`"),
])
def test_bad_arguments_are_one_line(clean_env, capsys, monkeypatch, argv, says):
    monkeypatch.setenv("BOT_PUBLIC_URL", "https://bot.example.com")
    code, out, err = run(capsys, *argv)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1


def test_a_service_that_does_not_answer_is_one_line_exit_1(clean_env, capsys, monkeypatch):
    for name, value in {"BOT_PUBLIC_URL": "https://bot.example.com", "ZENDESK_URL": "http://127.0.0.1:9",
                        "ZENDESK_EMAIL": "bot@example.com", "ZENDESK_API_TOKEN": "tok-SECRET",
                        "BOT_RETRY_ATTEMPTS": "2", "BOT_RETRY_MAX_SECONDS": "1"}.items():
        monkeypatch.setenv(name, value)
    code, out, err = run(capsys, "setup", "zendesk")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "connection refused" in err
    assert "tok-SECRET" not in out + err


def test_setup_slack_prints_the_manifest_on_stdout(clean_env, capsys, monkeypatch):
    monkeypatch.setenv("BOT_PUBLIC_URL", "https://bot.example.com/")
    code, out, err = run(capsys, "setup", "slack", "--apply")
    assert code == 0 and "From a manifest" in err
    assert json.loads(out)["settings"]["interactivity"]["request_url"] == "https://bot.example.com/slack/interactions"
