"""Property-based fuzzing of the three webhook endpoints: never a 5xx, JSON errors, nothing recorded when refused."""
from __future__ import annotations

import io
import json
from datetime import datetime
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.web.app import create_app
from bot.web.signatures import sign_slack, sign_zendesk
from tests.conftest import (SECRETS, gitlab_headers, slack_body_and_headers, slack_headers, zendesk_event,
                            zendesk_headers)

LIMIT = 4096  # a small body limit so the fuzzer reaches the 413 branch cheaply
PATHS = ["/webhooks/zendesk", "/webhooks/gitlab", "/slack/interactions"]
FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Characters that have broken parsers, databases and log lines before, mixed into ordinary text.
NASTY = st.sampled_from(["\x00", "\ud800", "\n", "\r", "\x1b[31m", "'", '"', "<!channel>", "\u202e", "%", "\\"])
TEXT = st.lists(st.one_of(st.characters(), NASTY), max_size=12).map("".join)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=12)
# Header values must be latin-1 and free of line breaks to be sent at all.
HEADER_VALUE = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=40)
HEADER_NAME = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz-ABCXYZ0123456789"), min_size=1, max_size=20)
CONTENT_TYPES = st.one_of(st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain",
                                           "application/json; charset=utf-8", "APPLICATION/JSON",
                                           "application/vnd.api+json", "multipart/form-data; boundary=x", ""]),
                          HEADER_VALUE)


@pytest.fixture
def fuzz_client(settings, engine):
    return create_app(settings.with_overrides(max_body_bytes=LIMIT), engine=engine).test_client()


def inbox_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM inbox")).scalar_one()


def post_and_check(client, engine, path: str, body: bytes, headers: dict):
    """Post, then assert the contract every answer must keep; returns the response."""
    before = inbox_count(engine)
    resp = client.post(path, data=body, headers=headers)
    after = inbox_count(engine)
    assert resp.status_code < 500, (resp.status_code, resp.get_data()[:300])
    data = resp.get_json(silent=True)
    assert isinstance(data, dict), resp.get_data()[:300]
    if 200 <= resp.status_code < 300:
        assert data["status"] in ("accepted", "duplicate")
        assert after - before == (1 if data["status"] == "accepted" else 0)
    else:
        assert isinstance(data.get("error"), str) and data["error"]
        assert isinstance(data.get("details"), list) and all(isinstance(d, str) for d in data["details"])
        assert after == before, "a refused request left a row in the inbox"
    return resp


def signed(path: str, body: bytes, content_type: str | None = None) -> dict:
    """Valid credentials for `body` on `path`."""
    if path == "/webhooks/zendesk":
        headers = zendesk_headers(body)
    elif path == "/webhooks/gitlab":
        headers = gitlab_headers()
    else:
        headers = slack_headers(body)
    if content_type is not None:
        headers["Content-Type"] = content_type
    return headers


@FUZZ
@given(path=st.sampled_from(PATHS), body=st.binary(max_size=LIMIT + 200), content_type=CONTENT_TYPES,
       extra=st.dictionaries(HEADER_NAME, HEADER_VALUE, max_size=4), sign=st.booleans())
def test_random_bytes_headers_and_content_types(fuzz_client, engine, path, body, content_type, extra, sign):
    headers = {**extra, **(signed(path, body, content_type) if sign else {"Content-Type": content_type})}
    resp = post_and_check(fuzz_client, engine, path, body, headers)
    if len(body) > LIMIT:
        assert resp.status_code == 413
    elif not sign:
        assert resp.status_code in (401, 415)


@FUZZ
@given(path=st.sampled_from(PATHS), value=JSON)
def test_signed_random_json(fuzz_client, engine, path, value):
    raw = json.dumps(value).encode()
    body = urlencode({"payload": raw.decode()}).encode() if path == "/slack/interactions" else raw
    resp = post_and_check(fuzz_client, engine, path, body, signed(path, body))
    if not isinstance(value, dict):
        assert resp.status_code == 400


ZENDESK_TYPES = st.one_of(st.sampled_from([f"zen:event-type:{t}" for t in (
    "ticket.created", "ticket.comment_added", "ticket.tags_changed", "ticket.status_changed",
    "ticket.priority_changed", "user.created", "organization.created")]), TEXT)


