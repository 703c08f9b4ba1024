"""Zendesk text is untrusted: stored intact (parameterised SQL) and kept out of logs; secrets never show in error
bodies, logs or the audit trail. How that text is neutralised for Slack and GitLab: unit/test_escaping.py."""
from __future__ import annotations

import json
import logging
import re

import pytest
import sqlalchemy as sa

from bot.db import inbox
from bot.web.app import create_app
from bot.db.engine import make_engine
from tests.conftest import HOSTILE, gitlab_headers, slack_body_and_headers, zendesk_event, zendesk_headers
from tests.conftest import HOSTILE_NAMES as NAMES

CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e]")


def requester_comment(body: str, event_id: str | None = None) -> bytes:
    return json.dumps(zendesk_event("ticket.comment_added", event_id=event_id, event={"comment": {
        "id": "77", "body": body, "is_public": True, "author": {"id": "9001", "is_staff": False, "name": body[:40]}}})
    ).encode()


@pytest.mark.parametrize("text", HOSTILE, ids=NAMES)
def test_hostile_comment_is_stored_byte_for_byte(client, engine, text):
    body = requester_comment(text)
    resp = client.post("/webhooks/zendesk", data=body, headers=zendesk_headers(body))
    assert resp.status_code == 202, resp.json
    stored = inbox.load(engine, resp.json["id"])
    assert stored["payload"]["event"]["comment"]["body"] == text
    assert stored["payload"] == json.loads(body)
    with engine.connect() as conn:  # the table survived the quote-laden text
        assert conn.execute(sa.text("SELECT count(*) FROM inbox")).scalar_one() == 1


def test_zendesk_id_with_line_breaks_never_becomes_a_log_line(client, engine):
    """Inbox ids end up in worker log lines ("event %s failed"): either refuse such an id or store it without
    control characters."""
    body = requester_comment("hello", event_id="abc\nCRITICAL root: forged\x1b[0m")
    resp = client.post("/webhooks/zendesk", data=body, headers=zendesk_headers(body))
    assert resp.status_code < 500
    with engine.connect() as conn:
        ids = [row[0] for row in conn.execute(sa.text("SELECT id FROM inbox"))]
    assert resp.status_code >= 400 or not any(CONTROL.search(i) for i in ids), ids


def test_rejections_log_no_untrusted_text(client, caplog):
    caplog.set_level(logging.DEBUG)
    for text in HOSTILE:
        body = json.dumps({"id": text, "type": text, "detail": text}).encode()
        client.post("/webhooks/zendesk", data=body, headers=zendesk_headers(body))  # 400: detail not an object
        client.post("/webhooks/zendesk", data=body, headers={"Content-Type": "application/json"})  # 401
        client.post("/webhooks/gitlab", data=json.dumps({"object_kind": "issue", "object_attributes": text}),
                    headers=gitlab_headers())
    assert caplog.records, "rejections are logged by name"
    for record in caplog.records:
        message = record.getMessage()
        assert not CONTROL.search(message), message
        assert "DROP TABLE" not in message and "rm -rf" not in message and "<!channel>" not in message


# --- secrets ----------------------------------------------------------------------------------------------------

SECRET_VALUES = dict(zendesk_api_token="zd-api-TOKEN-4f9a", zendesk_webhook_secret="zd-hook-SECRET-81c2",
                     gitlab_token="glpat-TOKEN-77e1", gitlab_webhook_token="gl-hook-TOKEN-3b0d",
                     slack_bot_token="xoxb-TOKEN-5d6e", slack_signing_secret="slack-SIGNING-9a1f")
PG_PASSWORD = "pg-PASSWORD-c0ffee"


def failing_requests(client) -> list:
    """One request for every refusal the web layer knows, each made with a near miss of the real secret."""
    good = requester_comment("hi")
    near = {k: v[:-1] for k, v in SECRET_VALUES.items()}
    slack_body, slack_headers = slack_body_and_headers({"type": "block_actions"}, secret=near["slack_signing_secret"])
    return [
        client.post("/webhooks/zendesk", data=good, headers=zendesk_headers(good, secret=near["zendesk_webhook_secret"])),
        client.post("/webhooks/zendesk", data=good, headers={"Content-Type": "application/json"}),
        client.post("/webhooks/zendesk", data=b"{not json", headers=zendesk_headers(
            b"{not json", secret=SECRET_VALUES["zendesk_webhook_secret"])),
        client.post("/webhooks/zendesk", data=good, headers={"Content-Type": "text/plain"}),
        client.post("/webhooks/zendesk", data=b"x" * 1_000_001, headers={"Content-Type": "application/json"}),
        client.post("/webhooks/gitlab", data=b"{}", headers=gitlab_headers(token=near["gitlab_webhook_token"])),
        client.post("/webhooks/gitlab", data=b"{}", headers=gitlab_headers(token=SECRET_VALUES["gitlab_webhook_token"])),
        client.post("/slack/interactions", data=slack_body, headers=slack_headers),
        client.get("/webhooks/zendesk"),
        client.get("/nowhere"),
    ]


def assert_no_secret(text: str) -> None:
    for name, value in SECRET_VALUES.items():
        # A near miss shares all but the last character: look for the longest common part too.
        assert value[:-1] not in text, f"{name} leaked"
    assert PG_PASSWORD not in text


def test_secrets_stay_out_of_error_bodies_and_logs(settings, engine, caplog):
    caplog.set_level(logging.DEBUG)
    app = create_app(settings.with_overrides(**SECRET_VALUES), engine=engine)
    responses = failing_requests(app.test_client())
    assert all(400 <= r.status_code < 500 for r in responses), [r.status_code for r in responses]
    for resp in responses:
        assert_no_secret(resp.get_data(as_text=True))
    assert_no_secret(caplog.text)
    with engine.connect() as conn:
        audit = conn.execute(sa.text("SELECT * FROM audit")).all()
        rows = conn.execute(sa.text("SELECT * FROM inbox")).all()
    assert_no_secret(repr(audit) + repr(rows))


def test_secrets_stay_out_of_answers_when_the_database_is_down(settings, caplog):
    """The unexpected-error path logs a traceback; neither it nor the 503 body may carry a secret or DB password."""
    caplog.set_level(logging.DEBUG)
    url = f"postgresql://bot:{PG_PASSWORD}@127.0.0.1:1/bot"
    broken = make_engine(url)
    app = create_app(settings.with_overrides(database_url=url, **SECRET_VALUES), engine=broken)
    client = app.test_client()
    body = requester_comment("hi")
    resp = client.post("/webhooks/zendesk", data=body,
                       headers=zendesk_headers(body, secret=SECRET_VALUES["zendesk_webhook_secret"]))
    ready = client.get("/readyz")
    metrics = client.get("/metrics")
    assert resp.status_code == 503 and ready.status_code == 503
    assert metrics.status_code == 200 and "bot_backlog_up 0.0" in metrics.get_data(as_text=True)
    assert resp.json["error"] and isinstance(resp.json["details"], list)
    for text in (resp.get_data(as_text=True), ready.get_data(as_text=True), caplog.text):
        assert_no_secret(text)
    broken.dispose()
