"""Fixtures shared by the unit tests."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

from bot.judgement.detect import classify
from bot.judgement.reply import parse_reply
from tests.conftest import read_jsonl


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No setting from the developer's shell or a .env file leaks into the command."""
    for name in list(os.environ):
        if name.startswith(("ZENDESK_", "GITLAB_", "SLACK_", "BOT_", "DATABASE_URL", "PORT")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def reply(rules, text, tags=("sm_premium",), today="2026-11-23") -> dict:
    """parse_reply() on one reply text, as the reply tests write them."""
    return parse_reply({"id": "R-1", "today": today, "current_tags": list(tags), "text": text}, rules)


def date_of(rules, text, today="2026-11-23") -> tuple:
    """(target_date, date_ambiguous) of one reply text."""
    out = reply(rules, text, today=today)
    return out["target_date"], out["date_ambiguous"]


class DetectorRuns:
    """classify() of every ticket of a labelled set, each ticket classified once per test process however many
    tests read it: the accuracy tests (tests/unit/test_detect_accuracy.py) and the event gate
    (tests/unit/test_event_gate.py) read all 4,000+ training tickets, about 11 ms each. Nothing outlives the test
    process; the tests that use this are one xdist group (see tests/conftest.py), so only one worker pays."""

    def __init__(self, rules) -> None:
        self.rules = rules
        self._runs: dict[tuple[Path, Callable | None], list[tuple[dict, dict]]] = {}

    def of(self, path: Path, view: Callable[[dict], dict] | None = None) -> list[tuple[dict, dict]]:
        """[(item, classify(view(item)))] for every item of the JSON-lines file, in order. `view` gives the ticket
        as some reader sees it (e.g. without its later comments); where that is the item itself, the item's own
        result is taken instead of classifying the same input twice."""
        key = (Path(path), view)
        if key not in self._runs:
            if view is None:
                self._runs[key] = [(item, classify(item, self.rules)) for item in read_jsonl(Path(path))]
            else:
                self._runs[key] = [(item, outcome if (seen := view(item)) == item else classify(seen, self.rules))
                                   for item, outcome in self.of(path)]
        return self._runs[key]


@pytest.fixture(scope="session")
def detector_runs(rules) -> DetectorRuns:
    return DetectorRuns(rules)
