"""SPEC "Operations": start-up and CLI errors are one line naming what is wrong; `check-config` lists every missing
or malformed setting at once; no secret is ever printed. In process; the same as real commands:
e2e/test_operator_errors.py."""
from __future__ import annotations

import json
import re
import socket

import pytest

from bot import cli
from bot.errors import ConfigError
from bot.settings import Settings
from tests.conftest import CLI_SETTINGS as FULL
from tests.conftest import free_port


def run(capsys, monkeypatch, env: dict, *argv: str) -> tuple[int, str, str]:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def without(*names: str) -> dict:
    return {k: v for k, v in FULL.items() if k not in names}


# --- check-config: everything at once -----------------------------------------------------------------------------
def test_check_config_lists_every_malformed_and_missing_setting_at_once(clean_env, capsys, monkeypatch):
    env = without("ZENDESK_WEBHOOK_SECRET", "GITLAB_TOKEN") | {
        "PORT": "abc", "ZENDESK_URL": "ftp://zd", "BOT_DRY_RUN": "maybe"}
    code, out, err = run(capsys, monkeypatch, env, "check-config", "--strict")
    lines = err.strip().splitlines()
    assert code == 2 and out == ""
    assert all(line.startswith("migration-bot: ") for line in lines), err
    for name in ("PORT", "ZENDESK_URL", "BOT_DRY_RUN", "ZENDESK_WEBHOOK_SECRET", "GITLAB_TOKEN"):
        assert len([line for line in lines if name + ":" in line]) == 1, (name, err)
    assert len(lines) == 5


def test_check_config_strict_lists_every_missing_setting(clean_env, capsys, monkeypatch):
    env = without("ZENDESK_WEBHOOK_SECRET", "SLACK_SIGNING_SECRET", "ZENDESK_EMAIL")
    code, out, err = run(capsys, monkeypatch, env, "check-config", "--strict")
    assert code == 2
    report = json.loads(out)
    assert [m.split(":")[0] for m in report["missing"]] == ["ZENDESK_WEBHOOK_SECRET", "SLACK_SIGNING_SECRET",
                                                            "ZENDESK_EMAIL"]
    assert len(err.strip().splitlines()) == 3 and "Traceback" not in err


def test_check_config_without_strict_reports_missing_settings_and_exits_0(clean_env, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, without("GITLAB_TOKEN", "SLACK_BOT_TOKEN"), "check-config")
    assert code == 0 and err == ""
    assert len(json.loads(out)["missing"]) == 2


def test_check_config_exits_with_the_code_its_help_states(clean_env, capsys, monkeypatch):
    help_text = cli.build_parser()._subparsers._group_actions[0].choices["check-config"].format_help()
    stated = re.findall(r"exit(?:s)? (?:code )?(\d)", " ".join(help_text.split()))
    assert stated, help_text
    code, _, _ = run(capsys, monkeypatch, without("GITLAB_TOKEN"), "check-config", "--strict")
    assert {int(n) for n in stated if n != "0"} == {code}


# --- start-up: one line naming every problem ------------------------------------------------------------------------
def test_start_up_names_every_malformed_setting_on_one_line():
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"PORT": "abc", "ZENDESK_URL": "ftp://zd", "BOT_WORKER_CONCURRENCY": "0"}, dotenv_path=None)
    message = str(caught.value)
    assert "\n" not in message
    assert all(name in message for name in ("PORT", "ZENDESK_URL", "BOT_WORKER_CONCURRENCY"))


def test_serve_names_every_missing_secret_on_one_line(clean_env, capsys, monkeypatch):
    env = without("ZENDESK_WEBHOOK_SECRET", "SLACK_SIGNING_SECRET") | {
        "DATABASE_URL": f"sqlite:///{clean_env / 'bot.db'}"}
    code, out, err = run(capsys, monkeypatch, env, "serve", "--port", "8099")
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1
    assert "ZENDESK_WEBHOOK_SECRET" in lines[0] and "SLACK_SIGNING_SECRET" in lines[0]
    assert not (clean_env / "bot.db").exists()


# --- DATABASE_URL spellings --------------------------------------------------------------------------------------
@pytest.mark.parametrize("given, used", [
    ("postgres://bot:pw@db.example.com:5432/prod", "postgresql://bot:pw@db.example.com:5432/prod"),
    ("postgres+psycopg://bot@db.example.com/prod", "postgresql+psycopg://bot@db.example.com/prod"),
    ("postgresql://bot@db.example.com/prod", "postgresql://bot@db.example.com/prod"),
])
def test_heroku_style_postgres_urls_are_accepted(given, used):
    """Heroku, Render and others hand out postgres://, which SQLAlchemy 1.4+ no longer reads: rewritten."""
    assert Settings.from_env({"DATABASE_URL": given}, dotenv_path=None).database_url == used


@pytest.mark.parametrize("url, named", [("mysql://db/x", "sqlite"), ("postgresql+psycopg2://db/x", "psycopg2"),
                                        ("postgres+psycopg2://db/x", "psycopg2")])
