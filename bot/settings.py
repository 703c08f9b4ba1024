"""Settings.from_env(): the only reader of the environment (and of an optional .env file)."""
from __future__ import annotations

import ipaddress
import math
import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.exc import ArgumentError

from bot.db.engine import sqlite_file
from bot.errors import ConfigError

# Which settings each entry point cannot run without.
NEEDED = {
    "serve": ("ZENDESK_WEBHOOK_SECRET", "GITLAB_WEBHOOK_TOKEN", "SLACK_SIGNING_SECRET"),
    "worker": ("ZENDESK_URL", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "GITLAB_TOKEN", "GITLAB_PROJECT",
               "SLACK_BOT_TOKEN"),
}

ENV_NAMES = {
    "database_url": "DATABASE_URL", "port": "PORT",
    "zendesk_url": "ZENDESK_URL", "zendesk_email": "ZENDESK_EMAIL", "zendesk_api_token": "ZENDESK_API_TOKEN",
    "zendesk_webhook_secret": "ZENDESK_WEBHOOK_SECRET",
    "gitlab_url": "GITLAB_URL", "gitlab_token": "GITLAB_TOKEN", "gitlab_project": "GITLAB_PROJECT",
    "gitlab_webhook_token": "GITLAB_WEBHOOK_TOKEN",
    "slack_api_url": "SLACK_API_URL", "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET", "slack_channel": "SLACK_CHANNEL",
    "slack_deciders": "SLACK_DECIDERS", "bot_rules": "BOT_RULES", "dry_run": "BOT_DRY_RUN",
    "max_body_bytes": "BOT_MAX_BODY_BYTES", "worker_concurrency": "BOT_WORKER_CONCURRENCY",
    "poll_interval": "BOT_POLL_INTERVAL", "retry_attempts": "BOT_RETRY_ATTEMPTS",
    "retry_max_seconds": "BOT_RETRY_MAX_SECONDS", "rate_limits": "BOT_RATE_LIMITS",
    "crash_at": "BOT_CRASH_AT", "http_timeout": "BOT_HTTP_TIMEOUT", "write_grace": "BOT_WRITE_GRACE",
}
SECRET_FIELDS = ("zendesk_api_token", "zendesk_webhook_secret", "gitlab_token", "gitlab_webhook_token",
                 "slack_bot_token", "slack_signing_secret")


