"""bot/signatures.py against published vectors (../shared/realdata/signature-vectors) and self-made ones."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.web.app import create_app
from bot.web.signatures import (SignatureError, sign_slack, sign_standard_webhook, sign_zendesk, verify_gitlab,
                            verify_slack, verify_zendesk)
from tests.conftest import SHARED, shared_path

ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="  # Zendesk's documented test-webhook secret


def vector(name: str) -> dict:
    return json.loads(shared_path("realdata", "signature-vectors", name).read_text(encoding="utf-8"))


# --- published vectors (skip without ../shared) ------------------------------------------------------------

def test_slack_documentation_vector():
    v = vector("slack_request_signing_v0.json")
    body, ts, now = v["body"].encode(), v["timestamp"], datetime.fromtimestamp(int(v["timestamp"]), timezone.utc)
    assert sign_slack(v["signing_secret"], ts, body) == v["expected_signature"]
    verify_slack(v["signing_secret"], ts, v["headers"]["X-Slack-Signature"], body, now)
    with pytest.raises(SignatureError, match="older than 5 minutes"):
        verify_slack(v["signing_secret"], ts, v["expected_signature"], body, now + timedelta(seconds=301))
    with pytest.raises(SignatureError, match="does not match"):
        verify_slack(v["signing_secret"], ts, v["expected_signature"], body + b"&x=1", now)
    with pytest.raises(SignatureError, match="does not match"):
        verify_slack("another-secret", ts, v["expected_signature"], body, now)


def test_slack_documentation_vector_through_the_endpoint(settings, engine):
    """The doc request passes the real view's signature check (then fails validation: it is a slash command)."""
    v = vector("slack_request_signing_v0.json")
    now = datetime.fromtimestamp(int(v["timestamp"]), timezone.utc)
    app = create_app(settings.with_overrides(slack_signing_secret=v["signing_secret"]), engine=engine,
                     clock=lambda: now)
    headers = v["headers"] | {"Content-Type": "application/x-www-form-urlencoded"}
    resp = app.test_client().post("/slack/interactions", data=v["body"].encode(), headers=headers)
    assert resp.status_code == 400 and "payload" in resp.json["error"]
    late = create_app(settings.with_overrides(slack_signing_secret=v["signing_secret"]), engine=engine,
                      clock=lambda: now + timedelta(minutes=6))
    assert late.test_client().post("/slack/interactions", data=v["body"].encode(), headers=headers).status_code == 401


def test_standard_webhooks_vector():
    v = vector("standard_webhooks_v1.json")
    got = sign_standard_webhook(v["secret"], v["msg_id"], v["timestamp"], v["payload"].encode())
    assert got == v["expected_signature"] == v["headers"]["webhook-signature"]
    assert got != v["negative_example"]["signature"]
    assert sign_standard_webhook(v["secret"], v["msg_id"], v["timestamp"] + 1, v["payload"].encode()) != got


@pytest.mark.parametrize("index", [0, 1])
def test_zendesk_vectors_with_documented_test_secret(index):
    v = vector("zendesk_webhook_signature.json")
    assert v["signing_secret"] == ZENDESK_TEST_SECRET
    case = v["vectors"][index]
    body = shared_path("realdata", case["body_file"]).read_bytes()
    assert body == case["body"].encode()  # TAB indentation and the trailing newline are part of the signed bytes
    assert sign_zendesk(ZENDESK_TEST_SECRET, case["timestamp"], body) == case["expected_signature"]
    # "1234" is no ISO-8601 time, so only the HMAC is checked here (a negative tolerance turns freshness off).
    verify_zendesk(ZENDESK_TEST_SECRET, case["timestamp"], case["expected_signature"], body,
                   datetime.now(timezone.utc), tolerance=-1)
    with pytest.raises(SignatureError, match="ISO-8601"):
        verify_zendesk(ZENDESK_TEST_SECRET, case["timestamp"], case["expected_signature"], body,
                       datetime.now(timezone.utc))
    with pytest.raises(SignatureError, match="does not match"):
        verify_zendesk(ZENDESK_TEST_SECRET, case["timestamp"], case["expected_signature"], body.rstrip(b"\n"),
                       datetime.now(timezone.utc), tolerance=-1)
    # The key is the secret string's bytes, not its base64 decoding.
    decoded = base64.b64decode(ZENDESK_TEST_SECRET).decode()
    assert sign_zendesk(decoded, case["timestamp"], body) != case["expected_signature"]


def test_shared_absence_skips_cleanly(monkeypatch):
    monkeypatch.setattr("tests.conftest.SHARED", SHARED / "definitely-not-there")
    with pytest.raises(pytest.skip.Exception):
        shared_path("realdata", "signature-vectors", "slack_request_signing_v0.json")


