"""Zendesk Support API v2 client: tickets, comments, tags, organizations, search, webhooks."""
from __future__ import annotations

import base64
from typing import Any, Callable, Iterable

from bot.services.base import BaseClient, OnCall, OnWrite, RetryPolicy, query_params
from bot.services.ratelimit import RateLimiter

# Endpoint paths (https://developer.zendesk.com/api-reference/), appended to the base URL with its prefix kept.
USER_ME = "/api/v2/users/me"
USER = "/api/v2/users/{user_id}"
TICKET = "/api/v2/tickets/{ticket_id}"
TICKET_COMMENTS = "/api/v2/tickets/{ticket_id}/comments"
TICKET_TAGS = "/api/v2/tickets/{ticket_id}/tags"
ORGANIZATION = "/api/v2/organizations/{org_id}"
ORGANIZATION_TAGS = "/api/v2/organizations/{org_id}/tags"
ORGANIZATION_TICKETS = "/api/v2/organizations/{org_id}/tickets"
TICKETS_SHOW_MANY = "/api/v2/tickets/show_many"
TICKETS_UPDATE_MANY = "/api/v2/tickets/update_many"
JOB_STATUSES = "/api/v2/job_statuses"
JOB_STATUS = "/api/v2/job_statuses/{job_id}"
SEARCH = "/api/v2/search"
WEBHOOKS = "/api/v2/webhooks"
WEBHOOK = "/api/v2/webhooks/{webhook_id}"
WEBHOOK_SIGNING_SECRET = "/api/v2/webhooks/{webhook_id}/signing_secret"

ORG_UPDATE_BUCKET = "zendesk:org_update"
PAGE_SIZE = 100
BULK_MAX = 100  # update_many and show_many: "up to 100 ticket ids"
MAX_PAGES = 1000  # a guard against a server that keeps answering has_more


