"""Fake Slack Web API driven by slack_sdk's WebClient over real HTTP, and the signed button-click round trip."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import flask
import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.common import ServerThread
from sandbox.slack import SlackSandboxConfig, create_app
from sandbox.slack_state import CHANNEL_ID, DECIDER_ID, OTHER_ID
from bot.web.signatures import SignatureError, verify_slack

TOKEN, SECRET = "xoxb-test-token", "slack-signing-secret"
BUTTONS = [{"type": "section", "text": {"type": "mrkdwn", "text": "Is ticket 42 a migration?"}},
           {"type": "actions", "elements": [
               {"type": "button", "text": {"type": "plain_text", "text": "Confirm"}, "value": "confirm",
                "action_id": "case_confirm", "style": "primary"},
               {"type": "button", "text": {"type": "plain_text", "text": "Dismiss"}, "value": "dismiss"}]}]


@pytest.fixture
def sandbox():
    app = create_app(SlackSandboxConfig(bot_token=TOKEN, signing_secret=SECRET))
    with ServerThread(app) as srv:
        yield srv.url, app.extensions["sandbox"]
    app.extensions["sandbox_controls"].close()


def web(url: str, token: str | None = TOKEN) -> WebClient:
    return WebClient(token=token, base_url=f"{url}/api/", retry_handlers=[])


def slack_error(call, *args, **kwargs) -> SlackApiError:
    with pytest.raises(SlackApiError) as err:
        call(*args, **kwargs)
    return err.value


def test_auth_test(sandbox):
    url, _ = sandbox
    info = web(url).auth_test()
    assert info["ok"] and info["user_id"] == "U0MIGBOT01" and info["bot_id"].startswith("B")
    assert slack_error(web(url, "xoxb-wrong").auth_test).response["error"] == "invalid_auth"
    assert slack_error(web(url, None).auth_test).response["error"] == "not_authed"


def test_post_with_blocks_and_metadata_then_history(sandbox):
    url, _ = sandbox
    client = web(url)
    posted = client.chat_postMessage(channel="#support_operations", text="Is ticket 42 a migration?", blocks=BUTTONS,
                                     metadata={"event_type": "migration_prompt", "event_payload": {"ticket": 42}})
    assert posted["channel"] == CHANNEL_ID and posted["message"]["bot_id"]
    assert posted["message"]["blocks"][1]["elements"][0]["action_id"] == "case_confirm"
    assert all(b.get("block_id") for b in posted["message"]["blocks"])  # Slack fills missing ids in
    assert posted["message"]["blocks"][1]["elements"][1]["action_id"]
    with_meta = client.conversations_history(channel=CHANNEL_ID, include_all_metadata=True)["messages"]
    assert with_meta[0]["ts"] == posted["ts"]
    assert with_meta[0]["metadata"] == {"event_type": "migration_prompt", "event_payload": {"ticket": 42}}
    assert "metadata" not in client.conversations_history(channel=CHANNEL_ID)["messages"][0]
    for ref in ("support_operations", CHANNEL_ID):
        assert client.chat_postMessage(channel=ref, text="x")["channel"] == CHANNEL_ID


def test_update_keeps_edit_history(sandbox):
    url, _ = sandbox
    client = web(url)
    posted = client.chat_postMessage(channel=CHANNEL_ID, text="before", blocks=BUTTONS)
    updated = client.chat_update(channel=posted["channel"], ts=posted["ts"], text="after")
    assert updated["ts"] == posted["ts"] and updated["text"] == "after"
    msg = client.conversations_history(channel=CHANNEL_ID)["messages"][0]
    assert msg["text"] == "after" and msg["edited"]["user"] == "U0MIGBOT01" and msg["blocks"]  # blocks kept
    (listed,) = requests.get(f"{url}/_sandbox/messages", params={"channel": "#support_operations"}).json()
    assert [v["text"] for v in listed["history"]] == ["before"] and listed["text"] == "after"


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_web_api_errors(sandbox):
    url, state = sandbox
    client = web(url)
    assert slack_error(client.chat_postMessage, channel="#nowhere", text="x").response["error"] == "channel_not_found"
    err = slack_error(client.chat_postMessage, channel=CHANNEL_ID, text="")
    assert err.response["error"] == "no_text" and err.response.status_code == 200
    bad_blocks = [{"type": "actions", "elements": []}]
    assert slack_error(client.chat_postMessage, channel=CHANNEL_ID, text="x",
                       blocks=bad_blocks).response["error"] == "invalid_blocks"
    assert slack_error(client.chat_postMessage, channel=CHANNEL_ID,
                       text="x" * 40001).response["error"] == "msg_too_long"
    assert slack_error(client.chat_update, channel=CHANNEL_ID, ts="1.000001",
                       text="x").response["error"] == "message_not_found"
    # Only chat.postMessage resolves channel names; the other methods want the id, as on real Slack.
    assert slack_error(client.conversations_history,
                       channel="#support_operations").response["error"] == "channel_not_found"
    _, theirs = state.post(state.users[OTHER_ID], {"channel": CHANNEL_ID, "text": "human message"})
    assert slack_error(client.chat_update, channel=CHANNEL_ID, ts=theirs["ts"],
                       text="x").response["error"] == "cant_update_message"
    assert slack_error(client.chat_postMessage, channel="C0GENERAL1", text="x").response["error"] == "not_in_channel"


def test_ratelimited_is_429_with_retry_after(sandbox):
    url, _ = sandbox
    requests.post(f"{url}/_sandbox/faults", json={"rate_limit_rate": 1.0, "retry_after": 3})
    err = slack_error(web(url).chat_postMessage, channel=CHANNEL_ID, text="x")
    assert err.response.status_code == 429 and err.response["error"] == "ratelimited"
    assert err.response.headers["Retry-After"] == "3"
    calls = requests.get(f"{url}/_sandbox/calls").json()
    assert calls[-1]["status"] == 429 and calls[-1]["path"] == "/api/chat.postMessage"


def test_form_encoded_post_and_lookups(sandbox):
    url, _ = sandbox
    resp = requests.post(f"{url}/api/chat.postMessage", data={"token": TOKEN, "channel": CHANNEL_ID, "text": "hi",
                                                             "blocks": json.dumps(BUTTONS)}).json()
    assert resp["ok"] and resp["message"]["blocks"][0]["type"] == "section"
    client = web(url)
    link = client.chat_getPermalink(channel=CHANNEL_ID, message_ts=resp["ts"])["permalink"]
    assert link.endswith("p" + resp["ts"].replace(".", ""))
    assert client.users_info(user=DECIDER_ID)["user"]["id"] == DECIDER_ID
    assert slack_error(client.users_info, user="U404").response["error"] == "user_not_found"
    assert client.conversations_info(channel=CHANNEL_ID)["channel"]["name"] == "support_operations"


def test_history_cursor_pagination(sandbox):
    url, _ = sandbox
    client = web(url)
    sent = [client.chat_postMessage(channel=CHANNEL_ID, text=f"m{n}")["ts"] for n in range(5)]
    seen, cursor = [], None
    while True:
        page = client.conversations_history(channel=CHANNEL_ID, limit=2, cursor=cursor)
        seen += [m["ts"] for m in page["messages"]]
        if not page["has_more"]:
            break
        cursor = page["response_metadata"]["next_cursor"]
    assert seen == list(reversed(sent))
    assert [m["text"] for m in client.conversations_history(channel=CHANNEL_ID, oldest=sent[2])["messages"]] == \
        ["m4", "m3"]


class Bot:
    """A receiver that behaves like the bot's /slack/interactions: verify, decode, answer via response_url."""

    def __init__(self, secret: str = SECRET) -> None:
        self.payloads: list[dict] = []
        app = flask.Flask("bot")

        @app.post("/slack/interactions")
        def interactions():
            raw = flask.request.get_data()
            try:
                verify_slack(secret, flask.request.headers.get("X-Slack-Request-Timestamp"),
                             flask.request.headers.get("X-Slack-Signature"), raw, datetime.now(timezone.utc))
            except SignatureError as exc:
                return {"error": str(exc)}, 401
            payload = json.loads(flask.request.form["payload"])
            self.payloads.append(payload)
            action = payload["actions"][0]
            answer = requests.post(payload["response_url"], json={
                "replace_original": True, "text": f"<@{payload['user']['id']}> chose {action['value']}"})
            return {"response_url_status": answer.status_code}, 200
        self.server = ServerThread(app).start()
        self.url = self.server.url + "/slack/interactions"


