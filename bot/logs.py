"""Logging set-up shared by every process: `LOG_FORMAT=text` (default) or `json` (one object per line).

Structured fields are passed with `extra=` (e.g. `log.info("...", extra={"delivery_id": ..., "ms": 12})`): the JSON
form gives each its own key, the text form keeps the message as written. Every line goes through a redaction safety
net (token-like values, credentials in URLs, the secrets of the settings in use), in both formats.
"""
from __future__ import annotations

import json
import logging
import sys
import re
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Iterable, Iterator

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s:%(case_tag)s %(message)s"
_CASE: ContextVar[str | None] = ContextVar("case_id", default=None)
_DELIVERY_CASES: ContextVar[list[str] | None] = ContextVar("delivery_cases", default=None)
MASK = "***"

# The names structured lines use (docs/OPERATIONS.md lists them); any other `extra=` key is passed on as well.
FIELDS = ("delivery_id", "source", "event_type", "outcome", "case_id", "ms", "service", "what")
# LogRecord's own attributes: everything else on a record came from `extra=`.
_RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "case_tag"}


@contextmanager
def case_scope(case_id: object) -> Iterator[None]:
    """Every log line written inside the block carries this case id (the correlation id operators search for)."""
    token = _CASE.set(None if case_id is None else str(case_id))
    touched = _DELIVERY_CASES.get()
    if touched is not None and case_id is not None and str(case_id) not in touched:
        touched.append(str(case_id))
    try:
        yield
    finally:
        _CASE.reset(token)


def current_case() -> str | None:
    return _CASE.get()


@contextmanager
def delivery_scope() -> Iterator[list[str]]:
    """Collects the ids of the cases whose case_scope() opened inside the block (in order, once each), so the
    line written after a delivery was handled can name the case(s) it was about."""
    cases: list[str] = []
    token = _DELIVERY_CASES.set(cases)
    try:
        yield cases
    finally:
        _DELIVERY_CASES.reset(token)


def log_delivery(logger: logging.Logger, *, delivery_id: str, source: str, event_type: str, outcome: str,
                 ms: float, case_ids: Iterable[str] = (), level: int = logging.INFO) -> None:
    """The one line per handled delivery (SPEC "Operations"): delivery id, source, event type, outcome, case id
    (several joined by commas; absent when the delivery concerned no case) and milliseconds, each its own JSON
    key."""
    case_id = ",".join(case_ids) or current_case()
    logger.log(level, "handled delivery=%s source=%s type=%s outcome=%r ms=%d case=%s", delivery_id, source,
               event_type, outcome[:200], ms, case_id or "-",
               extra={"delivery_id": delivery_id, "source": source, "event_type": event_type,
                      "outcome": outcome[:200], "case_id": case_id, "ms": int(ms)})


class CaseFilter(logging.Filter):
    """Adds `case_id` (and `case_tag`, its text form) to every record, from the surrounding case_scope()."""

    def filter(self, record: logging.LogRecord) -> bool:
        case_id = getattr(record, "case_id", None) or _CASE.get()
        record.case_id = case_id
        record.case_tag = f" [case {case_id}]" if case_id else ""
        return True


# --- the redaction safety net ----------------------------------------------------------------------------------
# Clients redact their own credentials from error texts; this catches what slips through anywhere else (a
# payload echoed in an exception, a URL in a traceback). Patterns follow the vendors' credential shapes: Slack
# tokens xoxb-/xoxp-/xapp-/xoxe.xoxp-/xwfp- (docs.slack.dev/authentication/tokens), GitLab glpat- tokens, Zendesk's
# "email/token:API_TOKEN" basic-auth user, Slack incoming-webhook and response_url URLs on hooks.slack.com.
_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\b(?:xox[abposre]|xapp|xwfp|xoxe\.xox[bp])-[A-Za-z0-9-]+"), MASK),
    (re.compile(r"\bglpat-[A-Za-z0-9_-]{8,}"), MASK),
    (re.compile(r"https?://hooks\.slack\.com/[^\s\"'<>]*"), "https://hooks.slack.com/" + MASK),
    (re.compile(r"(?i)(/token:)[^\s\"'@,;]+"), r"\1" + MASK),
    # Authorization: Bearer x / 'Authorization': 'Basic x' / "authorization": "x"
    (re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?)(?:(?:bearer|basic|token)\s+)?[^\s\"',;}]+"),
     r"\1" + MASK),
    # token=x, private_token=x, access_token: x, "api_token": "x", 'PRIVATE-TOKEN': 'x', X-Gitlab-Token: x,
    # secret=..., password=..., response_url=... (Slack's bearer URL)
    (re.compile(r"(?i)([\w-]*(?:token|secret|password|passwd|response_url)[\"']?\s*[:=]\s*[\"']?)"
                # the bot's own messages name settings: "ZENDESK_API_TOKEN: required ..." keeps its word
                r"(?!\*\*\*)(?!(?:required|missing|must|not|is|was|invalid|expired|empty|unset|none)\b)"
                r"[^\s\"'&,;}]+"), r"\1" + MASK),
    # credentials inside a URL: scheme://user:password@host
    (re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@\"']*:)[^@\s/\"']+@"), r"\1" + MASK + "@"),
)
_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()


