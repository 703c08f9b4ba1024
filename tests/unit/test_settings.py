"""Settings from the environment: unsafe or malformed values stop start-up with a ConfigError naming them."""
from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.settings import Settings


@pytest.mark.parametrize("env, message", [
    ({"ZENDESK_URL": "http://zendesk.example.com"}, "loopback only"),
    ({"SLACK_DECIDERS": "U0ABC, bob"}, "not a Slack user id"),
    ({"BOT_RATE_LIMITS": "zendesk=0"}, "BOT_RATE_LIMITS"),
    ({"DATABASE_URL": "sqlite:////nonexistent-folder/bot.db"}, "folder of the SQLite file does not exist"),
])
def test_settings_refuse_unsafe_or_malformed_values(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env, dotenv_path=None)
