"""Zendesk Support API v2 routes (users, organizations, tickets, comments, tags, search) over ZendeskState."""
from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import flask

from sandbox import zendesk_search as search
from sandbox.common import HttpError, json_response
from sandbox.zendesk_model import bad_request, not_found
from sandbox.zendesk_state import ZendeskState


def _body(root: str | None = None) -> Any:
    data = flask.request.get_json(force=True, silent=True)
    if not isinstance(data, dict):
        raise bad_request("The request body must be a JSON object")
    if root is None:
        return data
    if not isinstance(data.get(root), dict):
        raise HttpError(400, {"error": "ParameterMissing", "description": f"param is missing or the value is "
                                                                           f"empty: {root}"})
    return data[root]


def _actor() -> int:
    return flask.g.zd_user["id"]


def _page_url(**params: Any) -> str:
    args = {k: v for k, v in flask.request.args.items() if not k.startswith("page")}
    args.update({k: v for k, v in params.items() if v is not None})
    return flask.request.base_url + ".json?" + urlencode(args)


def _cursor(i: int) -> str:
    return base64.urlsafe_b64encode(str(i).encode()).decode()


def _uncursor(text: str | None) -> int:
    try:
        return int(base64.urlsafe_b64decode(text.encode()).decode()) if text else 0
    except ValueError:
        raise bad_request("Invalid cursor") from None


def paginate(items: list[Any], root: str, extra: dict[str, Any] | None = None) -> flask.Response:
    """Cursor pagination when `page[size]` is given (meta/links), else offset pagination (next_page/count)."""
    args = flask.request.args
    if flask.request.args.get("sort_order") == "desc":
        items = list(reversed(items))
    if "page[size]" in args or "page[after]" in args:
        size = min(max(args.get("page[size]", 100, type=int), 1), 100)
        start = _uncursor(args.get("page[after]"))
        chunk, more = items[start:start + size], start + size < len(items)
        after, before = _cursor(start + len(chunk)), _cursor(start)
        return json_response({root: chunk, **(extra or {}),
                              "meta": {"has_more": more, "after_cursor": after if chunk else None,
                                       "before_cursor": before if chunk else None},
                              "links": {"prev": _page_url(**{"page[before]": before, "page[size]": size}),
                                        "next": _page_url(**{"page[after]": after, "page[size]": size})
                                        if more else None}})
    per_page = min(max(args.get("per_page", 100, type=int), 1), 100)
    page = max(args.get("page", 1, type=int), 1)
    chunk = items[(page - 1) * per_page: page * per_page]
    more = page * per_page < len(items)
    return json_response({root: chunk, **(extra or {}),
                          "next_page": _page_url(page=page + 1, per_page=per_page) if more else None,
                          "previous_page": _page_url(page=page - 1, per_page=per_page) if page > 1 else None,
                          "count": len(items)})


def _ids_arg() -> list[int]:
    try:
        return [int(x) for x in flask.request.args.get("ids", "").split(",") if x.strip()]
    except ValueError:
        raise bad_request("ids must be a comma-separated list of integers") from None


def _tags_arg() -> Any:
    data = flask.request.get_json(force=True, silent=True)
    if isinstance(data, dict) and "tags" in data:
        return data
    if "tags" in flask.request.args:
        return {"tags": flask.request.args["tags"].split(",")}
    raise HttpError(400, {"error": "ParameterMissing", "description": "param is missing or the value is empty: tags"})


_TAG_OPS = {"GET": "get", "POST": "set", "PUT": "add", "DELETE": "remove"}


