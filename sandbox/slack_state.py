"""In-memory Slack workspace: team, users, channels, messages with edit history, and Web API error names."""
from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

TEAM = {"id": "T0SANDBOX1", "name": "Sandbox Workspace", "domain": "sandbox"}
BOT_USER_ID, BOT_ID, APP_ID = "U0MIGBOT01", "B0MIGBOT01", "A0MIGBOT01"
DECIDER_ID, OTHER_ID = "U0SUPPOPS1", "U0OTHER001"
CHANNEL_ID, CHANNEL_NAME = "C0SUPPOPS1", "support_operations"
# Private channels: one the bot is in, one it is not (invisible to it: listed nowhere, channel_not_found).
PRIVATE_ID, PRIVATE_NAME = "C0OPSPRIV1", "support_ops_private"
HIDDEN_ID, HIDDEN_NAME = "C0LEADS001", "ops_leads"
MAX_TEXT = 40000
MAX_BLOCKS = 50
BLOCK_TYPES = {"section", "actions", "context", "divider", "header", "image", "input", "rich_text", "file",
               "video", "markdown", "context_actions"}


class SlackError(Exception):
    """A Web API failure: answered as {"ok": false, "error": name} (HTTP 200 unless status says otherwise)."""

    def __init__(self, error: str, status: int = 200):
        super().__init__(error)
        self.error, self.status = error, status


def _user(uid: str, name: str, real: str, is_bot: bool = False, is_admin: bool = False) -> dict[str, Any]:
    profile = {"real_name": real, "display_name": name, "real_name_normalized": real,
               "display_name_normalized": name, "email": None if is_bot else f"{name}@sandbox.example",
               "team": TEAM["id"], "image_48": "https://sandbox.example/avatar.png"}
    if is_bot:
        profile.update(bot_id=BOT_ID, api_app_id=APP_ID, always_active=True)
    return {"id": uid, "team_id": TEAM["id"], "name": name, "deleted": False, "color": "9f69e7",
            "real_name": real, "tz": "Etc/UTC", "tz_label": "Coordinated Universal Time", "tz_offset": 0,
            "profile": profile, "is_admin": is_admin, "is_owner": False, "is_primary_owner": False,
            "is_restricted": False, "is_ultra_restricted": False, "is_bot": is_bot, "is_app_user": False,
            "updated": 1700000000, "is_email_confirmed": not is_bot}


