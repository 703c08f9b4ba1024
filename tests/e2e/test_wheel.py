"""A plain (non-editable) install works: the wheel carries its schemas, default rules and migrations, and
`migration-bot demo` runs from it with the source tree out of reach."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e
SKIP = shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", "*.db", "tests", ".pytest_cache")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src") / "project"
    shutil.copytree(ROOT, src, ignore=SKIP, symlinks=True)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                    str(src)], check=True, capture_output=True, timeout=300)
    (found,) = out.glob("*.whl")
    return found


def test_the_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("bot/schemas/rules.schema.json", "bot/schemas/zendesk/envelope.json", "bot/schemas/openapi.yaml",
                     "bot/db/migrations/script.py.mako", "bot/db/migrations/env.py", "sandbox/runner.py",
                     "handlers/zendesk.py", "bot/web/admin/templates/admin/base.html",
                     "bot/web/admin/static/admin.css", "bot/judgement/models/detector.json",
                     "bot/judgement/models/detector.bin"):
        assert expected in names
    assert any(n.startswith("bot/rules/defaults/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "migration-bot = bot.cli:main" in text and "demo = sandbox.demo:main" in text


def test_demo_runs_from_the_installed_wheel(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    for key in [k for k in env if k.startswith(("BOT_", "ZENDESK_", "GITLAB_", "SLACK_", "DATABASE_URL"))]:
        env.pop(key)
    where = subprocess.run([sys.executable, "-c", "import bot, sandbox; print(bot.__file__, sandbox.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert where.count(str(site)) == 2  # the wheel's code, not the source tree's
    run = subprocess.run([sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['demo']))"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "expired" in run.stdout and "done" in run.stdout
    # The learned model's weights load from the installed package, offline.
    line = json.dumps({"id": "W-1", "today": "2026-11-23", "org": {"name": "X", "tags": ["sm_premium"]},
                       "ticket": {"subject": "Moving to GitLab.com", "description": "We are migrating from our "
                                  "self-managed instance to GitLab.com and CI fails there.", "comments": []}})
    run = subprocess.run([sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['classify']))"],
                         cwd=tmp_path, env=env, input=line + "\n", capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout)["outcome"] == "act" and "learned" not in run.stderr
