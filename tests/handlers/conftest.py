"""A recording fake runtime for the handler tests (in the manner of bedevere's tests with a fake GitHub client).

`FakeRuntime` has what handlers/*.py and bot/case/*.py use of bot.worker.runtime.Runtime: settings, rules, a
real Store on a SQLite file (a copy of the migrated template), the bot's identities, a fixed clock, and fake
Zendesk, GitLab and Slack clients that keep canned data (tickets, orgs, comments, issues, label events, messages),
change it the way the services do, and RECORD every call with its arguments in one ordered list, `rt.calls`.

Events are the captured payloads in tests/fixtures/, turned into what the web view stores (bot.web.payloads decides
the event type and relevance, as the real view does) and dispatched through a handlers.routing.Router composed of
the handlers' own routers. No sandbox, no HTTP, no DBOS: each test runs in milliseconds.
"""
from __future__ import annotations

import copy
import json
import uuid
from datetime import datetime, timezone
from typing import Any, Callable, NamedTuple

import pytest

import handlers.gitlab
import handlers.slack
import handlers.zendesk
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker
from bot.errors import ApiConflict, ApiNotFound
from bot.settings import Settings
from bot.web.payloads import gitlab_delivery, slack_delivery, zendesk_delivery
from bot.worker.runtime import Runtime
from handlers.routing import Router
from tests.conftest import MIGRATION, SECRETS, load_fixture

ROUTER = Router(handlers.zendesk.router, handlers.gitlab.router, handlers.slack.router)

# The people and places the captured payloads in tests/fixtures/ name.
BOT_ZENDESK_ID = "7001"              # author of ticket.comment_added__bot_internal_note
BOT_GITLAB_USERNAME = "migration-bot"
REQUESTER_ID = "9001"                # requester of ticket 101, author of ticket.comment_added__requester_reply
ORG_ID, TICKET_ID = "501", "101"
ISSUE_IID = 12                        # the issue of Issue Hook__approved / __rejected
SUPPORT_OPS = "ops-reviewer"          # who labels that issue
DECIDER = "U0SUPPOPS1"                # who clicks in block_actions__confirm (listed in SLACK_DECIDERS)
CHANNEL_ID = "C0SUPPOPS1"             # #support_operations
ZENDESK_URL = "https://acme.zendesk.example"
GITLAB_URL, GITLAB_PROJECT = "https://gitlab.example", "support-ops/offering-migrations"
NOW = datetime(2026, 11, 24, 10, 15, tzinfo=timezone.utc)  # the day the captured events happened
FIRST_STAMP = "2026-11-24T10:12:07Z"  # ticket 101's updated_at before anyone writes

def stamp(n: int) -> str:
    """The updated_at the fake Zendesk gives a ticket at its n-th ticket write (comment or tags) of the test."""
    return f"2026-11-24T10:13:{n:02d}Z"


class Call(NamedTuple):
    """One recorded client call: "service.method", positional and keyword arguments."""

    name: str
    args: tuple = ()
    kwargs: dict = {}


class FakeService:
    """Records every call in the runtime's shared list; WRITES names the calls that change something."""

    service = ""
    WRITES: frozenset[str] = frozenset()
    SCENE: frozenset[str] = frozenset()  # helpers that set the canned data: no counterpart on the real client
    dry_run = False

    def __init__(self, calls: list[Call]):
        self.calls = calls

    def _record(self, method: str, *args: Any, **kwargs: Any) -> None:
        self.calls.append(Call(f"{self.service}.{method}", copy.deepcopy(args), copy.deepcopy(kwargs)))


