"""`setup slack`: the Slack app manifest (https://docs.slack.dev/reference/app-manifest/) an operator pastes into
"Create New App -> From a manifest" (or the app's Manifest page). Slack creates apps from manifests only with an app
configuration token, which the bot does not hold, so this prints and never calls Slack."""
from __future__ import annotations

import json
from typing import Any

PATH = "/slack/interactions"
# Exactly what bot/services/slack.py calls (https://docs.slack.dev/reference/methods/<method>, "Bot token" scopes):
SCOPES = {
    "chat:write": "chat.postMessage, chat.update, chat.postEphemeral",
    "channels:read": "conversations.list (public channels: SLACK_CHANNEL by name)",
    "groups:read": "conversations.list (a private SLACK_CHANNEL)",
    "channels:history": "conversations.history (the bot's own prompts, found again after a retry)",
    "groups:history": "conversations.history in a private SLACK_CHANNEL",
}
# Not chat:write.public: conversations.history reads only channels the app was added to, so the app must be invited to
# SLACK_CHANNEL anyway, and then chat:write covers posting there.


def manifest(public_url: str) -> dict[str, Any]:
    """The app manifest (version 1): a bot user, its scopes, and interactivity pointed at the bot."""
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": "Offering migration bot",
            "description": "Asks #support_operations when a ticket's offering or level tag is unclear.",
            "background_color": "#2c2d30",
        },
        "features": {"bot_user": {"display_name": "offering-migration-bot", "always_online": True}},
        "oauth_config": {"scopes": {"bot": list(SCOPES)}},
        "settings": {
            "interactivity": {"is_enabled": True, "request_url": public_url + PATH},
            "org_deploy_enabled": False,
            "socket_mode_enabled": False,
            "token_rotation_enabled": False,
        },
    }


HOWTO = ("Paste this manifest at https://api.slack.com/apps -> Create New App -> From a manifest (or an existing "
         "app's App Manifest page), install the app, invite it to SLACK_CHANNEL, then set SLACK_BOT_TOKEN (Bot User "
         "OAuth Token) and SLACK_SIGNING_SECRET (Basic Information -> Signing Secret).")


def manifest_json(public_url: str) -> str:
    return json.dumps(manifest(public_url), indent=2)
