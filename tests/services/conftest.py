"""Shared by the service-client tests (`responses` helpers) and the sandbox servers' own tests (a webhook receiver)."""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from typing import Iterator

import flask
import pytest
import requests
import responses

from sandbox.common import ServerThread
from sandbox.zendesk import ZendeskSandboxConfig, controls_of, create_app


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request):
    """The database limiter's databases, SQLite and PostgreSQL, migrated: a copy of the template migrated once per
    test process (migrated_sqlite_url, migrated_pg_url) instead of an Alembic run per test."""
    return request.getfixturevalue("migrated_sqlite_url" if request.param == "sqlite" else "migrated_pg_url")


def sent(i: int = 0) -> requests.PreparedRequest:
    """The i-th request `responses` intercepted."""
    return responses.calls[i].request


def body(i: int = 0) -> dict:
    """The JSON body of the i-th intercepted request."""
    return json.loads(sent(i).body)


class Receiver:
    """A loopback server standing in for the bot: records every POST, on any path, and answers each with the next
    scripted status (`default_status` when none is left)."""

    def __init__(self, default_status: int = 200) -> None:
        self.hits: list[dict] = []  # {"path", "headers", "body"}, in arrival order
        self.got: list[tuple[dict[str, str], bytes]] = []  # (headers, body) of the same posts
        self.statuses: list[int] = []
        self.default_status = default_status
        lock = threading.Lock()
        app = flask.Flask("receiver")

        @app.post("/<path:path>")
        def hit(path: str):
            with lock:
                headers, data = dict(flask.request.headers), flask.request.get_data()
                self.hits.append({"path": "/" + path, "headers": headers, "body": data})
                self.got.append((headers, data))
                status = self.statuses.pop(0) if self.statuses else self.default_status
            return {"ok": True}, status

        self.server = ServerThread(app).start()
        self.url = self.server.url

    def json(self, event: str | None = None) -> list[dict]:
        """The GitLab hooks received (of one X-Gitlab-Event), parsed."""
        return [json.loads(h["body"]) for h in self.hits if event is None or h["headers"]["X-Gitlab-Event"] == event]

    def by_path(self, path: str) -> list[tuple[dict, bytes]]:
        return [(h["headers"], h["body"]) for h in self.hits if h["path"] == path]

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def receiver():
    rec = Receiver()
    yield rec
    rec.stop()


@contextmanager
def zendesk_sandbox(cfg: ZendeskSandboxConfig) -> Iterator[tuple]:
    """A Zendesk sandbox on loopback and a session signed in as its agent: (url, session, cfg, app)."""
    app = create_app(cfg)
    with ServerThread(app) as srv:
        session = requests.Session()
        session.auth = (f"{cfg.agent_email}/token", cfg.agent_token)
        yield srv.url, session, cfg, app
    controls_of(app).close()
