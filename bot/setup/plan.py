"""Plans and their application: one Change per object, printed the same way for every service."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, TextIO
from urllib.parse import urlsplit

from bot.errors import ConfigError
from bot.settings import ENV_NAMES, Settings

CREATE, UPDATE, KEEP = "create", "update", "keep"
DONE = {CREATE: "created", UPDATE: "updated", KEEP: "kept"}


@dataclass
class Change:
    """One object the bot needs: created, updated (what differs) or kept as it is. `apply` performs the write."""

    action: str
    what: str
    detail: str = ""
    apply: Callable[[], Any] | None = None

    def line(self, done: bool) -> str:
        verb = DONE[self.action] if done else self.action
        return f"  {verb:<8}{self.what}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class Outcome:
    """What a service's plan found: the changes, notes for the operator, and the lines to copy after an apply."""

    changes: list[Change]
    notes: list[str] = field(default_factory=list)
    # Called after an apply (and on an apply that found nothing to change): lines such as KEY=value to print.
    after_apply: Callable[[], list[str]] | None = None


def require(settings: Settings, service: str, fields: tuple[str, ...]) -> None:
    """One line naming every setting `setup <service>` needs but lacks, and a public URL the services can call."""
    missing = [ENV_NAMES[name] for name in fields if not getattr(settings, name)]
    if missing:
        raise ConfigError(f"{', '.join(missing)}: required for `setup {service}` but not set")
    if "public_url" in fields:
        public_url(settings)


def public_url(settings: Settings) -> str:
    """BOT_PUBLIC_URL without a trailing slash; https, or plain http on loopback (the sandbox)."""
    value = settings.public_url.strip().rstrip("/")
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host or parts.query or parts.fragment:
        raise ConfigError(f"BOT_PUBLIC_URL: must be the bot's external http(s) base URL, got {value!r}")
    if parts.scheme == "http" and host not in ("localhost", "127.0.0.1", "::1"):
        # The services send customer data and secrets to it: plain http only where nothing leaves the machine.
        raise ConfigError(f"BOT_PUBLIC_URL: plain http:// is allowed on loopback only, got {value!r}")
    return value


def run(service: str, outcome: Outcome, apply: bool, out: TextIO, dry_run: bool = False) -> int:
    """Print the plan; with apply, make each change in order and print what the operator must copy."""
    pending = [c for c in outcome.changes if c.action != KEEP]
    if apply and dry_run:
        print(f"setup {service}: BOT_DRY_RUN is on, so nothing is changed; the plan:", file=out)
        apply = False
    elif apply:
        print(f"setup {service}: applying", file=out)
    else:
        print(f"setup {service}: plan (nothing is changed; --apply makes these changes)", file=out)
    for change in outcome.changes:
        if apply and change.apply is not None and change.action != KEEP:
            change.apply()
        print(change.line(done=apply), file=out, flush=True)
    for note in outcome.notes:
        print(f"  note: {note}", file=out)
    if not pending:
        print("nothing to change", file=out)
    if apply and outcome.after_apply is not None:
        for line in outcome.after_apply():
            print(line, file=out)
    return 0