class FakeZendesk(FakeService):
    service = "zendesk"
    WRITES = frozenset({"add_comment", "add_ticket_tags", "remove_ticket_tags", "set_ticket_tags",
                        "update_organization", "add_organization_tags", "remove_organization_tags"})
    SCENE = frozenset({"add_org", "add_ticket"})

    def __init__(self, calls: list[Call]):
        super().__init__(calls)
        self.tickets: dict[str, dict] = {}
        self.orgs: dict[str, dict] = {}
        self.comments: dict[str, list[dict]] = {}
        self._writes = 0

    # --- canned data (the scene a test sets; not recorded) ----------------------------------------------------
    def add_org(self, org_id: str, name: str, tags: list[str], notes: str = "", **fields: Any) -> dict:
        self.orgs[str(org_id)] = {"id": int(org_id), "name": name, "tags": list(tags), "notes": notes,
                                  "organization_fields": {}, **fields}
        return self.orgs[str(org_id)]

    def add_ticket(self, ticket_id: str, subject: str, description: str, org_id: str | None = ORG_ID,
                   requester_id: str = REQUESTER_ID, tags: list[str] | None = None, status: str = "open") -> dict:
        tags = list(tags) if tags is not None else list((self.orgs.get(str(org_id)) or {}).get("tags") or [])
        self.tickets[str(ticket_id)] = {
            "id": int(ticket_id), "subject": subject, "description": description, "status": status,
            "organization_id": int(org_id) if org_id else None, "requester_id": int(requester_id), "tags": tags,
            "updated_at": FIRST_STAMP}
        self.comments[str(ticket_id)] = [{"id": int(ticket_id) * 100, "author_id": int(requester_id),
                                          "body": description, "public": True, "created_at": FIRST_STAMP}]
        return self.tickets[str(ticket_id)]

    # --- what ZendeskClient offers ---------------------------------------------------------------------------------
    def me(self) -> dict:
        self._record("me")
        return {"id": int(BOT_ZENDESK_ID), "name": "Migration Bot", "role": "agent"}

    def get_ticket(self, ticket_id) -> dict:
        self._record("get_ticket", ticket_id)
        return copy.deepcopy(self._ticket(ticket_id))

    def list_comments(self, ticket_id) -> list[dict]:
        self._record("list_comments", ticket_id)
        self._ticket(ticket_id)
        return copy.deepcopy(self.comments[str(ticket_id)])

    def add_comment(self, ticket_id, body: str, public: bool) -> dict:
        self._record("add_comment", ticket_id, body, public)
        ticket = self._ticket(ticket_id)
        self.comments[str(ticket_id)].append({"id": len(self.comments[str(ticket_id)]) + int(ticket_id) * 100,
                                              "author_id": int(BOT_ZENDESK_ID), "body": body, "public": public,
                                              "created_at": self._bump(ticket)})
        return copy.deepcopy(ticket)

    def add_ticket_tags(self, ticket_id, tags, updated_stamp: str | None = None) -> list[str]:
        self._record("add_ticket_tags", ticket_id, list(tags), updated_stamp=updated_stamp)
        ticket = self._safe(ticket_id, updated_stamp)
        ticket["tags"] += [t for t in tags if t not in ticket["tags"]]
        self._bump(ticket)
        return list(ticket["tags"])

    def remove_ticket_tags(self, ticket_id, tags, updated_stamp: str | None = None) -> list[str]:
        self._record("remove_ticket_tags", ticket_id, list(tags), updated_stamp=updated_stamp)
        ticket = self._safe(ticket_id, updated_stamp)
        ticket["tags"] = [t for t in ticket["tags"] if t not in tags]
        self._bump(ticket)
        return list(ticket["tags"])

    def set_ticket_tags(self, ticket_id, tags, updated_stamp: str | None = None) -> list[str]:
        self._record("set_ticket_tags", ticket_id, list(tags), updated_stamp=updated_stamp)
        ticket = self._safe(ticket_id, updated_stamp)
        ticket["tags"] = list(tags)
        self._bump(ticket)
        return list(ticket["tags"])

    def get_organization(self, org_id) -> dict:
        self._record("get_organization", org_id)
        return copy.deepcopy(self._org(org_id))

    def update_organization(self, org_id, **fields: Any) -> dict:
        self._record("update_organization", org_id, **fields)
        org = self._org(org_id)
        org.update(copy.deepcopy(fields))
        return copy.deepcopy(org)

    def add_organization_tags(self, org_id, tags) -> list[str]:
        self._record("add_organization_tags", org_id, list(tags))
        org = self._org(org_id)
        org["tags"] += [t for t in tags if t not in org["tags"]]
        return list(org["tags"])

    def remove_organization_tags(self, org_id, tags) -> list[str]:
        self._record("remove_organization_tags", org_id, list(tags))
        org = self._org(org_id)
        org["tags"] = [t for t in org["tags"] if t not in tags]
        return list(org["tags"])

    def list_organization_tickets(self, org_id) -> list[dict]:
        self._record("list_organization_tickets", org_id)
        return [copy.deepcopy(t) for t in self.tickets.values() if str(t["organization_id"]) == str(org_id)]

    def ticket_url(self, ticket_id) -> str:
        return f"{ZENDESK_URL}/agent/tickets/{ticket_id}"  # a link, not a call

    # --- how Zendesk behaves ---------------------------------------------------------------------------------------
    def _ticket(self, ticket_id) -> dict:
        if str(ticket_id) not in self.tickets:
            raise ApiNotFound("zendesk", 404, "RecordNotFound; Not found")
        return self.tickets[str(ticket_id)]

    def _org(self, org_id) -> dict:
        if str(org_id) not in self.orgs:
            raise ApiNotFound("zendesk", 404, "RecordNotFound; Not found")
        return self.orgs[str(org_id)]

    def _safe(self, ticket_id, updated_stamp: str | None) -> dict:
        """Zendesk's safe_update: a stamp older than the ticket's updated_at is refused with 409."""
        ticket = self._ticket(ticket_id)
        if updated_stamp is not None and updated_stamp != ticket["updated_at"]:
            raise ApiConflict("zendesk", 409, "UpdateConflict")
        return ticket

    def _bump(self, ticket: dict) -> str:
        """Every ticket write gives the ticket a new updated_at, stamp(1), stamp(2), ... counted over all tickets."""
        self._writes += 1
        ticket["updated_at"] = stamp(self._writes)
        return ticket["updated_at"]


