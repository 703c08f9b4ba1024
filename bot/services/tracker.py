"""The Support Ops tracker interface: what the case driver needs from GitLab issues (and later Jira)."""
from __future__ import annotations

from typing import Protocol


class Tracker(Protocol):
    """One request per case; approval, rejection and date changes come back through the tracker's webhook
    handler (handlers/gitlab.py today; a Jira handler would map its events to the same triggers)."""

    def create_issue(self, title: str, description: str, labels: list[str], due_date: str | None) -> dict:
        """Open the request; returns at least `iid` and `web_url`."""

    def find_issues(self, *, labels: list[str] | None = None, search: str | None = None,
                    state: str = "all") -> list[dict]:
        """Requests whose description contains `search` (used to find one created before a crash)."""

    def get_issue(self, iid: int) -> dict:
        """One request as the tracker has it now: `description`, `labels`, `due_date`, `state`."""

    def label_events(self, iid: int) -> list[dict]:
        """Who added or removed which label, oldest first: `action`, `label.name`, `user.username`."""

    def edit_issue(self, iid: int, **fields) -> dict:
        """Change a request's description (or other fields)."""

    def list_notes(self, iid: int) -> list[dict]:
        """Comments on a request, each with `body` and `created_at`."""

    def create_note(self, iid: int, body: str) -> dict:
        """Comment on a request."""

    def close_issue(self, iid: int) -> dict:
        """Close the request."""
