"""Inbound payloads: schema validation, delivery ids, and which events can matter (pure)."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources

import jsonschema
import jsonschema_rs

from bot.db.inbox import Delivery

SCHEMA_DIR = resources.files("bot") / "schemas"  # the top-level schemas/ (a symlink in the source tree)
ZENDESK_PREFIX = "zen:event-type:"
# Zendesk event types that get their own schema (and handler); other envelopes are accepted and ignored.
ZENDESK_TYPES = ("ticket.created", "ticket.comment_added", "ticket.tags_changed", "ticket.status_changed")


class PayloadInvalid(ValueError):
    """The body is JSON but not what the sender's schema says; details list each problem."""

    def __init__(self, message: str, details: list[str]):
        super().__init__(message)
        self.details = details


@lru_cache(maxsize=None)
def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(name))


@lru_cache(maxsize=None)
def _fast(name: str):
    # jsonschema-rs answers valid/invalid in microseconds; jsonschema lists the problems only when invalid.
    return jsonschema_rs.validator_for(_schema(name))


def validate(name: str, payload: object, what: str) -> None:
    """Raise PayloadInvalid listing up to 10 schema violations (path: message)."""
    try:
        if _fast(name).is_valid(payload):
            return
    except (ValueError, OverflowError):  # values Rust cannot represent (huge ints): let jsonschema judge
        pass
    errors = sorted(_validator(name).iter_errors(payload), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    if errors:
        details = [f"{'/'.join(str(p) for p in e.absolute_path) or '(body)'}: {e.message[:200]}"
                   for e in errors[:10]]
        raise PayloadInvalid(f"body is not a valid {what}", details)


def safe_key(value: object, limit: int) -> str:
    """A sender-chosen id as a database key: kept when short and printable, else replaced by its hash.

    Ids end up in primary keys and log lines, so control characters, lone surrogates and overlong values
    never get through as they are (the hash keeps duplicates recognisable).
    """
    text = str(value)
    if len(text) <= limit and text.isprintable() and text.isascii():
        return text
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def zendesk_delivery(payload: object) -> Delivery:
    validate("zendesk/envelope.json", payload, "Zendesk webhook envelope (needs id, type, detail)")
    short = payload["type"].removeprefix(ZENDESK_PREFIX)
    if short in ZENDESK_TYPES:
        validate(f"zendesk/{short}.json", payload, f"Zendesk {short} event")
    detail = payload["detail"]
    relevant = short == "ticket.created"
    if short == "ticket.comment_added":
        comment = payload["event"]["comment"]
        # Only a requester's public answer can move a case; staff comments (the bot's own included) never do.
        relevant = bool(comment.get("is_public")) and not comment["author"].get("is_staff", False)
    org = detail.get("organization_id")
    return Delivery(f"zendesk:{safe_key(payload['id'], 150)}", safe_key(short, 100), relevant,
                    f"org:{safe_key(org, 60)}" if org else None)


def gitlab_delivery(payload: object, event_header: str | None, uuid_header: str | None, raw: bytes) -> Delivery:
    kind = payload.get("object_kind") if isinstance(payload, dict) else None
    if kind == "issue":
        validate("gitlab/issue_hook.json", payload, "GitLab Issue Hook")
    elif kind == "note":
        validate("gitlab/note_hook.json", payload, "GitLab Note Hook")
    elif not isinstance(payload, dict) or not kind:
        raise PayloadInvalid("body is not a GitLab webhook", ["(body): object_kind is required"])
    # GitLab sends a fresh X-Gitlab-Event-UUID per event; without it the body itself identifies the delivery.
    delivery = safe_key(uuid_header, 150) if uuid_header else hashlib.sha256(raw).hexdigest()
    return Delivery(f"gitlab:{delivery}", safe_key(event_header or kind, 100), kind == "issue")


def slack_delivery(payload: object) -> Delivery:
    def digest() -> str:  # the payload itself identifies a delivery that carries no id of its own
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()

    if not isinstance(payload, dict) or payload.get("type") != "block_actions":
        kind = payload.get("type") if isinstance(payload, dict) else None
        if not isinstance(kind, str):
            raise PayloadInvalid("payload is not a Slack interaction", ["(body): type is required"])
        return Delivery(f"slack:{digest()}", safe_key(kind, 100), False)
    validate("slack/block_actions.json", payload, "Slack block_actions payload")
    action = payload["actions"][0]
    action_ts = action.get("action_ts")
    token = payload.get("trigger_id") or (f"{action_ts}:{payload['user']['id']}" if action_ts else digest())
    return Delivery(f"slack:{safe_key(token, 150)}", "block_actions", action["action_id"].startswith("mb_"))
