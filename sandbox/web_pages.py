"""The agent and issue pages the bot links to (`/agent/tickets/<id>`, `<project>/-/issues/<iid>`), as plain HTML.

The real services answer those links with their web UI; the sandbox answers them with a page that shows the same
facts (subject, tags, status and comments; title, labels, due date, description and notes), so the links the demo,
`cases`, the status pages and the org notes print lead somewhere. Everything shown is escaped: it is customer text.
"""
from __future__ import annotations

from html import escape
from typing import Any, Iterable

import flask

_STYLE = ("body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
          "pre{white-space:pre-wrap;background:#f6f6f6;padding:.6rem;border-radius:4px}"
          ".meta{color:#555}.tag{display:inline-block;background:#eef;margin:0 .3rem .3rem 0;padding:0 .4rem}")


def page(title: str, meta: Iterable[str], tags: Iterable[str], blocks: Iterable[tuple[str, str]]) -> flask.Response:
    """A page: heading, meta lines, tags, then (caption, text) blocks; every string escaped here."""
    parts = [f"<!doctype html><html lang=en><meta charset=utf-8><title>{escape(title)}</title>",
             f"<style>{_STYLE}</style><h1>{escape(title)}</h1>"]
    parts += [f"<p class=meta>{escape(line)}</p>" for line in meta]
    parts.append("<p>" + "".join(f"<span class=tag>{escape(t)}</span>" for t in tags) + "</p>")
    parts += [f"<h2>{escape(caption)}</h2><pre>{escape(text)}</pre>" for caption, text in blocks]
    return flask.Response("".join(parts), mimetype="text/html")


def ticket_page(ticket: dict[str, Any], comments: list[dict[str, Any]]) -> flask.Response:
    meta = [f"Ticket #{ticket['id']} · status {ticket.get('status')} · organization {ticket.get('organization_id')}"]
    blocks = [(f"{'Public reply' if c.get('public') else 'Internal note'} by user {c.get('author_id')}, "
               f"{c.get('created_at', '')}", str(c.get("body") or "")) for c in comments]
    return page(str(ticket.get("subject") or f"Ticket #{ticket['id']}"), meta, ticket.get("tags") or [], blocks)


def issue_page(issue: dict[str, Any], notes: list[dict[str, Any]]) -> flask.Response:
    meta = [f"Issue #{issue['iid']} · {issue.get('state')} · due {issue.get('due_date') or '-'}"
            + (" · confidential" if issue.get("confidential") else "")]
    blocks = [("Description", str(issue.get("description") or ""))]
    blocks += [(f"{'System note' if n.get('system') else 'Note'} by {(n.get('author') or {}).get('username', '?')}, "
                f"{n.get('created_at', '')}", str(n.get("body") or "")) for n in notes]
    return page(str(issue.get("title") or ""), meta, issue.get("labels") or [], blocks)
