"""In-memory GitLab state: users, one project, issues, notes and labels, with the REST v4 JSON shapes."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sandbox import gitlab_hooks, gitlab_labels, gitlab_quick
from sandbox.gitlab_input import InputError, apply_update, parse_assignees, parse_due_date, split_labels

PROJECT_PATH = "support-ops/offering-migrations"
# GitLab's default label colour for labels created on the fly by an issue write.
DEFAULT_LABEL_COLOR = "#6699cc"


def now_iso() -> str:
    """Current UTC time as GitLab prints it in REST responses (ISO-8601, milliseconds, Z)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class GitLabUser:
    id: int
    username: str
    name: str
    email: str
    token: str
    bot: bool = False


@dataclass
class GitLabState:
    """All GitLab data; every method takes the lock, events come back for the caller to deliver."""

    users: list[GitLabUser]
    web_base: str = "http://127.0.0.1/"
    lock: threading.RLock = field(default_factory=threading.RLock)
    # Scoped labels replace each other on Premium/Ultimate; False imitates GitLab Free, where both stay.
    scoped_labels_exclusive: bool = True

    def __post_init__(self) -> None:
        self._exclusive_default = self.scoped_labels_exclusive
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.project = {"id": 1, "path_with_namespace": PROJECT_PATH, "name": "offering-migrations",
                            "namespace": "support-ops", "description": "Support Ops offering migration tracker",
                            "created_at": now_iso()}
            self.issues: list[dict[str, Any]] = []
            self.notes: list[dict[str, Any]] = []
            self.labels: dict[str, dict[str, Any]] = {}
            self.label_events: list[dict[str, Any]] = []
            self.quick_actions: list[dict[str, Any]] = []  # every command found, so a harness sees what ran
            self.scoped_labels_exclusive = self._exclusive_default
            self._ids = {"label_event": 20001}
            self._next_issue_id = 1001
            self._next_note_id = 5001
            self._next_label_id = 101

    # ----- lookups -------------------------------------------------------------------------------
    def user_by_token(self, token: str | None) -> GitLabUser | None:
        return next((u for u in self.users if token and u.token == token), None)

    def user_by_id(self, user_id: int | None) -> GitLabUser | None:
        return next((u for u in self.users if u.id == user_id), None)

    def find_project(self, ref: str) -> dict[str, Any] | None:
        """A project is addressable by numeric id or by its (URL-decoded) full path."""
        if ref == str(self.project["id"]) or ref == self.project["path_with_namespace"]:
            return self.project
        return None

    def find_issue(self, iid: int) -> dict[str, Any] | None:
        return next((i for i in self.issues if i["iid"] == iid), None)

    def next_id(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]

    @property
    def project_url(self) -> str:
        return self.web_base.rstrip("/") + "/" + PROJECT_PATH

    # ----- JSON shapes ---------------------------------------------------------------------------
    def user_json(self, user: GitLabUser | None, private: bool = False) -> dict[str, Any] | None:
        if user is None:
            return None
        out = {"id": user.id, "username": user.username, "name": user.name, "state": "active", "locked": False,
               "avatar_url": None, "web_url": f"{self.web_base.rstrip('/')}/{user.username}"}
        if private:
            out.update({"email": user.email, "bot": user.bot, "is_admin": False,
                        "created_at": self.project["created_at"],
                        "two_factor_enabled": False, "external": False, "can_create_project": not user.bot})
        return out

    def project_json(self) -> dict[str, Any]:
        p = self.project
        return {"id": p["id"], "description": p["description"], "name": p["name"],
                "name_with_namespace": f"Support Ops / {p['name']}", "path": p["name"],
                "path_with_namespace": p["path_with_namespace"], "created_at": p["created_at"],
                "default_branch": "main", "web_url": self.project_url, "issues_enabled": True,
                "visibility": "private", "archived": False, "empty_repo": True,
                "namespace": {"id": 11, "name": "Support Ops", "path": p["namespace"], "kind": "group",
                              "full_path": p["namespace"], "parent_id": None,
                              "web_url": f"{self.web_base.rstrip('/')}/groups/{p['namespace']}"},
                "_links": {"self": f"{self.web_base.rstrip('/')}/api/v4/projects/{p['id']}",
                           "issues": f"{self.web_base.rstrip('/')}/api/v4/projects/{p['id']}/issues"}}

    def issue_url(self, issue: dict[str, Any]) -> str:
        return f"{self.project_url}/-/issues/{issue['iid']}"

    def issue_json(self, issue: dict[str, Any]) -> dict[str, Any]:
        api = f"{self.web_base.rstrip('/')}/api/v4/projects/{self.project['id']}"
        return {
            "id": issue["id"], "iid": issue["iid"], "project_id": self.project["id"], "title": issue["title"],
            "description": issue["description"], "state": issue["state"], "created_at": issue["created_at"],
            "updated_at": issue["updated_at"], "closed_at": issue["closed_at"],
            "closed_by": self.user_json(self.user_by_id(issue["closed_by_id"])), "labels": list(issue["labels"]),
            "milestone": None, "assignees": [self.user_json(self.user_by_id(u)) for u in issue["assignee_ids"]],
            "assignee": self.user_json(self.user_by_id(issue["assignee_ids"][0])) if issue["assignee_ids"] else None,
            "author": self.user_json(self.user_by_id(issue["author_id"])),
            "type": "ISSUE", "issue_type": "issue", "user_notes_count": sum(
                1 for n in self.notes if n["noteable_id"] == issue["id"] and not n["system"]),
            "merge_requests_count": 0, "upvotes": 0, "downvotes": 0, "due_date": issue["due_date"],
            "confidential": issue["confidential"], "discussion_locked": issue["discussion_locked"],
            "web_url": self.issue_url(issue),
            "time_stats": {"time_estimate": 0, "total_time_spent": 0, "human_time_estimate": None,
                           "human_total_time_spent": None},
            "task_completion_status": {"count": 0, "completed_count": 0}, "has_tasks": False,
            "references": {"short": f"#{issue['iid']}", "relative": f"#{issue['iid']}",
                           "full": f"{PROJECT_PATH}#{issue['iid']}"},
            "severity": "UNKNOWN", "subscribed": False, "imported": False, "imported_from": "none",
            "moved_to_id": None, "service_desk_reply_to": None,
            "_links": {"self": f"{api}/issues/{issue['iid']}", "notes": f"{api}/issues/{issue['iid']}/notes",
                       "award_emoji": f"{api}/issues/{issue['iid']}/award_emoji", "project": api,
                       "closed_as_duplicate_of": None},
        }

    def note_json(self, note: dict[str, Any]) -> dict[str, Any]:
        return {"id": note["id"], "type": None, "body": note["body"], "attachment": None,
                "author": self.user_json(self.user_by_id(note["author_id"])), "created_at": note["created_at"],
                "updated_at": note["updated_at"], "system": note["system"], "noteable_id": note["noteable_id"],
                "noteable_type": "Issue", "project_id": self.project["id"], "resolvable": False,
                "confidential": note["internal"], "internal": note["internal"], "noteable_iid": note["noteable_iid"],
                "commands_changes": {}}

    def label_json(self, name: str) -> dict[str, Any]:
        return dict(self.labels[name])

    def dump(self) -> dict[str, Any]:
        with self.lock:
            return {"project": self.project_json(), "users": [self.user_json(u, True) for u in self.users],
                    "issues": [self.issue_json(i) for i in self.issues],
                    "notes": [self.note_json(n) for n in self.notes], "labels": list(self.labels.values()),
                    "quick_actions": [dict(q) for q in self.quick_actions]}

    # ----- writes --------------------------------------------------------------------------------
    def _ensure_labels(self, names: list[str]) -> None:
        # GitLab creates unknown project labels when an issue write names them.
        for name in names:
            if name not in self.labels:
                stamp = now_iso()
                self.labels[name] = {"id": self._next_label_id, "title": name, "color": DEFAULT_LABEL_COLOR,
                                     "project_id": self.project["id"], "created_at": stamp, "updated_at": stamp,
                                     "template": False, "description": None, "type": "ProjectLabel",
                                     "group_id": None}
                self._next_label_id += 1

    def create_issue(self, actor: GitLabUser, params: dict[str, Any]) -> tuple[dict, list[tuple[str, dict]]]:
        title = params.get("title")
        if title is None:
            raise InputError({"error": "title is missing"})
        if not str(title).strip():
            raise InputError({"message": {"title": ["can't be blank"]}})
        due = parse_due_date(params.get("due_date"))
        with self.lock:
            stub = {"iid": len(self.issues) + 1, "state": "opened", "labels": [], "due_date": due,
                    "confidential": False, "assignee_ids": []}
            description, outcome = self._quick_actions(actor, params.get("description"), stub, persisted=False)
            acts = outcome.params
            labels = split_labels(params.get("labels"))
            self._ensure_labels(labels)  # unknown labels named by the API call are created; by /label they are not
            labels = gitlab_labels.merge_labels([], labels, acts.get("add_labels", []), [],
                                                self.scoped_labels_exclusive)
            stamp = now_iso()
            issue = {"id": self._next_issue_id, "iid": len(self.issues) + 1, "title": str(title),
                     "description": description, "state": "opened", "labels": labels,
                     "due_date": acts.get("due_date", due), "author_id": actor.id,
                     "created_at": params.get("created_at") or stamp, "updated_at": stamp, "closed_at": None,
                     "closed_by_id": None, "updated_by_id": None, "discussion_locked": None,
                     "assignee_ids": acts.get("assignee_ids", [u for u in parse_assignees(params) or []
                                                              if self.user_by_id(u)]),
                     "confidential": acts.get("confidential") or str(params.get("confidential", "false")).lower()
                     == "true"}
            self._next_issue_id += 1
            self.issues.append(issue)
            gitlab_labels.record_events(self, actor.id, issue, [], labels, stamp)
            hook = gitlab_hooks.issue_hook(self, issue, actor, "open", gitlab_hooks.creation_changes(self, issue))
            return self.issue_json(issue), [("Issue Hook", hook)]

    def _quick_actions(self, actor: GitLabUser, text: Any, issue: dict[str, Any], persisted: bool,
                       ) -> tuple[Any, gitlab_quick.Outcome]:
        """Quick actions in text written through the API run as its author and leave the stored text (GitLab's
        IssuableBaseService#handle_quick_actions, Notes::QuickActionsService)."""
        clean, commands = gitlab_quick.extract(text if isinstance(text, str) else None)
        if not commands:
            return text, gitlab_quick.Outcome()
        outcome = gitlab_quick.interpret(commands, issue, self.labels, {u.username: u for u in self.users}, actor,
                                         persisted, datetime.now(timezone.utc).date())
        self.quick_actions.append({"issue_iid": issue["iid"], "author": actor.username, "commands": commands,
                                   "changes": outcome.changes, "summary": outcome.messages})
        return clean, outcome

    def update_issue(self, actor: GitLabUser, iid: int, params: dict[str, Any]) -> tuple[dict, list[tuple[str, dict]]]:
        with self.lock:
            issue = self.find_issue(iid)
            if issue is None:
                raise LookupError("404 Issue Not Found")
            before = dict(issue, labels=list(issue["labels"]), assignee_ids=list(issue["assignee_ids"]))
            if isinstance(params.get("description"), str):
                # GitLab compares with the stored text, which holds no commands: every command in it is new.
                clean, outcome = self._quick_actions(actor, params["description"], before, persisted=True)
                params = gitlab_quick.merge_params({**params, "description": clean}, outcome.params)
            after = apply_update(before, params, self.scoped_labels_exclusive)
            after["assignee_ids"] = [u for u in after["assignee_ids"] if self.user_by_id(u)]
            self._ensure_labels(after["labels"])
            event = params.get("state_event")
            changed = [k for k in ("title", "description", "labels", "due_date", "state", "confidential",
                                   "assignee_ids", "discussion_locked") if after[k] != before[k]]
            if not changed:
                return self.issue_json(issue), []
            stamp = now_iso()
            after["updated_at"] = stamp
            after["updated_by_id"] = actor.id
            if after["state"] != before["state"]:
                after["closed_at"] = stamp if after["state"] == "closed" else None
                after["closed_by_id"] = actor.id if after["state"] == "closed" else None
            issue.update(after)
            gitlab_labels.record_events(self, actor.id, issue, before["labels"], after["labels"], stamp)
            self._system_notes(actor, issue, before, after)
            action = "update"
            if "state" in changed:
                action = {"close": "close", "reopen": "reopen"}.get(event or "", "update")
            hook = gitlab_hooks.issue_hook(self, issue, actor, action, gitlab_hooks.update_changes(self, before, issue))
            return self.issue_json(issue), [("Issue Hook", hook)]

    def _system_notes(self, actor: GitLabUser, issue: dict, before: dict, after: dict) -> None:
        # Real GitLab records label/due-date/state changes as system notes (which fire no Note Hook).
        added = [n for n in after["labels"] if n not in before["labels"]]
        removed = [n for n in before["labels"] if n not in after["labels"]]
        parts = []
        for verb, names in (("added", added), ("removed", removed)):
            if names:
                parts.append(f"{verb} " + " ".join(f'~"{n}"' for n in names) + (" labels" if len(names) > 1 else " label"))
        if parts:
            self._add_note(actor, issue, " and ".join(parts), system=True)
        if after["due_date"] != before["due_date"]:
            text = (f"changed due date to {date.fromisoformat(after['due_date']).strftime('%B %-d, %Y')}"
                    if after["due_date"] else "removed due date")
            self._add_note(actor, issue, text, system=True)
        if after["state"] != before["state"]:
            self._add_note(actor, issue, "closed" if after["state"] == "closed" else "reopened", system=True)

    def _add_note(self, actor: GitLabUser, issue: dict, body: str, system: bool = False,
                  internal: bool = False) -> dict[str, Any]:
        stamp = now_iso()
        note = {"id": self._next_note_id, "body": body, "author_id": actor.id, "created_at": stamp,
                "updated_at": stamp, "system": system, "internal": internal, "noteable_id": issue["id"],
                "noteable_iid": issue["iid"]}
        self._next_note_id += 1
        self.notes.append(note)
        return note

    def create_note(self, actor: GitLabUser, iid: int, params: dict[str, Any],
                    ) -> tuple[int, dict, list[tuple[str, dict]]]:
        """(status, body, hooks): 201 and the note, or 202 and the command results for a commands-only note."""
        body = params.get("body")
        if body is None:
            raise InputError({"error": "body is missing"})
        if not str(body).strip():
            raise InputError({"message": "400 Bad request - Note {:note=>[\"can't be blank\"]}"})
        with self.lock:
            issue = self.find_issue(iid)
            if issue is None:
                raise LookupError("404 Issue Not Found")
            internal = str(params.get("internal", params.get("confidential", "false"))).lower() == "true"
            text, outcome = self._quick_actions(actor, str(body), issue, persisted=True)
            events = self.update_issue(actor, iid, outcome.params)[1] if outcome.params else []
            if outcome.commands and not text.strip():
                # lib/api/helpers/notes_helpers.rb: a note of commands only is not saved; 202 + Entities::NoteCommands
                return 202, {"commands_changes": outcome.changes, "summary": outcome.messages}, events
            note = self._add_note(actor, issue, text, internal=internal)
            issue["updated_at"] = note["created_at"]
            hook = ("Note Hook", gitlab_hooks.note_hook(self, issue, note, actor))
            return 201, {**self.note_json(note), "commands_changes": outcome.changes}, events + [hook]

    def issue_notes(self, iid: int) -> list[dict[str, Any]] | None:
        with self.lock:
            issue = self.find_issue(iid)
            if issue is None:
                return None
            return [self.note_json(n) for n in self.notes if n["noteable_id"] == issue["id"]]
