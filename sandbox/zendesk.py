"""Fake Zendesk Support API v2 on loopback: factory, config, token auth and the sandbox control plane."""
from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from typing import Any, Callable

import flask

from sandbox import web_pages, webhook_targets, zendesk_limits
from sandbox.common import Controls, Faults, apply_prefix, install_controls, json_response, set_auth_user
from sandbox.zendesk_bulk import Jobs
from sandbox.zendesk_limits import RateLimits, ZendeskLimits

__all__ = ["ZendeskLimits", "ZendeskSandboxConfig", "controls_of", "create_app", "state_of"]
from sandbox.zendesk_state import AGENT_ROLES, ZendeskState

UNAUTHENTICATED = {"error": "Couldn't authenticate you"}
FORBIDDEN = {"error": "Forbidden", "description": "You do not have access to this page. Please contact the "
                                                 "account owner of this help desk for further help."}


@dataclass
class ZendeskSandboxConfig:
    """Who may call the API (two agents: the bot and a human admin), where webhooks go, and how they are signed."""
    agent_email: str = "migration-bot@sandbox.example"
    agent_token: str = field(default_factory=lambda: secrets.token_urlsafe(30))
    admin_email: str = "support-admin@sandbox.example"
    admin_token: str = field(default_factory=lambda: secrets.token_urlsafe(30))
    webhook_secret: str = field(default_factory=lambda: base64.b64encode(secrets.token_bytes(32)).decode())
    webhook_url: str | None = None
    account_id: int = 10000001
    agent_name: str = "Migration Bot"
    admin_name: str = "Sam Support"
    prefix: str | None = None         # serve under a path prefix, e.g. "/zd"
    public_url: str | None = None     # base for `url` fields; default: the URL the request came in on
    seed: int | None = None           # fault RNG seed
    webhook_retry_delays: tuple[float, ...] = (0.5, 2.0, 5.0)
    limits: ZendeskLimits = field(default_factory=ZendeskLimits)  # rate limits; POST /_sandbox/limits changes them


def _credentials(req: flask.Request) -> tuple[str, str] | None:
    """`{email}/token:{token}` HTTP Basic credentials, or None."""
    auth = req.authorization
    if not auth or auth.type != "basic" or not auth.username or not auth.username.endswith("/token"):
        return None
    return auth.username[: -len("/token")], auth.password or ""


def _authenticator(cfg: ZendeskSandboxConfig, state: ZendeskState) -> Callable[[flask.Request], Any]:
    # API tokens are account-wide in Zendesk: any valid token works with any existing user's email.
    tokens = {cfg.agent_token, cfg.admin_token}

    def authenticate(req: flask.Request) -> dict[str, Any] | None:
        creds = _credentials(req)
        if not creds or not any(secrets.compare_digest(creds[1], t) for t in tokens):
            return None
        return state.user_by_email(creds[0])
    return authenticate


def _fault_response(kind: str, faults: Faults) -> tuple[int, Any, dict[str, str]]:
    if kind == "rate_limit":
        return 429, {"error": "APIRateLimitExceeded",
                     "description": "Number of allowed API requests per minute exceeded"}, {
            "Retry-After": str(faults.retry_after)}
    if kind == "down":
        return 503, {"error": "ServiceUnavailable", "description": "Zendesk is temporarily unavailable"}, {}
    return faults.error_status, {"error": "InternalError", "description": "Internal Server Error"}, {}


class _StripJsonSuffix:
    """Zendesk accepts `/api/v2/tickets/1.json` and `/api/v2/tickets/1` alike (zenpy uses the suffix)."""

    def __init__(self, wsgi_app: Callable):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.endswith(".json"):
            environ["PATH_INFO"] = path[: -len(".json")]
        return self.wsgi_app(environ, start_response)


def create_app(cfg: ZendeskSandboxConfig | None = None) -> flask.Flask:
    """Build the fake Zendesk; `app.extensions["sandbox"]` is the ZendeskState (tickets, organizations, ...)."""
    from sandbox.zendesk_api import make_blueprint
    from sandbox.zendesk_bulk import make_blueprint as make_bulk_blueprint
    from sandbox.zendesk_webhooks import WebhookRegistry
    from sandbox.zendesk_webhooks import make_blueprint as make_webhooks_blueprint

    cfg = cfg or ZendeskSandboxConfig()
    app = flask.Flask("sandbox_zendesk")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    controls = Controls("zendesk", webhook_url=cfg.webhook_url, seed=cfg.seed,
                        retry_delays=cfg.webhook_retry_delays)
    # Events go to the configured webhook_url (signed with cfg.webhook_secret; unless a webhook created through the
    # API posts there, which replaces it) and to every webhook created through the Webhooks API and subscribed to
    # their type (each signed with its own secret).
    registry = WebhookRegistry()
    webhook_targets.install(controls, registry.targets, registry.urls)
    state = ZendeskState(cfg, controls)
    limits, jobs = RateLimits(cfg.limits), Jobs()
    authenticate = _authenticator(cfg, state)
    app.extensions["sandbox"] = state
    app.extensions["sandbox_config"] = cfg
    app.extensions["sandbox_webhooks_api"] = registry

    def identify(req: flask.Request) -> str | None:
        user = authenticate(req)
        return user["email"] if user else None

    def reset() -> None:
        state.reset()
        registry.reset()
        limits.reset()
        jobs.clear()

    install_controls(app, controls, dump=state.dump, reset=reset, identify=identify,
                     fault_response=_fault_response)

    @app.before_request
    def _auth() -> Any:
        if not flask.request.path.startswith("/api/"):
            return None
        if not cfg.public_url:
            state.touch_base_url(flask.request.url_root)
        user = authenticate(flask.request)
        if user is None:
            return json_response(UNAUTHENTICATED, 401, {"WWW-Authenticate": 'Basic realm="Web Password"'})
        set_auth_user(user["email"])
        if user["role"] not in AGENT_ROLES:
            return json_response(FORBIDDEN, 403)
        flask.g.zd_user = user
        return None

    zendesk_limits.install(app, limits)  # after _auth: only authenticated calls count against the account

    @app.get("/agent/tickets/<int:ticket_id>")
    def agent_ticket(ticket_id: int) -> Any:
        # The agent UI page the bot's ticket links point at (no API auth, as a signed-in browser would see it).
        ticket = state.tickets.get(ticket_id)
        if ticket is None:
            return json_response({"error": "RecordNotFound", "description": "Not found"}, 404)
        return web_pages.ticket_page(ticket, state.comments(ticket_id))

    @app.errorhandler(404)
    def _no_route(_exc: Exception) -> flask.Response:
        return json_response({"error": "InvalidEndpoint", "description": "Not found"}, 404)

    @app.errorhandler(405)
    def _bad_method(_exc: Exception) -> flask.Response:
        return json_response({"error": "InvalidEndpoint", "description": "Method not allowed"}, 405)

    app.register_blueprint(make_blueprint(state))
    app.register_blueprint(make_bulk_blueprint(state, jobs))
    app.register_blueprint(make_webhooks_blueprint(registry))
    app.extensions["sandbox_limits"] = limits
    app.wsgi_app = _StripJsonSuffix(app.wsgi_app)  # type: ignore[method-assign]
    apply_prefix(app, cfg.prefix)
    return app


def state_of(app: flask.Flask) -> ZendeskState:
    """The ZendeskState behind an app built by create_app."""
    return app.extensions["sandbox"]


def controls_of(app: flask.Flask) -> Controls:
    return app.extensions["sandbox_controls"]
