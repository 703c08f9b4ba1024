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
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from sqlalchemy.exc import IntegrityError

from bot.db.engine import transaction
from bot.db.models import Effect

log = logging.getLogger(__name__)
# Remote clocks and ours differ a little; a write found this long before the ledger's start still counts.
CLOCK_SKEW = timedelta(minutes=2)


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

    # --- Zendesk -------------------------------------------------------------------------------------------------
    def comment(self, key: str, ticket_id: str, body: str, public: bool) -> dict:
        zd = self.rt.zendesk

        def look(since: datetime):
            for c in zd.list_comments(ticket_id):
                created = _parse_time(c.get("created_at"))
                if (str(c.get("author_id")) == str(self.rt.zendesk_user_id) and c.get("body", "").strip() == body.strip()
                        and bool(c.get("public")) == public and (created is None or created >= since)):
                    return {"comment_id": c.get("id")}
            return None

        return self.once(key, lambda: _summary(zd.add_comment(ticket_id, body, public)), look)

    def ticket_tags(self, key: str, ticket_id: str, add: list[str], remove: list[str]) -> dict:
        """Set-like, so a repeat is harmless; the ledger only saves calls."""
        zd = self.rt.zendesk

        def do():
            if remove:
                zd.remove_ticket_tags(ticket_id, remove)
            if add:
                zd.add_ticket_tags(ticket_id, add)
            return {"added": add, "removed": remove}

        return self.once(key, do)

    def org_tag(self, key: str, org_id: str, tag: str, present: bool) -> dict:
        zd = self.rt.zendesk

        def do():
            if present:
                zd.add_organization_tags(org_id, [tag])
            else:
                zd.remove_organization_tags(org_id, [tag])
            return {"tag": tag, "present": present}

        return self.once(key, do)

    def org_note_line(self, key: str, org_id: str, line: str) -> dict:
        """Append one line to the org's notes (replaced as a whole by the API): read, append if absent, write."""
        zd = self.rt.zendesk

        def do():
            notes = zd.get_organization(org_id).get("notes") or ""
            lines = notes.rstrip().splitlines()
            # Only our own interrupted write can have put this exact line last; an equal line further up is an
            # earlier, separate event (e.g. a date moved back) and must not stop this one.
            if lines and lines[-1] == line:
                return {"line": line, "already": True}
            new = f"{notes.rstrip()}\n{line}" if notes.strip() else line
            zd.update_organization(org_id, notes=new)
            return {"line": line}

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
