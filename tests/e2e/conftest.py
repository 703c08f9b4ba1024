"""Real processes for the end-to-end tests: `migration-bot sandbox`, `serve` (gunicorn) and `worker`, talking HTTP."""
from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests

from bot import metrics
from bot.db.engine import make_engine, upgrade
from sandbox.stack import wait_until_quiet
from tests.conftest import ROOT, SECRETS, free_port

BIN = Path(sys.executable).parent / "migration-bot"
MIGRATION = ("Runners on GitLab.com after leaving our self-managed instance",
             "We are migrating from our self-managed GitLab server to GitLab.com. Our first group is on\n"
             "gitlab.com now but its pipelines stay pending: no runners online. How do we use shared runners?")


class Processes:
    def __init__(self, db_url: str, tmp_path: Path):
        self.db_url, self.tmp, self.procs = db_url, tmp_path, {}
        self.port = free_port()
        self.engine = None
        self.bot_user_id = None  # found once: bot_comments() is polled every 0.2 s while a test waits

    def spawn(self, name: str, *args: str, env: dict | None = None) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "w")
        proc = subprocess.Popen([str(BIN), *args], env=env or self.env, stdout=log if name != "sandbox" else
                                subprocess.PIPE, stderr=log, text=True, cwd=self.tmp)
        self.procs[name] = proc
        return proc

    def start_sandbox(self) -> None:
        proc = self.spawn("sandbox", "sandbox", "--bot-url", f"http://127.0.0.1:{self.port}", env=dict(os.environ))
        env = {}
        while "SANDBOX_BOT_URL" not in env:
            line = proc.stdout.readline()
            assert line, "sandbox exited before printing its environment"
            key, _, value = line.strip().partition("=")
            env[key] = value.strip("'")
        self.sandbox_env = env
        self.env = dict(os.environ) | env | {"DATABASE_URL": self.db_url, "BOT_POLL_INTERVAL": "0.05"}

    def start_web(self, workers: int = 1, wait: bool = True) -> None:
        """Start `serve`; wait=False returns at once (start the workers meanwhile: a process's start-up is seconds
        of imports and rules, which the two overlap), and wait_web() waits for /readyz before anything is sent."""
        self.spawn("web", "serve", "--port", str(self.port), "--workers", str(workers))
        if wait:
            self.wait_web()

    def wait_web(self) -> None:
        # 60 s: at -n 4 on two cores six processes may start at once (two webs, four workers) and each imports
        # and loads its rules for seconds; the loop returns as soon as /readyz answers, so only a failure waits it out
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.procs["web"].poll() is None:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/readyz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise AssertionError((self.tmp / "web.log").read_text())

    def start_worker(self, name: str = "worker") -> subprocess.Popen:
        return self.spawn(name, "worker")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if self.engine is not None:
            self.engine.dispose()

    # --- driving ----------------------------------------------------------------------------------------
    @property
    def zd(self) -> requests.Session:
        s = requests.Session()
        s.auth = (f"{self.sandbox_env['SANDBOX_ZENDESK_ADMIN_EMAIL']}/token", self.sandbox_env["SANDBOX_ZENDESK_ADMIN_TOKEN"])
        return s

    def zendesk(self, method: str, path: str, **body):
        resp = self.zd.request(method, f"{self.sandbox_env['ZENDESK_URL']}/api/v2/{path}", json=body or None, timeout=10)
        resp.raise_for_status()
        return resp.json()

    def gitlab(self, method: str, path: str, **body):
        url = f"{self.sandbox_env['GITLAB_URL']}/api/v4/projects/support-ops%2Foffering-migrations/{path}"
        resp = requests.request(method, url, json=body or None, timeout=10,
                                headers={"PRIVATE-TOKEN": self.sandbox_env["SANDBOX_GITLAB_OPS_TOKEN"]})
        resp.raise_for_status()
        return resp.json()

    def duplicate_webhooks(self, n: int) -> None:
        for key in ("ZENDESK_URL", "GITLAB_URL"):
            base = self.sandbox_env[key]
            requests.post(f"{base}/_sandbox/webhook", json={"duplicates": n}, timeout=5).raise_for_status()

    def bot_comments(self, ticket_id: int, public: bool) -> list[dict]:
        if self.bot_user_id is None:  # the sandbox's user with the bot's email (these credentials are the admin's)
            users = self.zendesk("GET", "users")["users"]
            self.bot_user_id = next(u["id"] for u in users if u["email"] == self.sandbox_env["ZENDESK_EMAIL"])
        comments = self.zendesk("GET", f"tickets/{ticket_id}/comments")["comments"]
        return [c for c in comments if c["author_id"] == self.bot_user_id and c["public"] == public]

    def wait(self, predicate, timeout: float = 40.0, what: str = "condition"):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = predicate()
            except (requests.RequestException, KeyError, IndexError, StopIteration) as exc:
                last = exc
            if last and not isinstance(last, Exception):
                return last
            time.sleep(0.2)
        logs = {p.name: p.read_text()[-3000:] for p in self.tmp.glob("*.log")}
        raise AssertionError(f"timed out waiting for {what}; last={last!r}; logs={logs}")

    def idle(self, ahead: float = 0.0) -> bool:
        """Nothing in flight: every webhook the sandbox queued is delivered (or given up), and the bot has nothing
        left to run (inbox events new, queued or handed back for replay; scheduled actions queued, handed back or
        due within `ahead` seconds: the bot_backlog of bot/metrics.py, looked at that much later)."""
        for base in (self.sandbox_env["ZENDESK_URL"], self.sandbox_env["GITLAB_URL"],
                     self.sandbox_env["SLACK_API_URL"].rsplit("/api/", 1)[0]):
            deliveries = requests.get(f"{base}/_sandbox/deliveries", timeout=5).json()
            if any(d["state"] == "pending" for d in deliveries):
                return False
        self.engine = self.engine or make_engine(self.db_url)
        with self.engine.connect() as conn:
            return not any(count for count, _ in metrics.backlog(conn, datetime.now(timezone.utc) + timedelta(seconds=ahead)).values())

    def settle(self, quiet: float = 0.5, timeout: float = 40.0) -> None:
        """Wait until the bot and the sandbox have been idle `quiet` seconds on end (several polls of every worker):
        what a duplicate delivery or a restarted worker would still do is done, instead of a fixed sleep."""
        # an action falling due inside the quiet window would run just after it: count it as work already
        if wait_until_quiet(lambda: not self.idle(ahead=quiet), quiet, timeout):
            return
        logs = {p.name: p.read_text()[-3000:] for p in self.tmp.glob("*.log")}
        raise AssertionError(f"the bot and the sandbox did not settle; logs={logs}")


