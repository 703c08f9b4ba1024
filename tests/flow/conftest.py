"""The in-process stack every flow test drives (sandbox.stack.Stack: the sandbox services, the bot's web app on a
real port, a worker thread, a real database) and the steps of a case that several flow files share."""
from __future__ import annotations

import json
import shutil
import uuid
from datetime import datetime, time, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.db import inbox
from bot.db.engine import make_engine, upgrade
from bot.db.models import InboxEvent
from bot.settings import Settings
from bot.worker import runtime, workflows
from sandbox.stack import Stack, in_days
from tests.conftest import MIGRATION, load_fixture, migrated_copy, require_pg, slack_body_and_headers


class FlowStack(Stack):
    """The sandbox Stack with a shorter quiet time: flow tests settle hundreds of times (a chain of events that
    moves on while Stack.settle looks is seen by its look at the webhooks queued meanwhile; the quiet time is three
    looks, 50 ms apart)."""

    def settle(self, quiet: float = 0.1, timeout: float = 30.0) -> None:
        super().settle(quiet, timeout)


def with_dbos_tables(url: str) -> None:
    """The bot's schema and DBOS's own tables, as a worker's first start leaves a database (DBOS creates its tables
    at its first launch: on PostgreSQL several seconds of the server's fsyncs, on SQLite most of a second)."""
    upgrade(url)
    engine = make_engine(url)
    try:
        workflows.launch(SimpleNamespace(engine=engine, settings=Settings(database_url=url)))
    finally:
        workflows.shutdown()
        engine.dispose()


def sqlite_dbos_file(url: str) -> Path:
    """Where DBOS keeps its tables beside a SQLite database."""
    return Path(make_url(workflows.system_database_url(url)).database)


@pytest.fixture(scope="session")
def dbos_template(tmp_path_factory, migrated_template) -> Path:
    """DBOS's tables for a SQLite database (its sibling *.dbos.db file), made once per test process and copied."""
    url = migrated_copy(migrated_template, f"sqlite:///{tmp_path_factory.mktemp('dbos-template') / 'bot.db'}")
    with_dbos_tables(url)
    path = sqlite_dbos_file(url)
    assert not path.with_name(path.name + "-wal").exists(), "the template must be complete in its one file"
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, pg_databases):
    """The flow tests' databases, as a worker's first start leaves them (the stack starts on a copy: the SQLite
    templates, or a PostgreSQL template made once per test process); a PostgreSQL one is dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"  # make_stack copies the templates there
        return
    require_pg()
    url = pg_databases.create(with_dbos_tables)
    yield url
    pg_databases.drop(url)


@pytest.fixture
def make_stack(tmp_path, migrated_template, dbos_template, rules, monkeypatch):
    """Start a Stack on a database URL (a SQLite file in tmp_path by default) with settings overrides; every stack
    started is stopped after the test. A new SQLite file starts as a copy of the migrated template, DBOS's file
    beside it as a copy of dbos_template, and a stack on the built-in rules gets them as loaded once per test
    process (the `rules` fixture) instead of loading and checking them again (half a second); a BOT_RULES file is
    still loaded by the stack."""
    started: list[Stack] = []
    load = runtime.load_rules
    monkeypatch.setattr(runtime, "load_rules", lambda path=None: load(path) if path else rules)

    def make(db_url: str | None = None, **overrides) -> Stack:
        url = db_url or f"sqlite:///{tmp_path / 'bot.db'}"
        if url.startswith("sqlite") and not Path(make_url(url).database).exists():
            migrated_copy(migrated_template, url)
            if not sqlite_dbos_file(url).exists():
                shutil.copyfile(dbos_template, sqlite_dbos_file(url))
        stack = FlowStack(url, **overrides).start()
        started.append(stack)
        return stack

    yield make
    for stack in reversed(started):
        stack.stop()


# The database fixture comes first: set up before make_stack, it is torn down after the stack has stopped.
@pytest.fixture
def stack(sqlite_url, make_stack):
    return make_stack(sqlite_url)


@pytest.fixture
def any_db_stack(db_url, make_stack):
    """The stack on SQLite and on PostgreSQL (the `db_url` parameters)."""
    return make_stack(db_url)


# --- reading what the bot did ---------------------------------------------------------------------------------

def midnight(day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def bot_writes(stack, service: str) -> list[dict]:
    """Calls with the bot's own credentials that change something on `service`."""
    who = {"zendesk": stack.env["ZENDESK_EMAIL"], "gitlab": stack.rt.gitlab_username}
    calls = stack.sandbox.controls(service).calls.list()
    if service == "slack":  # the Web API is all POST: writes are the chat.* methods
        return [c for c in calls if c["path"].rsplit("/", 1)[-1] in ("chat.postMessage", "chat.update",
                                                                       "chat.delete", "chat.postEphemeral")]
    return [c for c in calls if c["method"] in ("POST", "PUT", "DELETE", "PATCH") and c["auth_user"] == who[service]]


