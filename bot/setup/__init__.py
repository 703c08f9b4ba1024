"""`migration-bot setup zendesk|gitlab|slack [--apply]`: the services' side of the bot, planned and (with --apply) made.

Each service module compares what the service has with what the bot needs and returns a list of Changes; nothing is
written while planning. `run` prints the plan, applies it when asked, and prints what the operator must copy (the
Zendesk signing secret, the Slack app manifest). Running it again after an apply finds nothing to change."""
from __future__ import annotations

from bot.setup.plan import Change, Outcome, require, run

__all__ = ["Change", "Outcome", "require", "run"]
