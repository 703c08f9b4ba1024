"""BOT_ZENDESK_RATE_SHARE: the share of Zendesk's account limit the bot may spend; Zendesk's limit is not guessed."""
from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.services.ratelimit import DEFAULT_LIMITS, DEFAULT_SHARES, Rate
from bot.settings import Settings


def test_default_share_is_half_and_matches_the_limiter_default():
    settings = Settings.from_env({}, dotenv_path=None)
    assert settings.zendesk_rate_share == 0.5 == DEFAULT_SHARES["zendesk"]
    assert "zendesk" not in settings.rate_limits  # learned from Zendesk's answers, not a fixed guess
    assert {k: Rate(v, 60.0) for k, v in settings.rate_limits.items()} == DEFAULT_LIMITS


@pytest.mark.parametrize("raw, value", [("0.25", 0.25), ("1", 1.0), (" 0.8 ", 0.8)])
def test_share_is_read(raw, value):
    assert Settings.from_env({"BOT_ZENDESK_RATE_SHARE": raw}, dotenv_path=None).zendesk_rate_share == value


@pytest.mark.parametrize("raw", ["0", "-0.5", "1.5", "half", "nan"])
def test_a_share_outside_zero_to_one_is_one_line_naming_it(raw):
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"BOT_ZENDESK_RATE_SHARE": raw}, dotenv_path=None)
    assert str(info.value) == f"BOT_ZENDESK_RATE_SHARE: malformed value {raw.strip()!r}, expected a number above 0 and at most 1"


def test_a_fixed_zendesk_ceiling_may_still_be_set():
    settings = Settings.from_env({"BOT_RATE_LIMITS": "zendesk=120"}, dotenv_path=None)
    assert settings.rate_limits["zendesk"] == 120 and settings.rate_limits["zendesk:org_update"] == 5


def test_the_share_reaches_the_workers_limiter(tmp_path):
    from bot.worker.runtime import build_runtime

    rt = build_runtime(Settings(database_url=f"sqlite:///{tmp_path}/bot.db", zendesk_rate_share=0.25))
    accounts = rt.zendesk.limiter.accounts
    assert accounts.shares == {"zendesk": 0.25}
    (rate,) = accounts.initial().values()
    assert rate.calls == 100  # a quarter of the 400 a minute assumed before Zendesk's first answer tells the limit
