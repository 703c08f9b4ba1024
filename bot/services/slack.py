"""Slack Web API client on slack_sdk.WebClient, with the shared retries, limits, dry run and error tree."""
from __future__ import annotations

import http.client
import re
import time
from typing import Any, Callable
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import ApiBadRequest, ApiError, ApiNotFound, ApiRateLimited, ApiServerError, ApiUnauthorized
from bot.services.base import BaseClient, OnCall, OnWrite, RetryPolicy, decode, parse_retry_after, unavailable
from bot.services.ratelimit import RateLimiter

# Web API methods (https://docs.slack.dev/reference/methods/).
AUTH_TEST = "auth.test"
CHAT_POST_MESSAGE = "chat.postMessage"
CHAT_UPDATE = "chat.update"
CHAT_POST_EPHEMERAL = "chat.postEphemeral"
CONVERSATIONS_HISTORY = "conversations.history"
CONVERSATIONS_LIST = "conversations.list"
RESPONSE_URL = "response_url"  # stands in for the capability URL in logs and metrics

UNAUTHORIZED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
NOT_FOUND = {"channel_not_found", "message_not_found", "thread_not_found"}
SERVER_SIDE = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,}$")
MAX_PAGES = 100


class SlackClient(BaseClient):
    """Bot-token client; `api_url` is the Web API base (https://slack.com/api/ or a sandbox's .../api/)."""

    service = "slack"

    def __init__(self, api_url: str, token: str, *, timeout: float = 10.0, retry: RetryPolicy | None = None,
                 dry_run: bool = False, limiter: RateLimiter | None = None, on_write: OnWrite | None = None,
                 on_call: OnCall | None = None, session=None, **kwargs: Any):
        super().__init__(api_url, timeout=timeout, retry=retry, dry_run=dry_run, limiter=limiter,
                         on_write=on_write, on_call=on_call, session=session, secrets=(token,), **kwargs)
        # Our own retry policy replaces the SDK's handlers, so one failure is never retried twice over.
        self.web = WebClient(token=token, base_url=self.base_url + "/", timeout=timeout,  # type: ignore[arg-type]
                             retry_handlers=[])
        self._channels: dict[str, str] = {}

    def auth_test(self) -> dict:
        """https://docs.slack.dev/reference/methods/auth.test"""
        return self._call(AUTH_TEST, lambda: self.web.auth_test())

    def post_message(self, channel: str, text: str, blocks: list | None = None, metadata: dict | None = None,
                     thread_ts: str | None = None) -> dict:
        """https://docs.slack.dev/reference/methods/chat.postMessage -> {"ok", "channel", "ts", "message"}

        Never retried after a read timeout: the message may be posted already (look with history).
        """
        args = _compact(channel=channel, text=text, blocks=blocks, metadata=metadata, thread_ts=thread_ts)
        dry = {"ok": True, "dry_run": True, "channel": channel, "ts": f"{time.time():.6f}",
               "message": _compact(type="message", text=text, blocks=blocks, metadata=metadata)}
        return self._write_call(CHAT_POST_MESSAGE, args, dry, lambda: self.web.chat_postMessage(**args),
                                idempotent=False)

    def post_ephemeral(self, channel: str, user: str, text: str) -> dict:
        """https://docs.slack.dev/reference/methods/chat.postEphemeral -> {"ok", "message_ts"}

        Seen only by `user`; Slack keeps no copy to look for, so it is never retried after a read timeout.
        """
        args = {"channel": self.channel_id(channel), "user": user, "text": text}
        dry = {"ok": True, "dry_run": True, "message_ts": f"{time.time():.6f}"}
        return self._write_call(CHAT_POST_EPHEMERAL, args, dry, lambda: self.web.chat_postEphemeral(**args),
                                idempotent=False)

    def update_message(self, channel: str, ts: str, text: str, blocks: list | None = None) -> dict:
        """https://docs.slack.dev/reference/methods/chat.update"""
        args = _compact(channel=self.channel_id(channel), ts=ts, text=text, blocks=blocks)
        dry = {"ok": True, "dry_run": True, "channel": args["channel"], "ts": ts, "text": text,
               "message": _compact(type="message", text=text, blocks=blocks)}
        return self._write_call(CHAT_UPDATE, args, dry, lambda: self.web.chat_update(**args))

    def history(self, channel: str, oldest: str | None = None, limit: int = 200) -> list[dict]:
        """https://docs.slack.dev/reference/methods/conversations.history (newest first, every page, metadata)"""
        channel_id = self.channel_id(channel)
        messages: list[dict] = []
        cursor = None
        for _ in range(MAX_PAGES):
            args = _compact(channel=channel_id, oldest=oldest, limit=limit, cursor=cursor, include_all_metadata=True)
            data = self._call(CONVERSATIONS_HISTORY, lambda: self.web.conversations_history(**args))
            messages.extend(data.get("messages") or [])
            cursor = (data.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        return messages

    def channel_id(self, channel: str) -> str:
        """Ids pass through; "#name" or "name" resolve once via conversations.list
        (https://docs.slack.dev/reference/methods/conversations.list)."""
        if CHANNEL_ID.match(channel):
            return channel
        name = channel.lstrip("#")
        if name not in self._channels:
            cursor = None
            for _ in range(MAX_PAGES):
                args = _compact(types="public_channel,private_channel", exclude_archived=True, limit=200,
                                cursor=cursor)
                data = self._call(CONVERSATIONS_LIST, lambda: self.web.conversations_list(**args))
                self._channels.update({c["name"]: c["id"] for c in data.get("channels") or [] if "name" in c})
                cursor = (data.get("response_metadata") or {}).get("next_cursor")
                if name in self._channels or not cursor:
                    break
        if name not in self._channels:
            raise ApiNotFound(self.service, None, f"{CONVERSATIONS_LIST}: channel_not_found: #{name}")
        return self._channels[name]

    def respond(self, response_url: str, payload: dict) -> None:
        """https://docs.slack.dev/interactivity/handling-user-interaction/#message_responses

        The URL itself authorises the call, so it is kept out of logs and errors.
        """
        if self.dry_run:
            self._skip_write("POST", RESPONSE_URL, payload, None)
            return
        # Replacing or deleting the original is idempotent; a fresh response is not.
        idempotent = bool(payload.get("replace_original") or payload.get("delete_original"))
        resp = self._send("POST", response_url, RESPONSE_URL, RESPONSE_URL, json_body=payload, idempotent=idempotent)
        self._record_write("POST", RESPONSE_URL, payload)
        decode(resp)

    # -- plumbing ----------------------------------------------------------------------------------------------------
    def _write_call(self, method: str, args: dict, dry: dict, send: Callable[[], Any], *,
                    idempotent: bool = True) -> dict:
        if self.dry_run:
            return self._skip_write("POST", method, args, dry)
        data = self._call(method, send, idempotent=idempotent)
        self._record_write("POST", method, args)
        return data

    def _call(self, method: str, send: Callable[[], Any], *, idempotent: bool = True) -> dict:
        """One Web API method through the shared retry/limit/metrics path; SDK errors become ApiErrors."""

        def attempt() -> Any:
            try:
                return send()
            except SlackApiError as exc:
                raise self._error_from(method, exc) from None
            except URLError:  # urllib wraps only connect/send failures: nothing reached Slack
                raise unavailable(self.service, f"{method}: connection failed", False) from None
            except TimeoutError:  # urllib raises this bare from getresponse(): the request was sent
                raise unavailable(self.service, f"{method}: read timeout after {self.timeout}s", True) from None
            except (OSError, http.client.HTTPException) as exc:  # reset mid-answer: may have been applied
                raise unavailable(self.service, f"{method}: {type(exc).__name__}", True) from None

        return dict(self._execute("POST", method, attempt, idempotent=idempotent).data)

    def _error_from(self, method: str, exc: SlackApiError) -> ApiError:
        resp = exc.response
        data = resp.data if isinstance(resp.data, dict) else {}
        code = str(data.get("error") or "unknown_error")
        status = resp.status_code
        message = self._redact(f"{method}: {code}")
        if status == 429 or code == "ratelimited":
            headers = {k.lower(): v for k, v in (resp.headers or {}).items()}
            after = headers.get("retry-after")
            after = after[0] if isinstance(after, list) else after
            return ApiRateLimited(self.service, 429, message, data, retry_after=parse_retry_after(after))
        if status >= 500 or code in SERVER_SIDE:
            return ApiServerError(self.service, status, message, data)
        if code in UNAUTHORIZED:
            return ApiUnauthorized(self.service, status, message, data)
        if code in NOT_FOUND:
            return ApiNotFound(self.service, status, message, data)
        return ApiBadRequest(self.service, status, message, data)


def _compact(**kwargs: Any) -> dict:
    """Drop unset arguments so the SDK does not send them as empty values."""
    return {k: v for k, v in kwargs.items() if v is not None}
