"""Zendesk bulk ticket updates (update_many and its job statuses) and the controls that close tickets."""
from __future__ import annotations

import threading
import uuid
from typing import Any

import flask

from sandbox.common import CONTROL_PREFIX, HttpError, json_response, now_iso
from sandbox.zendesk_model import bad_request, not_found
from sandbox.zendesk_state import ZendeskState

MAX_BULK = 100  # "Accepts an array of up to 100 ticket objects, or a comma-separated list of up to 100 ticket ids"
SYSTEM_ACTOR = -1  # Zendesk's own automations act as no agent; the bot must not mistake their events for its own


class Jobs:
    """Job statuses by id; the sandbox runs a job before answering, so the first poll already sees it completed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, dict[str, Any]] = {}

    def add(self, job: dict[str, Any]) -> None:
        with self._lock:
            self._jobs[job["id"]] = job

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return dict(job) if job else None

    def clear(self) -> None:
        with self._lock:
            self._jobs.clear()


def _changes(body: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(ticket id, changes) pairs from either form of the request (zendesk-oas TicketsUpdateRequest examples)."""
    ids = flask.request.args.get("ids")
    if ids is not None:
        if not isinstance(body.get("ticket"), dict):
            raise HttpError(400, {"error": "ParameterMissing", "description": "param is missing or the value is "
                                                                               "empty: ticket"})
        try:
            wanted = [int(x) for x in ids.split(",") if x.strip()]
        except ValueError:
            raise bad_request("ids must be a comma-separated list of integers") from None
        pairs = [(tid, dict(body["ticket"])) for tid in wanted]
    elif isinstance(body.get("tickets"), list):
        pairs = []
        for item in body["tickets"]:
            if not isinstance(item, dict) or item.get("id") is None:
                raise bad_request("every ticket needs an id")
            pairs.append((int(item["id"]), {k: v for k, v in item.items() if k != "id"}))
    else:
        raise HttpError(400, {"error": "ParameterMissing", "description": "param is missing or the value is "
                                                                           "empty: tickets"})
    if not pairs or len(pairs) > MAX_BULK:
        raise bad_request(f"Provide between 1 and {MAX_BULK} tickets")
    return pairs


def _result(state: ZendeskState, tid: int, changes: dict[str, Any], actor: int) -> dict[str, Any]:
    """One task of the job: the same rules as PUT /tickets/{id}, so a closed ticket fails here too."""
    try:
        state.update_ticket(tid, changes, actor)
    except HttpError as exc:
        body = exc.body if isinstance(exc.body, dict) else {}
        details = body.get("description", "")
        for problems in (body.get("details") or {}).values():
            details = "; ".join(p.get("description", "") for p in problems) or details
        # zendesk-oas FailedResult: id, action, success, error, details
        return {"id": tid, "action": "update", "success": False, "error": body.get("error", str(exc.status)),
                "details": details}
    return {"id": tid, "action": "update", "status": "Updated", "success": True}


def make_blueprint(state: ZendeskState, jobs: Jobs) -> flask.Blueprint:
    bp = flask.Blueprint("zendesk_bulk", __name__)

    def job_url(job_id: str) -> str:
        return f"{state.base_url}/api/v2/job_statuses/{job_id}.json"

    @bp.put("/api/v2/tickets/update_many")
    def update_many() -> Any:
        body = flask.request.get_json(force=True, silent=True)
        if not isinstance(body, dict):
            raise bad_request("The request body must be a JSON object")
        pairs = _changes(body)
        actor = flask.g.zd_user["id"]
        job_id = uuid.uuid4().hex
        results = [_result(state, tid, changes, actor) for tid, changes in pairs]
        jobs.add({"id": job_id, "url": job_url(job_id), "total": len(pairs), "progress": len(pairs),
                  "status": "completed", "message": f"Completed at {now_iso()}", "results": results})
        # The PUT itself only queues the job (zendesk-oas: "queues a background job to do the work").
        queued = {"id": job_id, "url": job_url(job_id), "total": len(pairs), "progress": None, "status": "queued",
                  "message": None, "results": None}
        return json_response({"job_status": queued})

    @bp.get("/api/v2/job_statuses/<job_id>")
    def job_status(job_id: str) -> Any:
        job = jobs.get(job_id)
        if job is None:
            raise not_found()
        return json_response({"job_status": job})

    @bp.post(f"{CONTROL_PREFIX}/tickets/<int:ticket_id>/close")
    def close_ticket(ticket_id: int) -> Any:
        """Close one ticket now, whatever its status (what Zendesk's close automation does to solved tickets)."""
        return json_response({"closed": _close(state, [ticket_id], only_solved=False)})

    @bp.post(f"{CONTROL_PREFIX}/close_solved")
    def close_solved() -> Any:
        """Run the close automation: every solved ticket becomes closed."""
        with state.lock:
            ids = [tid for tid, t in state.tickets.items() if t["status"] == "solved"]
        return json_response({"closed": _close(state, ids, only_solved=True)})

    return bp


def _close(state: ZendeskState, ids: list[int], only_solved: bool) -> list[int]:
    closed = []
    with state.lock:
        for tid in ids:
            ticket = state.tickets.get(tid)
            if ticket is None:
                raise not_found()
            if ticket["status"] == "closed" or (only_solved and ticket["status"] != "solved"):
                continue
            state.update_ticket(tid, {"status": "closed"}, SYSTEM_ACTOR)
            closed.append(tid)
    return closed
