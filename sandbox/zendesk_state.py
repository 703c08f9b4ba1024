"""In-memory Zendesk account: users, organizations, tickets and comments, with the API's write semantics."""
from __future__ import annotations

import copy
import itertools
import threading
from typing import Any

from sandbox import zendesk_events as events
from sandbox.common import Controls, HttpError
from sandbox.zendesk_model import (
    CLOSED_PREVENTS_UPDATE,
    PRIORITIES,
    STATUSES,
    TYPES,
    UPDATE_CONFLICT,
    as_id,
    apply_tag_op,
    audit_json,
    check_enum,
    clean_tags,
    comment_json,
    invalid,
    not_found,
    org_json,
    stamp_after,
    tag_change,
    ticket_json,
    user_json,
)

AGENT_ROLES = ("agent", "admin")


class ZendeskState:
    """Thread-safe account state; the REST layer and in-process tests both write through these methods."""

    def __init__(self, cfg: Any, controls: Controls):
        self.cfg, self.controls = cfg, controls
        self.lock = threading.RLock()
        self.base_url = (cfg.public_url or "http://127.0.0.1").rstrip("/")
        self.webhook_id = "01SANDBOXZENDESKWEBHOOK0001"
        self.reset()

    # ------------------------------------------------------------------ bookkeeping
    def reset(self) -> None:
        with self.lock:
            self.users: dict[int, dict[str, Any]] = {}
            self.organizations: dict[int, dict[str, Any]] = {}
            self.tickets: dict[int, dict[str, Any]] = {}
            self._comments: dict[int, list[dict[str, Any]]] = {}
            self._default_public: dict[int, bool] = {}
            self._ids = {"user": itertools.count(360001), "org": itertools.count(900001),
                         "ticket": itertools.count(1), "comment": itertools.count(7000001),
                         "audit": itertools.count(8000001)}
            self.bot_user = self._add_user(self.cfg.agent_name, self.cfg.agent_email, "admin")
            self.admin_user = self._add_user(self.cfg.admin_name, self.cfg.admin_email, "admin")

    def dump(self) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy({"users": list(self.users.values()),
                                  "organizations": list(self.organizations.values()),
                                  "tickets": [{**t, "comments": self._comments[i]} for i, t in self.tickets.items()]})

    def comments(self, ticket_id: int) -> list[dict[str, Any]]:
        with self.lock:
            if ticket_id not in self._comments:
                raise not_found()
            return copy.deepcopy(self._comments[ticket_id])

    def user_by_email(self, email: str | None) -> dict[str, Any] | None:
        with self.lock:
            return next((u for u in self.users.values() if email and (u["email"] or "").lower() == email.lower()),
                        None)

    def _add_user(self, name: str, email: str | None, role: str, org_id: int | None = None) -> dict[str, Any]:
        user = user_json(next(self._ids["user"]), self.base_url, name, email, role, org_id)
        self.users[user["id"]] = user
        return user

    def _get(self, table: dict[int, dict[str, Any]], key: Any) -> dict[str, Any]:
        try:
            return table[int(key)]
        except (KeyError, TypeError, ValueError):
            raise not_found() from None

    # ------------------------------------------------------------------ users and organizations
    def create_user(self, data: dict[str, Any]) -> dict[str, Any]:
        name, email = data.get("name"), data.get("email")
        if not name:
            raise invalid("name", "Name: is too short (minimum one character)", "BlankValue")
        with self.lock:
            if email and self.user_by_email(email):
                raise invalid("email", f"Email: {email} is already being used by another user", "DuplicateValue")
            org_id = as_id(data.get("organization_id"), "organization_id")
            if org_id is not None:
                self._get(self.organizations, org_id)
            role = data.get("role") or "end-user"
            if role not in ("end-user", *AGENT_ROLES):
                raise invalid("role", f"Role: {role} is not valid")
            user = self._add_user(name, email, role, org_id if org_id is not None else self._org_for_email(email))
            if data.get("tags"):
                user["tags"] = clean_tags(data["tags"])
            return copy.deepcopy(user)

    def _org_for_email(self, email: str | None) -> int | None:
        domain = (email or "").rpartition("@")[2].lower()
        return next((o["id"] for o in self.organizations.values() if domain and domain in o["domain_names"]), None)

    def create_org(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data.get("name"):
            raise invalid("name", "Name: cannot be blank", "BlankValue")
        with self.lock:
            if any(o["name"].lower() == str(data["name"]).lower() for o in self.organizations.values()):
                raise invalid("name", "Name: has already been taken", "DuplicateValue")
            org = org_json(next(self._ids["org"]), self.base_url, data)
            self.organizations[org["id"]] = org
            return copy.deepcopy(org)

    def update_org(self, org_id: Any, data: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            org = self._get(self.organizations, org_id)
            for key in ("name", "notes", "details", "external_id", "group_id", "shared_tickets", "shared_comments"):
                if key in data:
                    org[key] = data[key]
            if "domain_names" in data:
                org["domain_names"] = list(data["domain_names"] or [])
            before = list(org["tags"])
            if "tags" in data:
                org["tags"] = clean_tags(data["tags"])
            if "organization_fields" in data:
                org["organization_fields"] = dict(data["organization_fields"] or {})
            org["updated_at"] = stamp_after(org["updated_at"])
            self._fire_org_tags(org, before)
            return copy.deepcopy(org)

    def org_tags(self, org_id: Any, op: str, tags: Any = None) -> list[str]:
        """op: get | set | add | remove (the Tags API's GET/POST/PUT/DELETE)."""
        with self.lock:
            org = self._get(self.organizations, org_id)
            if op != "get":
                before = list(org["tags"])
                org["tags"] = apply_tag_op(org["tags"], op, clean_tags(tags))
                org["updated_at"] = stamp_after(org["updated_at"])
                self._fire_org_tags(org, before)
            return list(org["tags"])

    def _fire_org_tags(self, org: dict[str, Any], before: list[str]) -> None:
        """organization.tags_changed when a write changed the org's tags (called under the state lock)."""
        added = [t for t in org["tags"] if t not in before]
        removed = [t for t in before if t not in org["tags"]]
        if added or removed:
            envelope = events.org_tags_event(self.cfg.account_id, org, added, removed)
            sign = events.signer(self.cfg.webhook_secret, self.webhook_id)
            self.controls.webhooks.send(envelope["type"], envelope, sign=sign, key=envelope["subject"])

    # ------------------------------------------------------------------ tickets
    def create_ticket(self, data: dict[str, Any], actor_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
        comment = data.get("comment") or {}
        body = comment.get("body") or comment.get("html_body") or data.get("description")
        if not body:
            raise invalid("description", "Description: cannot be blank", "BlankValue")
        with self.lock:
            org_id = as_id(data.get("organization_id"), "organization_id")
            if org_id is not None:
                self._get(self.organizations, org_id)
            requester = self._resolve_requester(data, actor_id, org_id)
            if org_id is None:
                org_id = requester["organization_id"]
            public = bool(comment.get("public", True))
            ticket = ticket_json(next(self._ids["ticket"]), self.base_url, data.get("subject") or body[:80],
                                 body, requester["id"], actor_id, org_id, public)
            # Zendesk copies the requester's and the organization's tags onto new tickets.
            org_tags = self.organizations[org_id]["tags"] if org_id in self.organizations else []
            ticket["tags"] = clean_tags([*clean_tags(data.get("tags")), *requester["tags"], *org_tags])
            ticket["status"] = check_enum("status", data.get("status") or "new", STATUSES)
            ticket["priority"] = check_enum("priority", data.get("priority"), PRIORITIES, nullable=True)
            ticket["type"] = check_enum("type", data.get("type"), TYPES, nullable=True)
            ticket["custom_fields"] = list(data.get("custom_fields") or [])
            ticket["external_id"] = data.get("external_id")
            ticket["assignee_id"] = as_id(data.get("assignee_id"), "assignee_id")
            if ticket["assignee_id"] and ticket["status"] == "new":
                ticket["status"] = "open"
            self.tickets[ticket["id"]] = ticket
            self._comments[ticket["id"]], self._default_public[ticket["id"]] = [], public
            audit_id = next(self._ids["audit"])
            author_id = as_id(comment.get("author_id"), "author_id") or requester["id"]
            first = self._append_comment(ticket, audit_id, author_id, body, public, ticket["created_at"])
            audit_events = [{"id": first["id"], "type": "Comment", "body": body, "public": public,
                             "author_id": author_id}]
            audit_events += [{"id": next(self._ids["audit"]), "type": "Create", "field_name": k, "value": ticket[k]}
                             for k in ("subject", "status", "requester_id", "organization_id", "tags")]
            self._fire(ticket, actor_id, [("ticket.created", {})])
            return copy.deepcopy(ticket), audit_json(audit_id, ticket["id"], actor_id, ticket["created_at"],
                                                     audit_events)

    def _resolve_requester(self, data: dict[str, Any], actor_id: int, org_id: int | None) -> dict[str, Any]:
        if data.get("requester_id") is not None:
            return self._get(self.users, data["requester_id"])
        req = data.get("requester")
        if isinstance(req, dict) and (req.get("email") or req.get("name")):
            found = self.user_by_email(req.get("email"))
            if found:
                return found
            org = org_id if org_id is not None else self._org_for_email(req.get("email"))
            user = self._add_user(req.get("name") or req["email"], req.get("email"), "end-user", org)
            return user
        return self._get(self.users, actor_id)

    def _append_comment(self, ticket: dict[str, Any], audit_id: int, author_id: int, body: str, public: bool,
                        created_at: str) -> dict[str, Any]:
        self._get(self.users, author_id)
        comment = comment_json(next(self._ids["comment"]), audit_id, author_id, body, public, created_at)
        self._comments[ticket["id"]].append(comment)
        return comment

    def update_ticket(self, ticket_id: Any, data: dict[str, Any], actor_id: int,
                      ) -> tuple[dict[str, Any], dict[str, Any]]:
        with self.lock:
            ticket = self._get(self.tickets, ticket_id)
            self._check_writable(ticket, data.get("safe_update"), data.get("updated_stamp"))
            before = copy.deepcopy(ticket)
            stamp = stamp_after(ticket["updated_at"])
            audit_id, changes, audit_events = next(self._ids["audit"]), [], []
            comment = data.get("comment")
            if isinstance(comment, dict) and (comment.get("body") or comment.get("html_body")):
                public = bool(comment.get("public", self._default_public[ticket["id"]]))
                author_id = as_id(comment.get("author_id"), "author_id") or actor_id
                body = comment.get("body") or comment["html_body"]
                added = self._append_comment(ticket, audit_id, author_id, body, public, stamp)
                audit_events.append({"id": added["id"], "type": "Comment", "body": body, "public": public,
                                     "author_id": author_id})
                changes.append(("ticket.comment_added", events.comment_event(added, self.users.get(author_id))))
                ticket["is_public"] = ticket["is_public"] or public
                if "status" not in data:
                    ticket["status"] = _implied_status(ticket, author_id, self.users.get(author_id))
            if "status" in data:
                ticket["status"] = check_enum("status", data["status"], STATUSES)
            for key, allowed in (("priority", PRIORITIES), ("type", TYPES)):
                if key in data:
                    ticket[key] = check_enum(key, data[key], allowed, nullable=True)
            for key in ("subject", "external_id", "custom_fields", "due_at"):
                if key in data:
                    ticket[key] = data[key]
            for key in ("assignee_id", "group_id", "organization_id", "requester_id"):
                if key in data:
                    ticket[key] = as_id(data[key], key)
            if "tags" in data:
                ticket["tags"] = clean_tags(data["tags"])
            if "additional_tags" in data:
                ticket["tags"] = apply_tag_op(ticket["tags"], "add", clean_tags(data["additional_tags"]))
            if "remove_tags" in data:
                ticket["tags"] = apply_tag_op(ticket["tags"], "remove", clean_tags(data["remove_tags"]))
            if before["status"] != ticket["status"]:
                changes.append(("ticket.status_changed", {"current": ticket["status"].upper(),
                                                          "previous": before["status"].upper()}))
            changes += tag_change(before["tags"], ticket["tags"])
            for key in ("subject", "status", "priority", "type", "tags", "assignee_id", "organization_id"):
                if before[key] != ticket[key]:
                    audit_events.append({"id": next(self._ids["audit"]), "type": "Change", "field_name": key,
                                         "value": ticket[key], "previous_value": before[key]})
            ticket["updated_at"] = stamp
            self._fire(ticket, actor_id, changes)
            return copy.deepcopy(ticket), audit_json(audit_id, ticket["id"], actor_id, stamp, audit_events)

    def ticket_tags(self, ticket_id: Any, op: str, tags: Any, actor_id: int, safe_update: Any = None,
                    updated_stamp: Any = None) -> list[str]:
        with self.lock:
            ticket = self._get(self.tickets, ticket_id)
            if op == "get":
                return list(ticket["tags"])
            self._check_writable(ticket, safe_update, updated_stamp)
            before = list(ticket["tags"])
            ticket["tags"] = apply_tag_op(before, op, clean_tags(tags))
            ticket["updated_at"] = stamp_after(ticket["updated_at"])
            self._fire(ticket, actor_id, tag_change(before, ticket["tags"]))
            return list(ticket["tags"])

    def _check_writable(self, ticket: dict[str, Any], safe_update: Any, updated_stamp: Any) -> None:
        # "Once a ticket is closed ... it can't be reopened" (developer.zendesk.com creating-and-updating-tickets).
        if ticket["status"] == "closed":
            raise HttpError(422, copy.deepcopy(CLOSED_PREVENTS_UPDATE))
        # Tags API "Safe Update": a stale updated_stamp "returns a 409 Conflict error" (zendesk-oas PutTagsTicket).
        if safe_update in (True, "true", "1", 1) and updated_stamp and updated_stamp != ticket["updated_at"]:
            raise HttpError(409, dict(UPDATE_CONFLICT))

    def _fire(self, ticket: dict[str, Any], actor_id: int, changes: list[tuple[str, dict[str, Any]]]) -> None:
        # Queued under the state lock so webhooks leave in the order the writes happened.
        sign = events.signer(self.cfg.webhook_secret, self.webhook_id)
        for envelope in events.build_events(self.cfg.account_id, ticket, actor_id, changes):
            self.controls.webhooks.send(envelope["type"], envelope, sign=sign, key=envelope["subject"])

    def tickets_where(self, **equals: Any) -> list[dict[str, Any]]:
        with self.lock:
            return [copy.deepcopy(t) for t in self.tickets.values()
                    if all(t.get(k) == v for k, v in equals.items())]

    def touch_base_url(self, url: str) -> None:
        self.base_url = url.rstrip("/")


def _implied_status(ticket: dict[str, Any], author_id: int, author: dict[str, Any] | None) -> str:
    """A requester reply reopens a pending/solved ticket; an agent's first touch opens a new one."""
    if author_id == ticket["requester_id"] and ticket["status"] in ("pending", "solved"):
        return "open"
    if author and author["role"] in AGENT_ROLES and ticket["status"] == "new":
        return "open"
    return ticket["status"]
