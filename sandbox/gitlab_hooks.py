"""GitLab webhook payloads (Issue Hook, Note Hook) shaped like GitLab's documented examples."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sandbox.gitlab_state import GitLabState, GitLabUser

STATE_IDS = {"opened": 1, "closed": 2}


def hook_user(user: "GitLabUser") -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "username": user.username, "avatar_url": None, "email": "[REDACTED]"}


def hook_project(state: "GitLabState") -> dict[str, Any]:
    url = state.project_url
    p = state.project
    return {"id": p["id"], "name": p["name"], "description": p["description"], "web_url": url, "avatar_url": None,
            "git_ssh_url": f"git@sandbox:{p['path_with_namespace']}.git", "git_http_url": f"{url}.git",
            "namespace": "Support Ops", "visibility_level": 0, "path_with_namespace": p["path_with_namespace"],
            "default_branch": "main", "ci_config_path": None, "homepage": url, "url": f"{url}.git",
            "ssh_url": f"git@sandbox:{p['path_with_namespace']}.git", "http_url": f"{url}.git"}


def _repository(state: "GitLabState") -> dict[str, Any]:
    return {"name": state.project["name"], "url": f"{state.project_url}.git",
            "description": state.project["description"], "homepage": state.project_url}


def _labels(state: "GitLabState", names: list[str]) -> list[dict[str, Any]]:
    return [state.label_json(n) for n in names if n in state.labels]


def issue_attributes(state: "GitLabState", issue: dict[str, Any]) -> dict[str, Any]:
    """The `object_attributes` of an Issue Hook (also the `issue` of a Note Hook)."""
    return {"id": issue["id"], "iid": issue["iid"], "title": issue["title"], "description": issue["description"],
            "assignee_ids": list(issue["assignee_ids"]),
            "assignee_id": issue["assignee_ids"][0] if issue["assignee_ids"] else None, "author_id": issue["author_id"],
            "project_id": state.project["id"], "created_at": issue["created_at"], "updated_at": issue["updated_at"],
            "updated_by_id": issue["updated_by_id"], "last_edited_at": None, "last_edited_by_id": None,
            "relative_position": 0, "milestone_id": None, "state_id": STATE_IDS[issue["state"]],
            "confidential": issue["confidential"], "discussion_locked": issue["discussion_locked"],
            "due_date": issue["due_date"],
            "moved_to_id": None, "duplicated_to_id": None, "time_estimate": 0, "total_time_spent": 0,
            "time_change": 0, "human_total_time_spent": None, "human_time_estimate": None,
            "human_time_change": None, "weight": None, "health_status": None, "type": "Issue",
            "url": state.issue_url(issue), "state": issue["state"], "closed_at": issue["closed_at"],
            "severity": "unknown", "labels": _labels(state, issue["labels"])}


def issue_hook(state: "GitLabState", issue: dict[str, Any], actor: "GitLabUser", action: str,
               changes: dict[str, Any]) -> dict[str, Any]:
    attrs = issue_attributes(state, issue)
    attrs["action"] = action
    return {"object_kind": "issue", "event_type": "confidential_issue" if issue["confidential"] else "issue",
            "user": hook_user(actor), "project": hook_project(state), "object_attributes": attrs,
            "labels": _labels(state, issue["labels"]), "changes": changes, "repository": _repository(state),
            "assignees": _assignees(state, issue["assignee_ids"])}


def _assignees(state: "GitLabState", ids: list[int]) -> list[dict[str, Any]]:
    return [hook_user(u) for u in (state.user_by_id(i) for i in ids) if u is not None]


def creation_changes(state: "GitLabState", issue: dict[str, Any]) -> dict[str, Any]:
    # On open GitLab reports every set attribute as changed from null.
    changes = {k: {"previous": None, "current": issue[k]}
               for k in ("author_id", "created_at", "description", "id", "iid", "title", "updated_at", "due_date")
               if issue[k] is not None}
    changes["project_id"] = {"previous": None, "current": state.project["id"]}
    if issue["labels"]:
        changes["labels"] = {"previous": [], "current": _labels(state, issue["labels"])}
    return changes


def update_changes(state: "GitLabState", before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key in ("title", "description", "due_date", "confidential", "discussion_locked", "closed_at", "updated_by_id",
                "updated_at"):
        if before.get(key) != after.get(key):
            changes[key] = {"previous": before.get(key), "current": after.get(key)}
    if before["state"] != after["state"]:
        changes["state_id"] = {"previous": STATE_IDS[before["state"]], "current": STATE_IDS[after["state"]]}
    if before["assignee_ids"] != after["assignee_ids"]:
        changes["assignees"] = {"previous": _assignees(state, before["assignee_ids"]),
                                "current": _assignees(state, after["assignee_ids"])}
    if before["labels"] != after["labels"]:
        changes["labels"] = {"previous": _labels(state, before["labels"]), "current": _labels(state, after["labels"])}
    return changes


def note_hook(state: "GitLabState", issue: dict[str, Any], note: dict[str, Any], actor: "GitLabUser") -> dict[str, Any]:
    url = f"{state.issue_url(issue)}#note_{note['id']}"
    attrs = {"id": note["id"], "note": note["body"], "noteable_type": "Issue", "author_id": note["author_id"],
             "created_at": note["created_at"], "updated_at": note["updated_at"], "project_id": state.project["id"],
             "attachment": None, "line_code": None, "commit_id": "", "noteable_id": issue["id"],
             "system": note["system"], "st_diff": None, "updated_by_id": None, "type": None,
             "position": None, "original_position": None, "resolved_at": None, "resolved_by_id": None,
             "discussion_id": f"{note['id']:040x}", "change_position": None, "resolved_by_push": None,
             "confidential": note["internal"], "internal": note["internal"], "description": note["body"],
             "action": "create", "url": url}
    # Notes::PostProcessService: note.confidential?(include_noteable: true), so any note on a confidential issue
    # goes to confidential_note_hooks ("Confidential Note Hook") and DataBuilder::Note says "confidential_note".
    confidential = note["internal"] or issue["confidential"]
    return {"object_kind": "note", "event_type": "confidential_note" if confidential else "note",
            "user": hook_user(actor), "project_id": state.project["id"], "project": hook_project(state),
            "object_attributes": attrs, "repository": _repository(state), "issue": issue_attributes(state, issue)}