def test_click_round_trip_updates_message(sandbox):
    url, state = sandbox
    bot = Bot()
    try:
        requests.post(f"{url}/_sandbox/webhook", json={"url": bot.url})
        posted = web(url).chat_postMessage(channel=CHANNEL_ID, text="Is ticket 42 a migration?", blocks=BUTTONS)
        result = requests.post(f"{url}/_sandbox/click", json={"channel": CHANNEL_ID, "ts": posted["ts"],
                                                               "value": "confirm", "user_id": DECIDER_ID}).json()
        assert result["status"] == 200 and result["body"] == {"response_url_status": 200}
        (payload,) = bot.payloads
        assert payload["type"] == "block_actions" and payload["user"]["id"] == DECIDER_ID
        assert payload["container"] == {"type": "message", "message_ts": posted["ts"], "channel_id": CHANNEL_ID,
                                        "is_ephemeral": False}
        assert payload["actions"][0]["value"] == "confirm" and payload["actions"][0]["action_id"] == "case_confirm"
        assert payload["message"]["ts"] == posted["ts"] and payload["channel"]["id"] == CHANNEL_ID
        (msg,) = requests.get(f"{url}/_sandbox/messages", params={"channel": CHANNEL_ID}).json()
        assert msg["text"] == f"<@{DECIDER_ID}> chose confirm" and "blocks" not in msg
        assert msg["history"][0]["text"] == "Is ticket 42 a migration?"
        assert requests.post(f"{url}/_sandbox/click", json={"channel": CHANNEL_ID, "ts": posted["ts"],
                                                             "value": "nope", "user_id": OTHER_ID}).status_code == 404
    finally:
        bot.server.stop()


