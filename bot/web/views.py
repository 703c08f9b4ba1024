"""Inbound HTTP: each view verifies, validates, records and answers; no outbound call happens here."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from urllib.parse import parse_qs

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy import text

from bot import metrics
from bot.db import inbox
from bot.web.payloads import Delivery, PayloadInvalid, gitlab_delivery, slack_delivery, zendesk_delivery
from bot.web.signatures import SignatureError, verify_gitlab, verify_slack, verify_zendesk

log = logging.getLogger(__name__)
bp = Blueprint("web", __name__)
_SOURCES = {"/webhooks/zendesk": "zendesk", "/webhooks/gitlab": "gitlab", "/slack/interactions": "slack"}


class Rejected(Exception):
    """A request refused with a 4xx status and a JSON body saying why."""

    def __init__(self, status: int, error: str, details: list[str] | None = None):
        super().__init__(error)
        self.status, self.error, self.details = status, error, details or []


def error_response(status: int, error: str, details: list[str] | None = None) -> Response:
    resp = jsonify({"error": error, "details": details or []})
    resp.status_code = status
    return resp


@bp.errorhandler(Rejected)
def _rejected(exc: Rejected) -> Response:
    metrics.WEBHOOKS.labels(source=_SOURCES.get(request.path, "other"), outcome=str(exc.status)).inc()
    # The reason is logged by name; the body is not (it is untrusted and may be large).
    log.info("rejected %s %s: %s", request.path, exc.status, exc.error)
    return error_response(exc.status, exc.error, exc.details)


def _raw_body(kind: str) -> bytes:
    settings = current_app.config["SETTINGS"]
    length = request.content_length
    if length is not None and length > settings.max_body_bytes:
        raise Rejected(413, f"body larger than {settings.max_body_bytes} bytes")
    mimetype = (request.mimetype or "").lower()
    if kind == "json" and mimetype != "application/json" and not mimetype.endswith("+json"):
        raise Rejected(415, "Content-Type must be application/json", [f"got {mimetype or 'none'}"])
    if kind == "form" and mimetype != "application/x-www-form-urlencoded":
        raise Rejected(415, "Content-Type must be application/x-www-form-urlencoded", [f"got {mimetype or 'none'}"])
    body = request.stream.read(settings.max_body_bytes + 1)
    if len(body) > settings.max_body_bytes:
        raise Rejected(413, f"body larger than {settings.max_body_bytes} bytes")
    return body


def _json_text(body: bytes) -> str:
    """The body as JSON text: UTF-8 only (RFC 8259 8.1), a leading byte-order mark ignored.

    Zendesk and GitLab send UTF-8 without a mark, but hand-made senders (PowerShell 5, some .NET clients) put one
    in front; RFC 8259 lets a parser ignore it, and refusing would only puzzle whoever set the webhook up. Other
    encodings (UTF-16, UTF-32, Latin-1) are refused: json.loads would guess and accept some of them, but what it
    guessed would differ from the text a worker reads back.
    """
    encoding = json.detect_encoding(body)
    if encoding not in ("utf-8", "utf-8-sig"):
        raise Rejected(400, "body must be UTF-8 JSON", [f"the body looks like {encoding.upper()}"])
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Rejected(400, "body must be UTF-8 JSON", [str(exc)[:200]]) from None
    return text.removeprefix("\ufeff")


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _parse_json(text: str) -> tuple[object, str]:
    """Parse JSON text (a leading byte-order mark ignored); (payload, the very text parsed), which is what the
    inbox stores, so the worker reads back exactly what was validated here."""
    text = text.removeprefix("\ufeff")
    try:
        # NaN and Infinity are Python's extension, not JSON (RFC 8259 6).
        return json.loads(text, parse_constant=_not_json), text
    except (ValueError, RecursionError) as exc:
        raise Rejected(400, "body is not valid JSON", [str(exc)[:200]]) from None


def _record(source: str, delivery: Delivery, payload: object, text: str) -> Response:
    fresh = inbox.record(current_app.config["ENGINE"], source, delivery, payload, raw=text)
    metrics.WEBHOOKS.labels(source=source, outcome="accepted" if fresh else "duplicate").inc()
    metrics.delivery_received(source, delivery.event_type, fresh, delivery.relevant)
    body = {"status": "accepted" if fresh else "duplicate", "id": delivery.delivery_id,
            "relevant": delivery.relevant}
    return Response(json.dumps(body), status=202 if fresh else 200, mimetype="application/json")


def _now() -> datetime:
    return current_app.config.get("CLOCK", lambda: datetime.now(timezone.utc))()


def _guarded(what: str, check, *args) -> None:
    """Run a signature check; its failure is a 401 naming the sender."""
    try:
        check(*args)
    except SignatureError as exc:
        raise Rejected(401, f"invalid {what}", [str(exc)]) from None


def _delivery(describe, *args) -> Delivery:
    """Validate a parsed payload into a Delivery; schema problems are a 400 listing each one."""
    try:
        return describe(*args)
    except PayloadInvalid as exc:
        raise Rejected(400, str(exc), exc.details) from None


@bp.post("/webhooks/zendesk")
def zendesk_webhook() -> Response:
    settings, body, headers = current_app.config["SETTINGS"], _raw_body("json"), request.headers
    _guarded("Zendesk webhook signature", verify_zendesk, settings.zendesk_webhook_secret,
             headers.get("X-Zendesk-Webhook-Signature-Timestamp"), headers.get("X-Zendesk-Webhook-Signature"),
             body, _now(), settings.signature_tolerance)
    payload, text = _parse_json(_json_text(body))
    return _record("zendesk", _delivery(zendesk_delivery, payload), payload, text)


@bp.post("/webhooks/gitlab")
def gitlab_webhook() -> Response:
    settings, body, headers = current_app.config["SETTINGS"], _raw_body("json"), request.headers
    _guarded("GitLab webhook token", verify_gitlab, settings.gitlab_webhook_token, headers.get("X-Gitlab-Token"))
    payload, text = _parse_json(_json_text(body))
    # Idempotency-Key stays the same across GitLab's retries of one event; older GitLabs send only the UUID.
    delivery_id = headers.get("Idempotency-Key") or headers.get("X-Gitlab-Event-UUID")
    delivery = _delivery(gitlab_delivery, payload, headers.get("X-Gitlab-Event"), delivery_id, body)
    return _record("gitlab", delivery, payload, text)


@bp.post("/slack/interactions")
def slack_interactions() -> Response:
    settings, body, headers = current_app.config["SETTINGS"], _raw_body("form"), request.headers
    _guarded("Slack request signature", verify_slack, settings.slack_signing_secret,
             headers.get("X-Slack-Request-Timestamp"), headers.get("X-Slack-Signature"), body, _now(),
             settings.signature_tolerance)
    try:
        form = parse_qs(body.decode("utf-8"), strict_parsing=False)
    except UnicodeDecodeError:
        raise Rejected(400, "body is not UTF-8 form data") from None
    if "payload" not in form:
        raise Rejected(400, "form field `payload` is missing")
    payload, text = _parse_json(form["payload"][0])
    resp = _record("slack", _delivery(slack_delivery, payload), payload, text)
    # Slack wants a plain 200 within 3 s whether or not we saw the click before; the update comes later.
    resp.status_code = 200
    return resp


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    try:
        with current_app.config["ENGINE"].connect() as conn:
            conn.execute(text("SELECT 1 FROM inbox LIMIT 1"))
    except Exception as exc:  # noqa: BLE001 - any database failure means not ready
        log.warning("not ready: %s", type(exc).__name__)
        return error_response(503, "database not ready", [type(exc).__name__])
    return jsonify({"status": "ready"})


@bp.get("/metrics")
def metrics_view() -> Response:
    return Response(metrics.render(current_app.config["ENGINE"]), content_type=metrics.CONTENT_TYPE)
