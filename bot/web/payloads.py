"""Inbound payloads: schema validation, delivery ids, and which events can matter (pure)."""
from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import lru_cache
from importlib import resources

import jsonschema
import jsonschema_rs

from bot.db.inbox import Delivery

SCHEMA_DIR = resources.files("bot") / "schemas"  # the top-level schemas/ (a symlink in the source tree)
ZENDESK_PREFIX = "zen:event-type:"
# Zendesk event types that get their own schema (and handler); other envelopes are accepted and ignored.
ZENDESK_TYPES = ("ticket.created", "ticket.comment_added", "ticket.tags_changed", "ticket.status_changed",
                 "organization.tags_changed")

# Ids at the door. Every id field with a fixed place in a payload is checked against what its sender can produce
# and what the bot's columns hold; a number beyond that is a 400 naming the field. Why refuse rather than store:
# no real delivery carries one (Zendesk and GitLab ids are 64-bit, GitLab's iids 32-bit like cases.issue_iid, and
# our Slack block ids are "mbp-<slack_prompts.id>", a 32-bit INTEGER), so only a forger who holds the secret sends
# one, and a refusal shows in their answer instead of as a dead letter later. Numbers inside free text (the case
# marker in an issue description, which any project member may write and GitLab itself delivers) are not refused:
# GitLab disables a hook that keeps failing, so such a number is stored and names nothing downstream (the
# INTEGER columns bind it as no row, see bot/db/models.Int32).
INT32_MAX = 2 ** 31 - 1
INT64_MAX = 2 ** 63 - 1
PROMPT_BLOCK_PREFIX = "mbp-"  # bot/case/prompts.blocks_for


class PayloadInvalid(ValueError):
    """The body is JSON but not what the sender's schema says; details list each problem."""

    def __init__(self, message: str, details: list[str]):
        super().__init__(message)
        self.details = details


@lru_cache(maxsize=None)
def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _format_checker() -> jsonschema.FormatChecker:
    """Only the project's own format: "date-prefix", a string that starts with a real YYYY-MM-DD day (the offline
    lines' `today`); the webhook schemas name no format."""
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-prefix", raises=ValueError)(
        lambda v: not isinstance(v, str) or bool(date.fromisoformat(v[:10])))
    return checker


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(name), format_checker=_format_checker())


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
    details = problems(name, payload)
    if details:
        raise PayloadInvalid(f"body is not a valid {what}", details)


def problems(name: str, payload: object, limit: int = 10, sep: str = "/", whole: str = "(body)") -> list[str]:
    """Up to `limit` violations of schema `name` as "path: message" (at most 200 characters each), the path's parts
    joined by `sep`, `whole` for the payload itself; empty when it is valid."""
    errors = sorted(_validator(name).iter_errors(payload), key=lambda e: list(e.absolute_path))
    return [f"{sep.join(str(p) for p in e.absolute_path) or whole}: {_message(e)}"[:200] for e in errors[:limit]]


def _message(error: jsonschema.ValidationError) -> str:
    """jsonschema's message with a long value shortened, so that the reason after it ("does not match", "is too
    long") survives the detail's 200-character cut."""
    value = repr(error.instance)
    if len(value) <= 60 or value not in error.message:
        return error.message
    return error.message.replace(value, f"{value[:40]}… ({len(value)} characters)", 1)


