"""An in-process stack (demo and flow tests): sandbox services, the bot's web app on a real port, a worker thread."""
from __future__ import annotations

import io
import json
import threading
import time
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable

import requests

from bot import metrics
from bot.db.engine import upgrade
from bot.services.base import RetryPolicy
from bot.services.ratelimit import Rate, SlidingWindowLimiter
from bot.settings import Settings
from bot.web.app import create_app
from bot.worker import workflows
from bot.worker.runtime import build_runtime
from sandbox.common import ServerThread
from sandbox.runner import Sandbox


class _Placeholder:
    def __call__(self, environ, start_response):
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"starting"]


class Stack:
    """Everything real but the process boundary: HTTP between bot and sandbox, a real database, DBOS."""

    def __init__(self, db_url: str, limiter: Any = None, via_setup: bool = False, **overrides: Any):
        """via_setup: the services are wired as an operator does it, by `migration-bot setup zendesk|gitlab|slack
        --apply` (its output in `setup_output`), instead of the sandbox sending to the bot's URL by itself."""
        self.db_url, self.overrides, self.limiter, self.via_setup = db_url, overrides, limiter, via_setup
        self.setup_output: dict[str, str] = {}
        self.stop_event = threading.Event()

    def start(self) -> "Stack":
        self.web = ServerThread(_Placeholder())
        self.sandbox = Sandbox(bot_url=self.web.url, wire_webhooks=not self.via_setup).start()
        self.env = self.sandbox.env()
        base = Settings.from_env(self.env | {"DATABASE_URL": self.db_url}, dotenv_path=None)
        self.settings = base.with_overrides(**({"poll_interval": 0.05, "event_retry_base": 0.2,
                                                "event_retry_cap": 1.0, "write_grace": 3.0} | self.overrides))
        if self.via_setup:
            self._run_setup()
        upgrade(self.settings.database_url)
        self.web.server.app = create_app(self.settings)
        self.web.start()
        # The real ceilings (e.g. 5 org updates a minute) on a 30x faster clock: enforced, but no minute-long waits.
        limiter = self.limiter or SlidingWindowLimiter({k: Rate(v, 2.0) for k, v in self.settings.rate_limits.items()},
                                                       shares={"zendesk": self.settings.zendesk_rate_share})
        self.rt = build_runtime(self.settings, retry=RetryPolicy(attempts=3, max_total_seconds=5, base_delay=0.05,
                                                                 max_delay=0.2, jitter=False), limiter=limiter)
        from bot.worker import loop as worker

        self.thread = threading.Thread(target=worker.run, args=(self.rt, self.stop_event), daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while self.rt.gitlab_username is None and time.monotonic() < deadline:  # the worker knows who it is
            time.sleep(0.02)
        self.zd = requests.Session()
        self.zd.auth = (f"{self.env['SANDBOX_ZENDESK_ADMIN_EMAIL']}/token", self.env["SANDBOX_ZENDESK_ADMIN_TOKEN"])
        self.gl = requests.Session()
        self.gl.headers["PRIVATE-TOKEN"] = self.env["SANDBOX_GITLAB_OPS_TOKEN"]
        return self

    def _run_setup(self) -> None:
        """What README's "Connecting the real services" asks of an operator, against the sandbox."""
        from bot.setup.command import setup

        for service in ("zendesk", "gitlab", "slack"):
            out = io.StringIO()
            setup(service, self.settings, apply=True, out=out, err=io.StringIO())
            self.setup_output[service] = out.getvalue()
        # The operator copies the printed signing secret into the bot's environment...
        secret = next(line.split("=", 1)[1] for line in self.setup_output["zendesk"].splitlines()
                      if line.startswith("ZENDESK_WEBHOOK_SECRET="))
        self.env["ZENDESK_WEBHOOK_SECRET"] = secret
        self.settings = self.settings.with_overrides(zendesk_webhook_secret=secret)
        # ...and pastes the manifest into Slack, whose request URL the Slack sandbox then posts clicks to.
        manifest = json.loads(self.setup_output["slack"])
        self.sandbox.controls("slack").webhooks.configure(url=manifest["settings"]["interactivity"]["request_url"])

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(timeout=15)
        workflows.shutdown()
        self.sandbox.stop()
        self.web.stop()
        self.rt.engine.dispose()

    # --- driving the services like people do ------------------------------------------------------------
    @staticmethod
    def _patient(session: requests.Session, method: str, url: str, body: dict) -> requests.Response:
        """People retry when a service has a bad moment: injected faults must not trip the test's own driver."""
        for _ in range(100):
            resp = session.request(method, url, json=body or None, timeout=10)
            if resp.status_code < 500 and resp.status_code != 429:
                break
            time.sleep(0.05)
        resp.raise_for_status()
        return resp

    def zendesk(self, method: str, path: str, **body) -> dict:
        resp = self._patient(self.zd, method, f"{self.sandbox.zendesk_url}/api/v2/{path}", body)
        return resp.json() if resp.content else {}

    def gitlab(self, method: str, path: str, **body) -> Any:
        url = f"{self.sandbox.gitlab_url}/api/v4/projects/support-ops%2Foffering-migrations/{path}"
        resp = self._patient(self.gl, method, url, body)
        return resp.json() if resp.content else {}

    def create_org(self, name: str, tags: list[str], **extra) -> dict:
        return self.zendesk("POST", "organizations", organization={"name": name, "tags": tags, **extra})["organization"]

    def create_ticket(self, org: dict, subject: str, body: str, requester: str = "customer@example.com") -> dict:
        return self.zendesk("POST", "tickets", ticket={
            "subject": subject, "comment": {"body": body, "public": True}, "organization_id": org["id"],
            "requester": {"name": requester.split("@")[0].title(), "email": requester}})["ticket"]

    def reply(self, ticket: dict, body: str) -> None:
        self.zendesk("PUT", f"tickets/{ticket['id']}", ticket={
            "comment": {"body": body, "public": True, "author_id": ticket["requester_id"]}})

    def comments(self, ticket_id: int) -> list[dict]:
        return self.zendesk("GET", f"tickets/{ticket_id}/comments")["comments"]

    def bot_comments(self, ticket_id: int, public: bool | None = None) -> list[dict]:
        me = self.rt.zendesk_user_id
        return [c for c in self.comments(ticket_id) if str(c["author_id"]) == str(me)
                and (public is None or c["public"] == public)]

    def ticket(self, ticket_id: int) -> dict:
        return self.zendesk("GET", f"tickets/{ticket_id}")["ticket"]

    def org(self, org_id: int) -> dict:
        return self.zendesk("GET", f"organizations/{org_id}")["organization"]

    def issues(self) -> list[dict]:
        return self.gitlab("GET", "issues?labels=offering-migration&state=all")

    def slack_messages(self) -> list[dict]:
        """Messages in SLACK_CHANNEL, oldest first, each with its channel id."""
        base = self.sandbox.slack_api_url.rsplit("/api/", 1)[0]
        resp = requests.get(f"{base}/_sandbox/messages", params={"channel": self.settings.slack_channel}, timeout=10)
        resp.raise_for_status()
        channel = self.rt.slack.channel_id(self.settings.slack_channel)
        return [m | {"channel": channel} for m in resp.json()]

    def click(self, message: dict, value: str, user_id: str) -> dict:
        base = self.sandbox.slack_api_url.rsplit("/api/", 1)[0]
        resp = requests.post(f"{base}/_sandbox/click", json={"channel": message["channel"], "ts": message["ts"],
                                                             "value": value, "user_id": user_id}, timeout=10)
        resp.raise_for_status()
        return resp.json()

    def faults(self, service: str, **faults: Any) -> None:
        """Inject failures into the bot's calls to one sandbox service (see POST /_sandbox/faults)."""
        bot_user = {"zendesk": self.env["ZENDESK_EMAIL"], "gitlab": "migration-bot", "slack": None}[service]
        if faults and bot_user:
            faults.setdefault("users", [bot_user])
        self.sandbox.controls(service).faults.configure(faults)

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = predicate()
            except (requests.RequestException, KeyError, IndexError) as exc:
                last = exc
            if last and not isinstance(last, Exception):
                return last
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; last value: {last!r}")

    def settle(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Wait until webhooks are delivered and nothing is left to run, `quiet` seconds on end: no webhook pending
        or waiting for its retry, no inbox event or scheduled action in the bot's backlog (bot.metrics.backlog). The
        sandboxes queue a webhook before they answer the write that caused it, and the bot records a webhook's row
        before it answers, so at every moment of a chain of events a webhook is pending or a row is in the backlog;
        one look sees either unless the chain moved from a row to a webhook while the database was read, which the
        webhooks queued meanwhile tell (read before and after it). `quiet` covers a few worker polls on top."""
        senders = [self.sandbox.controls(s).webhooks for s in ("zendesk", "gitlab", "slack")]

        def busy() -> bool:
            if not all([sender.wait_idle(5) for sender in senders]):
                return True
            before = [sender.activity() for sender in senders]
            if any(pending for _, pending in before):
                return True
            with self.rt.engine.connect() as conn:
                if any(count for count, _ in metrics.backlog(conn, datetime.now(timezone.utc)).values()):
                    return True
            return [sender.activity() for sender in senders] != before

        if not wait_until_quiet(busy, quiet, timeout):
            raise AssertionError("the bot did not settle")


def wait_until_quiet(busy: Callable[[], bool], quiet: float, timeout: float, poll: float = 0.05) -> bool:
    """True once busy() has answered False for `quiet` seconds on end; False when `timeout` passes first."""
    deadline = time.monotonic() + timeout
    calm_since = None
    while time.monotonic() < deadline:
        if busy():
            calm_since = None
        elif calm_since is None:
            calm_since = time.monotonic()
        elif time.monotonic() - calm_since >= quiet:
            return True
        time.sleep(poll)
    return False


def in_days(days: int, today: date | None = None) -> date:
    return (today or datetime.now(timezone.utc).date()) + timedelta(days=days)
