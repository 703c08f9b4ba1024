"""What a new operator meets, run as the installed command from a fresh shell (SPEC "Operations": start-up and CLI
errors are one line naming what is wrong, exit non-zero, no secret shown): a database that does not answer, a
command run from the wrong folder, a bad argument, a platform's postgres:// URL, `serve --host`, the demo's links.
Settings and check-config in process: unit/test_settings_errors.py."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import time
from contextlib import redirect_stdout

import pytest
import requests

from bot.case.machine import State
from tests.conftest import CLI_SETTINGS as FULL
from tests.conftest import free_port, lines_of, make_cases
from tests.e2e.conftest import BIN

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _installed():
    if not BIN.exists():
        pytest.skip("migration-bot is not installed in .venv")


def fresh_env(**extra: str) -> dict:
    """The operator's shell: none of the bot's settings unless given."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ZENDESK_", "GITLAB_", "SLACK_", "BOT_", "DATABASE_URL", "PORT"))}
    return env | extra


def bot(*argv: str, cwd, timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *argv], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env=fresh_env(**env))


def one_line(proc: subprocess.CompletedProcess) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr[-3000:]
    assert lines[0].startswith("migration-bot: ") and "Traceback" not in proc.stderr
    return lines[0]


# --- 1. a database that does not answer -------------------------------------------------------------------------
def refusing_url() -> tuple[str, str]:
    port = free_port()  # nobody listens there
    expected = (f"migration-bot: database postgresql://postgres:***@127.0.0.1:{port}/test does not answer: "
                "connection refused")
    return f"postgresql://postgres:hunter2@127.0.0.1:{port}/test", expected


@pytest.mark.parametrize("argv", [["migrate"], ["cases"], ["serve", "--port", "8099"], ["worker"],
                                  ["run-due", "--as-of", "2027-03-01T00:00:00Z"], ["replay"]])
def test_a_database_that_does_not_answer_is_one_line(tmp_path, argv):
    url, expected = refusing_url()
    proc = bot(*argv, cwd=tmp_path, **FULL, DATABASE_URL=url)
    assert proc.returncode == 1
    assert one_line(proc) == expected
    assert "hunter2" not in proc.stdout + proc.stderr


def test_check_config_strict_connects_to_the_database(tmp_path):
    url, expected = refusing_url()
    proc = bot("check-config", "--strict", cwd=tmp_path, **FULL, DATABASE_URL=url)
    assert proc.returncode == 2
    assert one_line(proc) == expected
    report = json.loads(proc.stdout)
    assert report["database"] == expected.removeprefix("migration-bot: ")
    assert "hunter2" not in proc.stdout + proc.stderr
    # Without --strict nothing is connected to: the same settings pass.
    relaxed = bot("check-config", cwd=tmp_path, **FULL, DATABASE_URL=url)
    assert relaxed.returncode == 0 and relaxed.stderr == ""


@pytest.mark.postgres
def test_check_config_strict_passes_on_a_database_that_answers(tmp_path, pg_url):
    proc = bot("check-config", "--strict", cwd=tmp_path, **FULL, DATABASE_URL=pg_url)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["database"] == "connected"


def test_check_config_strict_neither_needs_nor_creates_an_sqlite_file(tmp_path):
    proc = bot("check-config", "--strict", cwd=tmp_path, **FULL)
    assert proc.returncode == 0, proc.stderr
    assert "migrate" in json.loads(proc.stdout)["database"]
    assert list(tmp_path.iterdir()) == []


# --- 3. read-only commands refuse a database that is not there ----------------------------------------------------
@pytest.mark.parametrize("argv", [["cases"], ["run-due", "--as-of", "2027-03-01T00:00:00Z"], ["replay"]])
def test_read_only_commands_from_another_folder_do_not_create_a_database(tmp_path, argv):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = bot(*argv, cwd=elsewhere, **FULL)
    assert proc.returncode == 1 and proc.stdout == ""
    assert one_line(proc) == (f"migration-bot: no database at {elsewhere / 'migration-bot.db'} — run "
                              f"`migration-bot migrate` first, or set DATABASE_URL")
    assert list(elsewhere.iterdir()) == []


