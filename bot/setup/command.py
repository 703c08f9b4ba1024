"""The `setup` command's body: settings checked, clients built, the plan printed and (with --apply) applied."""
from __future__ import annotations

from typing import TextIO

from bot.rules.loader import load_rules
from bot.services.base import RetryPolicy
from bot.services.gitlab import GitLabClient
from bot.services.zendesk import ZendeskClient
from bot.settings import Settings
from bot.setup import gitlab, slack, zendesk
from bot.setup.plan import public_url, require, run

SERVICES = ("zendesk", "gitlab", "slack")
NEEDS = {
    "zendesk": ("public_url", "zendesk_url", "zendesk_email", "zendesk_api_token"),
    "gitlab": ("public_url", "gitlab_url", "gitlab_token", "gitlab_project", "gitlab_webhook_token"),
    "slack": ("public_url",),
}


def setup(service: str, settings: Settings, *, apply: bool, out: TextIO, err: TextIO,
          reset_token: bool = False) -> int:
    """`migration-bot setup <service> [--apply] [--reset-token]`; ConfigError or ApiError end it with one line."""
    require(settings, service, NEEDS[service])
    url = public_url(settings)
    if service == "slack":
        print(slack.manifest_json(url), file=out)
        print(slack.HOWTO, file=err)
        return 0
    retry = RetryPolicy(attempts=settings.retry_attempts, max_total_seconds=settings.retry_max_seconds)
    common = {"timeout": settings.http_timeout, "retry": retry}
    if service == "zendesk":
        client = ZendeskClient(settings.zendesk_url, settings.zendesk_email, settings.zendesk_api_token, **common)
    else:
        rules = load_rules(settings.bot_rules or None)
        client = GitLabClient(settings.gitlab_url, settings.gitlab_token, settings.gitlab_project, **common)
    try:
        if service == "zendesk":
            outcome = zendesk.plan(client, url)
        else:
            outcome = gitlab.plan(client, rules, url, settings.gitlab_webhook_token, reset_token=reset_token)
        return run(service, outcome, apply, out, dry_run=settings.dry_run)
    finally:
        client.close()
