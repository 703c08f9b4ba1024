"""What `serve` does before it listens: a BOT_RULES file is checked (a bad one is one line, exit 2, and nothing
starts), while the built-in rules, which the web process never reads, are not compiled at every start (0.9 s of
CPU; the worker checks them as it loads them). In process, with the server itself replaced."""
from __future__ import annotations

import pytest

import bot.rules.loader
from bot import cli
from tests.conftest import CLI_SETTINGS as FULL
from tests.conftest import free_port


@pytest.fixture
def served(clean_env, monkeypatch):
    import bot.web.server

    calls = {"serve": 0, "load_rules": []}
    load = bot.rules.loader.load_rules

    def load_rules(path=None, *args, **kwargs):
        calls["load_rules"].append(path)
        return load(path, *args, **kwargs)

    monkeypatch.setattr(bot.rules.loader, "load_rules", load_rules)
    monkeypatch.setattr(bot.web.server, "serve", lambda settings, **kw: calls.update(serve=calls["serve"] + 1) or 0)
    for key, value in (FULL | {"DATABASE_URL": f"sqlite:///{clean_env / 'bot.db'}"}).items():
        monkeypatch.setenv(key, value)
    return calls


def test_serve_on_the_built_in_rules_compiles_no_rules(served, capsys):
    assert cli.main(["serve", "--port", str(free_port())]) == 0, capsys.readouterr().err
    assert served["serve"] == 1 and served["load_rules"] == []


def test_serve_checks_a_rules_file_it_is_given(served, clean_env, capsys, monkeypatch):
    rules = clean_env / "rules.toml"
    rules.write_text("[timings]\nmin_days_ahead = 10\n")
    monkeypatch.setenv("BOT_RULES", str(rules))
    assert cli.main(["serve", "--port", str(free_port())]) == 0, capsys.readouterr().err
    assert served["serve"] == 1 and served["load_rules"] == [str(rules)]


@pytest.mark.parametrize("content, named", [("[timings]\nmin_days_ahead = -3\n", "min_days_ahead"),
                                            ("[detector]\nmove_pattern = ['\\b(?:move', 'migrate']\n", "regular expression"),
                                            ("not toml [[", "rules.toml")])
def test_serve_with_a_bad_rules_file_is_one_line_and_starts_nothing(served, clean_env, capsys, monkeypatch,
                                                                      content, named):
    rules = clean_env / "rules.toml"
    rules.write_text(content)
    monkeypatch.setenv("BOT_RULES", str(rules))
    code = cli.main(["serve", "--port", str(free_port())])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and served["serve"] == 0
    assert len(err.strip().splitlines()) == 1 and "BOT_RULES" in err and named in err, err
    assert not (clean_env / "bot.db").exists()
