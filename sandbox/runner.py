"""Start the Zendesk, GitLab and Slack sandboxes on loopback and print the environment the bot needs."""
from __future__ import annotations

import argparse
import base64
import secrets as secrets_mod
import shlex
import signal
import sys
import threading
from typing import Any

from sandbox import gitlab, slack, zendesk
from sandbox.common import ServerThread
from sandbox.gitlab_state import PROJECT_PATH
from sandbox.slack_state import CHANNEL_NAME, DECIDER_ID, OTHER_ID

ZENDESK_BOT_EMAIL = "migration-bot@sandbox.example"
ZENDESK_ADMIN_EMAIL = "support-admin@sandbox.example"
# Names of env() keys whose value a caller may fix through Sandbox(secrets=...); the rest is derived.
SECRET_KEYS = ("ZENDESK_API_TOKEN", "ZENDESK_WEBHOOK_SECRET", "SANDBOX_ZENDESK_ADMIN_TOKEN", "GITLAB_TOKEN",
               "GITLAB_WEBHOOK_TOKEN", "SANDBOX_GITLAB_OPS_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")


class Sandbox:
    """The three fake services, each on its own loopback port; webhooks go to `bot_url` (None = nowhere)."""

    def __init__(self, bot_url: str | None = "http://127.0.0.1:8000", host: str = "127.0.0.1",
                 ports: tuple[int, int, int] = (0, 0, 0), seed: int | None = None,
                 secrets: dict[str, str] | None = None,
                 prefixes: tuple[str | None, str | None, str | None] = (None, None, None),
                 gitlab_free: bool = False, private_channel: bool = False,
                 zendesk_limits: zendesk.ZendeskLimits | None = None, wire_webhooks: bool = True):
        """gitlab_free: scoped labels do not replace each other; private_channel: #support_operations is private;
        zendesk_limits: the rate limits Zendesk enforces (default: the documented production values);
        wire_webhooks False: Zendesk and GitLab send events only to webhooks registered through their APIs (what
        `migration-bot setup zendesk|gitlab --apply` does), as real services do; Slack interactions still go to
        bot_url (a Slack app's request URL comes from its manifest, which no API here takes)."""
        unknown = set(secrets or {}) - set(SECRET_KEYS)
        if unknown:
            raise ValueError(f"unknown secret names: {sorted(unknown)}")
        self.bot_url = bot_url.rstrip("/") if bot_url else None
        self.host, self.ports, self.seed, self.prefixes = host, ports, seed, prefixes
        self.gitlab_free, self.private_channel = gitlab_free, private_channel
        self.wire_webhooks = wire_webhooks
        self.zendesk_limits = zendesk_limits or zendesk.ZendeskLimits()
        self.secrets = {key: _random_secret(key) for key in SECRET_KEYS} | dict(secrets or {})
        self._servers: list[ServerThread] = []
        self._apps: list[Any] = []
        self.zendesk_url = self.gitlab_url = self.slack_api_url = ""
        self.zendesk: Any = None
        self.gitlab: Any = None
        self.slack: Any = None

    def _hook(self, path: str) -> str | None:
        if not self.wire_webhooks and path != "/slack/interactions":
            return None
        return f"{self.bot_url}{path}" if self.bot_url else None

    def start(self) -> "Sandbox":
        """Bind all three ports first (so base URLs are known), then build the apps and serve."""
        s, (zd_prefix, gl_prefix, sl_prefix) = self.secrets, self.prefixes
        servers = [ServerThread(_Placeholder(), self.host, port) for port in self.ports]
        zd_base, gl_base, sl_base = (srv.url + _norm(prefix) for srv, prefix in zip(servers, self.prefixes))
        zd_app = zendesk.create_app(zendesk.ZendeskSandboxConfig(
            agent_email=ZENDESK_BOT_EMAIL, agent_token=s["ZENDESK_API_TOKEN"], admin_email=ZENDESK_ADMIN_EMAIL,
            admin_token=s["SANDBOX_ZENDESK_ADMIN_TOKEN"], webhook_secret=s["ZENDESK_WEBHOOK_SECRET"],
            webhook_url=self._hook("/webhooks/zendesk"), public_url=zd_base, prefix=zd_prefix, seed=self.seed,
            limits=self.zendesk_limits))
        gl_app = gitlab.create_app(gitlab.GitLabSandboxConfig(
            bot_token=s["GITLAB_TOKEN"], ops_token=s["SANDBOX_GITLAB_OPS_TOKEN"],
            webhook_token=s["GITLAB_WEBHOOK_TOKEN"], webhook_url=self._hook("/webhooks/gitlab"),
            public_url=gl_base + "/", prefix=gl_prefix, seed=self.seed, scoped_labels_exclusive=not self.gitlab_free))
        sl_app = slack.create_app(slack.SlackSandboxConfig(
            bot_token=s["SLACK_BOT_TOKEN"], signing_secret=s["SLACK_SIGNING_SECRET"],
            webhook_url=self._hook("/slack/interactions"), prefix=sl_prefix, seed=self.seed,
            support_channel_private=self.private_channel))
        for srv, app in zip(servers, (zd_app, gl_app, sl_app)):
            srv.server.app = app  # the socket is already bound; swap in the real WSGI app before serving
            srv.start()
        self._servers, self._apps = servers, [zd_app, gl_app, sl_app]
        self.zendesk_url, self.gitlab_url, self.slack_api_url = zd_base, gl_base, sl_base + "/api/"
        self.zendesk, self.gitlab, self.slack = (app.extensions["sandbox"] for app in self._apps)
        return self

    def stop(self) -> None:
        for srv in self._servers:
            srv.stop()
        for app in self._apps:
            controls = app.extensions.get("sandbox_controls")
            if controls is not None:
                controls.close()
        self._servers, self._apps = [], []

    def __enter__(self) -> "Sandbox":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def controls(self, service: str) -> Any:
        """The common Controls (faults, calls, webhooks) of "zendesk", "gitlab" or "slack"."""
        index = ("zendesk", "gitlab", "slack").index(service)
        return self._apps[index].extensions["sandbox_controls"]

    def set_bot_url(self, bot_url: str | None) -> None:
        """Point all webhooks and Slack interactions at a bot started after the sandbox (e.g. on port 0)."""
        self.bot_url = bot_url.rstrip("/") if bot_url else None
        for service, path in (("zendesk", "/webhooks/zendesk"), ("gitlab", "/webhooks/gitlab"),
                              ("slack", "/slack/interactions")):
            self.controls(service).webhooks.configure(url=self._hook(path))

    def wait_webhooks(self, timeout: float = 10.0) -> bool:
        """Block until every queued webhook of the three services is delivered or failed."""
        return all(self.controls(s).webhooks.wait_idle(timeout) for s in ("zendesk", "gitlab", "slack"))

    def env(self) -> dict[str, str]:
        s = self.secrets
        return {
            "ZENDESK_URL": self.zendesk_url, "ZENDESK_EMAIL": ZENDESK_BOT_EMAIL,
            "ZENDESK_API_TOKEN": s["ZENDESK_API_TOKEN"], "ZENDESK_WEBHOOK_SECRET": s["ZENDESK_WEBHOOK_SECRET"],
            "GITLAB_URL": self.gitlab_url, "GITLAB_TOKEN": s["GITLAB_TOKEN"], "GITLAB_PROJECT": PROJECT_PATH,
            "GITLAB_WEBHOOK_TOKEN": s["GITLAB_WEBHOOK_TOKEN"],
            "SLACK_API_URL": self.slack_api_url, "SLACK_BOT_TOKEN": s["SLACK_BOT_TOKEN"],
            "SLACK_SIGNING_SECRET": s["SLACK_SIGNING_SECRET"], "SLACK_CHANNEL": f"#{CHANNEL_NAME}",
            "SLACK_DECIDERS": DECIDER_ID,
            "SANDBOX_ZENDESK_ADMIN_EMAIL": ZENDESK_ADMIN_EMAIL,
            "SANDBOX_ZENDESK_ADMIN_TOKEN": s["SANDBOX_ZENDESK_ADMIN_TOKEN"],
            "SANDBOX_GITLAB_OPS_TOKEN": s["SANDBOX_GITLAB_OPS_TOKEN"], "SANDBOX_SLACK_OTHER_USER": OTHER_ID,
            "SANDBOX_BOT_URL": self.bot_url or "",
            # What `migration-bot setup` registers webhooks to (the bot's own URL as the services reach it).
            "BOT_PUBLIC_URL": self.bot_url or "",
        }


