"""Fixtures shared by the unit tests."""
from __future__ import annotations

import os

import pytest

from bot.judgement.reply import parse_reply


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
