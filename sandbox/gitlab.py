"""Fake GitLab REST v4 (users, one project, issues, notes) with Issue/Note Hook webhooks, for local runs and tests."""
from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import flask

from sandbox import web_pages
from sandbox.common import (CONTROL_PREFIX, Controls, HttpError, apply_prefix, install_controls, json_response,
                            set_auth_user)
from sandbox import gitlab_project, webhook_targets
from sandbox.gitlab_input import InputError
from sandbox.gitlab_labels import api_json as api_label_json
from sandbox.gitlab_labels import event_json
from sandbox.gitlab_lists import filter_issues, paginate
from sandbox.gitlab_state import GitLabState, GitLabUser

__all__ = ["GitLabSandboxConfig", "create_app", "filter_issues", "paginate"]

API = "/api/v4"
BOT_USER = GitLabUser(id=2, username="migration-bot", name="Migration Bot", email="migration-bot@sandbox.example",
                      token="", bot=True)
OPS_USER = GitLabUser(id=3, username="ops-reviewer", name="Ops Reviewer", email="ops-reviewer@sandbox.example",
                      token="")
GITLAB_VERSION = "17.5.0-sandbox"


@dataclass
class GitLabSandboxConfig:
    """Tokens default to random values; webhook_url is where Issue/Note Hooks go (None = nowhere yet)."""
    bot_token: str = field(default_factory=lambda: "glpat-" + secrets.token_urlsafe(15))
    ops_token: str = field(default_factory=lambda: "glpat-" + secrets.token_urlsafe(15))
    webhook_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    webhook_url: str | None = None
    public_url: str | None = None  # used in web_url fields; else taken from the first request
    prefix: str | None = None
    seed: int | None = None
    retry_delays: tuple[float, ...] = (0.2, 1.0, 3.0)
    # True: scoped labels replace each other (Premium/Ultimate); False: GitLab Free, where both stay.
    scoped_labels_exclusive: bool = True