def issue_notes(stack, iid: int) -> list[dict]:
    notes = stack.gitlab("GET", f"issues/{iid}/notes")
    return [n for n in notes if n["author"]["username"] == stack.rt.gitlab_username]


def case_of(stack, ticket_id) -> object:
    return stack.rt.store.case_for_ticket(str(ticket_id))


def inbox_result(stack, event: dict) -> str:
    with stack.rt.engine.connect() as conn:
        return conn.execute(select(InboxEvent.result).where(InboxEvent.id == event["id"])).scalar_one()


# --- driving a case -------------------------------------------------------------------------------------------

def start_case(stack):
    """A migration ticket of a Self-Managed Premium org, detected and asked about: (org, ticket)."""
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea", "enterprise"],
                           notes="Key account since 2019.")
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    return org, ticket


def open_issue_case(stack, name: str = "Crannock Systems", org_tags=("sm_premium", "emea"), target_days: int = 40,
                    **org_extra):
    """A case up to an open Support Ops issue: (org, ticket, issue, target date)."""
    org, (ticket,), issue, target = open_issue_case_with_tickets(stack, 0, name, org_tags, target_days, **org_extra)
    return org, ticket, issue, target


def open_issue_case_with_tickets(stack, joined: int, name: str = "Crannock Systems", org_tags=("sm_premium", "emea"),
                                 target_days: int = 40, **org_extra):
    """The same, with `joined` more tickets of the org joining the case first: (org, [tickets], issue, target)."""
    org = stack.create_org(name, list(org_tags), notes="Key account since 2019.", **org_extra)
    tickets = [stack.create_ticket(org, *MIGRATION)]
    stack.settle()
    for n in range(joined):
        tickets.append(stack.create_ticket(org, *MIGRATION, requester=f"dev{n + 2}@example.com"))
        stack.settle()
    target = in_days(target_days)
    stack.reply(tickets[0], f"We'll buy Ultimate on GitLab.com. Migration target date: {target.isoformat()}.")
    stack.settle()
    issues = stack.issues()
    assert len(issues) == 1, issues
    return org, tickets, issues[0], target


def approve(stack, issue: dict) -> None:
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    stack.settle()


def post_interaction(stack, payload: dict) -> requests.Response:
    """Send a block_actions payload to the bot as Slack does (v0 signature)."""
    body, headers = slack_body_and_headers(payload, stack.env["SLACK_SIGNING_SECRET"])
    return requests.post(f"{stack.web.url}/slack/interactions", data=body, timeout=10, headers=headers)


def post_issue_hook(stack, issue: dict, project: dict, labels: list[str]) -> dict:
    """Deliver an Issue Hook for `issue` as GitLab would (tests/fixtures/gitlab/Issue Hook__approved.json with this
    issue's facts, `project` and `labels`), let the worker run, and return the recorded inbox row."""
    body = json.loads(load_fixture("gitlab/Issue Hook__approved"))
    body["project"] = project
    body["object_attributes"].update(iid=issue["iid"], due_date=issue["due_date"], url=issue["web_url"],
                                     description=issue["description"])
    body["labels"] = body["object_attributes"]["labels"] = [{"id": i, "title": t} for i, t in enumerate(labels)]
    delivery = str(uuid.uuid4())
    resp = requests.post(f"{stack.web.url}/webhooks/gitlab", data=json.dumps(body), timeout=10, headers={
        "Content-Type": "application/json", "X-Gitlab-Event": "Issue Hook", "X-Gitlab-Event-UUID": delivery,
        "X-Gitlab-Token": stack.env["GITLAB_WEBHOOK_TOKEN"]})
    assert resp.status_code == 202, resp.text
    stack.settle()
    return inbox.load(stack.rt.engine, f"gitlab:{delivery}")
