"""Logging set-up shared by every process: `LOG_FORMAT=text` (default) or `json` (one object per line)."""
from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Iterator

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s:%(case_tag)s %(message)s"
_CASE: ContextVar[str | None] = ContextVar("case_id", default=None)


@contextmanager
def case_scope(case_id: object) -> Iterator[None]:
    """Every log line written inside the block carries this case id (the correlation id operators search for)."""
    token = _CASE.set(None if case_id is None else str(case_id))
    try:
        yield
    finally:
        _CASE.reset(token)


def current_case() -> str | None:
    return _CASE.get()


class CaseFilter(logging.Filter):
    """Adds `case_id` (and `case_tag`, its text form) to every record, from the surrounding case_scope()."""

    def filter(self, record: logging.LogRecord) -> bool:
        case_id = getattr(record, "case_id", None) or _CASE.get()
        record.case_id = case_id
        record.case_tag = f" [case {case_id}]" if case_id else ""
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, and the exception text when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        out = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
               "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if getattr(record, "case_id", None):
            out["case_id"] = record.case_id
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure(fmt: str = "text", level: int = logging.INFO) -> None:
    """Route the root logger to stderr in the chosen format (replacing earlier handlers: safe to call twice)."""
    handler = logging.StreamHandler()
    handler.addFilter(CaseFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # "already at head" is not news
