"""GitLab project labels (create, edit, show: https://docs.gitlab.com/api/labels/) and project webhooks (list, show,
add, edit, delete: https://docs.gitlab.com/api/project_webhooks/) for the sandbox, in GitLab's REST v4 shapes.

Hooks added here receive the Issue/Note Hooks their event flags ask for, with their own secret token in
X-Gitlab-Token; GitLab never shows a token back, and changing a hook's URL without a new token drops the old one."""
from __future__ import annotations

import re
import threading
from typing import Any, Callable
from urllib.parse import urlsplit

import flask

from sandbox.common import HttpError, json_response
from sandbox.gitlab_labels import api_json as label_json
from sandbox.gitlab_lists import paginate
from sandbox.gitlab_state import GitLabState, now_iso

# Every trigger flag of a project hook and its default on create (push events are on unless turned off).
FLAGS = {"push_events": True, "issues_events": False, "confidential_issues_events": False,
         "merge_requests_events": False, "tag_push_events": False, "note_events": False,
         "confidential_note_events": False, "job_events": False, "pipeline_events": False,
         "wiki_page_events": False, "deployment_events": False, "releases_events": False,
         "feature_flag_events": False, "resource_access_token_events": False}
# Which flag lets which X-Gitlab-Event through.
EVENT_FLAGS = {"Issue Hook": "issues_events", "Confidential Issue Hook": "confidential_issues_events",
               "Note Hook": "note_events", "Confidential Note Hook": "confidential_note_events"}
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$|^#[0-9A-Fa-f]{3}$")
CSS_COLORS = {"red", "green", "blue", "orange", "purple", "black", "white", "gray", "grey", "yellow", "pink",
              "brown", "teal", "navy", "maroon", "olive", "lime", "aqua", "fuchsia", "silver"}


def _bool(value: Any, name: str) -> bool:
    """Grape's Boolean coercion: true/false, 1/0, "true"/"false" (any case); anything else is a 400."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "t", "yes"):
        return True
    if text in ("false", "0", "f", "no", ""):
        return False
    raise HttpError(400, {"error": f"{name} is invalid"})


class HookRegistry:
    """The project's webhooks; tokens are kept apart and never shown."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.hooks: dict[int, dict[str, Any]] = {}
            self.tokens: dict[int, str] = {}
            self._next = 1

    def all(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(h) for h in self.hooks.values()]

    def get(self, hook_id: int) -> dict[str, Any]:
        with self.lock:
            if hook_id not in self.hooks:
                raise HttpError(404, {"message": "404 Not found"})
            return dict(self.hooks[hook_id])

    def targets(self, event: str) -> list[tuple[str, str]]:
        """(url, token) of every hook whose flags let this X-Gitlab-Event through."""
        flag = EVENT_FLAGS.get(event)
        with self.lock:
            return [(h["url"], self.tokens.get(h["id"], "")) for h in self.hooks.values() if flag and h.get(flag)]

    def urls(self) -> set[str]:
        with self.lock:
            return {h["url"] for h in self.hooks.values()}

    def add(self, project_id: int, params: dict[str, Any]) -> dict[str, Any]:
        url = _url(params)
        with self.lock:
            hook = {"id": self._next, "url": url, "name": str(params.get("name") or ""),
                    "description": str(params.get("description") or ""), "project_id": project_id,
                    **{k: _bool(params.get(k, default), k) for k, default in FLAGS.items()},
                    "push_events_branch_filter": str(params.get("push_events_branch_filter") or ""),
                    "enable_ssl_verification": _bool(params.get("enable_ssl_verification", True),
                                                     "enable_ssl_verification"),
                    "repository_update_events": False, "alert_status": "executable", "disabled_until": None,
                    "url_variables": [], "created_at": now_iso(), "custom_webhook_template": "",
                    "custom_headers": []}
            self.hooks[hook["id"]] = hook
            if params.get("token"):
                self.tokens[hook["id"]] = str(params["token"])
            self._next += 1
            return dict(hook)

    def edit(self, hook_id: int, params: dict[str, Any]) -> dict[str, Any]:
        url = _url(params)
        with self.lock:
            if hook_id not in self.hooks:
                raise HttpError(404, {"message": "404 Not found"})
            hook = self.hooks[hook_id]
            if url != hook["url"] and "token" not in params:
                self.tokens.pop(hook_id, None)  # "When you change the webhook URL, the secret token is reset"
            if "token" in params:
                self.tokens[hook_id] = str(params["token"] or "")
            hook["url"] = url
            for key in ("name", "description", "push_events_branch_filter"):
                if key in params:
                    hook[key] = str(params[key] or "")
            for key in (*FLAGS, "enable_ssl_verification"):
                if key in params:
                    hook[key] = _bool(params[key], key)
            return dict(hook)

    def delete(self, hook_id: int) -> None:
        with self.lock:
            if self.hooks.pop(hook_id, None) is None:
                raise HttpError(404, {"message": "404 Not found"})
            self.tokens.pop(hook_id, None)


