"""Webhook signature checks and signing for Zendesk, Slack and GitLab (pure functions)."""
from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timezone

# Both vendors refuse replays older than five minutes; we accept the same skew into the future.
TOLERANCE_SECONDS = 300


class SignatureError(Exception):
    """The request is not provably from the claimed sender; the message says why."""


def sign_zendesk(secret: str, timestamp: str, body: bytes) -> str:
    """base64(HMAC-SHA256(secret, timestamp + raw body)); the key is the secret's UTF-8 bytes."""
    mac = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def _parse_iso(ts: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(ts.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise SignatureError("X-Zendesk-Webhook-Signature-Timestamp is not an ISO-8601 time") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def verify_zendesk(secret: str, timestamp: str | None, signature: str | None, body: bytes,
                   now: datetime, tolerance: int = TOLERANCE_SECONDS) -> None:
    """Raise SignatureError unless the Zendesk webhook signature is valid and fresh."""
    if not signature:
        raise SignatureError("missing X-Zendesk-Webhook-Signature header")
    if not timestamp:
        raise SignatureError("missing X-Zendesk-Webhook-Signature-Timestamp header")
    expected = sign_zendesk(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise SignatureError("signature does not match the body")
    if tolerance >= 0 and abs((now - _parse_iso(timestamp)).total_seconds()) > tolerance:
        raise SignatureError("signature timestamp is older than 5 minutes or in the future")


def sign_slack(secret: str, timestamp: str, body: bytes) -> str:
    """Slack v0: 'v0=' + hex(HMAC-SHA256(secret, 'v0:' + timestamp + ':' + body))."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def verify_slack(secret: str, timestamp: str | None, signature: str | None, body: bytes,
                 now: datetime, tolerance: int = TOLERANCE_SECONDS) -> None:
    """Raise SignatureError unless the Slack v0 signature is valid and fresh."""
    if not signature:
        raise SignatureError("missing X-Slack-Signature header")
    if not timestamp:
        raise SignatureError("missing X-Slack-Request-Timestamp header")
    try:
        if len(timestamp) > 12:  # Unix seconds; longer cannot be fresh and would overflow a float
            raise ValueError
        ts_value = int(timestamp)
    except ValueError as exc:
        raise SignatureError("X-Slack-Request-Timestamp is not a Unix time") from exc
    if tolerance >= 0 and abs(now.timestamp() - ts_value) > tolerance:
        raise SignatureError("signature timestamp is older than 5 minutes or in the future")
    if not hmac.compare_digest(sign_slack(secret, timestamp, body).encode(), signature.strip().encode()):
        raise SignatureError("signature does not match the body")


def verify_gitlab(expected_token: str, given: str | None) -> None:
    """Raise SignatureError unless X-Gitlab-Token equals the configured token (constant time)."""
    if not given:
        raise SignatureError("missing X-Gitlab-Token header")
    if not hmac.compare_digest(expected_token.encode(), given.encode()):
        raise SignatureError("X-Gitlab-Token does not match")


def sign_standard_webhook(secret: str, msg_id: str, timestamp: int, payload: bytes) -> str:
    """Standard Webhooks v1 symmetric signature (used to cross-check our HMAC plumbing)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + payload, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()