def make_blueprint(state: ZendeskState) -> flask.Blueprint:
    bp = flask.Blueprint("zendesk_api", __name__, url_prefix="/api/v2")

    # -------------------------------------------------------------- users
    @bp.get("/users/me")
    def users_me() -> Any:
        return json_response({"user": state.users[_actor()]})

    @bp.get("/users/<int:user_id>")
    def users_show(user_id: int) -> Any:
        with state.lock:
            if user_id not in state.users:
                raise not_found()
            return json_response({"user": state.users[user_id]})

    @bp.get("/users/show_many")
    def users_show_many() -> Any:
        with state.lock:
            return json_response({"users": [state.users[i] for i in _ids_arg() if i in state.users]})

    @bp.get("/users")
    def users_list() -> Any:
        with state.lock:
            return paginate(list(state.users.values()), "users")

    @bp.post("/users")
    def users_create() -> Any:
        return json_response({"user": state.create_user(_body("user"))}, 201)

    # -------------------------------------------------------------- organizations
    @bp.get("/organizations")
    def orgs_list() -> Any:
        with state.lock:
            return paginate(list(state.organizations.values()), "organizations")

    @bp.get("/organizations/show_many")
    def orgs_show_many() -> Any:
        with state.lock:
            return json_response({"organizations": [state.organizations[i] for i in _ids_arg() if i in state.organizations]})

    @bp.post("/organizations")
    def orgs_create() -> Any:
        org = state.create_org(_body("organization"))
        return json_response({"organization": org}, 201, {"Location": org["url"]})

    @bp.get("/organizations/<int:org_id>")
    def orgs_show(org_id: int) -> Any:
        with state.lock:
            if org_id not in state.organizations:
                raise not_found()
            return json_response({"organization": state.organizations[org_id]})

    @bp.put("/organizations/<int:org_id>")
    def orgs_update(org_id: int) -> Any:
        return {"organization": state.update_org(org_id, _body("organization"))}

    @bp.route("/organizations/<int:org_id>/tags", methods=list(_TAG_OPS))
    def orgs_tags(org_id: int) -> Any:
        op = _TAG_OPS[flask.request.method]
        tags = state.org_tags(org_id, op, None if op == "get" else _tags_arg()["tags"])
        return json_response({"tags": tags}, 201 if op == "set" else 200)

    @bp.get("/organizations/<int:org_id>/tickets")
    def orgs_tickets(org_id: int) -> Any:
        with state.lock:
            if org_id not in state.organizations:
                raise not_found()
            return paginate(state.tickets_where(organization_id=org_id), "tickets")

    # -------------------------------------------------------------- tickets
    @bp.get("/tickets")
    def tickets_list() -> Any:
        with state.lock:
            return paginate(list(state.tickets.values()), "tickets")

    @bp.get("/tickets/show_many")
    def tickets_show_many() -> Any:
        with state.lock:
            return json_response({"tickets": [state.tickets[i] for i in _ids_arg() if i in state.tickets]})

    @bp.post("/tickets")
    def tickets_create() -> Any:
        ticket, audit = state.create_ticket(_body("ticket"), _actor())
        return json_response({"ticket": ticket, "audit": audit}, 201, {"Location": ticket["url"]})

    @bp.get("/tickets/<int:ticket_id>")
    def tickets_show(ticket_id: int) -> Any:
        with state.lock:
            if ticket_id not in state.tickets:
                raise not_found()
            return json_response({"ticket": state.tickets[ticket_id]})

    @bp.put("/tickets/<int:ticket_id>")
    def tickets_update(ticket_id: int) -> Any:
        ticket, audit = state.update_ticket(ticket_id, _body("ticket"), _actor())
        return {"ticket": ticket, "audit": audit}

    @bp.get("/tickets/<int:ticket_id>/comments")
    def tickets_comments(ticket_id: int) -> Any:
        return paginate(state.comments(ticket_id), "comments")

    @bp.route("/tickets/<int:ticket_id>/tags", methods=list(_TAG_OPS))
    def tickets_tags(ticket_id: int) -> Any:
        op = _TAG_OPS[flask.request.method]
        body = {} if op == "get" else _tags_arg()
        tags = state.ticket_tags(ticket_id, op, body.get("tags"), _actor(), body.get("safe_update"),
                                 body.get("updated_stamp"))
        return json_response({"tags": tags}, 201 if op == "set" else 200)

    # -------------------------------------------------------------- search
    @bp.get("/search")
    def search_all() -> Any:
        query = flask.request.args.get("query")
        if not query:
            raise bad_request("query parameter is required")
        return paginate(_search(state, query), "results", {"facets": None})

    @bp.get("/search/count")
    def search_count() -> Any:
        return {"count": len(_search(state, flask.request.args.get("query", "")))}

    return bp


def _search(state: ZendeskState, query: str) -> list[dict[str, Any]]:
    kind, terms, words = search.parse(query)
    kind = kind or flask.request.args.get("filter[type]")  # zenpy sends the type both ways
    sort_by = flask.request.args.get("sort_by")
    with state.lock:
        results: list[dict[str, Any]] = []
        if kind in (None, "ticket"):
            def text_of(t: dict[str, Any]) -> str:
                return " ".join([t["subject"] or "", *(c["body"] for c in state._comments[t["id"]])])

            match = search.ticket_matcher(
                terms, words, text_of,
                lambda oid: state.organizations[oid]["name"] if oid in state.organizations else None,
                lambda uid: state.users[uid]["email"] if uid in state.users else None)
            results += [{**t, "result_type": "ticket"} for t in state.tickets.values() if match(t)]
        if kind in (None, "organization"):
            match = search.record_matcher(terms, words, ("name", "details", "notes"))
            results += [{**o, "result_type": "organization"} for o in state.organizations.values() if match(o)]
        if kind in (None, "user"):
            match = search.record_matcher(terms, words, ("name", "email"))
            results += [{**u, "result_type": "user"} for u in state.users.values() if match(u)]
        if sort_by in ("created_at", "updated_at", "status", "priority"):
            results.sort(key=lambda r: str(r.get(sort_by) or ""))
        return [dict(r) for r in results]
