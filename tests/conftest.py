"""Shared fixtures: settings, a migrated database per test (SQLite file or PostgreSQL), signed posting helpers."""
from __future__ import annotations

import json
import os
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from bot.web.app import create_app
from bot.db.engine import make_engine, upgrade
from bot.settings import Settings
from bot.web.signatures import sign_slack, sign_zendesk

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG_ADMIN_URL = os.environ.get("BOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")

SECRETS = dict(zendesk_webhook_secret="zd-test-secret", gitlab_webhook_token="gl-test-token",
               slack_signing_secret="slack-test-secret")


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is absent")
    return path


def pg_available() -> bool:
    try:
        engine = make_engine(PG_ADMIN_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    if not pg_available():
        if os.environ.get("BOT_REQUIRE_PG"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required (BOT_REQUIRE_PG) but not reachable")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable")
    name = f"bot_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def settings(sqlite_url) -> Settings:
    return Settings(database_url=sqlite_url, **SECRETS)


@pytest.fixture
def engine(settings):
    upgrade(settings.database_url)
    eng = make_engine(settings.database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def app(settings, engine):
    return create_app(settings, engine=engine)


@pytest.fixture
def client(app):
    return app.test_client()


def load_fixture(name: str) -> bytes:
    """A captured-shape payload from tests/fixtures/<source>/<event>__<variant>.json, as raw bytes."""
    source, _, rest = name.partition("/")
    return (FIXTURES / source / f"{rest}.json").read_bytes()


def zendesk_headers(body: bytes, secret: str = SECRETS["zendesk_webhook_secret"], ts: str | None = None) -> dict:
    ts = ts or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"Content-Type": "application/json", "X-Zendesk-Webhook-Signature-Timestamp": ts,
            "X-Zendesk-Webhook-Signature": sign_zendesk(secret, ts, body)}


def gitlab_headers(event: str = "Issue Hook", token: str = SECRETS["gitlab_webhook_token"]) -> dict:
    return {"Content-Type": "application/json", "X-Gitlab-Event": event, "X-Gitlab-Token": token,
            "X-Gitlab-Event-UUID": str(uuid.uuid4())}


def slack_body_and_headers(payload: dict, secret: str = SECRETS["slack_signing_secret"],
                           ts: int | None = None) -> tuple[bytes, dict]:
    body = urlencode({"payload": json.dumps(payload)}).encode()
    stamp = str(ts or int(datetime.now(timezone.utc).timestamp()))
    return body, {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
                  "X-Slack-Signature": sign_slack(secret, stamp, body)}


def zendesk_event(event_type: str, ticket_id: int = 101, org_id: int = 501, event: dict | None = None,
                  actor_id: int = 9001, event_id: str | None = None) -> dict:
    """An event-subscription envelope shaped like Zendesk's ticket-event examples (ids as strings)."""
    return {
        "account_id": 12514403,
        "detail": {"actor_id": str(actor_id), "assignee_id": None, "brand_id": "8447346621310",
                   "created_at": "2026-11-24T10:12:07Z", "custom_status": "8447388092446",
                   "description": "ticket description", "external_id": None, "form_id": "8646151517822",
                   "group_id": "8447320466430", "id": str(ticket_id), "is_public": True,
                   "organization_id": str(org_id), "priority": "LOW", "requester_id": str(actor_id),
                   "status": "OPEN", "subject": "ticket subject", "submitter_id": str(actor_id),
                   "tags": ["sm_premium"], "type": "QUESTION", "updated_at": "2026-11-24T10:12:07Z",
                   "via": {"channel": "web_service"}},
        "event": event if event is not None else {"meta": {"sequence": {"id": "abc", "position": 1}}},
        "id": event_id or str(uuid.uuid4()),
        "subject": f"zen:ticket:{ticket_id}",
        "time": "2026-11-24T10:12:07.672717030Z",
        "type": f"zen:event-type:{event_type}",
        "zendesk_event_version": "2022-11-06",
    }
