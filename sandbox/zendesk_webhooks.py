"""Zendesk Webhooks API (https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/) for the
sandbox: create, list (cursor pages), show, update, patch, delete, show and reset the signing secret.

Webhooks subscribed to `zen:event-type:*` types receive those events (sandbox/zendesk_events.py builds them), signed
with their own secret as Zendesk does; a webhook subscribed to `conditional_ticket_events` waits for triggers, which
the sandbox does not run."""
from __future__ import annotations

import base64
import copy
import secrets
import threading
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode, urlsplit

import flask

from sandbox import zendesk_events as events
from sandbox.common import HttpError, json_response
from sandbox.webhook_targets import Target

TRIGGERS = "conditional_ticket_events"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
FORMATS = ("json", "xml", "form_encoded")
STATUSES = ("active", "inactive")
WRITABLE = ("name", "description", "endpoint", "http_method", "request_format", "status", "subscriptions",
            "authentication", "custom_headers")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _error(status: int, code: str, title: str, pointer: str | None = None) -> HttpError:
    # The Webhooks API answers JSON:API-style error lists, unlike the Support API's {"error", "description"}.
    item: dict[str, Any] = {"code": code, "title": title}
    if pointer:
        item["source"] = {"pointer": pointer}
    return HttpError(status, {"errors": [item]})


def _not_found() -> HttpError:
    return _error(404, "WebhookNotFound", "Webhook not found")