@FUZZ
@given(data=st.data(), event_type=ZENDESK_TYPES)
def test_signed_envelopes_with_random_field_types(fuzz_client, engine, data, event_type):
    envelope = zendesk_event("ticket.comment_added", event={"comment": {
        "id": "1", "body": "hi", "is_public": True, "author": {"id": "2", "is_staff": False, "name": "x"}}})
    envelope["type"] = event_type
    # Replace a few fields, at any depth we know of, by values of random type (deepest first, so paths exist).
    depth_first = ["is_staff", "author", "is_public", "comment", "organization_id", "tags",
                   "id", "detail", "event", "subject", "time"]
    chosen = data.draw(st.lists(st.sampled_from(depth_first), max_size=3, unique=True))
    for field in sorted(chosen, key=depth_first.index):
        value = data.draw(JSON)
        if field in ("organization_id", "tags"):
            envelope["detail"][field] = value
        elif field == "comment":
            envelope["event"]["comment"] = value
        elif field in ("author", "is_public"):
            envelope["event"]["comment"][field] = value
        elif field == "is_staff":
            envelope["event"]["comment"]["author"]["is_staff"] = value
        else:
            envelope[field] = value
    body = json.dumps(envelope).encode()
    post_and_check(fuzz_client, engine, "/webhooks/zendesk", body, zendesk_headers(body))


@FUZZ
@given(kind=st.one_of(st.sampled_from(["issue", "note", "push", "merge_request"]), JSON),
       attributes=st.one_of(st.fixed_dictionaries({"iid": JSON, "action": JSON, "labels": JSON}), JSON),
       event=HEADER_VALUE, uuid=st.one_of(st.none(), HEADER_VALUE))
def test_signed_gitlab_hooks_with_random_field_types(fuzz_client, engine, kind, attributes, event, uuid):
    body = json.dumps({"object_kind": kind, "object_attributes": attributes}).encode()
    headers = gitlab_headers(event=event)
    if uuid is not None:
        headers["X-Gitlab-Event-UUID"] = uuid
    post_and_check(fuzz_client, engine, "/webhooks/gitlab", body, headers)


@FUZZ
@given(payload=st.one_of(JSON, st.fixed_dictionaries({
    "type": st.one_of(st.just("block_actions"), JSON), "trigger_id": JSON, "user": st.one_of(
        st.fixed_dictionaries({"id": JSON}), JSON), "actions": st.one_of(st.lists(
            st.fixed_dictionaries({"action_id": JSON, "value": JSON}), max_size=2), JSON)})),
       extra_fields=st.dictionaries(TEXT, TEXT, max_size=2))
def test_signed_slack_forms_with_random_field_types(fuzz_client, engine, payload, extra_fields):
    body = urlencode({**extra_fields, "payload": json.dumps(payload)}, errors="surrogatepass").encode()
    post_and_check(fuzz_client, engine, "/slack/interactions", body, signed("/slack/interactions", body))


@FUZZ
@given(ts=st.one_of(HEADER_VALUE, st.from_regex(r"\A-?[0-9]{1,400}\Z"), st.datetimes().map(datetime.isoformat)))
def test_signature_timestamps_of_any_shape(fuzz_client, engine, ts):
    """A correct HMAC over a nonsense or far-off timestamp is still a 401, never a crash."""
    zbody = json.dumps(zendesk_event("ticket.created")).encode()
    zheaders = {"Content-Type": "application/json", "X-Zendesk-Webhook-Signature-Timestamp": ts,
                "X-Zendesk-Webhook-Signature": sign_zendesk(SECRETS["zendesk_webhook_secret"], ts, zbody)}
    assert post_and_check(fuzz_client, engine, "/webhooks/zendesk", zbody, zheaders).status_code in (202, 401)
    sbody, sheaders = slack_body_and_headers({"type": "view_closed"})
    sheaders |= {"X-Slack-Request-Timestamp": ts,
                 "X-Slack-Signature": sign_slack(SECRETS["slack_signing_secret"], ts, sbody)}
    assert post_and_check(fuzz_client, engine, "/slack/interactions", sbody, sheaders).status_code in (200, 401)


# --- found by the fuzzers: each of these answered 503 (an unexpected exception) when written --------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("path", PATHS)
def test_deeply_nested_json_is_400(settings, engine, path):
    client = create_app(settings, engine=engine).test_client()
    body = urlencode({"payload": DEEP.decode()}).encode() if path == "/slack/interactions" else DEEP
    assert post_and_check(client, engine, path, body, signed(path, body)).status_code == 400


@pytest.mark.parametrize("envelope", [
    {"id": "\ud800", "type": "zen:event-type:user.created", "detail": {}},
    {"id": "a", "type": "zen:event-type:user.created", "detail": {"organization_id": "\udfff"}},
    {"id": "b", "type": "zen:event-type:\ud800", "detail": {}},
], ids=["id", "organization_id", "type"])
def test_lone_surrogates_in_zendesk_ids_are_not_5xx(client, engine, envelope):
    body = json.dumps(envelope).encode()  # json escapes them as \ud800, which is valid JSON text
    post_and_check(client, engine, "/webhooks/zendesk", body, zendesk_headers(body))


