"""Zendesk's rate limits: the account-wide ceiling with its headers, and Update Organization's own low limit."""
from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, fields
from typing import Any

import flask

from sandbox.common import CONTROL_PREFIX, json_response
from sandbox.common_limits import Verdict, WindowLimiter

# https://developer.zendesk.com/api-reference/introduction/rate-limits/ : 429 "APIRateLimitExceeded" with Retry-After.
ACCOUNT_EXCEEDED = {"error": "APIRateLimitExceeded",
                    "description": "Number of allowed API requests per minute exceeded"}
# zendesk-oas UpdateOrganization "429" example (Errors schema), not the usual error/description pair.
ORG_UPDATE_EXCEEDED = {"errors": [{"code": "TooManyRequests", "title": "Too many requests to update"}]}


@dataclass
class ZendeskLimits:
    """Requests per window; None turns a limit off. Defaults are the documented production values."""
    account: int | None = 700     # Suite Enterprise plan: 700 Support API requests a minute
    org_update: int | None = 5    # "5 requests per minute for the Update organizations endpoint" (2022 announcement)
    # "the rate limit of the Update Ticket endpoint, which is 100 requests per minute per account" (Zendesk help
    # article 8638126078234); PUT /api/v2/tickets/{id} only: the Tags API and update_many are other endpoints.
    update_ticket: int | None = 100
    window: float = 60.0          # one minute; tests may shrink it to keep waits short


class RateLimits:
    """Counts API calls and answers 429 when a configured limit is spent; every API answer carries the headers."""

    def __init__(self, limits: ZendeskLimits):
        self._default = ZendeskLimits(**asdict(limits))
        self._lock = threading.Lock()
        self.limits = ZendeskLimits(**asdict(limits))
        self.counter = WindowLimiter()

    def configure(self, changes: dict[str, Any]) -> ZendeskLimits:
        unknown = set(changes) - {f.name for f in fields(ZendeskLimits)}
        if unknown:
            raise ValueError(f"unknown limit settings: {sorted(unknown)}")
        with self._lock:
            merged = {**asdict(self.limits), **changes}
            merged = {k: (None if v is None else (float(v) if k == "window" else int(v))) for k, v in merged.items()}
            if not merged["window"] or merged["window"] <= 0:
                raise ValueError("window must be > 0")
            self.limits = ZendeskLimits(**merged)
            return self.limits

    def reset(self) -> None:
        with self._lock:
            self.limits = ZendeskLimits(**asdict(self._default))
        self.counter.clear()

    def check(self, org_update_id: int | None, ticket_update: bool = False) -> flask.Response | None:
        """Count this request; return the 429 answer when a limit is spent."""
        lim = self.limits
        if lim.account is not None:
            verdict = self.counter.hit("account", lim.account, lim.window)
            flask.g.zd_rate = verdict
            if not verdict.allowed:
                return json_response(ACCOUNT_EXCEEDED, 429, {"Retry-After": str(verdict.reset)})
        if ticket_update and lim.update_ticket is not None:
            verdict = self.counter.hit("update_ticket", lim.update_ticket, lim.window)
            if not verdict.allowed:
                return json_response(ACCOUNT_EXCEEDED, 429, {"Retry-After": str(verdict.reset)})
        if org_update_id is not None and lim.org_update is not None:
            verdict = self.counter.hit(f"org_update:{org_update_id}", lim.org_update, lim.window)
            if not verdict.allowed:
                return json_response(ORG_UPDATE_EXCEEDED, 429, {"Retry-After": str(verdict.reset)})
        return None

    def headers(self, resp: flask.Response) -> None:
        lim = self.limits
        if lim.account is None:
            return
        verdict: Verdict = flask.g.get("zd_rate") or self.counter.peek("account", lim.account, lim.window)
        # Every response: X-Rate-Limit(-Remaining) (API introduction, "Request format"); Ticketing API responses
        # add ratelimit-limit/-remaining/-reset (rate-limits page, "Monitoring the request activity of Ticketing APIs").
        resp.headers["X-Rate-Limit"] = str(verdict.limit)
        resp.headers["X-Rate-Limit-Remaining"] = str(verdict.remaining)
        resp.headers["ratelimit-limit"] = str(verdict.limit)
        resp.headers["ratelimit-remaining"] = str(verdict.remaining)
        resp.headers["ratelimit-reset"] = str(verdict.reset)


def install(app: flask.Flask, limits: RateLimits) -> None:
    """Register after authentication so anonymous calls are not counted; add `/_sandbox/limits`."""

    @app.before_request
    def _rate_limit() -> Any:
        if not flask.request.path.startswith("/api/") or "zd_user" not in flask.g:
            return None
        org_id = None
        if flask.request.method == "PUT" and flask.request.endpoint == "zendesk_api.orgs_update":
            org_id = (flask.request.view_args or {}).get("org_id")
        ticket_update = flask.request.method == "PUT" and flask.request.endpoint == "zendesk_api.tickets_update"
        return limits.check(org_id, ticket_update)

    @app.after_request
    def _rate_headers(resp: flask.Response) -> flask.Response:
        if flask.request.path.startswith("/api/"):
            limits.headers(resp)
        return resp

    @app.route(f"{CONTROL_PREFIX}/limits", methods=["GET", "POST", "DELETE"])
    def _limits() -> Any:
        if flask.request.method == "DELETE":  # a new minute for every counter, the limits kept (benchmark phases)
            limits.counter.clear()
        if flask.request.method == "POST":
            try:
                body = flask.request.get_json(force=True, silent=False) or {}
                limits.configure(body)
            except (ValueError, TypeError) as exc:
                return json_response({"error": str(exc)}, 400)
        return json_response(asdict(limits.limits))