def _id_problem(value: object, largest: int) -> str | None:
    """Why `value` cannot be an id no larger than `largest` in magnitude; None when it can (or is no number).

    Zendesk sends ids as strings of digits, GitLab as JSON integers; anything else is the schema's business.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():  # also inf and nan
            return None
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        digits = value.lstrip("0")
        if len(digits) > len(str(largest)):  # spares int() a 4000-digit string
            return f"{value[:24]}... is beyond the largest id ({largest})"
        number = int(digits or "0")
    else:
        return None
    if -largest - 1 <= number <= largest:
        return None
    shown = str(value)
    return f"{shown[:24] + '...' if len(shown) > 24 else shown} is beyond the largest id ({largest})"


def _check_ids(payload: dict, fields: list[tuple[str, int]], what: str) -> None:
    """Raise PayloadInvalid naming each field (a/b/c path) whose number is out of its range."""
    details = []
    for path, largest in fields:
        node: object = payload
        for part in path.split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        problem = _id_problem(node, largest) if node is not None else None
        if problem:
            details.append(f"{path}: {problem}")
    if details:
        raise PayloadInvalid(f"body is not a valid {what}", details[:10])


def _zendesk_id_fields(payload: dict) -> list[tuple[str, int]]:
    """`id` and `*_id` fields of detail and event (and of a comment and its author): Zendesk ids are 64-bit."""
    fields = []
    for base in ("detail", "event", "event/comment", "event/comment/author"):
        node: object = payload
        for part in base.split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            fields += [(f"{base}/{key}", INT64_MAX) for key in node
                       if key == "id" or key.endswith("_id")]
    return fields


# What the bot reads from an Issue Hook as an id: the iid is kept in cases.issue_iid (INTEGER). Note Hooks are
# stored as ignored and never read, so their ids are left to the schema.
GITLAB_ISSUE_IDS = [("object_attributes/iid", INT32_MAX), ("object_attributes/id", INT64_MAX),
                    ("project/id", INT64_MAX), ("user/id", INT64_MAX)]


def _check_block_ids(payload: dict) -> None:
    """A block id of ours is "mbp-" and a prompt id (ASCII digits within slack_prompts.id); other block ids are
    Slack's or another app's and are left alone."""
    details = []
    for i, action in enumerate(payload["actions"]):
        block = action.get("block_id") if isinstance(action, dict) else None
        if not isinstance(block, str) or not block.startswith(PROMPT_BLOCK_PREFIX):
            continue
        number = block[len(PROMPT_BLOCK_PREFIX):]
        if not (number.isascii() and number.isdigit()):
            details.append(f"actions/{i}/block_id: {block[:40]!r} does not end in a prompt id (ASCII digits)")
        elif _id_problem(number, INT32_MAX):
            details.append(f"actions/{i}/block_id: {_id_problem(number, INT32_MAX)}")
    if details:
        raise PayloadInvalid("body is not a valid Slack block_actions payload", details[:10])


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
    _check_ids(payload, _zendesk_id_fields(payload), "Zendesk webhook envelope (ids beyond 64 bits)")
    detail = payload["detail"]
    relevant = short == "ticket.created"
    if short == "ticket.comment_added":
        comment = payload["event"]["comment"]
        # Only a requester's public answer can move a case; staff comments (the bot's own included) never do.
        relevant = bool(comment.get("is_public")) and not comment["author"].get("is_staff", False)
    org = detail.get("organization_id")
    if short == "organization.tags_changed":  # the org's tags the bot remembers are stale (handlers/zendesk.py)
        relevant, org = True, detail["id"]
    return Delivery(f"zendesk:{safe_key(payload['id'], 150)}", safe_key(short, 100), relevant,
                    f"org:{safe_key(org, 60)}" if org else None)


def gitlab_delivery(payload: object, event_header: str | None, uuid_header: str | None, raw: bytes) -> Delivery:
    kind = payload.get("object_kind") if isinstance(payload, dict) else None
    if kind == "issue":
        validate("gitlab/issue_hook.json", payload, "GitLab Issue Hook")
        _check_ids(payload, GITLAB_ISSUE_IDS, "GitLab Issue Hook")
    elif kind == "note":
        validate("gitlab/note_hook.json", payload, "GitLab Note Hook")
    elif not isinstance(payload, dict) or not kind or not isinstance(kind, str):
        raise PayloadInvalid("body is not a GitLab webhook", ["(body): object_kind is required (a string)"])
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
    _check_block_ids(payload)
    action = payload["actions"][0]
    action_ts = action.get("action_ts")
    token = payload.get("trigger_id") or (f"{action_ts}:{payload['user']['id']}" if action_ts else digest())
    return Delivery(f"slack:{safe_key(token, 150)}", "block_actions", action["action_id"].startswith("mb_"))
