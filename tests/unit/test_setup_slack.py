"""`setup slack`: the app manifest is valid by Slack's own schema and asks for exactly the scopes the bot's Web API
calls need (a private SLACK_CHANNEL included)."""
from __future__ import annotations

import json
import os

import jsonschema
import pytest

import bot.services.slack as slack_client
from bot.setup import slack as setup_slack
from tests.conftest import SHARED

SCHEMA = SHARED / "realdata" / "slack-manifest-schema" / "manifest.schema.1.0.0.json"
# Bot-token scopes per method, from each method's page (https://docs.slack.dev/reference/methods/<method>), for a
# public or a private channel.
METHOD_SCOPES = {
    "auth.test": set(),
    "chat.postMessage": {"chat:write"},
    "chat.update": {"chat:write"},
    "chat.postEphemeral": {"chat:write"},
    "conversations.history": {"channels:history", "groups:history"},
    "conversations.list": {"channels:read", "groups:read"},
}


def schema() -> dict:
    if not SCHEMA.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{SCHEMA} is missing; CI must validate the manifest against Slack's schema")
        pytest.skip("../shared/realdata/slack-manifest-schema is absent")
    return json.loads(SCHEMA.read_text())


def test_the_manifest_is_valid_by_slacks_schema():
    manifest = setup_slack.manifest("https://bot.example.com")
    jsonschema.Draft7Validator(schema()).validate(manifest)
    assert manifest["settings"]["interactivity"] == {"is_enabled": True,
                                                     "request_url": "https://bot.example.com/slack/interactions"}


def test_the_schema_check_can_fail():
    broken = setup_slack.manifest("https://bot.example.com")
    broken["settings"]["interactivity"]["request_url"] = "bot.example.com/slack/interactions"
    broken["display_information"]["name"] = "x" * 36
    errors = list(jsonschema.Draft7Validator(schema()).iter_errors(broken))
    assert len(errors) == 2


def test_scopes_are_exactly_what_the_slack_client_calls_need():
    methods = {v for k, v in vars(slack_client).items() if k.isupper() and isinstance(v, str) and "." in v}
    assert methods and methods <= set(METHOD_SCOPES), f"a Slack method without known scopes: {methods}"
    needed = set().union(*(METHOD_SCOPES[m] for m in methods))
    assert set(setup_slack.manifest("https://bot.example.com")["oauth_config"]["scopes"]["bot"]) == needed
    assert "chat:write.public" not in needed  # the app is invited to the channel: history needs that anyway


def test_the_printed_manifest_is_json():
    assert json.loads(setup_slack.manifest_json("https://bot.example.com")) == setup_slack.manifest(
        "https://bot.example.com")
