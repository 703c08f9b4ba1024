"""Fixtures shared by the unit tests."""
from __future__ import annotations

import os

import pytest


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No setting from the developer's shell or a .env file leaks into the command."""
    for name in list(os.environ):
        if name.startswith(("ZENDESK_", "GITLAB_", "SLACK_", "BOT_", "DATABASE_URL", "PORT")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path