class _Placeholder:
    """Stands in for the app between binding a port and building the app that needs the port's URL."""

    def __call__(self, environ: dict, start_response: Any) -> list[bytes]:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"starting"]


def _norm(prefix: str | None) -> str:
    return "/" + prefix.strip("/") if prefix and prefix.strip("/") else ""


def _random_secret(key: str) -> str:
    if key == "SLACK_BOT_TOKEN":
        return f"xoxb-{secrets_mod.randbelow(10**12)}-{secrets_mod.randbelow(10**12)}-{secrets_mod.token_urlsafe(18)}"
    if key in ("GITLAB_TOKEN", "SANDBOX_GITLAB_OPS_TOKEN"):
        return "glpat-" + secrets_mod.token_urlsafe(15)
    if key == "ZENDESK_WEBHOOK_SECRET":  # Zendesk signing secrets are base64 text
        return base64.b64encode(secrets_mod.token_bytes(32)).decode()
    return secrets_mod.token_urlsafe(24)


def format_env(env: dict[str, str]) -> str:
    """Shell-sourceable KEY=value lines."""
    return "".join(f"{key}={shlex.quote(value)}\n" for key, value in env.items())


def main(argv: list[str] | None = None) -> int:
    """`migration-bot sandbox`: start, print the environment, run until SIGINT/SIGTERM, stop cleanly."""
    parser = argparse.ArgumentParser(prog="migration-bot sandbox", description=__doc__)
    parser.add_argument("--bot-url", default="http://127.0.0.1:8000",
                        help="where webhooks and Slack interactions go ('' = nowhere)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--zendesk-port", type=int, default=0)
    parser.add_argument("--gitlab-port", type=int, default=0)
    parser.add_argument("--slack-port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=None, help="seed for injected faults")
    parser.add_argument("--gitlab-free", action="store_true", help="scoped labels do not replace each other")
    parser.add_argument("--private-channel", action="store_true", help="make #support_operations a private channel")
    parser.add_argument("--no-webhooks", action="store_true",
                        help="Zendesk and GitLab send events only to webhooks registered through their APIs, e.g. by "
                             "`migration-bot setup zendesk|gitlab --apply` (Slack interactions still go to --bot-url)")
    args = parser.parse_args(argv)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    sandbox = Sandbox(bot_url=args.bot_url or None, host=args.host,
                      ports=(args.zendesk_port, args.gitlab_port, args.slack_port), seed=args.seed,
                      gitlab_free=args.gitlab_free, private_channel=args.private_channel,
                      wire_webhooks=not args.no_webhooks).start()
    try:
        env = sandbox.env()
        if args.no_webhooks:
            # Zendesk makes a webhook's signing secret with the webhook: a value printed here would sign nothing
            # and have `serve` refuse every delivery, so the line says where the real one comes from.
            del env["ZENDESK_WEBHOOK_SECRET"]
        sys.stdout.write(format_env(env))
        if args.no_webhooks:
            sys.stdout.write("# ZENDESK_WEBHOOK_SECRET: printed by `migration-bot setup zendesk --apply`, which makes "
                             "the webhook\n")
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