# --- self-made vectors (never skip) -------------------------------------------------------------------------

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
BODY = b'{"id":"01J","type":"zen:event-type:ticket.created","detail":{"id":"1"}}'


def reference_zendesk(secret: str, ts: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), ts.encode() + body, hashlib.sha256).digest()).decode()


def reference_slack(secret: str, ts: str, body: bytes) -> str:
    return "v0=" + hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("ts, offset", [
    ("2026-03-01T12:00:00Z", 0), ("2026-03-01T11:55:00Z", 300), ("2026-03-01T12:05:00Z", -300),
    ("2026-03-01T13:00:00+01:00", 0), ("2026-03-01T12:00:00", 0), ("2026-03-01T12:00:00.123456Z", 0),
])
def test_zendesk_accepts_fresh_iso_timestamps(ts, offset):
    sig = reference_zendesk("s3cret", ts, BODY)
    assert sign_zendesk("s3cret", ts, BODY) == sig
    verify_zendesk("s3cret", ts, sig, BODY, NOW)
    verify_zendesk("s3cret", ts, f"  {sig}\n", BODY, NOW)  # header whitespace is not part of the value


@pytest.mark.parametrize("ts", ["2026-03-01T11:54:59Z", "2026-03-01T12:05:01Z", "2025-03-01T12:00:00Z"])
def test_zendesk_refuses_stale_or_future_timestamps(ts):
    with pytest.raises(SignatureError, match="older than 5 minutes"):
        verify_zendesk("s3cret", ts, reference_zendesk("s3cret", ts, BODY), BODY, NOW)


@pytest.mark.parametrize("ts, sig, message", [
    ("2026-03-01T12:00:00Z", None, "missing X-Zendesk-Webhook-Signature header"),
    ("2026-03-01T12:00:00Z", "", "missing X-Zendesk-Webhook-Signature header"),
    (None, "abc", "missing X-Zendesk-Webhook-Signature-Timestamp"),
    ("2026-03-01T12:00:00Z", "abc", "does not match"),
    ("2026-03-01T12:00:01Z", reference_zendesk("s3cret", "2026-03-01T12:00:00Z", BODY), "does not match"),
    ("2026-03-01T12:00:00Z", reference_zendesk("other", "2026-03-01T12:00:00Z", BODY), "does not match"),
    ("2026-03-01T12:00:00Z", reference_zendesk("s3cret", "2026-03-01T12:00:00Z", BODY + b" "), "does not match"),
])
def test_zendesk_negative_cases(ts, sig, message):
    with pytest.raises(SignatureError, match=message):
        verify_zendesk("s3cret", ts, sig, BODY, NOW)


@pytest.mark.parametrize("delta, ok", [(0, True), (300, True), (-300, True), (301, False), (-301, False)])
def test_slack_window(delta, ok):
    ts = str(int(NOW.timestamp()) - delta)
    sig = reference_slack("slack-s", ts, b"payload=%7B%7D")
    assert sign_slack("slack-s", ts, b"payload=%7B%7D") == sig
    if ok:
        verify_slack("slack-s", ts, sig, b"payload=%7B%7D", NOW)
    else:
        with pytest.raises(SignatureError, match="older than 5 minutes"):
            verify_slack("slack-s", ts, sig, b"payload=%7B%7D", NOW)


@pytest.mark.parametrize("ts, sig, message", [
    ("1772366400", None, "missing X-Slack-Signature"),
    (None, "v0=00", "missing X-Slack-Request-Timestamp"),
    ("12:00", "v0=00", "not a Unix time"),
    ("1772366400", "v0=" + "0" * 64, "does not match"),
    ("1772366400", reference_slack("slack-s", "1772366400", b"x").upper(), "does not match"),
])
def test_slack_negative_cases(ts, sig, message):
    assert int(NOW.timestamp()) == 1772366400
    with pytest.raises(SignatureError, match=message):
        verify_slack("slack-s", ts, sig, b"x", NOW)


def test_gitlab_token():
    verify_gitlab("gl-token", "gl-token")
    for given, message in [(None, "missing"), ("", "missing"), ("gl-token ", "does not match"),
                           ("GL-TOKEN", "does not match"), ("gl-toke", "does not match")]:
        with pytest.raises(SignatureError, match=message):
            verify_gitlab("gl-token", given)


def test_standard_webhook_self_made():
    key = b"0123456789abcdef0123456789abcdef"
    secret = "whsec_" + base64.b64encode(key).decode()
    expected = "v1," + base64.b64encode(hmac.new(key, b"msg_1.1700000000.{}", hashlib.sha256).digest()).decode()
    assert sign_standard_webhook(secret, "msg_1", 1700000000, b"{}") == expected
    assert sign_standard_webhook(secret.removeprefix("whsec_"), "msg_1", 1700000000, b"{}") == expected
