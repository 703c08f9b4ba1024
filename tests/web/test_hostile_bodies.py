"""SPEC "Hostile or broken input" at the door: encodings, byte-order marks and numbers beyond the database.

A body is UTF-8 JSON (RFC 8259 8.1): a UTF-8 byte-order mark is ignored, any other encoding is a 400. Integers in
the fields the bot uses as ids that no real sender can produce (beyond 64 bits, or beyond 32 bits where the bot
keeps them in an INTEGER column) are a 400 naming the field. Whatever is accepted is stored exactly as parsed.
"""
from __future__ import annotations

import json
import time
import uuid

import pytest
import sqlalchemy as sa

from bot.db import inbox
from conftest import gitlab_headers, slack_body_and_headers, zendesk_event, zendesk_headers

INT31, INT63 = 2 ** 31, 2 ** 63


def rows(engine) -> list:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT id, payload FROM inbox")).all()


def post_zendesk(client, body: bytes):
    return client.post("/webhooks/zendesk", data=body, headers=zendesk_headers(body))


def post_gitlab(client, body: bytes):
    return client.post("/webhooks/gitlab", data=body, headers=gitlab_headers())


def issue_hook(iid: object = 12, **attrs) -> dict:
    project = attrs.pop("project", {"id": 1, "path_with_namespace": "support-ops/offering-migrations"})
    return {"object_kind": "issue", "event_type": "issue", "user": {"id": 7, "username": "ops"}, "project": project,
            "object_attributes": {"id": 4242, "iid": iid, "action": "update", "state": "opened", "labels": [],
                                  **attrs}}


def block_actions(block_id: str) -> dict:
    return {"type": "block_actions", "trigger_id": str(uuid.uuid4()), "user": {"id": "U1"},
            "actions": [{"action_id": "mb_decide_0", "block_id": block_id, "value": "confirm",
                         "action_ts": str(time.time())}]}


def assert_refused(resp, engine, error: str, field: str | None = None) -> None:
    assert resp.status_code == 400, (resp.status_code, resp.get_data()[:300])
    body = resp.get_json()
    assert set(body) == {"error", "details"} and isinstance(body["details"], list)
    assert error in body["error"], body
    if field is not None:
        assert any(d.startswith(field + ":") for d in body["details"]), body
    assert rows(engine) == []


def stored_payload(engine, delivery_id: str) -> dict:
    event = inbox.load(engine, delivery_id)  # what the worker reads back must parse
    assert event is not None
    return event["payload"]


# --- encodings ----------------------------------------------------------------------------------------------

def test_zendesk_body_with_a_utf8_bom_is_accepted_and_stored_without_it(client, engine):
    envelope = zendesk_event("ticket.created")
    body = b"\xef\xbb\xbf" + json.dumps(envelope).encode()
    resp = post_zendesk(client, body)
    assert resp.status_code == 202, resp.get_json()
    (row_id, text), = rows(engine)
    assert not text.startswith("\ufeff") and text == body[3:].decode("utf-8")
    assert stored_payload(engine, row_id) == envelope


def test_gitlab_body_with_a_utf8_bom_is_accepted_and_stored_without_it(client, engine):
    hook = issue_hook()
    resp = post_gitlab(client, b"\xef\xbb\xbf" + json.dumps(hook).encode())
    assert resp.status_code == 202, resp.get_json()
    (row_id, text), = rows(engine)
    assert not text.startswith("\ufeff")
    assert stored_payload(engine, row_id) == hook


def test_slack_payload_with_a_bom_is_accepted_and_stored_as_parsed(client, engine):
    payload = block_actions("mbp-12")
    body, headers = slack_body_and_headers(payload)
    body = body.replace(b"payload=", b"payload=%EF%BB%BF", 1)
    from bot.web.signatures import sign_slack
    from conftest import SECRETS
    headers["X-Slack-Signature"] = sign_slack(SECRETS["slack_signing_secret"], headers["X-Slack-Request-Timestamp"],
                                              body)
    resp = client.post("/slack/interactions", data=body, headers=headers)
    assert resp.status_code == 200, resp.get_json()
    (row_id, _), = rows(engine)
    assert stored_payload(engine, row_id) == payload


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_bodies_are_400(client, engine, encoding):
    body = json.dumps(zendesk_event("ticket.created")).encode(encoding)
    assert_refused(post_zendesk(client, body), engine, "body must be UTF-8 JSON")
    assert_refused(post_gitlab(client, json.dumps(issue_hook()).encode(encoding)), engine, "body must be UTF-8 JSON")