class WebhookRegistry:
    """The account's webhooks and their signing secrets (secrets never appear in a webhook's JSON)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.hooks: dict[str, dict[str, Any]] = {}
            self.secrets: dict[str, str] = {}

    def targets(self, event_type: str) -> list[Target]:
        """Active webhooks subscribed to this event type, each signing with its own secret."""
        with self.lock:
            return [Target(h["endpoint"], events.signer(self.secrets[h["id"]], h["id"]))
                    for h in self.hooks.values() if h["status"] == "active" and event_type in h["subscriptions"]]

    def urls(self) -> set[str]:
        """Where the account's webhooks post, active or not: each replaces the sandbox's hand-wiring there."""
        with self.lock:
            return {h["endpoint"] for h in self.hooks.values()}

    def create(self, spec: dict[str, Any], actor_id: int) -> dict[str, Any]:
        hook = _validated({k: spec[k] for k in WRITABLE if k in spec}, required=True)
        stamp = _now()
        hook_id = "01" + base64.b32encode(secrets.token_bytes(15)).decode()[:24]
        hook.update(id=hook_id, created_at=stamp, created_by=str(actor_id), updated_at=stamp, updated_by=str(actor_id))
        with self.lock:
            self.hooks[hook_id] = hook
            self.secrets[hook_id] = _new_secret()
            return _public(hook)

    def get(self, hook_id: str) -> dict[str, Any]:
        with self.lock:
            if hook_id not in self.hooks:
                raise _not_found()
            return _public(self.hooks[hook_id])

    def list(self) -> list[dict[str, Any]]:
        with self.lock:
            return [_public(h) for h in self.hooks.values()]

    def update(self, hook_id: str, fields: dict[str, Any], actor_id: int, replace: bool) -> None:
        """PUT replaces the writable fields, PATCH merges the ones sent (RFC 7396: null removes)."""
        with self.lock:
            if hook_id not in self.hooks:
                raise _not_found()
            current = self.hooks[hook_id]
            merged = {} if replace else {k: current[k] for k in WRITABLE if k in current}
            for key, value in fields.items():
                if key not in WRITABLE:
                    continue
                if value is None and not replace:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            hook = _validated(merged, required=True)
            was_events, now_events = _by_events(current), _by_events(hook)
            if was_events != now_events and current.get("subscriptions"):
                raise _error(400, "InvalidConnectionMethod", "The connection method of a webhook can't change",
                             "/webhook/subscriptions")
            self.hooks[hook_id] = {**{k: current[k] for k in ("id", "created_at", "created_by")}, **hook,
                                   "updated_at": _now(), "updated_by": str(actor_id)}

    def delete(self, hook_id: str) -> None:
        with self.lock:
            if self.hooks.pop(hook_id, None) is None:
                raise _not_found()
            self.secrets.pop(hook_id, None)

    def secret(self, hook_id: str, reset: bool = False) -> dict[str, str]:
        with self.lock:
            if hook_id not in self.hooks:
                raise _not_found()
            if reset:
                self.secrets[hook_id] = _new_secret()
            return {"algorithm": "SHA256", "secret": self.secrets[hook_id]}


def _new_secret() -> str:
    # Zendesk's signing secrets are URL-safe base64 of 32 random bytes (e.g. 'HRkRd4BeOAoUkfZr-mha...zeA=').
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _by_events(hook: dict[str, Any]) -> bool:
    return TRIGGERS not in (hook.get("subscriptions") or [])


def _public(hook: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(hook)
    auth = out.get("authentication")
    if isinstance(auth, dict):  # only a basic-auth username is ever shown back, never a password or token
        data = auth.get("data") or {}
        auth["data"] = {"username": data["username"]} if "username" in data else {}
    return out


def _validated(hook: dict[str, Any], required: bool) -> dict[str, Any]:
    for key in ("name", "endpoint", "http_method", "request_format", "status"):
        if required and not hook.get(key):
            raise _error(400, "MissingRequiredField", f"{key} is required", f"/webhook/{key}")
    if not isinstance(hook.get("name"), str) or not isinstance(hook.get("endpoint"), str):
        raise _error(400, "InvalidValue", "name and endpoint must be strings", "/webhook/endpoint")
    parts = urlsplit(hook["endpoint"])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _error(400, "InvalidEndpoint", "endpoint must be an http(s) URL", "/webhook/endpoint")
    for key, allowed in (("http_method", METHODS), ("request_format", FORMATS), ("status", STATUSES)):
        if hook[key] not in allowed:
            raise _error(400, "InvalidValue", f"{key} must be one of {', '.join(allowed)}", f"/webhook/{key}")
    subs = hook.get("subscriptions") or []
    if not isinstance(subs, list) or not all(isinstance(s, str) for s in subs):
        raise _error(400, "InvalidValue", "subscriptions must be a list of strings", "/webhook/subscriptions")
    event_types = [s for s in subs if s != TRIGGERS]
    if event_types and TRIGGERS in subs:
        raise _error(400, "InvalidSubscriptions", "A webhook can't both subscribe to events and connect to triggers",
                     "/webhook/subscriptions")
    if any(not s.startswith(events.PREFIX) for s in event_types):
        raise _error(400, "InvalidSubscriptions", "Unknown event type", "/webhook/subscriptions")
    if event_types and (hook["http_method"] != "POST" or hook["request_format"] != "json"):
        raise _error(400, "InvalidValue", "Webhooks subscribed to Zendesk events must use POST and json",
                     "/webhook/http_method")
    hook["subscriptions"] = list(dict.fromkeys(subs))
    return hook


def _body() -> dict[str, Any]:
    data = flask.request.get_json(force=True, silent=True)  # JSON or merge-patch+json alike
    if not isinstance(data, dict) or not isinstance(data.get("webhook"), dict):
        raise _error(400, "InvalidPayload", "The body must be a JSON object with a webhook object")
    return data["webhook"]


def _page(items: list[dict[str, Any]]) -> flask.Response:
    """Cursor pagination (the Webhooks API has no offset pages): meta.has_more, after/before cursors, links."""
    args = flask.request.args
    size = min(max(args.get("page[size]", 100, type=int) or 100, 1), 100)
    try:
        start = int(base64.urlsafe_b64decode(args["page[after]"]).decode()) if args.get("page[after]") else 0
    except ValueError:
        raise _error(400, "InvalidCursor", "Invalid page[after] cursor") from None
    chunk, more = items[start:start + size], start + size < len(items)
    after = base64.urlsafe_b64encode(str(start + len(chunk)).encode()).decode()
    before = base64.urlsafe_b64encode(str(start).encode()).decode()
    keep = [(k, v) for k, v in args.items(multi=True) if not k.startswith("page[")]
    link = lambda cursor, key: f"{flask.request.base_url}?{urlencode(keep + [(key, cursor), ('page[size]', size)])}"  # noqa: E731
    return json_response({"webhooks": chunk,
                          "meta": {"has_more": more, "after_cursor": after if chunk else None,
                                   "before_cursor": before if chunk else None},
                          "links": {"next": link(after, "page[after]") if more else None,
                                    "prev": link(before, "page[before]") if start else None}})


def make_blueprint(registry: WebhookRegistry) -> flask.Blueprint:
    bp = flask.Blueprint("zendesk_webhooks", __name__)

    def actor() -> int:
        return flask.g.zd_user["id"]

    @bp.get("/api/v2/webhooks")
    def list_webhooks() -> Any:
        args = flask.request.args
        rows = registry.list()
        if args.get("filter[name_contains]"):
            rows = [h for h in rows if args["filter[name_contains]"].lower() in h["name"].lower()]
        if args.get("filter[status]"):
            rows = [h for h in rows if h["status"] == args["filter[status]"]]
        sort = args.get("sort", "")
        if sort.lstrip("-") in ("name", "status"):
            rows.sort(key=lambda h: h[sort.lstrip("-")], reverse=sort.startswith("-"))
        return _page(rows)

    @bp.post("/api/v2/webhooks")
    def create_webhook() -> Any:
        return json_response({"webhook": registry.create(_body(), actor())}, 201)

    @bp.get("/api/v2/webhooks/<hook_id>")
    def show_webhook(hook_id: str) -> Any:
        return json_response({"webhook": registry.get(hook_id)})

    @bp.put("/api/v2/webhooks/<hook_id>")
    def update_webhook(hook_id: str) -> Any:
        registry.update(hook_id, _body(), actor(), replace=True)
        return flask.Response(status=204)

    @bp.patch("/api/v2/webhooks/<hook_id>")
    def patch_webhook(hook_id: str) -> Any:
        registry.update(hook_id, _body(), actor(), replace=False)
        return flask.Response(status=204)

    @bp.delete("/api/v2/webhooks/<hook_id>")
    def delete_webhook(hook_id: str) -> Any:
        registry.delete(hook_id)
        return flask.Response(status=204)

    @bp.get("/api/v2/webhooks/<hook_id>/signing_secret")
    def show_secret(hook_id: str) -> Any:
        return json_response({"signing_secret": registry.secret(hook_id)})

    @bp.post("/api/v2/webhooks/<hook_id>/signing_secret")
    def reset_secret(hook_id: str) -> Any:
        return json_response({"signing_secret": registry.secret(hook_id, reset=True)}, 201)

    return bp