@pytest.fixture
def procs(tmp_path, request):
    db = request.getfixturevalue("pg_url") if getattr(request, "param", "sqlite") == "postgres" \
        else f"sqlite:///{tmp_path / 'bot.db'}"
    p = Processes(db, tmp_path)
    p.start_sandbox()
    yield p
    p.stop()


def assert_once(p: Processes, org: dict, ticket: dict) -> None:
    assert len(p.bot_comments(ticket["id"], public=True)) == 1
    internal = p.bot_comments(ticket["id"], public=False)
    assert sum("Offering migration detected" in c["body"] for c in internal) == 1
    assert len(p.gitlab("GET", "issues?labels=offering-migration&state=all")) == 1
    notes = p.zendesk("GET", f"organizations/{org['id']}")["organization"]["notes"]
    assert notes.count("Approved saas premium support until") == 1
    assert notes.startswith("VIP.")


def procfile_web() -> list[str]:
    line = next(x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    argv = shlex.split(line.partition(":")[2])
    exe = BIN.parent / argv[0]
    return [str(exe) if exe.exists() else argv[0], *argv[1:]]


def serve_command(port: int) -> list[str]:
    return [str(BIN), "serve", "--host", "127.0.0.1", "--port", str(port)]


@pytest.fixture(params=["procfile", "serve"])
def web(request, tmp_path):
    """The web process on a fresh, migrated SQLite database; yields its base URL."""
    db_url = f"sqlite:///{tmp_path / 'bot.db'}"
    upgrade(db_url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "PORT": str(port),
           "ZENDESK_WEBHOOK_SECRET": SECRETS["zendesk_webhook_secret"],
           "GITLAB_WEBHOOK_TOKEN": SECRETS["gitlab_webhook_token"],
           "SLACK_SIGNING_SECRET": SECRETS["slack_signing_secret"]}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("WEB_CONCURRENCY", None)
    cmd = procfile_web() if request.param == "procfile" else serve_command(port)
    with open(tmp_path / "web.log", "w") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            yield wait_until_ready(proc, f"http://127.0.0.1:{port}", tmp_path / "web.log")
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(5)


def wait_until_ready(proc: subprocess.Popen, base: str, log: Path) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{base}/readyz", timeout=1).status_code == 200:
                return base
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"web process did not come up: {log.read_text()[-3000:]}")
        time.sleep(0.1)