def test_an_unusable_database_url_is_named_with_what_would_work(url, named):
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"DATABASE_URL": url}, dotenv_path=None)
    assert "DATABASE_URL" in str(caught.value) and named in str(caught.value)
    assert "postgresql://" in str(caught.value)


# --- no secret on screen --------------------------------------------------------------------------------------------
def test_check_config_never_shows_a_database_password(clean_env, capsys, monkeypatch):
    env = FULL | {"DATABASE_URL": "postgresql://bot:hunter2@db.example.com/prod"}
    code, out, err = run(capsys, monkeypatch, env, "check-config")
    assert code == 0, err
    assert "hunter2" not in out + err
    assert json.loads(out)["settings"]["DATABASE_URL"] == "postgresql://bot:***@db.example.com/prod"


@pytest.mark.parametrize("name, value", [
    ("DATABASE_URL", "postgresql://bot:hunter2@db.example.com:port/prod"),
    ("DATABASE_URL", "mysql://bot:hunter2@db.example.com/prod"),
    ("ZENDESK_URL", "http://bot:hunter2@zendesk.example.com"),
    ("GITLAB_URL", "ftp://bot:hunter2@gitlab.example.com"),
])
def test_an_error_about_a_url_never_shows_its_password(clean_env, capsys, monkeypatch, name, value):
    code, out, err = run(capsys, monkeypatch, FULL | {name: value}, "check-config")
    assert code == 2 and name in err
    assert "hunter2" not in out + err


# --- serve --host ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv, host", [([], "0.0.0.0"), (["--host", "127.0.0.1"], "127.0.0.1"),
                                        (["--host", "localhost"], "localhost")])
def test_serve_passes_its_host_to_the_server(clean_env, capsys, monkeypatch, argv, host):
    import bot.web.server

    seen = {}
    port = free_port()
    monkeypatch.setattr(bot.web.server, "serve", lambda settings, **kw: seen.update(kw, port=settings.port) or 0)
    code, _, err = run(capsys, monkeypatch, FULL | {"DATABASE_URL": f"sqlite:///{clean_env / 'bot.db'}"},
                       "serve", "--port", str(port), *argv)
    assert code == 0, err
    assert seen["host"] == host and seen["port"] == port


@pytest.mark.parametrize("host", ["no-such-host.invalid", "192.0.2.1"])  # unknown; not an address of this machine
def test_serve_on_an_address_it_cannot_listen_on_is_one_line(clean_env, capsys, monkeypatch, host):
    code, out, err = run(capsys, monkeypatch, FULL | {"DATABASE_URL": f"sqlite:///{clean_env / 'bot.db'}"},
                         "serve", "--host", host, "--port", str(free_port()))
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1
    assert lines[0].startswith(f"migration-bot: configuration error: cannot listen on {host}:")
    assert not (clean_env / "bot.db").exists()


def test_serve_on_a_port_in_use_is_one_line(clean_env, capsys, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run(capsys, monkeypatch, FULL | {"DATABASE_URL": f"sqlite:///{clean_env / 'bot.db'}"},
                           "serve", "--host", "127.0.0.1", "--port", str(port))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err and "in use" in err


# --- bad arguments: one line, exit 2 -------------------------------------------------------------------------------
@pytest.mark.parametrize("argv, named", [(["serve", "--workers", "0"], "--workers"), (["run-due"], "--as-of"),
                                         (["cases", "--state", "bogus"], "bogus"), (["nonsense"], "nonsense"),
                                         (["check-config", "--strct"], "--strct")])
def test_a_bad_argument_is_one_line_naming_it(clean_env, capsys, argv, named):
    with pytest.raises(SystemExit) as caught:
        cli.main(argv)
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert caught.value.code == 2 and out == ""
    assert len(lines) == 1 and lines[0].startswith("migration-bot: ") and named in lines[0], err


def test_a_malformed_log_format_is_named_like_any_other_setting():
    with pytest.raises(ConfigError, match=r"LOG_FORMAT: must be text or json, got 'xml'"):
        Settings.from_env({"LOG_FORMAT": "xml"}, dotenv_path=None)
    assert Settings.from_env({"LOG_FORMAT": "json"}, dotenv_path=None).log_format == "json"


def test_under_log_format_json_the_fatal_line_is_a_json_object_too(clean_env, capsys, monkeypatch):
    env = FULL | {"LOG_FORMAT": "json", "DATABASE_URL": f"postgresql://bot:pw@127.0.0.1:{free_port()}/db"}
    code, out, err = run(capsys, monkeypatch, env, "worker")
    lines = [line for line in err.splitlines() if line.strip()]
    assert code != 0 and lines
    last = json.loads(lines[-1])  # every line a shipper reads is JSON, the one saying why it stopped included
    assert last["level"] == "ERROR" and "does not answer" in last["message"] and "pw" not in lines[-1]
    code, out, err = run(capsys, monkeypatch, env | {"LOG_FORMAT": "text"}, "worker")
    assert err.strip().splitlines()[-1].startswith("migration-bot: ")
