"""Sandbox button clicks: a signed Slack block_actions interaction sent to the bot, and the response_url it answers."""
from __future__ import annotations

import json
import secrets
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import flask
import requests

from bot.web.signatures import sign_slack
from sandbox.common import Controls, json_response
from sandbox.slack_state import APP_ID, BOT_USER_ID, TEAM, SlackError, SlackState, public

if TYPE_CHECKING:
    from sandbox.slack import SlackSandboxConfig

# "You can use a response_url five times within 30 minutes" (docs.slack.dev interactivity/handling-user-interaction).
RESPONSE_URL_USES = 5
RESPONSE_URL_TTL = 30 * 60


def find_button(msg: dict[str, Any], value: str, action_id: str | None) -> tuple[str, dict[str, Any]] | None:
    """The (block_id, button) of `msg` carrying `value` (and `action_id` when given)."""
    for block in msg.get("blocks") or []:
        elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        for el in elements:
            if el.get("type") == "button" and el.get("value") == value and action_id in (None, el.get("action_id")):
                return block["block_id"], el
    return None


def build_payload(state: SlackState, channel: dict[str, Any], msg: dict[str, Any], user: dict[str, Any],
                  block_id: str, button: dict[str, Any], response_url: str) -> dict[str, Any]:
    """A block_actions payload for a button in a channel message, as Slack sends it."""
    message = public(msg)
    message.pop("metadata", None)  # message metadata is not echoed in interaction payloads
    action = {"action_id": button["action_id"], "block_id": block_id, "text": button["text"],
              "value": button.get("value"), "type": "button", "action_ts": f"{time.time():.6f}"}
    if button.get("style"):
        action["style"] = button["style"]
    return {"type": "block_actions",
            "user": {"id": user["id"], "username": user["name"], "name": user["name"], "team_id": TEAM["id"]},
            "api_app_id": APP_ID, "token": "sandbox-verification-token",
            "container": {"type": "message", "message_ts": msg["ts"], "channel_id": channel["id"],
                          "is_ephemeral": False},
            "trigger_id": f"{int(time.time())}.{secrets.randbelow(10**9)}.{secrets.token_hex(16)}",
            "team": {"id": TEAM["id"], "domain": TEAM["domain"]}, "enterprise": None,
            "is_enterprise_install": False, "channel": {"id": channel["id"], "name": channel["name"]},
            "message": message, "state": {"values": {}}, "response_url": response_url, "actions": [action]}


def install(app: flask.Flask, state: SlackState, controls: Controls, cfg: "SlackSandboxConfig") -> None:
    """Add POST /_sandbox/click and POST /_sandbox/response/<id> to the Slack sandbox app."""
    responses: dict[str, dict[str, Any]] = {}
    session = requests.Session()

    @app.post("/_sandbox/click")
    def click() -> Any:
        body = flask.request.get_json(force=True, silent=True) or {}
        url = controls.webhooks.settings()["url"]
        if not url:
            return json_response({"error": "no interactivity URL set (POST /_sandbox/webhook {\"url\": ...})"}, 409)
        with state.lock:
            try:
                channel = state.channel(body.get("channel"), by_name=True)
            except SlackError:
                return json_response({"error": "channel_not_found"}, 404)
            msg = state.find_message(channel["id"], str(body.get("ts") or ""))
            user = state.users.get(str(body.get("user_id") or ""))
            if msg is None:
                return json_response({"error": "message_not_found"}, 404)
            if user is None:
                return json_response({"error": "user_not_found"}, 404)
            found = find_button(msg, str(body.get("value")), body.get("action_id"))
            if found is None:
                return json_response({"error": "button_not_found"}, 404)
            rid = secrets.token_urlsafe(16)
            responses[rid] = {"channel": channel["id"], "ts": msg["ts"], "user": user["id"], "uses": 0,
                              "expires": time.time() + RESPONSE_URL_TTL}
            response_url = f"{flask.request.url_root}_sandbox/response/{rid}"
            payload = build_payload(state, channel, msg, user, found[0], found[1], response_url)
        raw = urlencode({"payload": json.dumps(payload)}).encode()
        stamp = str(int(time.time()))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": sign_slack(cfg.signing_secret, stamp, raw),
                   "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}
        started = time.monotonic()
        record: dict[str, Any] = {"t": time.time(), "url": url, "payload": payload}
        try:
            resp = session.post(url, data=raw, headers=headers, timeout=cfg.click_timeout)
            try:
                answer: Any = resp.json()
            except ValueError:
                answer = resp.text
            record.update(status=resp.status_code, body=answer)
        except requests.RequestException as exc:
            record.update(status=None, body=None, error=f"{type(exc).__name__}: {exc}")
        record["elapsed"] = round(time.monotonic() - started, 3)
        with state.lock:
            state.interactions.append(record)
        out = {k: record.get(k) for k in ("status", "body", "elapsed", "error") if k in record}
        return json_response({**out, "response_url": response_url, "payload": payload})

    @app.post("/_sandbox/response/<rid>")
    def respond(rid: str) -> Any:
        with state.lock:
            entry = responses.get(rid)
            if entry is None or time.time() > entry["expires"]:
                return json_response({"ok": False, "error": "expired_url"}, 404)
            if entry["uses"] >= RESPONSE_URL_USES:
                return json_response({"ok": False, "error": "used_url"}, 404)
            entry["uses"] += 1
        body = flask.request.get_json(force=True, silent=True)
        if not isinstance(body, dict):
            return json_response({"ok": False, "error": "invalid_payload"}, 400)
        bot = state.users[BOT_USER_ID]
        try:
            if body.get("delete_original") in (True, "true"):
                state.delete(entry["channel"], entry["ts"])
            elif body.get("replace_original") in (True, "true"):
                # replace_original swaps the whole message: blocks left out are gone
                state.update(bot, {**body, "blocks": body.get("blocks") or [], "channel": entry["channel"],
                                   "ts": entry["ts"]}, force=True)
            elif body.get("response_type") == "in_channel":
                state.post(bot, {**body, "channel": entry["channel"]})
            else:  # ephemeral by default: only the clicking user sees it, so it is not in history
                with state.lock:
                    state.ephemeral.append({"channel": entry["channel"], "user": entry["user"],
                                            "text": body.get("text"), "blocks": body.get("blocks"),
                                            "ts": state.next_ts(), "via": "response_url"})
        except SlackError as exc:
            return json_response({"ok": False, "error": exc.error}, 400)
        return json_response({"ok": True})