class FakeGitLab(FakeService):
    service = "gitlab"
    WRITES = frozenset({"create_issue", "edit_issue", "close_issue", "create_note"})
    SCENE = frozenset({"label_by"})

    def __init__(self, calls: list[Call], first_iid: int = ISSUE_IID):
        super().__init__(calls)
        self.issues: dict[int, dict] = {}
        self.notes: dict[int, list[dict]] = {}
        self.events: dict[int, list[dict]] = {}
        self.next_iid = first_iid

    # --- canned data: what Support Ops does in GitLab (not recorded) --------------------------------------------
    def label_by(self, iid: int, label: str, user: str = SUPPORT_OPS) -> None:
        """`user` adds `label` to the issue (GitLab keeps a label event saying who)."""
        self.issues[iid]["labels"].append(label)
        self.events[iid].append({"id": 900 + len(self.events[iid]), "action": "add", "label": {"name": label},
                                 "user": {"username": user}})

    # --- what GitLabClient (the Tracker) offers -----------------------------------------------------------------------
    def current_user(self) -> dict:
        self._record("current_user")
        return {"id": 2, "username": BOT_GITLAB_USERNAME}

    def create_issue(self, title: str, description: str, labels: list[str], due_date: str | None) -> dict:
        self._record("create_issue", title, description, list(labels), due_date)
        iid, self.next_iid = self.next_iid, self.next_iid + 1
        self.issues[iid] = {"id": 300 + iid, "iid": iid, "title": title, "description": description,
                            "labels": list(labels), "due_date": due_date, "state": "opened",
                            "web_url": self.issue_url(iid)}
        self.notes[iid], self.events[iid] = [], []
        return copy.deepcopy(self.issues[iid])

    def find_issues(self, *, labels: list[str] | None = None, search: str | None = None,
                    state: str = "all") -> list[dict]:
        self._record("find_issues", labels=labels, search=search, state=state)
        return [copy.deepcopy(i) for i in self.issues.values()
                if set(labels or []) <= set(i["labels"]) and (not search or search in i["description"])
                and state in ("all", i["state"])]

    def get_issue(self, iid) -> dict:
        self._record("get_issue", iid)
        return copy.deepcopy(self._issue(iid))

    def label_events(self, iid) -> list[dict]:
        self._record("label_events", iid)
        self._issue(iid)
        return copy.deepcopy(self.events[int(iid)])

    def edit_issue(self, iid, **fields: Any) -> dict:
        self._record("edit_issue", iid, **fields)
        issue = self._issue(iid)
        for key in ("title", "description", "due_date"):
            if key in fields:
                issue[key] = fields[key]
        issue["labels"] += [x for x in fields.get("add_labels") or [] if x not in issue["labels"]]
        issue["labels"] = [x for x in issue["labels"] if x not in (fields.get("remove_labels") or [])]
        if fields.get("state_event") == "close":
            issue["state"] = "closed"
        return copy.deepcopy(issue)

    def close_issue(self, iid) -> dict:
        self._record("close_issue", iid)
        issue = self._issue(iid)
        issue["state"] = "closed"
        return copy.deepcopy(issue)

    def list_notes(self, iid) -> list[dict]:
        self._record("list_notes", iid)
        self._issue(iid)
        return copy.deepcopy(self.notes[int(iid)])

    def create_note(self, iid, body: str) -> dict:
        self._record("create_note", iid, body)
        self._issue(iid)
        note = {"id": 500 + len(self.notes[int(iid)]), "body": body, "author": {"username": BOT_GITLAB_USERNAME},
                "created_at": NOW.isoformat()}
        self.notes[int(iid)].append(note)
        return copy.deepcopy(note)

    def issue_url(self, iid) -> str:
        return f"{GITLAB_URL}/{GITLAB_PROJECT}/-/issues/{iid}"  # a link, not a call

    def _issue(self, iid) -> dict:
        if int(iid) not in self.issues:
            raise ApiNotFound("gitlab", 404, "404 Issue Not Found")
        return self.issues[int(iid)]