def create_app(cfg: GitLabSandboxConfig) -> flask.Flask:
    """Build the fake GitLab; state in `app.extensions["sandbox"]`, controls in `.extensions["sandbox_controls"]`."""
    app = flask.Flask(__name__)
    users = [GitLabUser(**{**vars(BOT_USER), "token": cfg.bot_token}),
             GitLabUser(**{**vars(OPS_USER), "token": cfg.ops_token})]
    state = GitLabState(users=users, web_base=cfg.public_url or "http://127.0.0.1/",
                        scoped_labels_exclusive=cfg.scoped_labels_exclusive)
    controls = Controls("gitlab", webhook_url=cfg.webhook_url, seed=cfg.seed, retry_delays=cfg.retry_delays)
    sender = webhook_targets.install(controls)  # deliver() below names the hooks added through the API
    hooks = gitlab_project.HookRegistry()
    app.extensions["sandbox"] = state
    app.extensions["sandbox_hooks"] = hooks

    def reset() -> None:
        state.reset()
        hooks.reset()

    def token_of(req: flask.Request) -> str | None:
        auth = req.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        return req.headers.get("PRIVATE-TOKEN") or req.args.get("private_token")

    def identify(req: flask.Request) -> str | None:
        user = state.user_by_token(token_of(req))
        return user.username if user else None

    def fault_response(kind: str, faults: Any) -> tuple[int, Any, dict[str, str]]:
        if kind == "down":
            return 503, {"message": "503 Service Unavailable"}, {}
        if kind == "rate_limit":
            return 429, {"message": "Retry later"}, {"Retry-After": str(faults.retry_after),
                                                       "RateLimit-Limit": "600", "RateLimit-Remaining": "0"}
        return faults.error_status, {"message": f"{faults.error_status} Internal Server Error"}, {}

    install_controls(app, controls, dump=state.dump, reset=reset, identify=identify,
                     fault_response=fault_response)

    def signer(header: str, event_uuid: str, idempotency_key: str, token: str) -> Callable[[bytes], dict[str, str]]:
        # As GitLab's WebHookService: X-Gitlab-Webhook-UUID is fresh per request sent, Idempotency-Key stays the
        # same across retries of one event, X-Gitlab-Event-UUID names the API request that caused the event; a hook
        # without a secret token sends no X-Gitlab-Token.
        def sign(_body: bytes) -> dict[str, str]:
            return {"X-Gitlab-Event": header, **({"X-Gitlab-Token": token} if token else {}),
                    "X-Gitlab-Event-UUID": event_uuid, "X-Gitlab-Webhook-UUID": str(uuid.uuid4()),
                    "Idempotency-Key": idempotency_key, "X-Gitlab-Instance": state.web_base.rstrip("/"),
                    "User-Agent": f"GitLab/{GITLAB_VERSION}"}
        return sign

    def deliver(events: list[tuple[str, dict]], key: str) -> None:
        """Each event to the hooks added through the API whose flags want it (each with its own token), and to the
        configured webhook_url unless a hook added through the API posts there (it replaces the hand-wiring)."""
        request_uuid = str(uuid.uuid4())
        for event, payload in events:
            confidential = payload.get("event_type", "").startswith("confidential_")
            header = f"Confidential {event}" if confidential else event
            if sender.settings()["url"] not in hooks.urls():
                sender.send(header, payload, sign=signer(header, request_uuid, str(uuid.uuid4()), cfg.webhook_token),
                            key=key)
            for url, token in hooks.targets(header):
                sender.send_to(url, header, payload, sign=signer(header, request_uuid, str(uuid.uuid4()), token),
                               key=key)

    def actor() -> GitLabUser:
        user = state.user_by_token(token_of(flask.request))
        if user is None:
            raise HttpError(401, {"message": "401 Unauthorized"})
        set_auth_user(user.username)
        return user

    def project(ref: str) -> dict[str, Any]:
        proj = state.find_project(ref)
        if proj is None:
            raise HttpError(404, {"message": "404 Project Not Found"})
        return proj

    def params() -> dict[str, Any]:
        # Grape merges query string, form and JSON body parameters.
        merged: dict[str, Any] = {k: v for k, v in flask.request.args.items()}
        merged.update(flask.request.form.to_dict())
        body = flask.request.get_json(silent=True) if flask.request.is_json else None
        if isinstance(body, dict):
            merged.update(body)
        return merged

    @app.before_request
    def _learn_base() -> None:
        if cfg.public_url is None:
            state.web_base = flask.request.url_root

    @app.errorhandler(InputError)
    def _bad_input(exc: InputError) -> flask.Response:
        return json_response(exc.body, 400)

    @app.errorhandler(404)
    def _no_route(_exc: Any) -> flask.Response:
        return json_response({"error": "404 Not Found"}, 404)

    @app.errorhandler(405)
    def _bad_method(_exc: Any) -> flask.Response:
        return json_response({"error": "405 Not Allowed"}, 405)

    @app.get("/<path:project_path>/-/issues/<int:iid>")
    def issue_page(project_path: str, iid: int) -> Any:
        # The web page the bot's issue links point at (no API token, as a signed-in browser would see it).
        issue = state.find_issue(iid) if state.find_project(project_path) is not None else None
        if issue is None:
            return json_response({"error": "404 Not Found"}, 404)
        return web_pages.issue_page(state.issue_json(issue), state.issue_notes(iid) or [])

    @app.get(f"{API}/version")
    def version() -> Any:
        actor()
        return json_response({"version": GITLAB_VERSION, "revision": "sandbox", "kas": {"enabled": False},
                              "enterprise": False})

    @app.get(f"{API}/user")
    def current_user() -> Any:
        return json_response(state.user_json(actor(), private=True))

    @app.get(f"{API}/users/<int:user_id>")
    def get_user(user_id: int) -> Any:
        actor()
        user = state.user_by_id(user_id)
        if user is None:
            raise HttpError(404, {"message": "404 User Not Found"})
        return json_response(state.user_json(user))

    @app.get(f"{API}/projects/<path:ref>")
    def get_project(ref: str) -> Any:
        actor()
        project(ref)
        return json_response(state.project_json())

    @app.get(f"{API}/projects/<path:ref>/labels")
    def list_labels(ref: str) -> Any:
        actor()
        project(ref)
        counts = flask.request.args.get("with_counts", "").lower() == "true"
        with state.lock:
            return paginate([api_label_json(state, label, counts) for label in state.labels.values()])

    @app.get(f"{API}/projects/<path:ref>/issues")
    def list_issues(ref: str) -> Any:
        actor()
        project(ref)
        with state.lock:
            rows = filter_issues(state.issues, flask.request.args)
            return paginate([state.issue_json(i) for i in rows])

    @app.post(f"{API}/projects/<path:ref>/issues")
    def create_issue(ref: str) -> Any:
        user = actor()
        project(ref)
        with state.lock:  # enqueue under the state lock so hooks leave in the order the writes happened
            issue, events = state.create_issue(user, params())
            deliver(events, f"issue:{issue['iid']}")
        return json_response(issue, 201)

    def issue_or_404(iid: int) -> dict[str, Any]:
        issue = state.find_issue(iid)
        if issue is None:
            raise HttpError(404, {"message": "404 Issue Not Found"})
        return issue

    @app.get(f"{API}/projects/<path:ref>/issues/<int:iid>")
    def get_issue(ref: str, iid: int) -> Any:
        actor()
        project(ref)
        with state.lock:
            return json_response(state.issue_json(issue_or_404(iid)))

    @app.delete(f"{API}/projects/<path:ref>/issues/<int:iid>")
    def delete_issue(ref: str, iid: int) -> Any:
        # GitLab answers 204 and sends no Issue Hook for a deletion.
        actor()
        project(ref)
        with state.lock:
            state.issues.remove(issue_or_404(iid))
        return flask.Response(status=204)

    @app.put(f"{API}/projects/<path:ref>/issues/<int:iid>")
    def update_issue(ref: str, iid: int) -> Any:
        user = actor()
        project(ref)
        try:
            with state.lock:
                issue, events = state.update_issue(user, iid, params())
                deliver(events, f"issue:{iid}")
        except LookupError:
            raise HttpError(404, {"message": "404 Issue Not Found"}) from None
        return json_response(issue)

    @app.get(f"{API}/projects/<path:ref>/issues/<int:iid>/notes")
    def list_notes(ref: str, iid: int) -> Any:
        actor()
        project(ref)
        notes = state.issue_notes(iid)
        if notes is None:
            raise HttpError(404, {"message": "404 Issue Not Found"})
        args = flask.request.args
        key = args["order_by"] if args.get("order_by") in ("created_at", "updated_at") else "created_at"
        notes.sort(key=lambda n: (n[key], n["id"]), reverse=args.get("sort", "desc") != "asc")
        return paginate(notes)

    @app.post(f"{API}/projects/<path:ref>/issues/<int:iid>/notes")
    def create_note(ref: str, iid: int) -> Any:
        user = actor()
        project(ref)
        try:
            with state.lock:
                status, note, events = state.create_note(user, iid, params())
                deliver(events, f"issue:{iid}")
        except LookupError:
            raise HttpError(404, {"message": "404 Issue Not Found"}) from None
        return json_response(note, status)

    @app.get(f"{API}/projects/<path:ref>/issues/<int:iid>/resource_label_events")
    def label_events(ref: str, iid: int) -> Any:
        # doc/api/resource_label_events.md: who added or removed which label when, oldest first.
        actor()
        project(ref)
        with state.lock:
            issue = issue_or_404(iid)
            return paginate([event_json(state, e) for e in state.label_events if e["issue_id"] == issue["id"]])

    @app.get(f"{API}/projects/<path:ref>/issues/<int:iid>/resource_label_events/<int:event_id>")
    def label_event(ref: str, iid: int, event_id: int) -> Any:
        actor()
        project(ref)
        with state.lock:
            issue = issue_or_404(iid)
            found = next((e for e in state.label_events if e["issue_id"] == issue["id"] and e["id"] == event_id),
                         None)
            if found is None:
                raise HttpError(404, {"message": "404 Not found"})
            return json_response(event_json(state, found))

    @app.route(f"{CONTROL_PREFIX}/scoped_labels", methods=["GET", "POST"])
    def scoped_labels() -> Any:
        """{"exclusive": false} imitates GitLab Free (scoped labels are a Premium feature)."""
        if flask.request.method == "POST":
            body = flask.request.get_json(force=True, silent=True)
            if not isinstance(body, dict) or not isinstance(body.get("exclusive"), bool):
                return json_response({"error": 'body must be {"exclusive": true|false}'}, 400)
            with state.lock:
                state.scoped_labels_exclusive = body["exclusive"]
        return json_response({"exclusive": state.scoped_labels_exclusive})

    gitlab_project.install(app, API, state, hooks, actor, project, params)
    app.extensions["sandbox_deliver"] = deliver
    return apply_prefix(app, cfg.prefix)