def _url(params: dict[str, Any]) -> str:
    url = params.get("url")
    if not url:
        raise HttpError(400, {"error": "url is missing"})
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HttpError(422, {"message": {"url": ["is blocked: Only allowed schemes are http, https"]}})
    return str(url)


def install(app: flask.Flask, api: str, state: GitLabState, hooks: HookRegistry, actor: Callable[[], Any],
            project: Callable[[str], Any], params: Callable[[], dict[str, Any]]) -> None:
    """Add the label-writing and project-hook routes to the GitLab sandbox app."""

    def label_or_404(ref: str) -> dict[str, Any]:
        found = state.labels.get(ref) or next((lb for lb in state.labels.values() if str(lb["id"]) == ref), None)
        if found is None:
            raise HttpError(404, {"message": "404 Label Not Found"})
        return found

    def check_color(color: Any) -> str:
        text = str(color or "").strip()
        if not (COLOR.match(text) or text.lower() in CSS_COLORS):
            raise HttpError(400, {"message": {"color": ["must be a valid color code"]}})
        return text

    @app.post(f"{api}/projects/<path:ref>/labels")
    def create_label(ref: str) -> Any:
        actor()
        project(ref)
        body = params()
        for key in ("name", "color"):
            if not body.get(key):
                raise HttpError(400, {"error": f"{key} is missing"})
        name, color = str(body["name"]).strip(), check_color(body["color"])
        with state.lock:
            if name in state.labels:
                raise HttpError(409, {"message": "Label already exists"})
            state._ensure_labels([name])
            state.labels[name].update(color=color, description=body.get("description") or None)
            return json_response(label_json(state, state.labels[name], True), 201)

    @app.get(f"{api}/projects/<path:ref>/labels/<label_ref>")
    def get_label(ref: str, label_ref: str) -> Any:
        actor()
        project(ref)
        with state.lock:
            return json_response(label_json(state, label_or_404(label_ref), True))

    @app.put(f"{api}/projects/<path:ref>/labels")
    def edit_label_by_param(ref: str) -> Any:
        # The older form, still served (python-gitlab's ProjectLabel.save() uses it): the label in name or label_id.
        body = params()
        if not body.get("name") and not body.get("label_id"):
            raise HttpError(400, {"error": "label_id, name are missing, exactly one parameter must be provided"})
        return edit_label(ref, str(body.get("label_id") or body["name"]))

    @app.put(f"{api}/projects/<path:ref>/labels/<label_ref>")
    def edit_label(ref: str, label_ref: str) -> Any:
        actor()
        project(ref)
        body = params()
        if not body.get("new_name") and not body.get("color"):
            raise HttpError(400, {"error": "new_name, color are missing, at least one parameter must be provided"})
        with state.lock:
            label = label_or_404(label_ref)
            if body.get("color"):
                label["color"] = check_color(body["color"])
            if "description" in body:
                label["description"] = body["description"] or None
            new = str(body.get("new_name") or "").strip()
            if new and new != label["title"]:
                if new in state.labels:
                    raise HttpError(409, {"message": "Label already exists"})
                old = label["title"]
                state.labels[new] = state.labels.pop(old)
                label["title"] = new
                for issue in state.issues:  # issues keep the label under its new name
                    issue["labels"] = [new if n == old else n for n in issue["labels"]]
            label["updated_at"] = now_iso()
            return json_response(label_json(state, label, True))

    @app.get(f"{api}/projects/<path:ref>/hooks")
    def list_hooks(ref: str) -> Any:
        actor()
        project(ref)
        return paginate(hooks.all())

    @app.post(f"{api}/projects/<path:ref>/hooks")
    def add_hook(ref: str) -> Any:
        actor()
        return json_response(hooks.add(project(ref)["id"], params()), 201)

    @app.get(f"{api}/projects/<path:ref>/hooks/<int:hook_id>")
    def get_hook(ref: str, hook_id: int) -> Any:
        actor()
        project(ref)
        return json_response(hooks.get(hook_id))

    @app.put(f"{api}/projects/<path:ref>/hooks/<int:hook_id>")
    def edit_hook(ref: str, hook_id: int) -> Any:
        actor()
        project(ref)
        return json_response(hooks.edit(hook_id, params()))

    @app.delete(f"{api}/projects/<path:ref>/hooks/<int:hook_id>")
    def delete_hook(ref: str, hook_id: int) -> Any:
        actor()
        project(ref)
        hooks.delete(hook_id)
        return flask.Response(status=204)