class ZendeskClient(BaseClient):
    """Agent-side Zendesk client authenticated with an API token (`{email}/token:{token}`)."""

    service = "zendesk"

    def __init__(self, base_url: str, email: str, api_token: str, *, timeout: float = 10.0,
                 retry: RetryPolicy | None = None, dry_run: bool = False, limiter: RateLimiter | None = None,
                 on_write: OnWrite | None = None, on_call: OnCall | None = None, session=None, **kwargs: Any):
        basic = base64.b64encode(f"{email}/token:{api_token}".encode()).decode()
        super().__init__(base_url, timeout=timeout, retry=retry, dry_run=dry_run, limiter=limiter,
                         on_write=on_write, on_call=on_call, session=session, secrets=(api_token, basic),
                         headers={"Authorization": f"Basic {basic}"}, **kwargs)

    # -- users -----------------------------------------------------------------------------------------------------
    def me(self) -> dict:
        """https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user"""
        return self._request("GET", USER_ME)["user"]

    def get_user(self, user_id: int | str) -> dict:
        """https://developer.zendesk.com/api-reference/ticketing/users/users/#show-user"""
        return self._request("GET", USER, user_id=user_id)["user"]

    # -- tickets ---------------------------------------------------------------------------------------------------
    def get_ticket(self, ticket_id: int | str) -> dict:
        """https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket"""
        return self._request("GET", TICKET, ticket_id=ticket_id)["ticket"]

    def list_comments(self, ticket_id: int | str) -> list[dict]:
        """https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments"""
        return self._all_pages(TICKET_COMMENTS, "comments", {"page[size]": PAGE_SIZE}, ticket_id=ticket_id)

    def add_comment(self, ticket_id: int | str, body: str, public: bool) -> dict:
        """https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket

        Returns the updated ticket. Never retried after a read timeout: the comment may exist already.
        """
        payload = {"ticket": {"comment": {"body": body, "public": public}}}
        dry = {"dry_run": True, "id": _int(ticket_id), "comment": payload["ticket"]["comment"]}
        data = self._write("PUT", TICKET, payload, {"ticket": dry}, idempotent=False, ticket_id=ticket_id)
        return data.get("ticket", data)

    def add_ticket_tags(self, ticket_id: int | str, tags: Iterable[str], updated_stamp: str | None = None) -> list[str]:
        """https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#add-tags

        With updated_stamp (the ticket's latest updated_at) this is a safe update: Zendesk applies it only while
        the ticket's updated_at still equals the stamp, else answers 409 (ApiConflict): read the ticket again.
        The Tags endpoints refuse closed tickets (422, ApiBadRequest).
        """
        return self._tags("PUT", TICKET_TAGS, _tag_body(tags, updated_stamp), ticket_id=ticket_id)

    def remove_ticket_tags(self, ticket_id: int | str, tags: Iterable[str],
                           updated_stamp: str | None = None) -> list[str]:
        """https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#remove-tags

        Safe update with updated_stamp as for add_ticket_tags (409 when the ticket changed since the stamp)."""
        return self._tags("DELETE", TICKET_TAGS, _tag_body(tags, updated_stamp), ticket_id=ticket_id)

    def show_many_tickets(self, ticket_ids: Iterable[int | str]) -> list[dict]:
        """https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-multiple-tickets

        Up to 100 ids; tickets that no longer exist are simply absent from the answer."""
        ids = _ids(ticket_ids)
        return self._request("GET", TICKETS_SHOW_MANY, params={"ids": ids}).get("tickets") or []

    def update_many_tickets(self, ticket_ids: Iterable[int | str], changes: dict) -> dict:
        """https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-many-tickets

        The same `changes` (e.g. additional_tags / remove_tags, which add and remove without replacing the other
        tags, and a comment) for up to 100 tickets. Zendesk only queues a job and answers its job_status: follow
        it with job_status() until "completed" (or "failed"); each ticket's outcome is in its `results`."""
        ids = _ids(ticket_ids)
        dry = {"job_status": {"id": "dry-run", "status": "completed", "total": len(ids.split(",")),
                              "results": [{"id": _int(t), "action": "update", "success": True, "dry_run": True}
                                          for t in ids.split(",")]}}
        # Tag additions and removals are harmless to send twice; a comment is not (a read timeout may hide a job).
        return self._write("PUT", TICKETS_UPDATE_MANY, {"ticket": changes}, dry, params={"ids": ids},
                           idempotent="comment" not in changes)["job_status"]

    def job_status(self, job_id: str) -> dict:
        """https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/#show-job-status

        Zendesk keeps a job's status for about an hour (404 after that)."""
        return self._request("GET", JOB_STATUS, job_id=job_id)["job_status"]

    def recent_job_statuses(self) -> list[dict]:
        """https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/#list-job-statuses

        The account's latest jobs (Zendesk keeps the last 100), one cursor page: enough to see whether any job is
        still queued or running."""
        return self._request("GET", JOB_STATUSES, params={"page[size]": PAGE_SIZE}).get("job_statuses") or []

    def set_ticket_tags(self, ticket_id: int | str, tags: Iterable[str], updated_stamp: str | None = None) -> list[str]:
        """https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#set-tags"""
        return self._tags("POST", TICKET_TAGS, _tag_body(tags, updated_stamp), ticket_id=ticket_id)

    # -- organizations -----------------------------------------------------------------------------------------------
    def get_organization(self, org_id: int | str) -> dict:
        """https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#show-organization"""
        return self._request("GET", ORGANIZATION, org_id=org_id)["organization"]

    def update_organization(self, org_id: int | str, **fields: Any) -> dict:
        """https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#update-organization

        Zendesk replaces `notes`, `details`, `tags` and `organization_fields` as a whole: send the full value.
        Limited by Zendesk to a few calls a minute per organization, hence the org_update bucket.
        """
        payload = {"organization": fields}
        data = self._write("PUT", ORGANIZATION, payload, {"organization": {"dry_run": True, "id": _int(org_id),
                                                                           **fields}},
                           limits=[(ORG_UPDATE_BUCKET, str(org_id))], org_id=org_id)
        return data["organization"]

    def add_organization_tags(self, org_id: int | str, tags: Iterable[str]) -> list[str]:
        """https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#add-tags"""
        return self._tags("PUT", ORGANIZATION_TAGS, _tag_body(tags, None), org_id=org_id)

    def remove_organization_tags(self, org_id: int | str, tags: Iterable[str]) -> list[str]:
        """https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#remove-tags"""
        return self._tags("DELETE", ORGANIZATION_TAGS, _tag_body(tags, None), org_id=org_id)

    def list_organization_tickets(self, org_id: int | str) -> list[dict]:
        """https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets (organization)"""
        return self._all_pages(ORGANIZATION_TICKETS, "tickets", {"page[size]": PAGE_SIZE}, org_id=org_id)

    # -- search ------------------------------------------------------------------------------------------------------
    def search(self, query: str) -> list[dict]:
        """https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#list-search-results

        Offset pagination only; Zendesk stops at 1000 results.
        """
        return self._all_pages(SEARCH, "results", {"query": query, "per_page": PAGE_SIZE})

    # -- webhooks (https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/) ----------------------
    def list_webhooks(self, name_contains: str | None = None) -> list[dict]:
        """https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#list-webhooks

        Cursor pagination (meta.has_more, links.next), as the other cursor-paginated lists."""
        params: dict[str, Any] = {"page[size]": PAGE_SIZE}
        if name_contains:
            params["filter[name_contains]"] = name_contains
        return self._all_pages(WEBHOOKS, "webhooks", params)

    def get_webhook(self, webhook_id: str) -> dict:
        """https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#show-webhook"""
        return self._request("GET", WEBHOOK, webhook_id=webhook_id)["webhook"]

    def create_webhook(self, webhook: dict) -> dict:
        """https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#create-or-clone-webhook

        Answers 201 with the webhook (its id is generated). Never retried after a read timeout: list first."""
        dry = {"webhook": {"dry_run": True, "id": "", **webhook}}
        return self._write("POST", WEBHOOKS, {"webhook": webhook}, dry, idempotent=False)["webhook"]

    def patch_webhook(self, webhook_id: str, fields: dict) -> None:
        """https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#patch-webhook

        Only the fields sent change; Zendesk answers 204 with no body."""
        self._write("PATCH", WEBHOOK, {"webhook": fields}, {}, webhook_id=webhook_id)

    def get_webhook_signing_secret(self, webhook_id: str) -> dict:
        """https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#show-webhook-signing-secret

        Returns {"algorithm": "SHA256", "secret": ...}; the caller must not log the secret."""
        return self._request("GET", WEBHOOK_SIGNING_SECRET, webhook_id=webhook_id)["signing_secret"]

    def ticket_url(self, ticket_id: int | str) -> str:
        """Agent UI link to a ticket."""
        return f"{self.base_url}/agent/tickets/{ticket_id}"

    # -- helpers -----------------------------------------------------------------------------------------------------
    def _all_pages(self, template: str, key: str, params: dict, **path_args: Any) -> list[dict]:
        """Follow cursor (meta.has_more + links.next) or offset (next_page) pagination to the end."""
        items: list[dict] = []
        seen: set[tuple] = set()
        for _ in range(MAX_PAGES):
            data = self._request("GET", template, params=params, **path_args)
            items.extend(data.get(key) or [])
            meta, links = data.get("meta") or {}, data.get("links") or {}
            if meta.get("has_more") and links.get("next"):
                following = links["next"]
            else:
                following = data.get("next_page") if "meta" not in data else None
            if not following:
                break
            # Re-issue the next link's query against our base URL so a path prefix and host stay ours.
            params = query_params(following)
            if tuple(sorted(params.items())) in seen:
                break
            seen.add(tuple(sorted(params.items())))
        return items

    def _tags(self, method: str, template: str, body: dict, **path_args: Any) -> list[str]:
        """One Tags API call; org tag writes also count against the per-organization update ceiling."""
        limits = [(ORG_UPDATE_BUCKET, str(path_args["org_id"]))] if "org_id" in path_args else []
        preview: Callable[[], dict] = lambda: {"tags": self._preview_tags(method, template, body["tags"],
                                                                          **path_args)}
        data = self._write(method, template, body, preview, limits=limits, **path_args)
        return list(data.get("tags") or [])

    def _preview_tags(self, method: str, template: str, tags: list[str], **path_args: Any) -> list[str]:
        """Dry run: the tags the write would leave, computed from a read (reads still happen)."""
        if method == "POST":
            return list(tags)
        current = list(self._request("GET", template, **path_args).get("tags") or [])
        if method == "PUT":
            return current + [t for t in tags if t not in current]
        return [t for t in current if t not in tags]


def _ids(ticket_ids: Iterable[int | str]) -> str:
    ids = [str(t) for t in ticket_ids]
    if not 1 <= len(ids) <= BULK_MAX:
        raise ValueError(f"between 1 and {BULK_MAX} ticket ids, not {len(ids)}")
    return ",".join(ids)


def _tag_body(tags: Iterable[str], updated_stamp: str | None) -> dict:
    body: dict[str, Any] = {"tags": list(tags)}
    if updated_stamp:
        body.update(updated_stamp=updated_stamp, safe_update=True)
    return body


def _int(value: int | str) -> int | str:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value
