"""Log lines carry the case they are about (LOG_FORMAT text and json)."""
from __future__ import annotations

import io
import json
import logging

import pytest

from bot import logs


@pytest.fixture(autouse=True)
def _restore_root_logger():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _emit(fmt: str, case_id: object | None) -> str:
    logs.configure(fmt)
    stream = io.StringIO()
    logging.getLogger().handlers[0].setStream(stream)
    if case_id is None:
        logging.getLogger("bot.test").info("plain")
    else:
        with logs.case_scope(case_id):
            logging.getLogger("bot.test").info("about a case")
    return stream.getvalue().strip()


def test_text_lines_name_the_case_inside_a_case_scope_only():
    assert "[case 42] about a case" in _emit("text", 42)
    assert "[case" not in _emit("text", None)


def test_json_lines_are_objects_with_the_case_id():
    line = json.loads(_emit("json", "7"))
    assert line["case_id"] == "7" and line["message"] == "about a case" and line["level"] == "INFO"
    assert "case_id" not in json.loads(_emit("json", None))
    assert logs.current_case() is None  # the scope ended with its block
