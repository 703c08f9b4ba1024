"""The fake Slack's less friendly parts, over real HTTP with slack_sdk: conversations.list pages and channel
types, private channels, chat.postEphemeral, and a response_url's five uses within thirty minutes."""
from __future__ import annotations

import time

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.slack import SlackClient
from sandbox import slack_click
from sandbox.common import ServerThread
from sandbox.slack import SlackSandboxConfig, create_app
from sandbox.slack_state import CHANNEL_ID, DECIDER_ID, HIDDEN_ID, OTHER_ID, PRIVATE_ID, PRIVATE_NAME

TOKEN = "xoxb-test-token"
BUTTON = [{"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Confirm"},
                                            "value": "confirm", "action_id": "confirm"}]}]


def _serve(**cfg):
    app = create_app(SlackSandboxConfig(bot_token=TOKEN, **cfg))
    return app, ServerThread(app).start()


@pytest.fixture
def slack():
    app, srv = _serve()
    yield srv.url, WebClient(token=TOKEN, base_url=f"{srv.url}/api/", retry_handlers=[])
    srv.stop()
    app.extensions["sandbox_controls"].close()


def error(call, **kwargs) -> str:
    with pytest.raises(SlackApiError) as err:
        call(**kwargs)
    return err.value.response["error"]


def test_conversations_list_pages_by_limit_and_cursor(slack):
    _, web = slack
    both = "public_channel,private_channel"
    pages, cursor = [], None
    while True:
        page = web.conversations_list(types=both, limit=1, **({"cursor": cursor} if cursor else {}))
        pages.append([c["name"] for c in page["channels"]])
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert pages == [["general"], [PRIVATE_NAME], ["support_operations"]]  # ops_leads: the bot is not in it
    default = web.conversations_list()["channels"]  # types defaults to public_channel
    assert {c["name"] for c in default} == {"general", "support_operations"}
    assert web.conversations_list(limit=1)["response_metadata"]["next_cursor"]
    assert web.conversations_list(limit=5)["response_metadata"]["next_cursor"] == ""
    assert error(web.conversations_list, cursor="not-a-cursor") == "invalid_cursor"
    assert error(web.conversations_list, types="public_channel,nonsense") == "invalid_types"
    assert error(web.conversations_list, limit=1001) == "invalid_limit"


def test_private_channels_exist_only_for_their_members(slack):
    url, web = slack
    info = web.conversations_info(channel=PRIVATE_ID)["channel"]
    assert info["is_private"] is True and info["is_channel"] is True and info["is_member"] is True
    assert web.chat_postMessage(channel=f"#{PRIVATE_NAME}", text="hello")["channel"] == PRIVATE_ID
    assert error(web.conversations_info, channel=HIDDEN_ID) == "channel_not_found"
    assert error(web.chat_postMessage, channel=HIDDEN_ID, text="x") == "channel_not_found"
    assert error(web.conversations_history, channel=HIDDEN_ID) == "channel_not_found"
    # the bot's own client finds a private channel by name through conversations.list
    assert SlackClient(f"{url}/api/", TOKEN).channel_id(f"#{PRIVATE_NAME}") == PRIVATE_ID


def test_the_support_channel_itself_may_be_private():
    app, srv = _serve(support_channel_private=True)
    try:
        web = WebClient(token=TOKEN, base_url=f"{srv.url}/api/", retry_handlers=[])
        assert "support_operations" not in {c["name"] for c in web.conversations_list()["channels"]}
        assert SlackClient(f"{srv.url}/api/", TOKEN).channel_id("#support_operations") == CHANNEL_ID
        assert web.conversations_info(channel=CHANNEL_ID)["channel"]["is_private"] is True
    finally:
        srv.stop()
        app.extensions["sandbox_controls"].close()


def test_post_ephemeral_reaches_one_user_and_stays_out_of_history(slack):
    url, web = slack
    sent = web.chat_postEphemeral(channel="#support_operations", user=OTHER_ID, text="Only Ops Decider may decide")
    assert sent["ok"] and sent["message_ts"]
    assert web.conversations_history(channel=CHANNEL_ID)["messages"] == []
    (seen,) = requests.get(f"{url}/_sandbox/ephemeral", params={"user": OTHER_ID}).json()
    assert seen["channel"] == CHANNEL_ID and seen["text"] == "Only Ops Decider may decide"
    assert seen["ts"] == sent["message_ts"] and seen["via"] == "chat.postEphemeral"
    assert requests.get(f"{url}/_sandbox/ephemeral", params={"user": DECIDER_ID}).json() == []
    assert error(web.chat_postEphemeral, channel=PRIVATE_ID, user=OTHER_ID, text="x") == "user_not_in_channel"
    with pytest.warns(UserWarning):  # slack_sdk warns before sending; Slack then refuses
        assert error(web.chat_postEphemeral, channel=CHANNEL_ID, user=OTHER_ID) == "no_text"


def _click(url: str, web: WebClient, receiver) -> str:
    requests.post(f"{url}/_sandbox/webhook", json={"url": receiver.url + "/slack/interactions"})
    posted = web.chat_postMessage(channel=CHANNEL_ID, text="Which tag?", blocks=BUTTON)
    clicked = requests.post(f"{url}/_sandbox/click", json={"channel": CHANNEL_ID, "ts": posted["ts"],
                                                            "value": "confirm", "user_id": OTHER_ID}).json()
    assert clicked["status"] == 200
    return clicked["response_url"]


def test_a_response_url_takes_five_posts(slack, receiver):
    url, web = slack
    response_url = _click(url, web, receiver)
    answers = [requests.post(response_url, json={"text": f"Only <@{DECIDER_ID}> may decide ({i})"})
               for i in range(6)]
    assert [a.json()["ok"] for a in answers] == [True] * 5 + [False]
    assert answers[5].json()["error"] == "used_url"
    seen = requests.get(f"{url}/_sandbox/ephemeral", params={"user": OTHER_ID}).json()
    assert len(seen) == 5 and {e["via"] for e in seen} == {"response_url"}


def test_a_response_url_expires(slack, receiver, monkeypatch):
    url, web = slack
    monkeypatch.setattr(slack_click, "RESPONSE_URL_TTL", 0.2)  # 30 minutes, shortened
    response_url = _click(url, web, receiver)
    time.sleep(0.3)
    assert requests.post(response_url, json={"text": "late"}).json() == {"ok": False, "error": "expired_url"}