class FakeSlack(FakeService):
    service = "slack"
    WRITES = frozenset({"post_message", "update_message", "post_ephemeral", "respond"})

    def __init__(self, calls: list[Call]):
        super().__init__(calls)
        self.messages: list[dict] = []

    def post_message(self, channel: str, text: str, blocks: list | None = None, metadata: dict | None = None,
                     thread_ts: str | None = None) -> dict:
        self._record("post_message", channel, text, blocks=blocks, metadata=metadata)
        message = {"ts": f"1795500728.{len(self.messages) + 1:06d}", "text": text, "blocks": blocks,
                   "metadata": metadata}
        self.messages.append(message)
        return {"ok": True, "channel": CHANNEL_ID, "ts": message["ts"], "message": copy.deepcopy(message)}

    def update_message(self, channel: str, ts: str, text: str, blocks: list | None = None) -> dict:
        self._record("update_message", channel, ts, text, blocks=blocks)
        message = next(m for m in self.messages if m["ts"] == ts)
        message.update(text=text, blocks=blocks)
        return {"ok": True, "channel": CHANNEL_ID, "ts": ts, "text": text}

    def post_ephemeral(self, channel: str, user: str, text: str) -> dict:
        self._record("post_ephemeral", channel, user, text)
        return {"ok": True, "message_ts": "1795500799.000001"}

    def respond(self, response_url: str, payload: dict) -> None:
        self._record("respond", response_url, payload)

    def history(self, channel: str, oldest: str | None = None, limit: int = 200) -> list[dict]:
        self._record("history", channel, oldest=oldest)
        return copy.deepcopy(list(reversed(self.messages)))

    def channel_id(self, channel: str) -> str:
        return CHANNEL_ID  # the real client resolves the name once and keeps it


