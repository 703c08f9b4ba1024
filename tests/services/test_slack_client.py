"""SlackClient against a local recording Web API server (slack_sdk uses urllib, so `responses` cannot see it)."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from bot.services.base import RetryPolicy
from bot.services.slack import SlackClient
from bot.errors import ApiBadRequest, ApiNotFound, ApiRateLimited, ApiServerError, ApiUnauthorized, ApiUnavailable

TOKEN = "xoxb-1111-2222-SeCrEtSlackToken"
CHANNEL_ID = "C0SUPPOPS1"
FAST = RetryPolicy(attempts=3, max_total_seconds=60, base_delay=0, max_delay=0, jitter=False)


class FakeSlack:
    """Loopback server under /api/ answering from per-method queues and recording every request."""

    def __init__(self) -> None:
        self.replies: dict[str, list] = {}
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                ctype = self.headers.get("Content-Type", "")
                body = json.loads(raw) if raw and "json" in ctype else dict(parse_qsl(raw))
                path = urlsplit(self.path).path
                method = path.rsplit("/", 1)[-1]
                fake.requests.append({"path": path, "method": method, "headers": dict(self.headers), "body": body,
                                      "query": dict(parse_qsl(urlsplit(self.path).query))})
                queue = fake.replies.get(method) or [(200, {}, {"ok": False, "error": "unknown_method"})]
                status, headers, reply = queue.pop(0) if len(queue) > 1 else queue[0]
                if callable(reply):
                    reply = reply(body)
                data = reply.encode() if isinstance(reply, str) else json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if not isinstance(reply, str) else "text/html")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/"
        serve = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        serve.start()

    def on(self, method: str, *replies) -> None:
        self.replies[method] = [r if isinstance(r, tuple) else (200, {}, r) for r in replies]

    def calls(self, method: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == method]


@pytest.fixture
def slack():
    fake = FakeSlack()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def client(fake: FakeSlack, **kwargs) -> SlackClient:
    kwargs.setdefault("retry", RetryPolicy.none())
    return SlackClient(fake.url, TOKEN, timeout=2, **kwargs)


def message(ts: str, text: str, **extra) -> dict:
    return {"type": "message", "user": "U0BOT00001", "bot_id": "B0BOT00001", "text": text, "ts": ts,
            "team": "T0SANDBOX1", "blocks": [], **extra}


def test_auth_test_sends_bearer_token(slack):
    slack.on("auth.test", {"ok": True, "url": "https://sandbox.slack.com/", "team": "Sandbox", "user": "migration-bot",
                           "team_id": "T0SANDBOX1", "user_id": "U0BOT00001", "bot_id": "B0BOT00001"})
    assert client(slack).auth_test()["user_id"] == "U0BOT00001"
    assert slack.requests[0]["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert slack.requests[0]["path"] == "/api/auth.test"


def test_post_message_sends_json_and_returns_channel_ts_message(slack):
    button = {"type": "button", "action_id": "confirm", "value": "confirm",
              "text": {"type": "plain_text", "text": "Confirm"}}
    blocks = [{"type": "actions", "elements": [button]}]
    metadata = {"event_type": "migration_prompt", "event_payload": {"case_id": 12}}
    slack.on("chat.postMessage", lambda b: {"ok": True, "channel": CHANNEL_ID, "ts": "1712345678.000100",
                                            "message": message("1712345678.000100", b["text"], blocks=b["blocks"],
                                                               metadata=b["metadata"])})
    posted = client(slack).post_message("#support_operations", "Is this a migration?", blocks=blocks,
                                        metadata=metadata)
    assert posted["channel"] == CHANNEL_ID and posted["ts"] == "1712345678.000100"
    assert posted["message"]["metadata"] == metadata
    assert slack.requests[0]["body"] == {"channel": "#support_operations", "text": "Is this a migration?",
                                         "blocks": blocks, "metadata": metadata}


def test_post_message_is_not_retried_after_read_timeout(slack):
    def slow(body):
        time.sleep(0.6)
        return {"ok": True, "channel": CHANNEL_ID, "ts": "1.0", "message": {}}

    slack.on("chat.postMessage", slow)
    sleeps = []
    slack_client = SlackClient(slack.url, TOKEN, timeout=0.2, retry=FAST, sleep=sleeps.append)
    with pytest.raises(ApiUnavailable) as info:
        slack_client.post_message(CHANNEL_ID, "hello")
    assert len(slack.calls("chat.postMessage")) == 1 and sleeps == []
    assert "read timeout" in str(info.value)


def test_connection_refused_is_retried():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    sleeps = []
    slack_client = SlackClient(f"http://127.0.0.1:{port}/api/", TOKEN, retry=FAST, sleep=sleeps.append)
    with pytest.raises(ApiUnavailable, match="connection failed"):
        slack_client.post_message(CHANNEL_ID, "hello")
    assert len(sleeps) == FAST.attempts - 1


def test_update_message_resolves_channel_name_once(slack):
    slack.on("conversations.list",
             {"ok": True, "channels": [{"id": "C0GENERAL1", "name": "general"}],
              "response_metadata": {"next_cursor": "page2"}},
             {"ok": True, "channels": [{"id": CHANNEL_ID, "name": "support_operations", "is_member": True}],
              "response_metadata": {"next_cursor": ""}})
    slack.on("chat.update", lambda b: {"ok": True, "channel": b["channel"], "ts": b["ts"], "text": b["text"],
                                       "message": message(b["ts"], b["text"])})
    sc = client(slack)
    updated = sc.update_message("#support_operations", "1712345678.000100", "Decided by <@U0SUPPOPS1>")
    sc.update_message("support_operations", "1712345678.000100", "again")
    assert updated["channel"] == CHANNEL_ID and updated["text"] == "Decided by <@U0SUPPOPS1>"
    assert len(slack.calls("conversations.list")) == 2  # two pages, then cached
    assert slack.calls("conversations.list")[1]["body"]["cursor"] == "page2"
    assert slack.calls("chat.update")[0]["body"]["channel"] == CHANNEL_ID


def test_channel_id_passes_ids_through_and_raises_not_found(slack):
    slack.on("conversations.list", {"ok": True, "channels": [], "response_metadata": {"next_cursor": ""}})
    sc = client(slack)
    assert sc.channel_id(CHANNEL_ID) == CHANNEL_ID and slack.requests == []
    with pytest.raises(ApiNotFound):
        sc.channel_id("#nowhere")


def test_history_follows_cursor_with_metadata(slack):
    slack.on("conversations.history",
             {"ok": True, "messages": [message("3.0", "c"), message("2.0", "b")], "has_more": True,
              "response_metadata": {"next_cursor": "bmV4dA=="}},
             {"ok": True, "messages": [message("1.0", "a")], "has_more": False})
    got = client(slack).history(CHANNEL_ID, oldest="0.5", limit=2)
    assert [m["text"] for m in got] == ["c", "b", "a"]
    first, second = slack.calls("conversations.history")
    assert first["body"] == {"channel": CHANNEL_ID, "oldest": "0.5", "limit": "2", "include_all_metadata": "1"}
    assert second["body"]["cursor"] == "bmV4dA=="


def test_ratelimited_waits_retry_after_then_succeeds(slack):
    slack.on("auth.test", (429, {"Retry-After": "3"}, {"ok": False, "error": "ratelimited"}),
             {"ok": True, "user_id": "U0BOT00001"})
    sleeps = []
    assert client(slack, retry=FAST, sleep=sleeps.append).auth_test()["user_id"] == "U0BOT00001"
    assert sleeps == [3.0]


def test_ratelimited_without_retries_carries_retry_after(slack):
    slack.on("auth.test", (429, {"Retry-After": "30"}, {"ok": False, "error": "ratelimited"}))
    with pytest.raises(ApiRateLimited) as info:
        client(slack).auth_test()
    assert info.value.retry_after == 30


@pytest.mark.parametrize("reply, cls", [
    ({"ok": False, "error": "invalid_auth"}, ApiUnauthorized),
    ({"ok": False, "error": "not_authed"}, ApiUnauthorized),
    ({"ok": False, "error": "channel_not_found"}, ApiNotFound),
    ({"ok": False, "error": "message_not_found"}, ApiNotFound),
    ({"ok": False, "error": "invalid_blocks"}, ApiBadRequest),
    ((500, {}, "<html>oops</html>"), ApiServerError),
])
def test_slack_errors_map_to_types(slack, reply, cls, caplog):
    slack.on("chat.update", reply)
    with caplog.at_level(logging.DEBUG), pytest.raises(cls) as info:
        client(slack).update_message(CHANNEL_ID, "1.0", "x")
    assert TOKEN not in str(info.value) and TOKEN not in caplog.text


def test_respond_posts_json_without_token(slack):
    slack.on("resp", {"ok": True})
    client(slack).respond(slack.url.replace("/api/", "/hooks/resp"), {"replace_original": True, "text": "Done"})
    sent = slack.requests[0]
    assert sent["path"] == "/hooks/resp" and sent["body"] == {"replace_original": True, "text": "Done"}
    assert "Authorization" not in sent["headers"]


def test_dry_run_posts_nothing(slack, caplog):
    writes = []
    sc = client(slack, dry_run=True, on_write=lambda *a: writes.append(a))
    with caplog.at_level(logging.INFO):
        posted = sc.post_message("C0SUPPOPS1", "hello")
        sc.update_message("C0SUPPOPS1", posted["ts"], "bye")
        sc.respond("http://127.0.0.1:1/hooks/x", {"text": "x"})
    assert posted["dry_run"] is True and posted["channel"] == CHANNEL_ID and posted["ts"]
    assert slack.requests == [] and [w[2] for w in writes] == ["chat.postMessage", "chat.update", "response_url"]
    assert "DRY RUN slack POST chat.postMessage" in caplog.text and "127.0.0.1:1" not in caplog.text


def test_round_trip_against_sandbox():
    runner = pytest.importorskip("sandbox.runner")
    with runner.Sandbox(bot_url=None, prefixes=(None, None, "/sl")) as sandbox:
        env = sandbox.env()
        sc = SlackClient(env["SLACK_API_URL"], env["SLACK_BOT_TOKEN"], retry=RetryPolicy.none())
        assert sc.auth_test()["ok"] is True
        metadata = {"event_type": "migration_prompt", "event_payload": {"case_id": 7}}
        posted = sc.post_message(env["SLACK_CHANNEL"], "Which tag?", metadata=metadata)
        sc.update_message(env["SLACK_CHANNEL"], posted["ts"], "Decided")
        history = sc.history(env["SLACK_CHANNEL"])
        assert [(m["text"], m.get("metadata")) for m in history if m["ts"] == posted["ts"]] == [("Decided", metadata)]
        assert sc.channel_id(env["SLACK_CHANNEL"]) == posted["channel"]


def test_limiter_and_metrics_see_every_web_api_call(slack):
    slack.on("auth.test", (500, {}, "<html>down</html>"), {"ok": True, "user_id": "U0BOT00001"})
    acquired, metrics = [], []
    limiter = type("L", (), {"acquire": lambda self, s, k: acquired.append((s, k))})()
    sc = client(slack, retry=FAST, sleep=lambda s: None, limiter=limiter,
                on_call=lambda *a: metrics.append((a[0], a[1], a[2], a[3])))
    sc.auth_test()
    assert acquired == [("slack", "global")] * 2
    assert metrics == [("slack", "POST", "auth.test", 500), ("slack", "POST", "auth.test", 200)]
