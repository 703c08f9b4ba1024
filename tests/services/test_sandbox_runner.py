"""The sandbox runner: three services on loopback, env() for the bot, webhooks to bot_url, and the CLI entry point."""
from __future__ import annotations

import json
import os
import select
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

import gitlab
import pytest
import requests
from slack_sdk import WebClient

from sandbox.runner import Sandbox
from bot.web.signatures import verify_gitlab, verify_slack, verify_zendesk
from tests.conftest import ROOT

KEYS = {"ZENDESK_URL", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "ZENDESK_WEBHOOK_SECRET", "GITLAB_URL", "GITLAB_TOKEN",
        "GITLAB_PROJECT", "GITLAB_WEBHOOK_TOKEN", "SLACK_API_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET",
        "SLACK_CHANNEL", "SLACK_DECIDERS", "SANDBOX_ZENDESK_ADMIN_EMAIL", "SANDBOX_ZENDESK_ADMIN_TOKEN",
        "SANDBOX_GITLAB_OPS_TOKEN", "SANDBOX_SLACK_OTHER_USER"}


def check_services(env: dict[str, str]) -> None:
    """Each service answers an ordinary client using only what env() printed."""
    gl = gitlab.Gitlab(env["GITLAB_URL"], private_token=env["GITLAB_TOKEN"])
    gl.auth()
    assert gl.projects.get(env["GITLAB_PROJECT"]).id == 1
    ops = gitlab.Gitlab(env["GITLAB_URL"], private_token=env["SANDBOX_GITLAB_OPS_TOKEN"])
    ops.auth()
    assert ops.user.username != gl.user.username
    slack = WebClient(token=env["SLACK_BOT_TOKEN"], base_url=env["SLACK_API_URL"])
    assert slack.auth_test()["ok"]
    assert slack.users_info(user=env["SLACK_DECIDERS"])["user"]["id"] == env["SLACK_DECIDERS"]
    assert slack.users_info(user=env["SANDBOX_SLACK_OTHER_USER"])["ok"]
    me = requests.get(f"{env['ZENDESK_URL']}/api/v2/users/me.json",
                      auth=(f"{env['ZENDESK_EMAIL']}/token", env["ZENDESK_API_TOKEN"]), timeout=5)
    assert me.status_code == 200 and me.json()["user"]["email"] == env["ZENDESK_EMAIL"]
    admin = requests.get(f"{env['ZENDESK_URL']}/api/v2/users/me.json", timeout=5,
                         auth=(f"{env['SANDBOX_ZENDESK_ADMIN_EMAIL']}/token", env["SANDBOX_ZENDESK_ADMIN_TOKEN"]))
    assert admin.json()["user"]["email"] == env["SANDBOX_ZENDESK_ADMIN_EMAIL"]


def test_env_has_every_key_and_the_services_answer():
    with Sandbox(bot_url=None, secrets={"SLACK_SIGNING_SECRET": "fixed-secret"}) as sb:
        env = sb.env()
        assert KEYS <= set(env) and all(env[k] for k in KEYS)
        assert env["SLACK_SIGNING_SECRET"] == "fixed-secret" and env["SLACK_API_URL"].endswith("/api/")
        assert env["GITLAB_PROJECT"] == "support-ops/offering-migrations"
        assert env["SLACK_CHANNEL"] == "#support_operations"
        check_services(env)
        assert sb.gitlab.issues == [] and sb.slack.messages is not None and sb.zendesk is not None
        with Sandbox(bot_url=None) as other:
            assert other.env()["GITLAB_TOKEN"] != env["GITLAB_TOKEN"]
            assert other.env()["SLACK_SIGNING_SECRET"] != env["SLACK_SIGNING_SECRET"]


def test_unknown_secret_name_is_refused():
    with pytest.raises(ValueError):
        Sandbox(secrets={"NOT_A_KEY": "x"})


def test_path_prefixes_are_part_of_the_base_urls():
    with Sandbox(bot_url=None, prefixes=("/zd", "/gl", "/sl")) as sb:
        env = sb.env()
        assert env["ZENDESK_URL"].endswith("/zd") and env["GITLAB_URL"].endswith("/gl")
        assert env["SLACK_API_URL"].endswith("/sl/api/")
        check_services(env)


