"""SPEC "Command line", the installed `migration-bot` command run as a subprocess: classify from stdin, serve
refusing to start without a secret, replay with nothing failed, output cut short by the reader.
The same commands in process: unit/test_cli.py."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.conftest import CLI_SETTINGS as FULL
from tests.conftest import CLI_TICKETS as TICKETS
from tests.conftest import ROOT, lines_of, make_cases
from tests.e2e.conftest import BIN


def subprocess_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ZENDESK_", "GITLAB_", "SLACK_", "BOT_", "DATABASE_URL", "PORT"))}
    return env | extra


def test_classify_from_stdin_through_the_installed_command():
    if not BIN.exists():
        pytest.skip("migration-bot is not installed in .venv")
    stdin = "".join(json.dumps(t) + "\n" for t in reversed(TICKETS))
    proc = subprocess.run([str(BIN), "classify", "-"], input=stdin, capture_output=True, text=True, timeout=60,
                          env=subprocess_env(), cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in lines_of(proc.stdout)] == [t["id"] for t in reversed(TICKETS)]
    assert len(proc.stdout.splitlines()) == len(TICKETS)


def test_serve_without_webhook_secret_stops_with_one_line(tmp_path):
    if not BIN.exists():
        pytest.skip("migration-bot is not installed in .venv")
    env = subprocess_env(**{k: v for k, v in FULL.items() if k != "ZENDESK_WEBHOOK_SECRET"},
                         DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    proc = subprocess.run([str(BIN), "serve", "--port", "8099"], capture_output=True, text=True, timeout=30,
                          env=env, cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "ZENDESK_WEBHOOK_SECRET" in lines[0]
    assert not (tmp_path / "bot.db").exists()  # stopped before touching anything


def test_replay_with_nothing_failed_reports_zero(tmp_path):
    if not BIN.exists():
        pytest.skip("migration-bot is not installed in .venv")
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    make_cases(url)
    proc = subprocess.run([str(BIN), "replay"], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env=subprocess_env(**FULL, DATABASE_URL=url))
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["events"] == 0 and result["actions"] == 0 and result["results"] == []


def test_output_cut_short_by_the_reader_ends_quietly():
    if not BIN.exists():
        pytest.skip("migration-bot is not installed in .venv")
    stdin = "".join(json.dumps(t) + "\n" for t in TICKETS * 400)
    proc = subprocess.run(f"'{BIN}' classify - | head -n 1", shell=True, input=stdin, capture_output=True, text=True,
                          timeout=120, env=subprocess_env(), cwd=ROOT)
    assert len(proc.stdout.splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