def register_secrets(values: Iterable[str | None]) -> None:
    """Known secret values (the settings' tokens) that must never be printed, whatever their shape."""
    with _SECRETS_LOCK:
        _SECRETS.update(v for v in values if v and len(v) >= 6)  # a short value would mask ordinary words


def secret_values(settings) -> list[str]:
    """A Settings object's secret values, and the forms they travel in (Zendesk's basic-auth header, a database
    password, the admin password hashes), for register_secrets()."""
    from base64 import b64encode

    from sqlalchemy.engine import make_url

    from bot.settings import SECRET_FIELDS

    values = [str(getattr(settings, name, "") or "") for name in SECRET_FIELDS]
    values += [entry.partition(":")[2] for entry in str(settings.admin_users or "").split(",")]
    if settings.zendesk_email and settings.zendesk_api_token:
        values.append(b64encode(f"{settings.zendesk_email}/token:{settings.zendesk_api_token}".encode()).decode())
    try:
        values.append(make_url(settings.database_url).password or "")
    except Exception:  # noqa: BLE001 - a malformed URL is reported elsewhere; it has no password to hide here
        pass
    return [v.strip() for v in values if v and v.strip()]


def redact(text: str) -> str:
    """The text with every known secret and every token-like value replaced by ***."""
    for secret in sorted(_SECRETS, key=len, reverse=True):  # longest first: one secret may contain another
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _extra(record: logging.LogRecord) -> dict:
    """The structured fields a caller passed with `extra=`."""
    return {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}


class TextFormatter(logging.Formatter):
    """The classic one-line format, redacted."""

    def __init__(self, fmt: str = TEXT_FORMAT):
        super().__init__(fmt)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, every `extra=` field as its own key, and the
    exception text when there is one; string values redacted."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                     "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        for key, value in _extra(record).items():
            if key in out or (key == "case_id" and value is None):
                continue
            out[key] = value if isinstance(value, (int, float, bool)) or value is None else str(value)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            out["exception"] = record.exc_text
        if record.stack_info:
            out["stack"] = self.formatStack(record.stack_info)
        return json.dumps({k: redact(v) if isinstance(v, str) else v for k, v in out.items()},
                          ensure_ascii=False, default=str)


_CHOSEN: list[str] = []  # the format configure() was last given, for loggers set up later (gunicorn's)


def formatter(fmt: str) -> logging.Formatter:
    return JsonFormatter() if fmt == "json" else TextFormatter()


def error_line(message: str) -> str:
    """One ERROR line in the chosen format, as a command prints it to stderr before exiting: plain text (the
    message itself, for people) or a JSON object (for log shippers)."""
    # Only the known secret values are masked: these are the bot's own words ("ZENDESK_API_TOKEN: required ..."),
    # which the token-shaped patterns would garble.
    with _SECRETS_LOCK:
        for secret in sorted(_SECRETS, key=len, reverse=True):
            message = message.replace(secret, MASK)
    if chosen_format() != "json":
        return message
    return json.dumps({"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "level": "ERROR",
                       "logger": "migration-bot", "message": message}, ensure_ascii=False)


def chosen_format() -> str:
    """The format configure() chose in this process, else LOG_FORMAT from the settings (gunicorn's master sets
    its loggers up before the app, which configures logging, is loaded)."""
    if _CHOSEN:
        return _CHOSEN[-1]
    from bot.settings import Settings

    fmt = Settings.check_env()[0].log_format
    return fmt if fmt in ("text", "json") else "text"


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the moment of writing (not when configured), so a process whose stderr
    is swapped (a test's capture, a daemon's redirect) never writes into a closed stream; setStream() pins one."""

    def __init__(self):
        super().__init__()
        self._pinned = None

    @property
    def stream(self):  # noqa: ANN201 - logging's attribute
        return self._pinned or sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # noqa: ANN001
        self._pinned = None if value is sys.stderr else value


def configure(fmt: str = "text", level: int = logging.INFO) -> None:
    """Route the root logger to stderr in the chosen format (replacing earlier handlers: safe to call twice)."""
    _CHOSEN[:] = [fmt]
    handler = StderrHandler()
    handler.addFilter(CaseFilter())
    handler.setFormatter(formatter(fmt))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # DBOS installs a console handler of its own format on "dbos" unless that logger has one already: give it ours,
    # so a JSON process stays one JSON object per line.
    dbos = logging.getLogger("dbos")
    for old in list(dbos.handlers):
        dbos.removeHandler(old)
    dbos.addHandler(handler)
    dbos.propagate = False
    logging.getLogger("alembic").setLevel(logging.WARNING)  # "already at head" is not news
