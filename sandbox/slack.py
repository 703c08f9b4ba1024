"""Fake Slack Web API (auth, chat, conversations, users) plus button clicks sent to the bot, for runs and tests."""
from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from typing import Any, Callable

import flask

from sandbox import slack_click, slack_lists
from sandbox.common import Controls, apply_prefix, install_controls, json_response, set_auth_user
from sandbox.slack_state import BOT_ID, BOT_USER_ID, TEAM, SlackError, SlackState, public

API = "/api"


@dataclass
class SlackSandboxConfig:
    """webhook_url is the bot's interactivity Request URL (`<bot>/slack/interactions`)."""
    bot_token: str = field(default_factory=lambda: "xoxb-" + secrets.token_hex(12))
    signing_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    webhook_url: str | None = None
    prefix: str | None = None
    seed: int | None = None
    click_timeout: float = 10.0  # Slack itself gives up after 3 s; the sandbox reports the elapsed time instead
    retry_delays: tuple[float, ...] = (0.2, 1.0, 3.0)
    support_channel_private: bool = False  # make #support_operations a private channel


def create_app(cfg: SlackSandboxConfig) -> flask.Flask:
    """Build the fake Slack; state in `app.extensions["sandbox"]`, API under `<base>/api/<method>`."""
    app = flask.Flask(__name__)
    state = SlackState(tokens={cfg.bot_token: BOT_USER_ID}, support_channel_private=cfg.support_channel_private)
    controls = Controls("slack", webhook_url=cfg.webhook_url, seed=cfg.seed, retry_delays=cfg.retry_delays)
    app.extensions["sandbox"] = state

    def args() -> dict[str, Any]:
        merged: dict[str, Any] = dict(flask.request.args.items())
        merged.update(flask.request.form.to_dict())
        body = flask.request.get_json(silent=True) if flask.request.is_json else None
        if isinstance(body, dict):
            merged.update(body)
        return merged

    def token_of(req: flask.Request) -> str | None:
        auth = req.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        return req.form.get("token") or req.args.get("token")

    def identify(req: flask.Request) -> str | None:
        uid = state.tokens.get(token_of(req) or "")
        return state.users[uid]["name"] if uid else None

    def fault_response(kind: str, faults: Any) -> tuple[int, Any, dict[str, str]]:
        if kind == "rate_limit":
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(faults.retry_after)}
        if kind == "down":
            return 503, {"ok": False, "error": "service_unavailable"}, {}
        return faults.error_status, {"ok": False, "error": "internal_error"}, {}

    install_controls(app, controls, dump=state.dump, reset=state.reset, identify=identify,
                     fault_response=fault_response)
    methods: dict[str, Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]] = {}

    def method(name: str) -> Callable:
        def register(fn: Callable) -> Callable:
            methods[name] = fn
            return fn
        return register

    @app.route(f"{API}/<name>", methods=["GET", "POST"])
    def call(name: str) -> Any:
        try:
            actor = state.auth(token_of(flask.request))
            set_auth_user(actor["name"])
            fn = methods.get(name)
            if fn is None:
                raise SlackError("unknown_method", 404)
            return json_response({"ok": True, **fn(actor, args())})
        except SlackError as exc:
            return json_response({"ok": False, "error": exc.error}, exc.status)
        except (TypeError, ValueError):
            return json_response({"ok": False, "error": "invalid_arguments"})

    @method("api.test")
    def api_test(_actor: dict, a: dict) -> dict:
        return {"args": {k: v for k, v in a.items() if k != "token"}} if a else {}

    @method("auth.test")
    def auth_test(actor: dict, _a: dict) -> dict:
        out = {"url": f"https://{TEAM['domain']}.slack.com/", "team": TEAM["name"], "user": actor["name"],
               "team_id": TEAM["id"], "user_id": actor["id"], "is_enterprise_install": False}
        if actor["is_bot"]:
            out["bot_id"] = BOT_ID
        return out

    @method("chat.postMessage")
    def post_message(actor: dict, a: dict) -> dict:
        ch, msg = state.post(actor, a)
        return {"channel": ch["id"], "ts": msg["ts"], "message": msg}

    @method("chat.update")
    def chat_update(actor: dict, a: dict) -> dict:
        cid, msg = state.update(actor, a)
        out = {"channel": cid, "ts": msg["ts"], "text": msg["text"],
               "message": {k: msg[k] for k in ("user", "bot_id", "app_id", "text", "type", "blocks", "edited",
                                                "team", "bot_profile") if k in msg}}
        return out

    @method("chat.getPermalink")
    def permalink(actor: dict, a: dict) -> dict:
        with state.lock:
            ch = state.channel(a.get("channel"), viewer=actor["id"])
            if state.find_message(ch["id"], str(a.get("message_ts") or "")) is None:
                raise SlackError("message_not_found")
        ts = str(a["message_ts"]).replace(".", "")
        return {"channel": ch["id"], "permalink": f"https://{TEAM['domain']}.slack.com/archives/{ch['id']}/p{ts}"}

    @method("conversations.history")
    def history(actor: dict, a: dict) -> dict:
        with state.lock:
            ch = state.channel(a.get("channel"), viewer=actor["id"])
            if actor["id"] not in ch["members"]:
                raise SlackError("not_in_channel")
        rows = state.history(ch["id"], truthy(a.get("include_all_metadata")))
        inclusive = truthy(a.get("inclusive"))
        oldest, latest = a.get("oldest"), a.get("latest")
        if oldest:
            rows = [m for m in rows if float(m["ts"]) > float(oldest) or (inclusive and m["ts"] == str(oldest))]
        if latest:
            rows = [m for m in rows if float(m["ts"]) < float(latest) or (inclusive and m["ts"] == str(latest))]
        if a.get("cursor"):
            before = _cursor_ts(str(a["cursor"]))
            rows = [m for m in rows if float(m["ts"]) <= before]
        limit = min(max(int(a.get("limit") or 100), 1), 999)
        page, more = rows[:limit], len(rows) > limit
        out = {"messages": page, "has_more": more, "pin_count": 0, "channel_actions_ts": None,
               "channel_actions_count": 0}
        if more:
            cursor = base64.b64encode(f"next_ts:{rows[limit]['ts']}".encode()).decode()
            out["response_metadata"] = {"next_cursor": cursor}
        return out

    @method("conversations.replies")
    def replies(actor: dict, a: dict) -> dict:
        with state.lock:
            ch = state.channel(a.get("channel"), viewer=actor["id"])
            parent = state.find_message(ch["id"], str(a.get("ts") or ""))
            if parent is None:
                raise SlackError("thread_not_found")
            # The parent comes first, then its replies oldest first, as conversations.replies lists them.
            rows = sorted((public(m) for m in state.messages[ch["id"]]
                           if m["ts"] == parent["ts"] or m.get("thread_ts") == parent["ts"]),
                          key=lambda m: float(m["ts"]))
        if not truthy(a.get("include_all_metadata")):
            for m in rows:
                m.pop("metadata", None)
        return {"messages": rows, "has_more": False, "response_metadata": {"next_cursor": ""}}

    @method("conversations.info")
    def conversations_info(actor: dict, a: dict) -> dict:
        with state.lock:
            ch = state.channel(a.get("channel"), viewer=actor["id"])
            info = state.channel_json(ch, actor["id"])
            if truthy(a.get("include_num_members")):
                info["num_members"] = len(ch["members"])
        return {"channel": info}

    @method("conversations.list")
    def conversations_list(actor: dict, a: dict) -> dict:
        return slack_lists.conversations_list(state, actor, a)

    @method("chat.postEphemeral")
    def post_ephemeral(actor: dict, a: dict) -> dict:
        return {"message_ts": state.post_ephemeral(actor, a)}

    @method("conversations.members")
    def conversations_members(actor: dict, a: dict) -> dict:
        with state.lock:
            ch = state.channel(a.get("channel"), viewer=actor["id"])
            return {"members": list(ch["members"]), "response_metadata": {"next_cursor": ""}}

    @method("users.info")
    def users_info(_actor: dict, a: dict) -> dict:
        with state.lock:
            user = state.users.get(str(a.get("user") or ""))
            if user is None:
                raise SlackError("user_not_found")
            return {"user": dict(user)}

    @app.get("/_sandbox/messages")
    def sandbox_messages() -> Any:
        ref = flask.request.args.get("channel")
        with state.lock:
            dump = state.dump()["messages"]
            if ref:
                try:
                    cid = state.channel(ref, by_name=True)["id"]
                except SlackError:
                    return json_response({"error": "channel_not_found"}, 404)
                return json_response(dump.get(cid, []))
            return json_response([m for msgs in dump.values() for m in msgs])

    @app.get("/_sandbox/ephemeral")
    def sandbox_ephemeral() -> Any:
        """Ephemeral messages (chat.postEphemeral and response_url answers), filtered by ?user= and ?channel=."""
        args = flask.request.args
        with state.lock:
            rows = [dict(e) for e in state.ephemeral]
        return json_response([e for e in rows if all(e.get(k) == args[k] for k in ("user", "channel") if k in args)])

    slack_click.install(app, state, controls, cfg)
    return apply_prefix(app, cfg.prefix)


def truthy(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes") if value is not None else False


def _cursor_ts(cursor: str) -> float:
    try:
        return float(base64.b64decode(cursor).decode().split(":", 1)[1])
    except (ValueError, IndexError):
        raise SlackError("invalid_cursor") from None
