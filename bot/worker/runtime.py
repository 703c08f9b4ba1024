"""The worker's runtime: settings, rules, database, clients and the bot's own identities, built once."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot import logs, metrics
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker
from bot.rules.loader import Rules, load_rules
from bot.services.base import RetryPolicy
from bot.services.gitlab import GitLabClient
from bot.services.ratelimit import Rate, SlidingWindowLimiter
from bot.services.ratelimit_db import DatabaseRateLimiter
from bot.services.slack import SlackClient
from bot.services.tracker import Tracker
from bot.services.zendesk import ZendeskClient
from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a handler needs, passed in rather than imported."""

    settings: Settings
    rules: Rules
    engine: Engine
    sessions: sessionmaker[Session]
    store: Store
    zendesk: ZendeskClient
    gitlab: GitLabClient
    slack: SlackClient
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc))
    zendesk_user_id: str | None = None
    gitlab_username: str | None = None

    @property
    def tracker(self) -> Tracker:
        """Where Support Ops requests live: GitLab issues (Jira would slot in behind the same interface)."""
        return self.gitlab

    def now(self) -> datetime:
        return self.clock()

    def identify(self) -> None:
        """Learn who the bot is on each service, to recognise webhooks caused by its own writes."""
        if self.zendesk_user_id is None:
            self.zendesk_user_id = str(self.zendesk.me().get("id"))
        if self.gitlab_username is None:
            self.gitlab_username = self.gitlab.current_user().get("username")

    def ticket_url(self, ticket_id: str) -> str:
        return self.zendesk.ticket_url(ticket_id)


def build_runtime(settings: Settings, *, engine: Engine | None = None, retry: RetryPolicy | None = None,
                  clock: Callable[[], datetime] | None = None, limiter=None) -> Runtime:
    """Wire clients and database from one settings object."""
    rules = load_rules(settings.bot_rules or None)
    engine = engine or make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    store = Store(sessions, dry_run=settings.dry_run)
    retry = retry or RetryPolicy(attempts=settings.retry_attempts, max_total_seconds=settings.retry_max_seconds)
    if limiter is None:
        limits = {k: Rate(v, 60.0) for k, v in settings.rate_limits.items()}
        # Several workers share PostgreSQL, so their ceilings must be counted there; one SQLite worker counts alone.
        shares = {"zendesk": settings.zendesk_rate_share}  # of the account limit Zendesk's answers announce
        limiter = (DatabaseRateLimiter(engine, limits, shares=shares) if engine.dialect.name == "postgresql"
                   else SlidingWindowLimiter(limits, shares=shares))

    def on_write(service: str, method: str, path: str, payload) -> None:
        # One line per write (SPEC "Operations"), before the audit row: a failing audit must not hide the write.
        # The case id comes from the surrounding logs.case_scope(); the payload stays out (customer text).
        case_id = logs.current_case()
        what = f"{method} {path}"
        log.info("%s %s %s", "planned write" if settings.dry_run else "write", service, what,
                 extra={"service": service, "what": what, "case_id": case_id, "dry_run": settings.dry_run})
        store.audit("write", case_id=_case_number(case_id), service=service, method=method, path=path,
                    planned_only=settings.dry_run, payload=_clip(payload))

    logs.register_secrets(logs.secret_values(settings))
    common = dict(timeout=settings.http_timeout, retry=retry, dry_run=settings.dry_run, limiter=limiter, on_write=on_write,
                  on_call=metrics.on_call)
    rt = Runtime(
        settings=settings, rules=rules, engine=engine, sessions=sessions, store=store,
        zendesk=ZendeskClient(settings.zendesk_url, settings.zendesk_email, settings.zendesk_api_token, **common),
        gitlab=GitLabClient(settings.gitlab_url, settings.gitlab_token, settings.gitlab_project, **common),
        slack=SlackClient(settings.slack_api_url, settings.slack_bot_token, **common),
    )
    if clock is not None:
        rt.clock = clock
    return rt


def _case_number(case_id: str | None) -> int | None:
    try:
        return int(case_id) if case_id is not None else None
    except ValueError:
        return None


def _clip(payload, limit: int = 2000):
    """Keep audit rows small: long texts are cut (they are customer text, never secrets)."""
    text = str(payload)
    return text if len(text) <= limit else text[:limit] + "…"