@pytest.mark.parametrize("payload", [
    {"type": "view\ud800"},
    {"type": "block_actions", "trigger_id": "\ud800", "user": {"id": "U1"}, "actions": [{"action_id": "mb_0"}]},
], ids=["type", "trigger_id"])
def test_lone_surrogates_in_slack_ids_are_not_5xx(client, engine, payload):
    body, headers = slack_body_and_headers(payload)
    post_and_check(client, engine, "/slack/interactions", body, headers)


def test_huge_slack_timestamp_is_401(client, engine):
    body, headers = slack_body_and_headers({"type": "view_closed"})
    ts = "9" * 400
    headers |= {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sign_slack(SECRETS["slack_signing_secret"],
                                                                                   ts, body)}
    assert post_and_check(client, engine, "/slack/interactions", body, headers).status_code == 401


@pytest.mark.parametrize("case", ["zendesk_id_nul", "zendesk_org_long", "gitlab_uuid_long", "gitlab_event_long",
                                  "slack_type_long", "slack_trigger_long"])
def test_values_beyond_column_widths_are_not_5xx(any_db_client, any_db_engine, case):
    """PostgreSQL enforces VARCHAR widths and refuses NUL; SQLite does neither, so run both."""
    client, engine = any_db_client, any_db_engine
    if case.startswith("zendesk"):
        env = {"id": "a\u0000b", "type": "x", "detail": {}} if case == "zendesk_id_nul" else \
            {"id": "c", "type": "x", "detail": {"organization_id": "9" * 150}}
        body = json.dumps(env).encode()
        post_and_check(client, engine, "/webhooks/zendesk", body, zendesk_headers(body))
    elif case.startswith("gitlab"):
        headers = gitlab_headers()
        headers["X-Gitlab-Event-UUID" if case == "gitlab_uuid_long" else "X-Gitlab-Event"] = "x" * 300
        post_and_check(client, engine, "/webhooks/gitlab", b'{"object_kind": "push"}', headers)
    else:
        payload = {"type": "t" * 300} if case == "slack_type_long" else {
            "type": "block_actions", "trigger_id": "t" * 300, "user": {"id": "U1"},
            "actions": [{"action_id": "mb_0"}]}
        body, headers = slack_body_and_headers(payload)
        post_and_check(client, engine, "/slack/interactions", body, headers)


def test_body_without_content_length_is_cut_at_the_limit(fuzz_client, engine):
    """A chunked upload (no Content-Length) is read only up to the limit, then refused."""
    resp = fuzz_client.post("/webhooks/zendesk", input_stream=io.BytesIO(b"x" * (LIMIT * 3)),
                            headers={"Content-Type": "application/json"},
                            environ_overrides={"wsgi.input_terminated": True})
    assert resp.status_code == 413 and resp.json["error"].startswith("body larger")
    assert inbox_count(engine) == 0


def test_first_delivery_is_202_then_200_on_every_database(any_db_client, any_db_engine):
    """inbox.record() trusted rowcount, which psycopg reports as -1 here: every first delivery looked like a repeat."""
    client, engine = any_db_client, any_db_engine
    body = json.dumps(zendesk_event("ticket.created")).encode()
    first = post_and_check(client, engine, "/webhooks/zendesk", body, zendesk_headers(body))
    again = post_and_check(client, engine, "/webhooks/zendesk", body, zendesk_headers(body))
    assert (first.status_code, again.status_code) == (202, 200)
    assert inbox_count(engine) == 1


def test_a_broken_ingest_connection_costs_no_delivery(any_db_client, any_db_engine):
    """The ingest path keeps one connection; when the database drops it, the next delivery takes a fresh one."""
    from bot.db import inbox

    client, engine = any_db_client, any_db_engine
    first = json.dumps(zendesk_event("ticket.created")).encode()
    assert client.post("/webhooks/zendesk", data=first, headers=zendesk_headers(first)).status_code == 202
    committer = inbox._committer(engine)
    assert committer._conn is not None
    committer._conn.invalidate()  # what a server restart or a dropped socket does to it
    second = json.dumps(zendesk_event("ticket.created")).encode()
    assert client.post("/webhooks/zendesk", data=second, headers=zendesk_headers(second)).status_code == 202
    assert inbox_count(engine) == 2
