"""Settings.from_env(): the only reader of the environment (and of an optional .env file)."""
from __future__ import annotations

import ipaddress
import math
import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from bot.db.engine import display_url, driver_problem, normalize_url, sqlite_file
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
    "gitlab_webhook_token": "GITLAB_WEBHOOK_TOKEN", "gitlab_approvers": "GITLAB_APPROVERS",
    "slack_api_url": "SLACK_API_URL", "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET", "slack_channel": "SLACK_CHANNEL",
    "slack_deciders": "SLACK_DECIDERS", "bot_rules": "BOT_RULES", "dry_run": "BOT_DRY_RUN",
    "max_body_bytes": "BOT_MAX_BODY_BYTES", "worker_concurrency": "BOT_WORKER_CONCURRENCY",
    "poll_interval": "BOT_POLL_INTERVAL", "retry_attempts": "BOT_RETRY_ATTEMPTS",
    "retry_max_seconds": "BOT_RETRY_MAX_SECONDS", "rate_limits": "BOT_RATE_LIMITS",
    "zendesk_rate_share": "BOT_ZENDESK_RATE_SHARE", "org_tags_ttl": "BOT_ORG_TAGS_TTL",
    "crash_at": "BOT_CRASH_AT", "http_timeout": "BOT_HTTP_TIMEOUT", "write_grace": "BOT_WRITE_GRACE",
    "admin_users": "BOT_ADMIN_USERS", "admin_trusted_header": "BOT_ADMIN_TRUSTED_HEADER",
    "secret_key": "BOT_SECRET_KEY", "public_url": "BOT_PUBLIC_URL", "log_format": "LOG_FORMAT",
}
SECRET_FIELDS = ("zendesk_api_token", "zendesk_webhook_secret", "gitlab_token", "gitlab_webhook_token",
                 "slack_bot_token", "slack_signing_secret", "secret_key", "admin_users")
