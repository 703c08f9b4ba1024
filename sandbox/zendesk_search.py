"""A subset of the Zendesk search query language over the sandbox state (tickets, organizations, users)."""
from __future__ import annotations

import re
import shlex
from typing import Any, Callable

from sandbox.zendesk_model import STATUSES

_TERM = re.compile(r"^(-?)([a-z_]+)(:|<=|>=|<|>)(.*)$")
_ALIASES = {"tag": "tags", "organization_id": "organization", "org": "organization", "ticket_type": "type"}


def parse(query: str) -> tuple[str | None, list[tuple[bool, str, str, str]], list[str]]:
    """-> (type, [(negated, field, op, value)], free-text words)."""
    try:
        tokens = shlex.split(query)
    except ValueError:
        tokens = query.split()
    kind, terms, words = None, [], []
    for token in tokens:
        match = _TERM.match(token)
        if not match:
            words.append(token.lower())
            continue
        neg, field, op, value = match.groups()
        field = _ALIASES.get(field, field)
        if field == "type" and op == ":" and value.lower() in ("ticket", "organization", "user"):
            kind = value.lower()
        else:
            terms.append((neg == "-", field, op, value.strip('"')))
    return kind, terms, words


def _compare(actual: Any, op: str, value: str, ordered: tuple[str, ...] | None = None) -> bool:
    if actual is None:
        return op == ":" and value.lower() in ("none", "")
    if ordered and str(actual) in ordered and value.lower() in ordered:
        a, b = ordered.index(str(actual)), ordered.index(value.lower())
    else:
        a, b = str(actual).lower(), value.lower()
    return {":": a == b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def ticket_matcher(terms: list[tuple[bool, str, str, str]], words: list[str], text_of: Callable[[dict], str],
                   org_name: Callable[[int | None], str | None], user_email: Callable[[int | None], str | None],
                   ) -> Callable[[dict[str, Any]], bool]:
    def field_ok(t: dict[str, Any], field: str, op: str, value: str) -> bool:
        if field == "tags":
            return value.lower() in [x.lower() for x in t["tags"]]
        if field == "status":
            return _compare(t["status"], op, value, STATUSES)
        if field == "organization":
            name = org_name(t["organization_id"]) or ""
            return str(t["organization_id"]) == value or name.lower() == value.lower() or (
                value.lower() == "none" and t["organization_id"] is None)
        if field in ("requester", "submitter", "assignee"):
            uid = t[f"{field}_id"]
            return str(uid) == value or (user_email(uid) or "").lower() == value.lower()
        if field in ("created", "updated"):
            return _compare(t[f"{field}_at"][: len(value)], op, value)
        if field in ("subject", "description"):
            return value.lower() in (t[field] or "").lower()
        return _compare(t.get(field), op, value)

    def match(t: dict[str, Any]) -> bool:
        text = text_of(t).lower()
        return all(field_ok(t, f, op, v) != neg for neg, f, op, v in terms) and all(w in text for w in words)
    return match


def record_matcher(terms: list[tuple[bool, str, str, str]], words: list[str],
                   text_fields: tuple[str, ...]) -> Callable[[dict[str, Any]], bool]:
    """Organizations and users: field terms compare top-level values; tags by membership; words in text fields."""
    def field_ok(r: dict[str, Any], field: str, op: str, value: str) -> bool:
        if field == "tags":
            return value.lower() in [x.lower() for x in r.get("tags", [])]
        if field == "organization":
            return str(r.get("organization_id")) == value
        return _compare(r.get(field), op, value)

    def match(r: dict[str, Any]) -> bool:
        text = " ".join(str(r.get(f) or "") for f in text_fields).lower()
        return all(field_ok(r, f, op, v) != neg for neg, f, op, v in terms) and all(w in text for w in words)
    return match