def test_latin1_body_is_400(client, engine):
    envelope = zendesk_event("ticket.created")
    envelope["detail"]["subject"] = "Grüße"
    body = json.dumps(envelope, ensure_ascii=False).encode("latin-1")
    assert_refused(post_zendesk(client, body), engine, "body must be UTF-8 JSON")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_constants_are_400(client, engine, constant):
    hook = json.dumps(issue_hook()).replace('"state": "opened"', f'"state": {constant}')
    assert_refused(post_gitlab(client, hook.encode()), engine, "body is not valid JSON")


def test_stored_payload_is_exactly_the_parsed_text(client, engine):
    """Duplicate keys, escapes and spacing: the worker reads back the very text the web process parsed."""
    text = '{"object_kind": "issue", "object_attributes": {"iid": 1, "iid": 12, "title": "\\u00e9\\ud83d\\ude00"}}'
    resp = post_gitlab(client, text.encode())
    assert resp.status_code == 202
    (row_id, stored), = rows(engine)
    assert stored == text
    assert stored_payload(engine, row_id) == json.loads(text)


# --- numbers the database cannot hold -------------------------------------------------------------------------

@pytest.mark.parametrize("iid", [INT31, INT63, 10 ** 30, -(INT31) - 1, float(10 ** 30)])
def test_gitlab_iid_beyond_an_integer_column_is_400_naming_the_field(client, engine, iid):
    resp = post_gitlab(client, json.dumps(issue_hook(iid)).encode())
    assert_refused(resp, engine, "GitLab Issue Hook", "object_attributes/iid")


def test_gitlab_iid_at_the_top_of_the_range_is_accepted(client, engine):
    assert post_gitlab(client, json.dumps(issue_hook(INT31 - 1)).encode()).status_code == 202


@pytest.mark.parametrize("where,value", [("object_attributes/id", INT63), ("object_attributes/id", 10 ** 30),
                                         ("project/id", 10 ** 30), ("project/id", INT63)])
def test_gitlab_ids_beyond_64_bits_are_400_naming_the_field(client, engine, where, value):
    hook = issue_hook()
    if where == "project/id":
        hook["project"]["id"] = value
    else:
        hook["object_attributes"]["id"] = value
    assert_refused(post_gitlab(client, json.dumps(hook).encode()), engine, "GitLab Issue Hook", where)


def test_gitlab_ids_within_64_bits_are_accepted(client, engine):
    hook = issue_hook(project={"id": INT63 - 1, "path_with_namespace": "x/y"})
    hook["object_attributes"]["id"] = INT63 - 1
    assert post_gitlab(client, json.dumps(hook).encode()).status_code == 202


def test_case_marker_with_a_huge_number_in_a_description_is_accepted(client, engine):
    """Free text is not refused (any project member writes it and GitLab disables hooks that keep failing):
    downstream, a number beyond the columns names no case."""
    hook = issue_hook(description="offering-migration-case:99999999999999999999:abc")
    assert post_gitlab(client, json.dumps(hook).encode()).status_code == 202


@pytest.mark.parametrize("where,value", [
    ("detail/id", "9" * 20), ("detail/id", "1" * 400), ("detail/organization_id", str(INT63)),
    ("detail/requester_id", 10 ** 30), ("event/comment/id", "9" * 25), ("event/comment/author/id", INT63),
])
def test_zendesk_ids_beyond_64_bits_are_400_naming_the_field(client, engine, where, value):
    envelope = zendesk_event("ticket.comment_added", event={"comment": {
        "id": "11", "body": "hi", "is_public": True, "author": {"id": "12", "is_staff": False, "name": "x"}}})
    target = envelope
    *path, last = where.split("/")
    for part in path:
        target = target[part]
    target[last] = value
    body = json.dumps(envelope).encode()
    assert_refused(post_zendesk(client, body), engine, "Zendesk", where)


def test_zendesk_ids_within_64_bits_and_empty_ids_are_accepted(client, engine):
    envelope = zendesk_event("ticket.created")
    envelope["detail"]["id"] = str(INT63 - 1)
    envelope["detail"]["organization_id"] = ""  # a trigger body for a ticket without an organization
    assert post_zendesk(client, json.dumps(envelope).encode()).status_code == 202


@pytest.mark.parametrize("block_id", ["mbp-" + "9" * 30, "mbp-" + str(INT31), "mbp-²", "mbp-١٢", "mbp-", "mbp--1"])
def test_slack_prompt_block_ids_that_name_no_prompt_are_400(client, engine, block_id):
    body, headers = slack_body_and_headers(block_actions(block_id))
    resp = client.post("/slack/interactions", data=body, headers=headers)
    assert_refused(resp, engine, "Slack", "actions/0/block_id")


@pytest.mark.parametrize("block_id", ["mbp-1", "mbp-" + str(INT31 - 1), "other-block", "Xy1+"])
def test_ordinary_slack_block_ids_are_accepted(client, engine, block_id):
    body, headers = slack_body_and_headers(block_actions(block_id))
    assert client.post("/slack/interactions", data=body, headers=headers).status_code == 200