@dataclass(frozen=True)
class Settings:
    """Every setting the bot reads; build with from_env() or directly in tests."""

    database_url: str = "sqlite:///migration-bot.db"
    port: int = 8000
    zendesk_url: str = ""
    zendesk_email: str = ""
    zendesk_api_token: str = ""
    zendesk_webhook_secret: str = ""
    gitlab_url: str = "https://gitlab.com"
    gitlab_token: str = ""
    gitlab_project: str = ""
    gitlab_webhook_token: str = ""
    slack_api_url: str = "https://slack.com/api/"
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_channel: str = "#support_operations"
    slack_deciders: tuple[str, ...] = ()
    bot_rules: str = ""
    dry_run: bool = False
    max_body_bytes: int = 1_000_000
    worker_concurrency: int = 8
    poll_interval: float = 0.2
    retry_attempts: int = 5
    retry_max_seconds: float = 120.0
    # service -> calls per minute ceiling; "zendesk:org_update" is per organization.
    rate_limits: dict = field(default_factory=lambda: {
        "zendesk": 400, "zendesk:org_update": 5, "gitlab": 300, "slack": 50})
    signature_tolerance: int = 300
    http_timeout: float = 10.0
    # After a write timed out (it may still land), wait this long before looking for it and trying again.
    write_grace: float = 60.0
    # A case resting this long in a state the driver leaves on its own is handed back to it.
    reconcile_after: float = 300.0
    # A workflow waits out transient outages with durable sleeps: ~40 tries, 1 s doubling to 10 min (~6 h).
    event_retry_attempts: int = 40
    event_retry_base: float = 1.0
    event_retry_cap: float = 600.0
    # Fault injection for crash tests: "before:<effect key glob>" or "after:<glob>" kills the process there.
    crash_at: str = ""

    @classmethod
    def from_env(cls, environ: dict | None = None, dotenv_path: str | None = ".env") -> "Settings":
        """Read settings from the environment, falling back to a .env file; raise ConfigError naming a bad one."""
        env: dict[str, str] = {}
        if dotenv_path and Path(dotenv_path).is_file():
            from dotenv import dotenv_values

            env.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
        env.update(os.environ if environ is None else environ)
        kwargs: dict = {}
        for name, var in ENV_NAMES.items():
            raw = env.get(var)
            if raw is None or raw == "":
                continue
            kwargs[name] = _convert(name, var, raw.strip())
        if "rate_limits" in kwargs:  # named services override the defaults; the others keep theirs
            kwargs["rate_limits"] = cls().rate_limits | kwargs["rate_limits"]
        settings = cls(**kwargs)
        settings.validate()
        return settings

    def validate(self) -> None:
        if not self.database_url.startswith(("sqlite", "postgresql")):
            raise ConfigError("DATABASE_URL: must be an SQLAlchemy URL for sqlite or postgresql")
        try:
            file = sqlite_file(self.database_url)
        except ArgumentError as exc:
            raise ConfigError(f"DATABASE_URL: not a database URL ({exc})") from None
        if file:
            folder = os.path.dirname(os.path.abspath(file))
            if not os.path.isdir(folder):
                raise ConfigError(f"DATABASE_URL: the folder of the SQLite file does not exist: {folder}")
        for name in ("zendesk_url", "gitlab_url", "slack_api_url"):
            value = getattr(self, name)
            if value:
                parts = urlsplit(value)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    raise ConfigError(f"{ENV_NAMES[name]}: must be an http(s) URL, got {value!r}")
                if parts.scheme == "http" and not _is_loopback(parts.hostname):
                    # Tokens travel with every call: plain http only where nothing leaves the machine.
                    raise ConfigError(f"{ENV_NAMES[name]}: plain http:// is allowed on loopback only, got {value!r}")
        for user in self.slack_deciders:
            if not re.fullmatch(r"[UW][A-Z0-9]{2,}", user):
                raise ConfigError(f"SLACK_DECIDERS: {user!r} is not a Slack user id (like U0123ABCD)")
        if self.zendesk_email and "@" not in self.zendesk_email:
            raise ConfigError("ZENDESK_EMAIL: must be an email address")
        if self.slack_channel and not self.slack_channel.strip("#"):
            raise ConfigError("SLACK_CHANNEL: must name a channel")

    def require(self, role: str) -> None:
        """Raise ConfigError for the first setting the given entry point needs but lacks."""
        reverse = {v: k for k, v in ENV_NAMES.items()}
        for var in NEEDED[role]:
            if not getattr(self, reverse[var]):
                raise ConfigError(f"{var}: required for `{role}` but not set")

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)

    def redacted(self) -> dict:
        """Settings for display: secrets replaced by a marker."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[ENV_NAMES.get(f.name, f.name)] = ("***" if value else "") if f.name in SECRET_FIELDS else value
        return out

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _convert(name: str, var: str, raw: str):
    try:
        if name in ("port", "max_body_bytes", "worker_concurrency", "retry_attempts"):
            value = int(raw)
            if value < 1 or (name == "port" and value > 65535):
                raise ValueError
            return value
        if name in ("poll_interval", "retry_max_seconds", "http_timeout", "write_grace"):
            value = float(raw)
            if not math.isfinite(value) or value <= 0:
                raise ValueError
            return value
        if name == "dry_run":
            if raw.lower() not in ("0", "1", "true", "false", "yes", "no"):
                raise ValueError
            return raw.lower() in ("1", "true", "yes")
        if name == "slack_deciders":
            return tuple(part.strip() for part in raw.split(",") if part.strip())
        if name == "rate_limits":
            # "zendesk=400,slack=50"
            pairs = [p.split("=", 1) for p in raw.split(",") if p.strip()]
            limits = {k.strip(): int(v) for k, v in pairs}
            if any(v < 1 or not k for k, v in limits.items()):
                raise ValueError
            return limits
    except ValueError as exc:
        raise ConfigError(f"{var}: malformed value {raw!r}") from exc
    return raw