def test_click_with_wrong_secret_is_refused_by_the_receiver(sandbox):
    url, _ = sandbox
    bot = Bot(secret="another-secret")
    try:
        requests.post(f"{url}/_sandbox/webhook", json={"url": bot.url})
        posted = web(url).chat_postMessage(channel=CHANNEL_ID, text="q", blocks=BUTTONS)
        result = requests.post(f"{url}/_sandbox/click", json={"channel": CHANNEL_ID, "ts": posted["ts"],
                                                               "value": "dismiss", "user_id": OTHER_ID}).json()
        assert result["status"] == 401 and bot.payloads == []
    finally:
        bot.server.stop()


def test_response_url_in_channel_and_delete(sandbox):
    url, state = sandbox
    posted = web(url).chat_postMessage(channel=CHANNEL_ID, text="q", blocks=BUTTONS)
    requests.post(f"{url}/_sandbox/webhook", json={"url": "http://127.0.0.1:9/unreachable"})
    result = requests.post(f"{url}/_sandbox/click", json={"channel": CHANNEL_ID, "ts": posted["ts"],
                                                           "value": "confirm", "user_id": DECIDER_ID}).json()
    assert result["status"] is None and result["error"]
    response_url = result["response_url"]
    assert requests.post(response_url, json={"response_type": "in_channel", "text": "noted"}).json() == {"ok": True}
    assert requests.post(response_url, json={"text": "only you see this"}).json() == {"ok": True}
    assert state.dump()["ephemeral"][0]["user"] == DECIDER_ID
    assert requests.post(response_url, json={"delete_original": True}).json() == {"ok": True}
    texts = [m["text"] for m in web(url).conversations_history(channel=CHANNEL_ID)["messages"]]
    assert texts == ["noted"]


def test_path_prefix():
    app = create_app(SlackSandboxConfig(bot_token=TOKEN, prefix="/slack"))
    with ServerThread(app) as srv:
        client = WebClient(token=TOKEN, base_url=f"{srv.url}/slack/api/")
        assert client.auth_test()["ok"]
    app.extensions["sandbox_controls"].close()


def test_thread_replies_stay_out_of_history(sandbox):
    url, _ = sandbox
    client = web(url)
    parent = client.chat_postMessage(channel=CHANNEL_ID, text="parent")
    client.chat_postMessage(channel=CHANNEL_ID, text="reply", thread_ts=parent["ts"])
    history = client.conversations_history(channel=CHANNEL_ID)["messages"]
    assert [m["text"] for m in history] == ["parent"] and history[0]["reply_count"] == 1
    thread = client.conversations_replies(channel=CHANNEL_ID, ts=parent["ts"])["messages"]
    assert [m["text"] for m in thread] == ["parent", "reply"] and thread[1]["thread_ts"] == parent["ts"]