class FakeRuntime(Runtime):
    """The real Runtime with recording fakes for the three services; `calls` is every client call, in order."""

    def __init__(self, settings: Settings, rules, clock: Callable[[], datetime] = lambda: NOW):
        engine = make_engine(settings.database_url)
        sessions = make_sessionmaker(engine)
        self.calls: list[Call] = []
        super().__init__(settings=settings, rules=rules, engine=engine, sessions=sessions,
                         store=Store(sessions, dry_run=settings.dry_run), zendesk=FakeZendesk(self.calls),
                         gitlab=FakeGitLab(self.calls), slack=FakeSlack(self.calls), clock=clock,
                         zendesk_user_id=BOT_ZENDESK_ID, gitlab_username=BOT_GITLAB_USERNAME)

    # --- reading the record ---------------------------------------------------------------------------------------
    def writes(self) -> list[Call]:
        """The recorded calls that change something, in order."""
        services = {"zendesk": self.zendesk, "gitlab": self.gitlab, "slack": self.slack}
        return [c for c in self.calls if c.name.split(".")[1] in services[c.name.split(".")[0]].WRITES]

    def forget_calls(self) -> None:
        """Start recording afresh (after a test has set the scene through earlier events)."""
        self.calls.clear()


@pytest.fixture
def rt(migrated_sqlite_url, rules):
    """The runtime with Crannock Systems (org 501, Self-Managed Premium) and its migration ticket 101."""
    settings = Settings(database_url=migrated_sqlite_url, zendesk_url=ZENDESK_URL, gitlab_url=GITLAB_URL,
                        gitlab_project=GITLAB_PROJECT, slack_deciders=(DECIDER,), **SECRETS)
    runtime = FakeRuntime(settings, rules)
    runtime.zendesk.add_org(ORG_ID, "Crannock Systems", ["sm_premium", "emea"], notes="Key account since 2019.")
    runtime.zendesk.add_ticket(TICKET_ID, *MIGRATION)
    yield runtime
    runtime.engine.dispose()


def event(name: str, edit: Callable[[dict], object] | None = None) -> dict:
    """The captured payload tests/fixtures/<name>.json (changed by `edit`), as the web view records it and the
    worker loads it: {"id", "source", "event_type", "payload", "relevant"}."""
    source = name.split("/", 1)[0]
    payload = json.loads(load_fixture(name))
    if edit is not None:
        edit(payload)
    if source == "zendesk":
        delivery = zendesk_delivery(payload)
    elif source == "gitlab":
        raw = json.dumps(payload).encode()
        delivery = gitlab_delivery(payload, name.split("/", 1)[1].split("__")[0], str(uuid.uuid4()), raw)
    else:
        delivery = slack_delivery(payload)
    return {"id": delivery.delivery_id, "source": source, "event_type": delivery.event_type, "payload": payload,
            "relevant": delivery.relevant}


def as_zendesk_sends_it(rt, ev: dict) -> dict:
    """A ticket event's `detail` is the ticket as it is at that moment (subject, description, tags, requester,
    organization): the captured payload's placeholder text is replaced by the fake ticket's, as Zendesk would."""
    detail = ev["payload"].get("detail") or {}
    ticket = rt.zendesk.tickets.get(str(detail.get("id")))
    if ev["source"] == "zendesk" and ticket is not None:
        detail.update(subject=ticket["subject"], description=ticket["description"], tags=list(ticket["tags"]),
                      requester_id=str(ticket["requester_id"]),
                      organization_id=None if ticket["organization_id"] is None else str(ticket["organization_id"]))
    return ev


@pytest.fixture
def dispatch(rt):
    """Run an event through the handlers' routers: dispatch(name, edit=None) -> the handlers' results. A ticket
    event's detail is made to match the fake Zendesk's ticket first, as Zendesk sends it."""
    def run(name_or_event: str | dict, edit: Callable[[dict], object] | None = None) -> list:
        ev = event(name_or_event, edit) if isinstance(name_or_event, str) else name_or_event
        return ROUTER.dispatch(rt, as_zendesk_sends_it(rt, ev))
    return run