def test_migrate_creates_the_database_then_cases_reads_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'data' / 'bot.db'}"
    (tmp_path / "data").mkdir()
    assert bot("cases", cwd=tmp_path, DATABASE_URL=url).returncode == 1
    made = bot("migrate", cwd=tmp_path, DATABASE_URL=url)
    assert made.returncode == 0 and made.stdout.strip() == "database schema is up to date", made.stderr
    proc = bot("cases", cwd=tmp_path, DATABASE_URL=url)
    assert proc.returncode == 0 and proc.stdout == "", proc.stderr


# --- 4. a state that does not exist --------------------------------------------------------------------------------
def test_cases_with_an_unknown_state_lists_the_valid_ones(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    make_cases(url)
    proc = bot("cases", "--state", "bogus", cwd=tmp_path, DATABASE_URL=url)
    assert proc.returncode == 2 and proc.stdout == ""
    line = one_line(proc)
    assert "bogus" in line and all(state.value in line for state in State)
    good = bot("cases", "--state", "cancelled", cwd=tmp_path, DATABASE_URL=url)
    assert good.returncode == 0 and [r["org_name"] for r in lines_of(good.stdout)] == ["Halvard"]


# --- 5. postgres:// as platforms hand it out ----------------------------------------------------------------------
@pytest.mark.postgres
def test_a_postgres_url_as_heroku_gives_it_works(tmp_path, pg_url):
    url = pg_url.replace("postgresql://", "postgres://", 1)
    made = bot("migrate", cwd=tmp_path, DATABASE_URL=url)
    assert made.returncode == 0, made.stderr[-2000:]
    proc = bot("cases", cwd=tmp_path, DATABASE_URL=url)
    assert proc.returncode == 0 and proc.stdout == "", proc.stderr[-2000:]


# --- 6. serve --host ----------------------------------------------------------------------------------------------
def test_serve_listens_on_the_host_it_is_given(tmp_path):
    port = free_port()
    env = fresh_env(**FULL, DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    with open(tmp_path / "web.log", "w") as log:
        proc = subprocess.Popen([str(BIN), "serve", "--host", "127.0.0.2", "--port", str(port), "--workers", "1"],
                                cwd=tmp_path, env=env, stdout=log, stderr=log)
    try:
        deadline, answer = time.monotonic() + 30, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                answer = requests.get(f"http://127.0.0.2:{port}/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        assert answer is not None and answer.status_code == 200, (tmp_path / "web.log").read_text()[-3000:]
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


# --- 7. the demo's links stay whole -------------------------------------------------------------------------------
def test_the_demo_never_breaks_a_link_across_lines():
    from sandbox.demo import Timeline

    links = ["http://127.0.0.1:41575/support-ops/offering-migrations/-/issues/1",
             ("https://gitlab.example.com/support-ops/offering-migrations/-/issues/12345?very-long-query=yes-please"
              "-and-more-and-more-and-more-and-more")]
    text = (f"Approved saas ultimate support until 2027-01-20 ({links[0]})\n"
            f"Reminder: temporary SaaS Ultimate support for *Crannock Systems* ends on 2027-01-20: {links[1]} "
            f"and some words after it so that the line has to wrap somewhere near the link.")
    out = io.StringIO()
    with redirect_stdout(out):
        Timeline().show(text, width=100)
    shown = [line.split("| ", 1)[1] for line in out.getvalue().splitlines()]
    for link in links:
        assert any(link in line for line in shown), out.getvalue()
    words = [w for line in shown for w in line.split()]
    assert words == text.split()  # nothing lost or cut short
    assert all(len(line) <= 100 or re.search(r"https?://", line) for line in shown)
