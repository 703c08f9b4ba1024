"""Side effects that happen once in effect: a ledger row per semantic key plus a look before every write.

A key is marked started (committed) before the call and done after it. A re-run that finds it done skips;
one that finds it only started (the process died around the call) first looks at the remote service for
the earlier write, because none of these APIs takes an idempotency key.
"""
from __future__ import annotations

import fnmatch
import logging
import os
import signal
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from sqlalchemy.exc import IntegrityError

from bot.db.engine import transaction
from bot.db.models import Effect
from bot.errors import ApiBadRequest, ApiConflict, ApiError, ApiNotFound, ApiTransient

log = logging.getLogger(__name__)
# Remote clocks and ours differ a little; a write found this long before the ledger's start still counts.
CLOCK_SKEW = timedelta(minutes=2)
# A safe update refused (409) means someone edited the ticket between our read and our write: read and try again,
# a few times; an agent typing that busily is waited out by the workflow's own retries instead.
TAG_ATTEMPTS = 5
# Our org-note line dropped by someone's stale write right after ours: append it to theirs again, a few times.
NOTE_ATTEMPTS = 3
# Writes whose failure must not stop the step, and that `replay` may run again from their dead letter.
REDOABLE = ("comment", "ticket_tags", "org_note_line", "issue_note", "close_issue", "slack_post")
_CASE_AWARE = ("comment", "ticket_tags", "org_note_line")
# A bulk job's status is read with growing pauses; a job still unfinished after JOB_PATIENCE seconds is left to
# the workflow's retry, which follows the same job (its id is in the ledger) instead of sending it again.
JOB_POLL_FIRST, JOB_POLL_MAX, JOB_PATIENCE = 0.25, 2.0, 300.0
# A job Zendesk no longer knows (statuses expire after about an hour) or that failed as a whole is checked ticket
# by ticket and sent again for what is missing, at most this many times.
JOB_GENERATIONS = 3


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(float(value), tz=timezone.utc)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc)
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class Effects:
    """The bot's writes to Zendesk, GitLab and Slack, each guarded by the ledger."""

    def __init__(self, rt):
        self.rt = rt

    # --- the ledger ----------------------------------------------------------------------------------------
    def once(self, key: str, do: Callable[[], Any], look: Callable[[datetime], Any] | None = None) -> Any:
        sessions = self.rt.sessions
        with sessions() as s:
            row = s.get(Effect, key)
        if row is not None and row.done_at is not None:
            return row.result
        if row is None:
            started = datetime.now(timezone.utc)
            try:
                with transaction(sessions) as s:
                    s.add(Effect(key=key, started_at=started))
            except IntegrityError:
                with sessions() as s:
                    row = s.get(Effect, key)
        if row is not None:
            if row.done_at is not None:
                return row.result
            if look is not None:
                found = look(_aware(row.started_at) - CLOCK_SKEW)
                if found is not None:
                    log.info("effect %s found done remotely; not repeating it", key)
                    self._done(key, found)
                    return found
        self._crash_point("before", key)
        result = do()
        self._crash_point("after", key)
        self._done(key, result)
        return result

    def _crash_point(self, moment: str, key: str) -> None:
        """BOT_CRASH_AT lets the crash tests kill the worker exactly at an effect boundary."""
        spec = self.rt.settings.crash_at
        if spec and spec.startswith(moment + ":") and fnmatch.fnmatchcase(key, spec.split(":", 1)[1]):
            log.warning("BOT_CRASH_AT %s: killing this process %s %s", spec, moment, key)
            os.kill(os.getpid(), signal.SIGKILL)

    def _done(self, key: str, result: Any) -> None:
        with transaction(self.rt.sessions) as s:
            row = s.get(Effect, key)
            row.done_at = datetime.now(timezone.utc)
            row.result = _jsonable(result)

    def done(self, key: str) -> bool:
        with self.rt.sessions() as s:
            row = s.get(Effect, key)
            return row is not None and row.done_at is not None

    # --- secondary writes ----------------------------------------------------------------------------------
    def secondary(self, case_id: int, op: str, key: str, *args: Any) -> Any:
        """One write the rest of the step must not wait on (a note, one ticket's tags). A permanent refusal (a
        deleted ticket, a locked issue) is audited and dead-lettered under the case for `replay`, and the step
        goes on; a transient one still propagates, so the workflow waits it out and re-runs the step, whose
        finished effects the ledger skips. Returns None when the write failed."""
        try:
            return self.perform(case_id, op, key, *args)
        except ApiTransient:
            raise
        except ApiError as exc:
            log.error("case %s: %s failed for good, dead-lettered; the step goes on: %s", case_id, key, exc)
            self.rt.store.dead_letter_effect(case_id, key, op, _jsonable(list(args)), str(exc))
            return None

    def perform(self, case_id: int, op: str, key: str, *args: Any) -> Any:
        """Run one named write (also how `replay` runs a dead-lettered one again); failures propagate."""
        if op not in REDOABLE:
            raise ValueError(f"not a write the bot can run again: {op}")
        return getattr(self, op)(key, *args, **({"case_id": case_id} if op in _CASE_AWARE else {}))

    # --- Zendesk -------------------------------------------------------------------------------------------------
    def _closed(self, ticket_id: str, exc: ApiError) -> bool:
        """Is this refusal Zendesk's "Status: closed prevents ticket update"? Asked of the ticket itself."""
        try:
            return str(self.rt.zendesk.get_ticket(ticket_id).get("status", "")).lower() == "closed"
        except ApiError:
            return "closed prevents" in str(exc.body or exc).lower()

    def _skip_closed(self, case_id: int | None, ticket_id: str, key: str) -> dict:
        # A closed ticket never opens again (follow-ups are new tickets): skipped for good, not a dead letter.
        self.rt.store.audit("ticket_closed_skipped", case_id, ticket_id=str(ticket_id), key=key)
        return {"skipped": "closed", "ticket_id": str(ticket_id)}

    def comment(self, key: str, ticket_id: str, body: str, public: bool, case_id: int | None = None) -> dict:
        zd = self.rt.zendesk

        def look(since: datetime):
            for c in zd.list_comments(ticket_id):
                created = _parse_time(c.get("created_at"))
                if (str(c.get("author_id")) == str(self.rt.zendesk_user_id) and c.get("body", "").strip() == body.strip()
                        and bool(c.get("public")) == public and (created is None or created >= since)):
                    return {"comment_id": c.get("id")}
            return None

        def do():
            try:
                return _summary(zd.add_comment(ticket_id, body, public))
            except ApiBadRequest as exc:
                if self._closed(ticket_id, exc):
                    return self._skip_closed(case_id, ticket_id, key)
                raise

        return self.once(key, do, look)

    def ticket_tags(self, key: str, ticket_id: str, add: list[str], remove: list[str],
                    case_id: int | None = None) -> dict:
        """Removals, then additions, each a Zendesk safe update stamped with the ticket's updated_at as read just
        before, so an agent's concurrent edit is refused (409) rather than overwritten; then we read again."""
        zd = self.rt.zendesk

        def do():
            steps = [(zd.remove_ticket_tags, list(remove), True), (zd.add_ticket_tags, list(add), False)]
            for _ in range(TAG_ATTEMPTS * 2):
                ticket = zd.get_ticket(ticket_id)
                if str(ticket.get("status", "")).lower() == "closed":
                    return self._skip_closed(case_id, ticket_id, key)
                current = ticket.get("tags") or []
                # What is left to do on the ticket as it is now; removals first, so it never holds two level tags.
                steps = [(write, tags, rm) for write, tags, rm in steps if any((t in current) == rm for t in tags)]
                if not steps:
                    return {"added": add, "removed": remove}
                write, tags, rm = steps[0]
                try:
                    write(ticket_id, [t for t in tags if (t in current) == rm], updated_stamp=ticket.get("updated_at"))
                    steps.pop(0)  # a following write needs the stamp this one changed: read again
                    if not steps:
                        return {"added": add, "removed": remove}
                except ApiConflict:
                    log.info("ticket %s changed under us (409); reading it again", ticket_id)
                except ApiBadRequest as exc:
                    if not self._closed(ticket_id, exc):
                        raise
            raise ApiTransient("zendesk", 409, f"ticket {ticket_id}: tags kept changing under us; trying later")

        return self.once(key, do)

    # --- bulk ticket updates (update_many jobs) ----------------------------------------------------------------
    def bulk_submit(self, key: str, ticket_ids: list[str], changes: dict, applied: Callable[[dict], bool],
                    case_id: int | None = None) -> dict:
        """Queue one update_many job for up to 100 tickets and journal its id, so that a re-run follows that job
        instead of sending the change again. When the process died around the PUT (key started, no job id), the
        tickets are read back (show_many) and only those not yet showing the change are sent."""
        zd = self.rt.zendesk

        def look(_since: datetime) -> dict:
            # A job the dead process sent may still be queued: let the account's jobs finish before judging.
            self._wait_for_running_jobs()
            return self._resend_missing(case_id, key, ticket_ids, changes, applied)

        return self.once(f"{key}:job", lambda: {"job_id": zd.update_many_tickets(ticket_ids, changes)["id"],
                                                "ids": list(ticket_ids)}, look)

    def bulk_settle(self, key: str, ticket_ids: list[str], changes: dict, applied: Callable[[dict], bool],
                    case_id: int | None = None) -> dict:
        """Follow the journalled job to its end and settle each ticket's outcome: a closed ticket is skipped and
        audited, a deleted one audited, any other refusal dead-lettered as that ticket's own single write."""
        def do() -> dict:
            submitted = self.bulk_submit(key, ticket_ids, changes, applied, case_id)
            for generation in range(1, JOB_GENERATIONS + 1):
                job = self._follow(submitted.get("job_id"))
                if job is not None and job.get("status") == "completed":
                    return self._settle(case_id, key, job, changes, submitted.get("skipped") or [])
                # Unknown (expired) or failed as a whole: send again what the tickets do not show yet.
                log.warning("bulk job %s for %s ended %s; checking the tickets", submitted.get("job_id"), key,
                            None if job is None else job.get("status"))
                submitted = self.once(f"{key}:job:{generation + 1}", lambda: self._resend_missing(
                    case_id, key, ticket_ids, changes, applied))
            raise ApiTransient("zendesk", None, f"{key}: bulk job kept failing; trying later")

        return self.once(key, do)

    def _resend_missing(self, case_id: int | None, key: str, ticket_ids: list[str], changes: dict,
                        applied: Callable[[dict], bool]) -> dict:
        zd = self.rt.zendesk
        present = {str(t["id"]): t for t in zd.show_many_tickets(ticket_ids)}
        skipped = []
        for tid in ticket_ids:
            if tid not in present:
                self.rt.store.audit("ticket_vanished", case_id, ticket_id=tid, key=key)
                skipped.append(tid)
            elif str(present[tid].get("status", "")).lower() == "closed" and not applied(present[tid]):
                self._skip_closed(case_id, tid, key)
                skipped.append(tid)
        missing = [t for t in ticket_ids if t in present and t not in skipped and not applied(present[t])]
        if not missing:
            return {"job_id": None, "ids": [], "skipped": skipped}
        return {"job_id": zd.update_many_tickets(missing, changes)["id"], "ids": missing, "skipped": skipped}

    def _wait_for_running_jobs(self) -> None:
        pause, deadline = JOB_POLL_FIRST, time.monotonic() + JOB_PATIENCE
        while any(j.get("status") in ("queued", "working") for j in self.rt.zendesk.recent_job_statuses()):
            if time.monotonic() > deadline:
                raise ApiTransient("zendesk", None, "bulk jobs still running; checking the tickets later")
            time.sleep(pause)
            pause = min(pause * 2, JOB_POLL_MAX)

    def _follow(self, job_id: str | None) -> dict | None:
        """The job's final status (completed or failed), None when Zendesk no longer knows it."""
        if job_id is None:
            return {"status": "completed", "results": []}
        if job_id == "dry-run":
            return {"status": "completed", "results": []}
        pause, deadline = JOB_POLL_FIRST, time.monotonic() + JOB_PATIENCE
        while True:
            time.sleep(pause)
            try:
                job = self.rt.zendesk.job_status(job_id)
            except ApiNotFound:
                return None
            if job.get("status") in ("completed", "failed"):
                return job
            if time.monotonic() > deadline:
                raise ApiTransient("zendesk", None, f"bulk job {job_id} still {job.get('status')}; trying later")
            pause = min(pause * 2, JOB_POLL_MAX)

    def _settle(self, case_id: int | None, key: str, job: dict, changes: dict, skipped: list[str]) -> dict:
        add, remove = list(changes.get("additional_tags") or []), list(changes.get("remove_tags") or [])
        done, failed = [], []
        for result in job.get("results") or []:
            tid = str(result.get("id"))
            if result.get("success", True) is not False:
                done.append(tid)
                continue
            why = f"{result.get('error') or ''}: {result.get('details') or ''}".strip(": ")
            failed.append(tid)
            if "closed" in why.lower():
                self._skip_closed(case_id, tid, key)
            elif "notfound" in why.lower().replace(" ", ""):
                self.rt.store.audit("ticket_vanished", case_id, ticket_id=tid, key=key)
            elif case_id is not None:
                # Dead-lettered as this ticket's own safe update (and note), which `replay` can run again.
                log.error("case %s: %s failed for ticket %s in a bulk job: %s", case_id, key, tid, why)
                if add or remove:
                    self.rt.store.dead_letter_effect(case_id, f"{key}:{tid}:tags", "ticket_tags", [tid, add, remove],
                                                     why)
                if changes.get("comment"):
                    comment = changes["comment"]
                    self.rt.store.dead_letter_effect(case_id, f"{key}:{tid}:note", "comment",
                                                     [tid, comment.get("body"), bool(comment.get("public"))], why)
        self.rt.store.audit("bulk_update", case_id, key=key, job_id=job.get("id"), added=add, removed=remove,
                            tickets=done, failed=failed, skipped=skipped)
        return {"job_id": job.get("id"), "updated": len(done), "failed": failed, "skipped": skipped}

    def org_tag(self, key: str, org_id: str, tag: str, present: bool) -> dict:
        zd = self.rt.zendesk

        def do():
            # Forgotten before the write (a crash after it must not leave the old tags standing in for a read) and
            # again after it: a read that started in between may still have returned the old tags.
            self.rt.store.forget_org_tags(org_id, self.rt.now())
            if present:
                zd.add_organization_tags(org_id, [tag])
            else:
                zd.remove_organization_tags(org_id, [tag])
            self.rt.store.forget_org_tags(org_id, self.rt.now())
            return {"tag": tag, "present": present}

        return self.once(key, do)

    def org_note_line(self, key: str, org_id: str, line: str, case_id: int | None = None) -> dict:
        """Append one line to the org's notes, which Zendesk replaces as a whole with no version check: read just
        before writing, journal the value replaced (audit), write, read again to confirm. When someone's write
        raced ours and dropped our line, append it to their text again, so neither is lost."""
        zd = self.rt.zendesk

        def read() -> str:
            return zd.get_organization(org_id).get("notes") or ""

        def do():
            notes = read()
            # Only our own interrupted write can have put this exact line last; an equal line further up is an
            # earlier, separate event (e.g. a date moved back) and must not stop this one.
            if notes.rstrip().splitlines()[-1:] == [line]:
                return {"line": line, "already": True}
            for _ in range(NOTE_ATTEMPTS):
                self.rt.store.audit("org_note_write", case_id, org_id=str(org_id), key=key, line=line,
                                    replaced=notes)
                zd.update_organization(org_id, notes=f"{notes.rstrip()}\n{line}" if notes.strip() else line)
                if getattr(zd, "dry_run", False):
                    return {"line": line}
                after = read()
                if after.splitlines().count(line) > notes.splitlines().count(line):
                    if not set(notes.splitlines()) <= set(after.splitlines()):
                        # Someone removed earlier text after our write; theirs to decide, and the journal has it.
                        self.rt.store.audit("org_note_earlier_text_missing", case_id, org_id=str(org_id), key=key,
                                            now=after)
                    return {"line": line}
                log.warning("org %s notes: a concurrent write dropped our line; appending it again", org_id)
                notes = after
            raise ApiTransient("zendesk", None, f"org {org_id} notes: our line kept being overwritten")

        return self.once(key, do)

    # --- GitLab --------------------------------------------------------------------------------------------------
    def issue(self, key: str, marker: str, title: str, description: str, labels: list[str],
              due_date: str | None) -> dict:
        gl = self.rt.tracker

        def look(_since: datetime):
            for issue in gl.find_issues(labels=[labels[0]], search=marker):
                if marker in (issue.get("description") or ""):
                    return _issue_summary(issue)
            return None

        return self.once(key, lambda: _issue_summary(gl.create_issue(title, description, labels, due_date)), look)

    def issue_note(self, key: str, iid: int, body: str) -> dict:
        gl = self.rt.tracker

        def look(since: datetime):
            for note in gl.list_notes(iid):
                created = _parse_time(note.get("created_at"))
                if note.get("body", "").strip() == body.strip() and (created is None or created >= since):
                    return {"note_id": note.get("id")}
            return None

        return self.once(key, lambda: {"note_id": gl.create_note(iid, body).get("id")}, look)

    def close_issue(self, key: str, iid: int) -> dict:
        return self.once(key, lambda: {"state": self.rt.tracker.close_issue(iid).get("state")})

    # --- Slack ---------------------------------------------------------------------------------------------------
    def slack_post(self, key: str, text: str, blocks: list | None = None) -> dict:
        sl, channel = self.rt.slack, self.rt.settings.slack_channel
        metadata = {"event_type": "offering_migration", "event_payload": {"key": key}}

        def look(since: datetime):
            for msg in sl.history(sl.channel_id(channel), oldest=f"{since.timestamp():.6f}"):
                payload = (msg.get("metadata") or {}).get("event_payload") or {}
                if payload.get("key") == key:
                    return {"channel": sl.channel_id(channel), "ts": msg.get("ts")}
            return None

        def do():
            sent = sl.post_message(channel, text, blocks=blocks, metadata=metadata)
            return {"channel": sent.get("channel"), "ts": sent.get("ts")}

        return self.once(key, do, look)

    def slack_update(self, key: str, channel: str, ts: str, text: str, blocks: list | None = None) -> dict:
        return self.once(key, lambda: _summary(self.rt.slack.update_message(channel, ts, text, blocks=blocks)))


def _summary(result: Any) -> dict:
    if isinstance(result, dict):
        return {k: result.get(k) for k in ("id", "ts", "channel", "dry_run") if k in result}
    return {}


def _issue_summary(issue: dict) -> dict:
    return {"iid": issue.get("iid"), "web_url": issue.get("web_url"), "id": issue.get("id")}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