@dataclass
class SlackState:
    """The workspace; `tokens` maps each accepted token to its user id. Every method takes the lock."""

    tokens: dict[str, str]
    lock: threading.RLock = field(default_factory=threading.RLock)
    support_channel_private: bool = False  # True: #support_operations is a private channel (groups:* scopes)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.users = {u["id"]: u for u in (
                _user(BOT_USER_ID, "migration-bot", "Migration Bot", is_bot=True),
                _user(DECIDER_ID, "ops-decider", "Ops Decider", is_admin=True),
                _user(OTHER_ID, "other-member", "Other Member"))}
            self.channels = {
                CHANNEL_ID: self._channel(CHANNEL_ID, CHANNEL_NAME, [BOT_USER_ID, DECIDER_ID, OTHER_ID],
                                          private=self.support_channel_private),
                "C0GENERAL1": self._channel("C0GENERAL1", "general", [DECIDER_ID, OTHER_ID]),
                PRIVATE_ID: self._channel(PRIVATE_ID, PRIVATE_NAME, [BOT_USER_ID, DECIDER_ID], private=True),
                HIDDEN_ID: self._channel(HIDDEN_ID, HIDDEN_NAME, [DECIDER_ID], private=True),
            }
            self.messages: dict[str, list[dict[str, Any]]] = {cid: [] for cid in self.channels}
            self.ephemeral: list[dict[str, Any]] = []
            self.interactions: list[dict[str, Any]] = []
            self._last_ts = 0.0

    @staticmethod
    def _channel(cid: str, name: str, members: list[str], private: bool = False) -> dict[str, Any]:
        # Private channels made since March 2021 have C ids and is_channel true; only is_private tells them apart
        # (docs.slack.dev reference/objects/group-object).
        return {"id": cid, "name": name, "is_channel": True, "is_group": False, "is_im": False, "is_mpim": False,
                "is_private": private, "created": 1700000000, "is_archived": False, "is_general": name == "general",
                "unlinked": 0, "name_normalized": name, "is_shared": False, "is_org_shared": False,
                "is_ext_shared": False, "is_pending_ext_shared": False, "pending_shared": [],
                "creator": DECIDER_ID, "topic": {"value": "", "creator": "", "last_set": 0},
                "purpose": {"value": f"#{name} (sandbox)", "creator": "", "last_set": 0},
                "previous_names": [], "members": members}

    # ----- lookups -------------------------------------------------------------------------------
    def auth(self, token: str | None) -> dict[str, Any]:
        if not token:
            raise SlackError("not_authed")
        uid = self.tokens.get(token)
        if uid is None:
            raise SlackError("invalid_auth")
        return self.users[uid]

    def channel(self, ref: Any, by_name: bool = False, viewer: str | None = None) -> dict[str, Any]:
        """Resolve a channel id; names (`#name`/`name`) only where Slack accepts them (chat.postMessage).
        A private channel does not exist for a `viewer` outside it."""
        ref = str(ref or "")
        found = self.channels.get(ref)
        if found is None and by_name:
            found = next((ch for ch in self.channels.values() if ch["name"] == ref.removeprefix("#")), None)
        if found is None or (viewer is not None and found["is_private"] and viewer not in found["members"]):
            raise SlackError("channel_not_found")
        return found

    def channel_json(self, ch: dict[str, Any], viewer: str) -> dict[str, Any]:
        out = {k: v for k, v in ch.items() if k != "members"}
        out["is_member"] = viewer in ch["members"]
        return out

    def find_message(self, cid: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.messages.get(cid, []) if m["ts"] == ts), None)

    def next_ts(self) -> str:
        # Slack ts values are unique per channel and increase; microseconds keep them distinct.
        self._last_ts = max(time.time(), self._last_ts + 0.000001)
        return f"{self._last_ts:.6f}"

    # ----- messages ------------------------------------------------------------------------------
    def post(self, actor: dict[str, Any], args: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        with self.lock:
            ch = self.channel(args.get("channel"), by_name=True, viewer=actor["id"])
            if actor["id"] not in ch["members"]:
                raise SlackError("not_in_channel")
            text, blocks = content(args, required=True)
            msg = {"user": actor["id"], "type": "message", "ts": self.next_ts(), "text": text, "team": TEAM["id"]}
            if actor["is_bot"]:
                msg.update(bot_id=BOT_ID, app_id=APP_ID, bot_profile={
                    "id": BOT_ID, "app_id": APP_ID, "name": actor["real_name"], "deleted": False,
                    "team_id": TEAM["id"], "user_id": actor["id"], "updated": 1700000000,
                    "icons": {"image_48": "https://sandbox.example/bot.png"}})
            if blocks is not None:
                msg["blocks"] = blocks
            meta = metadata(args.get("metadata"))
            if meta is not None:
                msg["metadata"] = meta
            thread_ts = args.get("thread_ts")
            parent = self.find_message(ch["id"], str(thread_ts)) if thread_ts else None
            if parent is not None:
                msg.update(thread_ts=parent["ts"], parent_user_id=parent["user"])
                parent.setdefault("thread_ts", parent["ts"])
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                parent["latest_reply"] = msg["ts"]
            msg["_history"] = []
            self.messages[ch["id"]].append(msg)
            return ch, public(msg)

    def update(self, actor: dict[str, Any], args: dict[str, Any], force: bool = False) -> tuple[str, dict[str, Any]]:
        """chat.update (and response_url replace_original when force=True): keeps the old version in history."""
        with self.lock:
            ch = self.channel(args.get("channel"), viewer=None if force else actor["id"])
            msg = self.find_message(ch["id"], str(args.get("ts") or ""))
            if msg is None:
                raise SlackError("message_not_found")
            if not force and msg["user"] != actor["id"]:
                raise SlackError("cant_update_message")
            text, blocks = content(args, required=not force, current=msg)
            msg["_history"].append({k: v for k, v in public(msg).items() if k in ("text", "blocks", "edited")})
            msg["text"] = text
            if blocks:
                msg["blocks"] = blocks
            elif blocks is not None:  # an empty array removes the blocks, as chat.update documents
                msg.pop("blocks", None)
            meta = metadata(args.get("metadata"))
            if meta is not None:
                msg["metadata"] = meta
            msg["edited"] = {"user": actor["id"], "ts": self.next_ts()}
            return ch["id"], public(msg)

    def post_ephemeral(self, actor: dict[str, Any], args: dict[str, Any]) -> str:
        """chat.postEphemeral: seen by one user only, so it never enters the channel's history."""
        with self.lock:
            ch = self.channel(args.get("channel"), by_name=True, viewer=actor["id"])
            if actor["id"] not in ch["members"]:
                raise SlackError("not_in_channel")
            if str(args.get("user") or "") not in ch["members"]:
                raise SlackError("user_not_in_channel")  # "The user should be in the channel" (method docs)
            text, blocks = content(args, required=True)
            ts = self.next_ts()
            self.ephemeral.append({"channel": ch["id"], "user": str(args["user"]), "text": text, "blocks": blocks,
                                   "ts": ts, "thread_ts": args.get("thread_ts"), "from": actor["id"],
                                   "via": "chat.postEphemeral"})
            return ts

    def delete(self, cid: str, ts: str) -> None:
        with self.lock:
            self.messages[cid] = [m for m in self.messages.get(cid, []) if m["ts"] != ts]

    def history(self, cid: str, include_metadata: bool) -> list[dict[str, Any]]:
        """Top-level messages newest first, as conversations.history lists them (thread replies left out)."""
        with self.lock:
            rows = [public(m) for m in self.messages[cid] if m.get("thread_ts", m["ts"]) == m["ts"]]
        if not include_metadata:
            for m in rows:
                m.pop("metadata", None)
        return sorted(rows, key=lambda m: float(m["ts"]), reverse=True)

    def dump(self) -> dict[str, Any]:
        with self.lock:
            return {"team": TEAM, "users": list(self.users.values()),
                    "channels": [dict(c) for c in self.channels.values()],
                    "messages": {cid: [with_history(m) for m in msgs] for cid, msgs in self.messages.items()},
                    "ephemeral": list(self.ephemeral), "interactions": list(self.interactions)}


def public(msg: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps({k: v for k, v in msg.items() if not k.startswith("_")}))


def with_history(msg: dict[str, Any]) -> dict[str, Any]:
    out = public(msg)
    out["history"] = json.loads(json.dumps(msg["_history"]))
    return out


def _decode(value: Any, error: str) -> Any:
    # Form bodies carry blocks/metadata as JSON strings; JSON bodies carry them as values.
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise SlackError(error) from None
    return value


def content(args: dict[str, Any], required: bool, current: dict[str, Any] | None = None) -> tuple[str, list | None]:
    """Validate text/blocks like chat.postMessage: no_text, msg_too_long, invalid_blocks(_format)."""
    text = args.get("text")
    blocks = args.get("blocks")
    blocks = None if blocks in (None, "") else _decode(blocks, "invalid_blocks_format")
    if blocks is not None:
        validate_blocks(blocks)
    if not text and not blocks and not args.get("attachments"):
        if required or current is None:
            raise SlackError("no_text")
        return current["text"], None
    text = "" if text is None else str(text)
    if len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")
    return text, blocks


def validate_blocks(blocks: Any) -> None:
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        raise SlackError("invalid_blocks_format" if not isinstance(blocks, list) else "invalid_blocks")
    action_ids: set[str] = set()
    for block in blocks:
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            raise SlackError("invalid_blocks")
        # Slack fills in block_id and action_id when the app leaves them out.
        block.setdefault("block_id", secrets.token_urlsafe(4))
        if block["type"] == "section" and not (block.get("text") or block.get("fields")):
            raise SlackError("invalid_blocks")
        if block["type"] == "actions" and not (isinstance(block.get("elements"), list) and block["elements"]):
            raise SlackError("invalid_blocks")
        elements = list(block.get("elements") or []) if block["type"] == "actions" else []
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        for el in elements:
            if not isinstance(el, dict) or not el.get("type"):
                raise SlackError("invalid_blocks")
            if el["type"] == "button" and not (isinstance(el.get("text"), dict) and el["text"].get("text")):
                raise SlackError("invalid_blocks")
            el.setdefault("action_id", secrets.token_urlsafe(4))
            if el["action_id"] in action_ids:
                raise SlackError("invalid_blocks")  # action_id must be unique within a message
            action_ids.add(el["action_id"])


def metadata(value: Any) -> dict[str, Any] | None:
    if value in (None, ""):
        return None
    meta = _decode(value, "invalid_metadata_format")
    if not (isinstance(meta, dict) and isinstance(meta.get("event_type"), str)
            and isinstance(meta.get("event_payload", {}), dict)):
        raise SlackError("invalid_metadata_format")
    return {"event_type": meta["event_type"], "event_payload": meta.get("event_payload", {})}
