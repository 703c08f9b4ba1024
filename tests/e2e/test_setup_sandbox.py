"""The README's "Connecting the real services" path against `migration-bot sandbox --no-webhooks`, every step a real
process: the setup commands register the Zendesk webhook and the GitLab hook; the signing secret `setup zendesk`
prints is the one the sandbox signs a new ticket's event with (the bot's `serve` accepts it and acts), and the GitLab
hook carries GITLAB_WEBHOOK_TOKEN (the bot answers 202, not 401)."""
from __future__ import annotations

import json
import shlex
import subprocess
import time

import pytest
import requests

from tests.e2e.conftest import BIN, MIGRATION, Processes

pytestmark = pytest.mark.e2e


def setup(p: Processes, *args: str) -> str:
    proc = subprocess.run([str(BIN), "setup", *args], env=p.env, capture_output=True, text=True, timeout=60,
                          cwd=p.tmp)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def writes(base: str, since: float) -> list[tuple[str, str]]:
    calls = requests.get(f"{base}/_sandbox/calls", params={"since": since}, timeout=5).json()
    return [(c["method"], c["path"]) for c in calls if c["method"] != "GET"]


@pytest.fixture
def p(tmp_path):
    if not BIN.exists():
        pytest.skip("migration-bot is not installed in .venv")
    procs = Processes(f"sqlite:///{tmp_path / 'bot.db'}", tmp_path)
    sandbox = procs.spawn("sandbox", "sandbox", "--no-webhooks", "--bot-url", f"http://127.0.0.1:{procs.port}",
                          env={k: v for k, v in procs_env().items()})
    env: dict[str, str] = {}
    while "BOT_PUBLIC_URL" not in env:
        line = sandbox.stdout.readline()
        assert line, "sandbox exited before printing its environment"
        key, _, value = shlex.split(line)[0].partition("=")
        env[key] = value
    procs.sandbox_env = env
    procs.env = procs_env() | env | {"DATABASE_URL": procs.db_url, "BOT_POLL_INTERVAL": "0.05"}
    yield procs
    procs.stop()


def procs_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items()
            if not k.startswith(("ZENDESK_", "GITLAB_", "SLACK_", "BOT_", "DATABASE_URL", "PORT"))}


def test_setup_commands_wire_the_sandbox_and_the_bot_acts_on_what_it_sends(p):
    zd_url, gl_url = p.env["ZENDESK_URL"], p.env["GITLAB_URL"]
    start = 0.0
    # Plans first: they read and write nothing.
    assert "create  Zendesk webhook" in setup(p, "zendesk")
    assert setup(p, "gitlab").count("create  GitLab") == 4
    assert writes(zd_url, start) == [] and writes(gl_url, start) == []

    out = setup(p, "zendesk", "--apply")
    secret = next(line.split("=", 1)[1] for line in out.splitlines() if line.startswith("ZENDESK_WEBHOOK_SECRET="))
    assert secret and "ZENDESK_WEBHOOK_SECRET" not in p.sandbox_env  # Zendesk made it with the new webhook
    assert [m for m, _ in writes(zd_url, start)] == ["POST"]
    assert setup(p, "gitlab", "--apply").count("created GitLab") == 4
    assert [m for m, _ in writes(gl_url, start)] == ["POST"] * 4

    again = time.time()
    assert "nothing to change" in setup(p, "zendesk", "--apply")
    assert "nothing to change" in setup(p, "gitlab", "--apply")
    assert writes(zd_url, again) == [] and writes(gl_url, again) == []
    manifest = json.loads(setup(p, "slack"))
    assert manifest["settings"]["interactivity"]["request_url"] == f"http://127.0.0.1:{p.port}/slack/interactions"

    p.env["ZENDESK_WEBHOOK_SECRET"] = secret  # as the operator copies it
    p.start_web(wait=False)
    p.start_worker()
    p.wait_web()
    org = p.zendesk("POST", "organizations", organization={"name": "Setup Org", "tags": ["sm_premium"]})
    ticket = p.zendesk("POST", "tickets", ticket={"subject": MIGRATION[0], "organization_id": org["organization"]["id"],
                                                   "comment": {"body": MIGRATION[1], "public": True}})["ticket"]
    p.wait(lambda: p.bot_comments(ticket["id"], public=False), what="the bot's internal note")
    deliveries = requests.get(f"{zd_url}/_sandbox/deliveries", timeout=5).json()
    created = [d for d in deliveries if d["event"] == "zen:event-type:ticket.created"]
    assert created and created[0]["status"] == 202 and created[0]["url"].endswith("/webhooks/zendesk")

    p.gitlab("POST", "issues", title="Someone else's issue", labels="offering-migration")
    hooks = p.wait(lambda: [d for d in requests.get(f"{gl_url}/_sandbox/deliveries", timeout=5).json()
                            if d["state"] != "pending"], what="a GitLab hook delivery")
    assert hooks[0]["event"] == "Issue Hook" and hooks[0]["status"] == 202  # the token matched
