"""GitLab REST v4 client for the Support Ops tracker project: issues and their notes, labels and project hooks."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from bot.services.base import BaseClient, OnCall, OnWrite, RetryPolicy, decode
from bot.services.ratelimit import RateLimiter

# Endpoint paths (https://docs.gitlab.com/api/issues/, https://docs.gitlab.com/api/notes/).
CURRENT_USER = "/api/v4/user"
ISSUES = "/api/v4/projects/{project}/issues"
ISSUE = "/api/v4/projects/{project}/issues/{iid}"
ISSUE_NOTES = "/api/v4/projects/{project}/issues/{iid}/notes"
ISSUE_LABEL_EVENTS = "/api/v4/projects/{project}/issues/{iid}/resource_label_events"
LABELS = "/api/v4/projects/{project}/labels"             # https://docs.gitlab.com/api/labels/
HOOKS = "/api/v4/projects/{project}/hooks"               # https://docs.gitlab.com/api/project_webhooks/
HOOK = "/api/v4/projects/{project}/hooks/{hook_id}"

PER_PAGE = 100
MAX_PAGES = 1000
LIST_FIELDS = ("labels", "add_labels", "remove_labels")  # comma-separated strings on the wire


class GitLabClient(BaseClient):
    """Client bound to one project (numeric id or `group/project` path), authenticated with PRIVATE-TOKEN."""

    service = "gitlab"

    def __init__(self, base_url: str, token: str, project: str | int, *, timeout: float = 10.0,
                 retry: RetryPolicy | None = None, dry_run: bool = False, limiter: RateLimiter | None = None,
                 on_write: OnWrite | None = None, on_call: OnCall | None = None, session=None, **kwargs: Any):
        super().__init__(base_url, timeout=timeout, retry=retry, dry_run=dry_run, limiter=limiter,
                         on_write=on_write, on_call=on_call, session=session, secrets=(token,),
                         headers={"PRIVATE-TOKEN": token}, **kwargs)
        self.project = str(project)
        # A path must travel as one URL-encoded segment: support-ops%2Foffering-migrations.
        self.project_ref = quote(self.project, safe="")

    def current_user(self) -> dict:
        """https://docs.gitlab.com/api/users/#retrieve-the-current-user"""
        return self._request("GET", CURRENT_USER)

    def create_issue(self, title: str, description: str, labels: list[str], due_date: str | None) -> dict:
        """https://docs.gitlab.com/api/issues/#new-issue

        Never retried after a read timeout: the issue may exist already (look it up with find_issues).
        """
        payload: dict[str, Any] = {"title": title, "description": description, "labels": ",".join(labels)}
        if due_date:
            payload["due_date"] = due_date
        dry = {"dry_run": True, "id": 0, "iid": 0, "project_id": self.project, "title": title,
               "description": description, "labels": list(labels), "due_date": due_date, "state": "opened",
               "web_url": f"{self.base_url}/{self.project}/-/issues/0"}
        return self._write("POST", ISSUES, payload, dry, idempotent=False, project=self.project_ref)

    def find_issues(self, *, labels: list[str] | None = None, search: str | None = None,
                    state: str = "all") -> list[dict]:
        """https://docs.gitlab.com/api/issues/#list-project-issues (all pages; search looks in descriptions)"""
        params: dict[str, Any] = {"per_page": PER_PAGE, "order_by": "created_at", "sort": "asc"}
        if labels:
            params["labels"] = ",".join(labels)
        if search:
            params.update(search=search, **{"in": "description"})
        if state and state != "all":  # GitLab lists every state when the filter is absent
            params["state"] = state
        return self._all_pages(ISSUES, params, project=self.project_ref)

    def get_issue(self, iid: int | str) -> dict:
        """https://docs.gitlab.com/api/issues/#single-project-issue"""
        return self._request("GET", ISSUE, project=self.project_ref, iid=iid)

    def label_events(self, iid: int | str) -> list[dict]:
        """https://docs.gitlab.com/api/resource_label_events/#list-project-issue-label-events (all pages)

        Who added or removed which label and when; hooks do not say who added a label, these events do.
        """
        return self._all_pages(ISSUE_LABEL_EVENTS, {"per_page": PER_PAGE}, project=self.project_ref, iid=iid)

    def edit_issue(self, iid: int | str, **fields: Any) -> dict:
        """https://docs.gitlab.com/api/issues/#edit-an-issue

        Fields: title, description, labels (replace), add_labels, remove_labels, due_date (None clears it),
        state_event (close/reopen). Label lists may be given as lists.
        """
        payload = {k: _wire(k, v) for k, v in fields.items()}
        dry = {"dry_run": True, "iid": _int(iid), "project_id": self.project, **fields}
        return self._write("PUT", ISSUE, payload, dry, project=self.project_ref, iid=iid)

    def close_issue(self, iid: int | str) -> dict:
        """https://docs.gitlab.com/api/issues/#edit-an-issue (state_event=close)"""
        return self.edit_issue(iid, state_event="close")

    def list_notes(self, iid: int | str) -> list[dict]:
        """https://docs.gitlab.com/api/notes/#list-project-issue-notes (all pages, oldest first)"""
        params = {"per_page": PER_PAGE, "order_by": "created_at", "sort": "asc"}
        return self._all_pages(ISSUE_NOTES, params, project=self.project_ref, iid=iid)

    def create_note(self, iid: int | str, body: str) -> dict:
        """https://docs.gitlab.com/api/notes/#create-new-issue-note

        Never retried after a read timeout: the note may exist already (look with list_notes).
        """
        dry = {"dry_run": True, "id": 0, "body": body, "noteable_iid": _int(iid), "noteable_type": "Issue"}
        return self._write("POST", ISSUE_NOTES, {"body": body}, dry, idempotent=False,
                           project=self.project_ref, iid=iid)

    # -- labels and project hooks (the `setup gitlab` command) -------------------------------------------------------
    def list_labels(self) -> list[dict]:
        """https://docs.gitlab.com/api/labels/#list-labels (all pages; group labels included, as GitLab's default)"""
        return self._all_pages(LABELS, {"per_page": PER_PAGE}, project=self.project_ref)

    def create_label(self, name: str, color: str, description: str | None = None) -> dict:
        """https://docs.gitlab.com/api/labels/#create-a-new-label (201; 409 "Label already exists")"""
        payload = {"name": name, "color": color, **({"description": description} if description else {})}
        dry = {"dry_run": True, "id": 0, **payload}
        return self._write("POST", LABELS, payload, dry, idempotent=False, project=self.project_ref)

    def list_hooks(self) -> list[dict]:
        """https://docs.gitlab.com/api/project_webhooks/#list-webhooks-for-a-project (all pages)

        GitLab never returns a hook's secret token, so nobody can tell from a listing which token a hook sends."""
        return self._all_pages(HOOKS, {"per_page": PER_PAGE}, project=self.project_ref)

    def create_hook(self, url: str, token: str | None = None, **fields: Any) -> dict:
        """https://docs.gitlab.com/api/project_webhooks/#add-a-webhook-to-a-project (201)

        Fields: issues_events, confidential_issues_events, note_events, confidential_note_events, push_events,
        enable_ssl_verification, name, ... Never retried after a read timeout: list the hooks first."""
        payload = self._hook_payload(url, token, fields)
        dry = {"dry_run": True, "id": 0, "url": url, **fields}
        return self._write("POST", HOOKS, payload, dry, idempotent=False, project=self.project_ref)

    def edit_hook(self, hook_id: int | str, url: str, token: str | None = None, **fields: Any) -> dict:
        """https://docs.gitlab.com/api/project_webhooks/#edit-a-project-webhook (200)

        `url` is required by GitLab; changing it resets the token, so send the token along whenever it changes."""
        payload = self._hook_payload(url, token, fields)
        dry = {"dry_run": True, "id": _int(hook_id), "url": url, **fields}
        return self._write("PUT", HOOK, payload, dry, project=self.project_ref, hook_id=hook_id)

    def _hook_payload(self, url: str, token: str | None, fields: dict) -> dict:
        payload: dict[str, Any] = {"url": url, **fields}
        if token:
            payload["token"] = token
            if token not in self._secrets:  # kept out of dry-run logs and error messages like the API token
                self._secrets.append(token)
        return payload

    def issue_url(self, iid: int | str) -> str:
        """Web link to an issue of the project (the API's web_url is preferred when at hand)."""
        return f"{self.base_url}/{self.project}/-/issues/{iid}"

    def _all_pages(self, template: str, params: dict, **path_args: Any) -> list[dict]:
        """Offset pagination: follow X-Next-Page until it is empty."""
        items: list[dict] = []
        params = {**params, "page": 1}
        for _ in range(MAX_PAGES):
            path = template.format(**path_args)
            resp = self._send("GET", self.base_url + path, path, template, params=params)
            page = decode(resp) or []
            items.extend(page)
            following = resp.headers.get("X-Next-Page", "").strip()
            if "X-Next-Page" not in resp.headers:  # header dropped (e.g. by a proxy): a short page is the last
                following = str(params["page"] + 1) if len(page) >= params["per_page"] else ""
            if not following or int(following) <= params["page"]:
                break
            params = {**params, "page": int(following)}
        return items


def _wire(key: str, value: Any) -> Any:
    if key in LIST_FIELDS and isinstance(value, (list, tuple, set)):
        return ",".join(value)
    if key == "due_date" and value is None:
        return ""  # GitLab clears the due date on an empty string
    return value


def _int(value: int | str) -> int | str:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value