def test_webhooks_and_clicks_reach_the_bot_url(receiver):
    stub = receiver  # stands in for the bot: records every webhook and interaction it receives
    with Sandbox(bot_url=None) as sb:
        sb.set_bot_url(stub.server.url)  # a bot started after the sandbox
        env = sb.env()
        assert env["SANDBOX_BOT_URL"] == stub.server.url
        project = gitlab.Gitlab(env["GITLAB_URL"], private_token=env["GITLAB_TOKEN"]).projects.get(1, lazy=True)
        project.issues.create({"title": "Migration: Acme"})
        created = requests.post(f"{env['ZENDESK_URL']}/api/v2/tickets.json", timeout=5,
                                auth=(f"{env['SANDBOX_ZENDESK_ADMIN_EMAIL']}/token",
                                      env["SANDBOX_ZENDESK_ADMIN_TOKEN"]),
                                json={"ticket": {"subject": "Moving to SaaS", "comment": {"body": "Hello"},
                                                 "requester": {"name": "Cus Tomer", "email": "c@acme.example"}}})
        assert created.status_code == 201
        slack = WebClient(token=env["SLACK_BOT_TOKEN"], base_url=env["SLACK_API_URL"])
        posted = slack.chat_postMessage(channel=env["SLACK_CHANNEL"], text="q", blocks=[
            {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Yes"},
                                              "value": "confirm"}]}])
        click = requests.post(f"{env['SLACK_API_URL'].removesuffix('api/')}_sandbox/click", timeout=10, json={
            "channel": posted["channel"], "ts": posted["ts"], "value": "confirm",
            "user_id": env["SLACK_DECIDERS"]}).json()
        assert click["status"] == 200
        assert sb.wait_webhooks(10)
        now = datetime.now(timezone.utc)
        (gl_headers, _), = stub.by_path("/webhooks/gitlab")
        verify_gitlab(env["GITLAB_WEBHOOK_TOKEN"], gl_headers.get("X-Gitlab-Token"))
        zd_hits = stub.by_path("/webhooks/zendesk")
        assert zd_hits
        for headers, body in zd_hits:
            verify_zendesk(env["ZENDESK_WEBHOOK_SECRET"], headers.get("X-Zendesk-Webhook-Signature-Timestamp"),
                           headers.get("X-Zendesk-Webhook-Signature"), body, now)
        assert any(json.loads(b)["type"] == "zen:event-type:ticket.created" for _, b in zd_hits)
        (sl_headers, sl_body), = stub.by_path("/slack/interactions")
        verify_slack(env["SLACK_SIGNING_SECRET"], sl_headers.get("X-Slack-Request-Timestamp"),
                     sl_headers.get("X-Slack-Signature"), sl_body, now)


def read_env_lines(proc: subprocess.Popen, deadline: float) -> dict[str, str]:
    env: dict[str, str] = {}
    buffer = b""
    while not KEYS <= set(env):
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"sandbox printed only {sorted(env)}"
        ready, _, _ = select.select([proc.stdout], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(proc.stdout.fileno(), 4096)
        assert chunk, "sandbox exited before printing its environment"
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            (pair,) = shlex.split(line.decode())  # shell-sourceable: one word per line after unquoting
            key, _, value = pair.partition("=")
            env[key] = value
    return env


@contextmanager
def sandbox_main(*args: str, text: bool = False) -> Iterator[subprocess.Popen]:
    """`migration-bot sandbox` (sandbox.runner.main) in its own process; it must then stop cleanly on SIGINT."""
    code = f"from sandbox.runner import main; raise SystemExit(main({list(args)!r}))"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=text)
    try:
        yield proc
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_main_prints_env_and_exits_cleanly_on_sigint():
    with sandbox_main("--bot-url", "") as proc:
        check_services(read_env_lines(proc, time.monotonic() + 15))


def test_without_webhooks_no_signing_secret_is_printed_that_would_sign_nothing():
    with sandbox_main("--bot-url", "", "--no-webhooks", text=True) as proc:
        lines = []
        while not lines or not lines[-1].startswith("#"):
            line = proc.stdout.readline()
            assert line, f"sandbox exited after {lines}"
            lines.append(line)
    assert not any(line.startswith("ZENDESK_WEBHOOK_SECRET=") for line in lines)
    assert "setup zendesk --apply" in lines[-1]
    assert any(line.startswith("ZENDESK_API_TOKEN=") for line in lines)
