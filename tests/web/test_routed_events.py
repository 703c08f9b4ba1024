"""Every routed event has a schema and a fixture, and each fixture replays through the real signed view."""
from __future__ import annotations

import json

import pytest

from bot.web.payloads import SCHEMA_DIR
from bot.worker.workflows import ROUTER
from tests.conftest import FIXTURES, gitlab_headers, slack_body_and_headers, zendesk_headers

SCHEMAS = {("zendesk", "ticket.created"): "zendesk/ticket.created.json",
           ("zendesk", "ticket.comment_added"): "zendesk/ticket.comment_added.json",
           ("zendesk", "organization.tags_changed"): "zendesk/organization.tags_changed.json",
           ("gitlab", "Issue Hook"): "gitlab/issue_hook.json",
           ("gitlab", "Confidential Issue Hook"): "gitlab/issue_hook.json",  # the same payload, a confidential issue
           ("slack", "block_actions"): "slack/block_actions.json"}


def fixtures_for(source: str, event: str) -> list:
    return sorted((FIXTURES / source).glob(f"{event}__*.json"))


@pytest.mark.parametrize("route", ROUTER.routes(), ids=lambda r: f"{r[0]}:{r[1]}")
def test_each_route_has_a_schema_and_a_fixture(route):
    assert route in SCHEMAS, f"{route} is routed but has no schema entry"
    assert (SCHEMA_DIR / SCHEMAS[route]).is_file()
    assert fixtures_for(*route), f"no fixture tests/fixtures/{route[0]}/{route[1]}__<variant>.json"


@pytest.mark.parametrize("route", ROUTER.routes(), ids=lambda r: f"{r[0]}:{r[1]}")
def test_fixtures_replay_through_the_signed_view(client, route):
    source, event = route
    for path in fixtures_for(source, event):
        raw = path.read_bytes()
        if source == "zendesk":
            resp = client.post("/webhooks/zendesk", data=raw, headers=zendesk_headers(raw))
            expected = 202
        elif source == "gitlab":
            resp = client.post("/webhooks/gitlab", data=raw, headers=gitlab_headers(event))
            expected = 202
        else:
            body, headers = slack_body_and_headers(json.loads(raw))
            resp = client.post("/slack/interactions", data=body, headers=headers)
            expected = 200
        assert resp.status_code == expected, (path.name, resp.json)
        # Variants named bot_* are the bot's own writes coming back: accepted, recorded as irrelevant.
        own_write = path.stem.split("__", 1)[1].startswith("bot_")
        assert resp.json["relevant"] is not own_write, path.name
