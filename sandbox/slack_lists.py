"""Slack's conversations.list: channel types, archived filter, and cursor pagination as the Web API pages lists."""
from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from sandbox.slack_state import SlackError

if TYPE_CHECKING:
    from sandbox.slack_state import SlackState

TYPES = ("public_channel", "private_channel", "mpim", "im")


def _cursor(channel_id: str) -> str:
    # Slack's cursors are opaque base64; the method's example "dGVhbTpDMDYxRkE1UEI=" reads "team:C061FA5PB".
    return base64.b64encode(f"team:{channel_id}".encode()).decode()


def _uncursor(cursor: str) -> str:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        raise SlackError("invalid_cursor") from None
    if not text.startswith("team:"):
        raise SlackError("invalid_cursor")
    return text[len("team:"):]


def conversations_list(state: "SlackState", actor: dict[str, Any], args: dict[str, Any]) -> dict[str, Any]:
    """https://docs.slack.dev/reference/methods/conversations.list: `types` defaults to public_channel, `limit`
    to 100 (at most 1000), private channels only where the caller is a member; next_cursor is "" on the last page."""
    types = [t.strip() for t in str(args.get("types") or "public_channel").split(",") if t.strip()]
    if not types or any(t not in TYPES for t in types):
        raise SlackError("invalid_types")
    try:
        limit = int(args.get("limit") or 100)
    except (TypeError, ValueError):
        raise SlackError("invalid_limit") from None
    if not 1 <= limit <= 1000:
        raise SlackError("invalid_limit")
    skip_archived = str(args.get("exclude_archived") or "").lower() in ("1", "true")
    with state.lock:
        rows = [c for c in sorted(state.channels.values(), key=lambda c: c["id"])
                if ("private_channel" if c["is_private"] else "public_channel") in types
                and (not c["is_private"] or actor["id"] in c["members"])
                and not (skip_archived and c["is_archived"])]
        start = 0
        if args.get("cursor"):
            after = _uncursor(str(args["cursor"]))
            start = next((i for i, c in enumerate(rows) if c["id"] >= after), len(rows))
        page = [state.channel_json(c, actor["id"]) for c in rows[start:start + limit]]
        following = rows[start + limit]["id"] if start + limit < len(rows) else None
    return {"channels": page, "response_metadata": {"next_cursor": _cursor(following) if following else ""}}
