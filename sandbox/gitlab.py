"""Fake GitLab REST v4 (users, one project, issues, notes) with Issue/Note Hook webhooks, for local runs and tests."""
from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlencode

import flask

from sandbox.common import Controls, HttpError, apply_prefix, install_controls, json_response, set_auth_user
from sandbox.gitlab_input import InputError
from sandbox.gitlab_state import GitLabState, GitLabUser

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


def create_app(cfg: GitLabSandboxConfig) -> flask.Flask:
    """Build the fake GitLab; state in `app.extensions["sandbox"]`, controls in `.extensions["sandbox_controls"]`."""
    app = flask.Flask(__name__)
    users = [GitLabUser(**{**vars(BOT_USER), "token": cfg.bot_token}),
             GitLabUser(**{**vars(OPS_USER), "token": cfg.ops_token})]
    state = GitLabState(users=users, web_base=cfg.public_url or "http://127.0.0.1/")
    controls = Controls("gitlab", webhook_url=cfg.webhook_url, seed=cfg.seed, retry_delays=cfg.retry_delays)
    app.extensions["sandbox"] = state

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

    install_controls(app, controls, dump=state.dump, reset=state.reset, identify=identify,
                     fault_response=fault_response)

    def signer(header: str, event_uuid: str, idempotency_key: str) -> Callable[[bytes], dict[str, str]]:
        # As GitLab's WebHookService: X-Gitlab-Webhook-UUID is fresh per request sent, Idempotency-Key stays the
        # same across retries of one event, X-Gitlab-Event-UUID names the API request that caused the event.
        def sign(_body: bytes) -> dict[str, str]:
            return {"X-Gitlab-Event": header, "X-Gitlab-Token": cfg.webhook_token,
                    "X-Gitlab-Event-UUID": event_uuid, "X-Gitlab-Webhook-UUID": str(uuid.uuid4()),
                    "Idempotency-Key": idempotency_key, "X-Gitlab-Instance": state.web_base.rstrip("/"),
                    "User-Agent": f"GitLab/{GITLAB_VERSION}"}
        return sign

    def deliver(events: list[tuple[str, dict]], key: str) -> None:
        request_uuid = str(uuid.uuid4())
        for event, payload in events:
            confidential = payload.get("event_type", "").startswith("confidential_")
            header = f"Confidential {event}" if confidential else event
            controls.webhooks.send(header, payload, sign=signer(header, request_uuid, str(uuid.uuid4())), key=key)

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
        with state.lock:
            return paginate(list(state.labels.values()))

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
                note, events = state.create_note(user, iid, params())
                deliver(events, f"issue:{iid}")
        except LookupError:
            raise HttpError(404, {"message": "404 Issue Not Found"}) from None
        return json_response(note, 201)

    app.extensions["sandbox_deliver"] = deliver
    return apply_prefix(app, cfg.prefix)


def filter_issues(issues: list[dict[str, Any]], args: Any) -> list[dict[str, Any]]:
    """The list filters of GET /projects/:id/issues that the bot and ordinary clients use."""
    rows = list(issues)
    state = args.get("state", "all")
    if state in ("opened", "closed"):
        rows = [i for i in rows if i["state"] == state]
    labels = args.get("labels")
    if labels is not None:
        wanted = [n.strip() for n in labels.split(",") if n.strip()]
        if [w.lower() for w in wanted] == ["none"]:
            rows = [i for i in rows if not i["labels"]]
        elif [w.lower() for w in wanted] == ["any"]:
            rows = [i for i in rows if i["labels"]]
        else:
            rows = [i for i in rows if all(w in i["labels"] for w in wanted)]
    iids = args.getlist("iids[]") + args.getlist("iids")
    if iids:
        wanted_iids = {int(x) for x in iids if str(x).isdigit()}
        rows = [i for i in rows if i["iid"] in wanted_iids]
    search = args.get("search")
    if search:
        scopes = [s.strip() for s in args.get("in", "title,description").split(",")]
        needle = search.lower()
        scopes = [s for s in scopes if s in ("title", "description")]
        rows = [i for i in rows if any(needle in (i.get(s) or "").lower() for s in scopes)]
    for bound, key, op in (("created_after", "created_at", 1), ("created_before", "created_at", -1),
                           ("updated_after", "updated_at", 1), ("updated_before", "updated_at", -1)):
        if args.get(bound):
            rows = [i for i in rows if (i[key] >= args[bound]) == (op == 1)]
    order = args.get("order_by", "created_at")
    order = order if order in ("created_at", "updated_at", "due_date", "title") else "created_at"
    # Issues without a due date sort last, as GitLab does; ties fall back to id.
    rows.sort(key=lambda i: ((i[order] is None), i[order] or "", i["id"]), reverse=args.get("sort", "desc") != "asc")
    if order == "due_date":
        rows.sort(key=lambda i: i["due_date"] is None)
    return rows


def paginate(rows: list[Any]) -> flask.Response:
    """Offset pagination with GitLab's X-* headers and an absolute Link header (python-gitlab follows rel=next)."""
    args = flask.request.args
    per_page = min(max(_int(args.get("per_page"), 20), 1), 100)
    page = max(_int(args.get("page"), 1), 1)
    total = len(rows)
    pages = max((total + per_page - 1) // per_page, 1)
    chunk = rows[(page - 1) * per_page: page * per_page]
    base = flask.request.base_url

    def link(p: int) -> str:
        query = [(k, v) for k, v in args.items(multi=True) if k not in ("page", "per_page")]
        return f"{base}?{urlencode(query + [('page', p), ('per_page', per_page)])}"

    links = []
    if page < pages:
        links.append(f'<{link(page + 1)}>; rel="next"')
    if page > 1:
        links.append(f'<{link(page - 1)}>; rel="prev"')
    links += [f'<{link(1)}>; rel="first"', f'<{link(pages)}>; rel="last"']
    headers = {"X-Page": str(page), "X-Per-Page": str(per_page), "X-Total": str(total), "X-Total-Pages": str(pages),
               "X-Next-Page": str(page + 1) if page < pages else "", "X-Prev-Page": str(page - 1) if page > 1 else "",
               "Link": ", ".join(links)}
    return json_response(chunk, 200, headers)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
