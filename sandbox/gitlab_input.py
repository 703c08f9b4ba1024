"""Parameter handling of the fake GitLab's issue writes: labels, due dates, PUT semantics and 400 answers."""
from __future__ import annotations

from datetime import date
from typing import Any

from sandbox.gitlab_labels import merge_labels


class InputError(ValueError):
    """A write was refused; `body` is the JSON GitLab answers with status 400."""

    def __init__(self, body: dict[str, Any]):
        super().__init__(str(body))
        self.body = body


def split_labels(value: Any) -> list[str]:
    """GitLab takes labels as a comma-separated string or an array; order kept, duplicates dropped."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    out: list[str] = []
    for item in items:
        name = str(item).strip()
        if name and name not in out:
            out.append(name)
    return out


def parse_due_date(value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InputError({"error": "due_date is invalid"}) from None


def parse_assignees(params: dict[str, Any]) -> list[int] | None:
    """assignee_ids (array or comma list) or assignee_id; one assignee, as on GitLab Free; None when not given."""
    if "assignee_ids" not in params and "assignee_id" not in params:
        return None
    raw = params.get("assignee_ids", params.get("assignee_id"))
    raw = raw if isinstance(raw, list) else [x for x in str(raw or "").split(",") if x.strip()]
    return [int(x) for x in raw if str(x).strip().isdigit() and int(x) > 0][:1]


def exclusive_scopes(labels: list[str]) -> list[str]:
    """Scoped labels (`key::value`) set in one write: one per scope, the one named last wins (paid tiers)."""
    return merge_labels([], labels, [], [], exclusive=True)


def apply_update(issue: dict[str, Any], params: dict[str, Any], exclusive: bool = True) -> dict[str, Any]:
    """Return the issue with PUT parameters applied (validation as GitLab's Grape params)."""
    fields = ("title", "description", "labels", "add_labels", "remove_labels", "due_date", "state_event",
              "confidential", "assignee_ids", "assignee_id", "milestone_id", "discussion_locked", "weight")
    if not any(k in params for k in fields):
        raise InputError({"error": ", ".join(fields) + " are missing, at least one parameter must be provided"})
    out = dict(issue)
    if "title" in params:
        if not str(params["title"] or "").strip():
            raise InputError({"message": {"title": ["can't be blank"]}})
        out["title"] = str(params["title"])
    if "description" in params:
        out["description"] = params["description"]
    replace = split_labels(params["labels"]) if "labels" in params else None
    out["labels"] = merge_labels(issue["labels"], replace, split_labels(params.get("add_labels")),
                                 split_labels(params.get("remove_labels")), exclusive)
    if "due_date" in params:
        out["due_date"] = parse_due_date(params["due_date"])
    if "confidential" in params:
        out["confidential"] = str(params["confidential"]).lower() == "true"
    if "discussion_locked" in params:
        out["discussion_locked"] = str(params["discussion_locked"]).lower() == "true"
    assignees = parse_assignees(params)
    if assignees is not None:
        out["assignee_ids"] = assignees
    event = params.get("state_event")
    if event is not None:
        if event not in ("close", "reopen"):
            raise InputError({"error": "state_event does not have a valid value"})
        out["state"] = "closed" if event == "close" else "opened"
    return out