URL_FIELDS = ("database_url", "zendesk_url", "gitlab_url", "slack_api_url", "public_url")  # shown password masked


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
    gitlab_approvers: tuple[str, ...] = ()  # GitLab usernames whose approval label counts; empty = anyone but the bot
    bot_rules: str = ""
    dry_run: bool = False
    max_body_bytes: int = 1_000_000
    worker_concurrency: int = 8
    poll_interval: float = 0.2
    retry_attempts: int = 5
    retry_max_seconds: float = 120.0
    # The bot's ceilings, calls a minute per bucket; "zendesk:org_update" is per organization, "zendesk:ticket_update"
    # is the Update Ticket endpoint (100 a minute per account, the UI's edits included). Zendesk's account limit is
    # not guessed: it is read from every answer and the bot keeps zendesk_rate_share of it ("zendesk=N" caps it).
    rate_limits: dict = field(default_factory=lambda: {
        "zendesk:org_update": 5, "zendesk:ticket_update": 50, "gitlab": 300, "slack": 50})
    zendesk_rate_share: float = 0.5
    # Seconds an org's tags as last read may rule out a new ticket whose copied tags agree with them (0: never).
    org_tags_ttl: float = 3600.0
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
    # Admin status pages (/admin, bot/web/admin): "name:hash,…" (hashes from `migration-bot hash-password`), the
    # header an SSO proxy sets to the signed-in user, the key that signs the session cookie; the external base URL.
    admin_users: str = ""
    admin_trusted_header: str = ""
    secret_key: str = ""
    public_url: str = ""
    log_format: str = "text"  # text | json (one JSON object per line, for log shippers)

    @classmethod
    def from_env(cls, environ: dict | None = None, dotenv_path: str | None = ".env") -> "Settings":
        """Read settings from the environment, falling back to a .env file; raise ConfigError naming every bad one
        (one line)."""
        settings, problems = cls.check_env(environ, dotenv_path)
        if problems:
            raise ConfigError("; ".join(problems))
        return settings

    @classmethod
    def check_env(cls, environ: dict | None = None,
                  dotenv_path: str | None = ".env") -> tuple["Settings", list[str]]:
        """Every malformed setting at once: the settings built from the well-formed values (defaults in place of
        the others) and one message per malformed or unusable setting, each naming its variable."""
        env: dict[str, str] = {}
        if dotenv_path and Path(dotenv_path).is_file():
            from dotenv import dotenv_values

            env.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
        env.update(os.environ if environ is None else environ)
        kwargs: dict = {}
        problems: list[str] = []
        for name, var in ENV_NAMES.items():
            raw = env.get(var)
            if raw is None or raw == "":
                continue
            try:
                kwargs[name] = _convert(name, var, raw.strip())
            except ConfigError as exc:
                problems.append(str(exc))
        if "rate_limits" in kwargs:  # named services override the defaults; the others keep theirs
            kwargs["rate_limits"] = cls().rate_limits | kwargs["rate_limits"]
        settings = cls(**kwargs)
        return settings, problems + settings.problems()

    def validate(self) -> None:
        """Raise ConfigError naming every unusable setting (one line)."""
        problems = self.problems()
        if problems:
            raise ConfigError("; ".join(problems))

    def problems(self) -> list[str]:
        """One message per unusable setting, each starting with its variable's name; never a password."""
        found = []
        url = self.database_url
        if not url.startswith(("sqlite", "postgresql")):
            found.append(f"DATABASE_URL: must be an SQLAlchemy URL for sqlite (sqlite:///path/bot.db) or postgresql "
                         f"(postgresql://user:password@host:5432/name), got {display_url(url)!r}")
        else:
            try:
                file = sqlite_file(url)
            except Exception:  # noqa: BLE001 - SQLAlchemy's message repeats the URL, password included
                found.append(f"DATABASE_URL: not a database URL: {display_url(url)!r}")
            else:
                driver = driver_problem(url)
                if driver:
                    found.append(f"DATABASE_URL: {driver}; use sqlite:///… or postgresql://… (psycopg 3), got "
                                 f"{display_url(url)!r}")
                elif file:
                    folder = os.path.dirname(os.path.abspath(file))
                    if not os.path.isdir(folder):
                        found.append(f"DATABASE_URL: the folder of the SQLite file does not exist: {folder}")
        for name in ("zendesk_url", "gitlab_url", "slack_api_url"):
            value = getattr(self, name)
            if value:
                try:
                    parts = urlsplit(value)
                    host = parts.hostname
                except ValueError:
                    parts, host = None, None
                if parts is None or parts.scheme not in ("http", "https") or not host:
                    found.append(f"{ENV_NAMES[name]}: must be an http(s) URL, got {display_url(value)!r}")
                elif parts.scheme == "http" and not _is_loopback(host):
                    # Tokens travel with every call: plain http only where nothing leaves the machine.
                    found.append(f"{ENV_NAMES[name]}: plain http:// is allowed on loopback only, got "
                                 f"{display_url(value)!r}")
        for user in self.slack_deciders:
            if not re.fullmatch(r"[UW][A-Z0-9]{2,}", user):
                found.append(f"SLACK_DECIDERS: {user!r} is not a Slack user id (like U0123ABCD)")
                break
        if self.zendesk_email and "@" not in self.zendesk_email:
            found.append("ZENDESK_EMAIL: must be an email address")
        if self.slack_channel and not self.slack_channel.strip("#"):
            found.append("SLACK_CHANNEL: must name a channel")
        if self.log_format not in ("text", "json"):
            found.append(f"LOG_FORMAT: must be text or json, got {self.log_format!r}")
        if self.admin_users and not self.secret_key:
            found.append("BOT_SECRET_KEY: required when BOT_ADMIN_USERS is set (it signs the admin session cookie)")
        if any(not n.strip() or "$" not in h for n, _, h in (u.partition(":") for u in self.admin_users.split(",")
                                                              if u.strip())):
            found.append("BOT_ADMIN_USERS: each entry must be name:hash (from `migration-bot hash-password`)")
        return found

    def missing(self, role: str) -> list[str]:
        """The variables the given entry point needs but lacks, in NEEDED's order."""
        reverse = {v: k for k, v in ENV_NAMES.items()}
        return [var for var in NEEDED[role] if not getattr(self, reverse[var])]

    def require(self, role: str, command: str | None = None) -> None:
        """Raise ConfigError naming every setting the given entry point needs but lacks (one line), and the command
        the operator ran (`replay` and `run-due` need what `worker` needs)."""
        missing = self.missing(role)
        if missing:
            raise ConfigError(f"{', '.join(missing)}: required for `{command or role}` but not set")

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)

    def redacted(self) -> dict:
        """Settings for display: secrets replaced by a marker."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS:
                value = "***" if value else ""
            elif f.name in URL_FIELDS and value:
                value = display_url(value)
            out[ENV_NAMES.get(f.name, f.name)] = value
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


MAX_ORG_TAGS_TTL = 7 * 24 * 3600.0  # a read older than a week is no read; beyond datetime's range it would crash

# What a malformed value's line says is expected instead (docs/INTERFACE.md's "accepted values").
_EXPECTED = {
    "port": "an integer from 1 to 65535",
    "max_body_bytes": "an integer of 1 or more", "worker_concurrency": "an integer of 1 or more",
    "retry_attempts": "an integer of 1 or more",
    "zendesk_rate_share": "a number above 0 and at most 1",
    "org_tags_ttl": "seconds, a number from 0 to 604800 (a week)",
    "poll_interval": "seconds, a number above 0", "retry_max_seconds": "seconds, a number above 0",
    "http_timeout": "seconds, a number above 0", "write_grace": "seconds, a number above 0",
    "dry_run": "one of 0, 1, true, false, yes, no",
    "rate_limits": "name=integer pairs separated by commas, e.g. zendesk:org_update=5,slack=50",
}


def _convert(name: str, var: str, raw: str):
    if name == "database_url":
        return normalize_url(raw)  # postgres://, as Heroku and Render hand it out, is postgresql://
    try:
        if name in ("port", "max_body_bytes", "worker_concurrency", "retry_attempts"):
            value = int(raw)
            if value < 1 or (name == "port" and value > 65535):
                raise ValueError
            return value
        if name == "org_tags_ttl":
            value = float(raw)
            if not math.isfinite(value) or not 0 <= value <= MAX_ORG_TAGS_TTL:
                raise ValueError
            return value
        if name == "zendesk_rate_share":
            value = float(raw)
            if not 0 < value <= 1:
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
        if name in ("slack_deciders", "gitlab_approvers"):
            return tuple(part.strip().lstrip("@") for part in raw.split(",") if part.strip())
        if name == "rate_limits":
            # "zendesk=400,slack=50"
            pairs = [p.split("=", 1) for p in raw.split(",") if p.strip()]
            limits = {k.strip(): int(v) for k, v in pairs}
            if any(v < 1 or not k for k, v in limits.items()):
                raise ValueError
            return limits
    except ValueError as exc:
        raise ConfigError(f"{var}: malformed value {raw!r}, expected {_EXPECTED.get(name, 'another value')}") from exc
    return raw
