"""GitLab list endpoints: the issue filters ordinary clients use and offset pagination with GitLab's headers."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import flask

from sandbox.common import json_response


def filter_issues(issues: list[dict[str, Any]], args: Any) -> list[dict[str, Any]]:
    """The list filters of GET /projects/:id/issues that the bot and ordinary clients use."""
    rows = list(issues)
    state = args.get("state", "all")
    if state in ("opened", "closed"):
        rows = [i for i in rows if i["state"] == state]
    labels = args.get("labels")
    if labels is not None:
        wanted = [n.strip() for n in labels.split(",") if n.strip()]
        if [w.lower() for w in wanted] == ["none"]:
            rows = [i for i in rows if not i["labels"]]
        elif [w.lower() for w in wanted] == ["any"]:
            rows = [i for i in rows if i["labels"]]
        else:
            rows = [i for i in rows if all(w in i["labels"] for w in wanted)]
    iids = args.getlist("iids[]") + args.getlist("iids")
    if iids:
        wanted_iids = {int(x) for x in iids if str(x).isdigit()}
        rows = [i for i in rows if i["iid"] in wanted_iids]
    search = args.get("search")
    if search:
        scopes = [s.strip() for s in args.get("in", "title,description").split(",")]
        needle = search.lower()
        scopes = [s for s in scopes if s in ("title", "description")]
        rows = [i for i in rows if any(needle in (i.get(s) or "").lower() for s in scopes)]
    for bound, key, op in (("created_after", "created_at", 1), ("created_before", "created_at", -1),
                           ("updated_after", "updated_at", 1), ("updated_before", "updated_at", -1)):
        if args.get(bound):
            rows = [i for i in rows if (i[key] >= args[bound]) == (op == 1)]
    order = args.get("order_by", "created_at")
    order = order if order in ("created_at", "updated_at", "due_date", "title") else "created_at"
    # Issues without a due date sort last, as GitLab does; ties fall back to id.
    rows.sort(key=lambda i: ((i[order] is None), i[order] or "", i["id"]), reverse=args.get("sort", "desc") != "asc")
    if order == "due_date":
        rows.sort(key=lambda i: i["due_date"] is None)
    return rows


def paginate(rows: list[Any]) -> flask.Response:
    """Offset pagination with GitLab's X-* headers and an absolute Link header (python-gitlab follows rel=next)."""
    args = flask.request.args
    per_page = min(max(_int(args.get("per_page"), 20), 1), 100)
    page = max(_int(args.get("page"), 1), 1)
    total = len(rows)
    pages = max((total + per_page - 1) // per_page, 1)
    chunk = rows[(page - 1) * per_page: page * per_page]
    base = flask.request.base_url

    def link(p: int) -> str:
        query = [(k, v) for k, v in args.items(multi=True) if k not in ("page", "per_page")]
        return f"{base}?{urlencode(query + [('page', p), ('per_page', per_page)])}"

    links = []
    if page < pages:
        links.append(f'<{link(page + 1)}>; rel="next"')
    if page > 1:
        links.append(f'<{link(page - 1)}>; rel="prev"')
    links += [f'<{link(1)}>; rel="first"', f'<{link(pages)}>; rel="last"']
    headers = {"X-Page": str(page), "X-Per-Page": str(per_page), "X-Total": str(total), "X-Total-Pages": str(pages),
               "X-Next-Page": str(page + 1) if page < pages else "", "X-Prev-Page": str(page - 1) if page > 1 else "",
               "Link": ", ".join(links)}
    return json_response(chunk, 200, headers)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
