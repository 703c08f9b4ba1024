"""GitLab label rules: scoped-label exclusivity (paid tiers) or its absence (Free), and resource label events."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sandbox.gitlab_state import GitLabState


def scope_of(name: str) -> str | None:
    """`key::value` labels are scoped; the key is everything before the last `::` (greedy, as GitLab matches)."""
    return name.rsplit("::", 1)[0] if "::" in name else None


def merge_labels(current: list[str], replace: list[str] | None, add: list[str], remove: list[str],
                 exclusive: bool) -> list[str]:
    """The labels an issue ends with, as IssuableBaseService#process_label_ids combines them.

    Scoped labels are exclusive on Premium/Ultimate only (gitlab-ee MR 9983 "Add mutually exclusive key-value
    labels"): of the labels added in one write the last of each scope wins and earlier labels of that scope go;
    labels of scopes not touched by the write are kept even when several share a scope (set while on Free).
    On GitLab Free `::` is just part of a name and every label stays.
    """
    incoming = list(replace) if replace is not None else []
    incoming += [n for n in add if n not in incoming]
    base = list(replace) if replace is not None else list(current)
    labels = base + [n for n in add if n not in base]
    labels = [n for n in labels if n not in remove]
    if not exclusive:
        return labels
    winners: dict[str, str] = {}
    for name in incoming:
        if name in labels and scope_of(name) is not None:
            winners[scope_of(name)] = name  # type: ignore[index]
    return [n for n in labels if scope_of(n) not in winners or winners[scope_of(n)] == n]  # type: ignore[index]


def record_events(state: "GitLabState", actor_id: int, issue: dict[str, Any], before: list[str],
                  after: list[str], stamp: str) -> None:
    """Who added or removed which label when: GET .../issues/:iid/resource_label_events reads these."""
    for action, names in (("add", [n for n in after if n not in before]),
                          ("remove", [n for n in before if n not in after])):
        for name in names:
            state.label_events.append({"id": state.next_id("label_event"), "user_id": actor_id,
                                       "created_at": stamp, "issue_id": issue["id"], "issue_iid": issue["iid"],
                                       "label": name, "action": action})


def event_json(state: "GitLabState", event: dict[str, Any]) -> dict[str, Any]:
    """doc/api/resource_label_events.md: id, user, created_at, resource_type, resource_id, label, action."""
    label = state.labels.get(event["label"])
    user = state.user_json(state.user_by_id(event["user_id"]))
    if user is not None:
        user = {k: user[k] for k in ("id", "name", "username", "state", "avatar_url", "web_url")}
    return {"id": event["id"], "user": user, "created_at": event["created_at"], "resource_type": "Issue",
            "resource_id": event["issue_id"],
            "label": None if label is None else {"id": label["id"], "name": label["title"], "color": label["color"],
                                                 "description": label["description"] or ""},
            "action": event["action"]}


def api_json(state: "GitLabState", label: dict[str, Any], with_counts: bool) -> dict[str, Any]:
    """A label as GET /projects/:id/labels shows it (doc/api/labels.md): `name`, not the hooks' `title`."""
    out = {"id": label["id"], "name": label["title"], "color": label["color"], "text_color": "#FFFFFF",
           "description": label["description"], "description_html": label["description"] or "",
           "subscribed": False, "priority": None, "is_project_label": True}
    if with_counts:  # counts only when asked for (`with_counts`)
        has = [i for i in state.issues if label["title"] in i["labels"]]
        out.update(open_issues_count=sum(i["state"] == "opened" for i in has),
                   closed_issues_count=sum(i["state"] == "closed" for i in has), open_merge_requests_count=0)
    return out
