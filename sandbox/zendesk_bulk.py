"""Zendesk bulk ticket updates (update_many and its job statuses) and the controls that close tickets."""
from __future__ import annotations

import copy
import threading
import time
import uuid
from typing import Any, Callable

import flask

from sandbox.common import CONTROL_PREFIX, HttpError, json_response, now_iso
from sandbox.zendesk_api import paginate
from sandbox.zendesk_model import bad_request, not_found
from sandbox.zendesk_state import ZendeskState

MAX_BULK = 100  # "Accepts an array of up to 100 ticket objects, or a comma-separated list of up to 100 ticket ids"
SYSTEM_ACTOR = -1  # Zendesk's own automations act as no agent; the bot must not mistake their events for its own


class Jobs:
    """Background jobs as Zendesk runs them: update_many only queues one and answers its status ("queued"); a worker
    thread works through the queue in order ("working", then "completed" with one result per ticket), taking
    `seconds_per_task` for each ticket. Zendesk lets an account have a limited number of jobs queued or running at
    once (developer.zendesk.com rate-limits "Job limit"; 30 per the Zendesk help article "Does the API job
    contribute to the per-minute rate limit?"), and keeps a status for about an hour ("Jobs also expire within an
    hour"): both are imitated."""

    def __init__(self, max_active: int = 30, seconds_per_task: float = 0.002, keep_seconds: float = 3600.0):
        self.max_active, self.seconds_per_task, self.keep_seconds = max_active, seconds_per_task, keep_seconds
        self._lock = threading.Condition()
        self._jobs: dict[str, dict[str, Any]] = {}
        self._finished_at: dict[str, float] = {}
        self._queue: list[tuple[str, list[Callable[[], dict[str, Any]]]]] = []
        self._worker: threading.Thread | None = None

    def active(self) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j["status"] in ("queued", "working"))

    def queue(self, job: dict[str, Any], tasks: list[Callable[[], dict[str, Any]]]) -> bool:
        """Queue a job (status "queued"); False when the account already has max_active jobs queued or running."""
        with self._lock:
            self._expire()
            if sum(1 for j in self._jobs.values() if j["status"] in ("queued", "working")) >= self.max_active:
                return False
            self._jobs[job["id"]] = job
            self._queue.append((job["id"], tasks))
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="sandbox-zendesk-jobs", daemon=True)
                self._worker.start()
            self._lock.notify_all()
            return True

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._queue:
                    if not self._lock.wait(timeout=5.0):
                        self._worker = None
                        return
                job_id, tasks = self._queue.pop(0)
                job = self._jobs.get(job_id)
                if job is None:  # cleared meanwhile
                    continue
                job.update(status="working", progress=0)
            results = []
            for task in tasks:
                time.sleep(self.seconds_per_task)
                results.append(task())
                with self._lock:
                    job["progress"] = len(results)
            with self._lock:
                job.update(status="completed", results=results, message=f"Completed at {now_iso()}")
                self._finished_at[job_id] = time.monotonic()

    def _expire(self) -> None:
        cutoff = time.monotonic() - self.keep_seconds
        for job_id in [j for j, at in self._finished_at.items() if at < cutoff]:
            self._jobs.pop(job_id, None)
            self._finished_at.pop(job_id, None)

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            self._expire()
            job = self._jobs.get(job_id)
            return copy.deepcopy(job) if job else None

    def recent(self, limit: int = 100) -> list[dict[str, Any]]:
        with self._lock:
            self._expire()
            return [copy.deepcopy(j) for j in list(self._jobs.values())[::-1][:limit]]

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Until no job is queued or running (tests and the stack's settle())."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.active() == 0:
                return True
            time.sleep(0.01)
        return False

    def clear(self) -> None:
        with self._lock:
            self._jobs.clear()
            self._finished_at.clear()
            self._queue.clear()


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
        # The PUT itself only queues the job (zendesk-oas: "queues a background job to do the work").
        queued = {"id": job_id, "url": job_url(job_id), "job_type": "bulk_update", "total": len(pairs),
                  "progress": None, "status": "queued", "message": None, "results": None}
        tasks = [lambda tid=tid, changes=changes: _result(state, tid, changes, actor) for tid, changes in pairs]
        if not jobs.queue(dict(queued), tasks):
            # The body of this 429 is not documented; the error/description pair of Zendesk's other errors is used.
            return json_response({"error": "TooManyJobs", "description": f"Only {jobs.max_active} jobs may be "
                                  "queued or running at the same time"}, 429, {"Retry-After": "10"})
        return json_response({"job_status": queued})

    @bp.get("/api/v2/job_statuses")
    def job_statuses_list() -> Any:
        """The account's last 100 jobs, newest first (zendesk-oas ListJobStatuses, cursor pagination)."""
        return paginate(jobs.recent(), "job_statuses")

    @bp.get("/api/v2/job_statuses/show_many")
    def job_statuses_show_many() -> Any:
        ids = [x for x in flask.request.args.get("ids", "").split(",") if x.strip()]
        return json_response({"job_statuses": [j for j in (jobs.get(i) for i in ids) if j is not None]})

    @bp.get("/api/v2/job_statuses/<job_id>")
    def job_status(job_id: str) -> Any:
        job = jobs.get(job_id)
        if job is None:
            raise not_found()
        return json_response({"job_status": job})

    @bp.route(f"{CONTROL_PREFIX}/jobs", methods=["GET", "POST"])
    def job_settings() -> Any:
        """How fast jobs run and how many may be queued or running at once (benchmarks and tests change them)."""
        if flask.request.method == "POST":
            body = flask.request.get_json(force=True, silent=True) or {}
            try:
                if "seconds_per_task" in body:
                    jobs.seconds_per_task = max(0.0, float(body["seconds_per_task"]))
                if "max_active" in body:
                    jobs.max_active = max(1, int(body["max_active"]))
            except (TypeError, ValueError) as exc:
                return json_response({"error": str(exc)}, 400)
        return json_response({"seconds_per_task": jobs.seconds_per_task, "max_active": jobs.max_active,
                              "active": jobs.active()})

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
