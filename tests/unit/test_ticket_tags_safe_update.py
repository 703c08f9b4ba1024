"""SPEC "Observable behaviour" 5: ticket tag changes go out as removals and additions with Zendesk's safe_update and
the ticket's updated_stamp (its updated_at, read just before), and a 409 is answered by reading the ticket again, so
an agent's concurrent edit is never overwritten. A closed ticket (422) is skipped and the skip audited."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import responses
import sqlalchemy as sa

from bot.case.effects import Effects
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker, upgrade
from bot.db.models import AuditEntry
from bot.services.base import RetryPolicy
from bot.services.zendesk import ZendeskClient
from bot.settings import Settings

BASE = "http://127.0.0.1:9100/zd"
TICKET_URL = f"{BASE}/api/v2/tickets/4711"
TAGS_URL = f"{TICKET_URL}/tags"
CONFLICT = {"error": "UpdateConflict", "description": "Safe Update prevented the update due to outdated ticket data."}


def ticket(stamp: str, tags: list[str], status: str = "open") -> dict:
    return {"ticket": {"id": 4711, "status": status, "tags": tags, "updated_at": stamp, "organization_id": 361}}


@pytest.fixture
def rt(sqlite_url):
    upgrade(sqlite_url)
    sessions = make_sessionmaker(make_engine(sqlite_url))
    return SimpleNamespace(sessions=sessions, store=Store(sessions), settings=Settings(database_url=sqlite_url),
                           zendesk=ZendeskClient(BASE, "bot@example.com", "tok", retry=RetryPolicy.none()))


def bodies(method: str) -> list[dict]:
    return [json.loads(c.request.body) for c in responses.calls
            if c.request.method == method and c.request.url.endswith("/tags")]


@responses.activate
def test_tag_changes_are_safe_updates_and_a_conflict_is_read_again(rt):
    responses.get(TICKET_URL, json=ticket("2027-01-01T10:00:00Z", ["saas_ultimate", "sm_premium", "vip"]))
    responses.delete(TAGS_URL, status=409, json=CONFLICT)  # an agent saved the ticket meanwhile
    responses.get(TICKET_URL, json=ticket("2027-01-01T10:00:05Z", ["saas_ultimate", "sm_premium", "vip", "agent"]))
    responses.delete(TAGS_URL, json={"tags": ["sm_premium", "vip", "agent"]})
    responses.get(TICKET_URL, json=ticket("2027-01-01T10:00:06Z", ["sm_premium", "vip", "agent"]))
    Effects(rt).ticket_tags("align:1:4711:sm_premium", "4711", ["sm_premium"], ["saas_ultimate"], case_id=1)

    assert bodies("DELETE") == [
        {"tags": ["saas_ultimate"], "updated_stamp": "2027-01-01T10:00:00Z", "safe_update": True},
        {"tags": ["saas_ultimate"], "updated_stamp": "2027-01-01T10:00:05Z", "safe_update": True}]
    assert bodies("PUT") == []  # sm_premium was on the ticket already: nothing to add


@responses.activate
def test_an_addition_carries_the_stamp_read_after_the_removal(rt):
    responses.get(TICKET_URL, json=ticket("2027-01-01T10:00:00Z", ["saas_ultimate"]))
    responses.delete(TAGS_URL, json={"tags": []})
    responses.get(TICKET_URL, json=ticket("2027-01-01T10:00:01Z", []))
    responses.put(TAGS_URL, json={"tags": ["sm_premium"]})
    Effects(rt).ticket_tags("expire:1:4711", "4711", ["sm_premium"], ["saas_ultimate"], case_id=1)
    assert bodies("DELETE")[0]["updated_stamp"] == "2027-01-01T10:00:00Z"
    assert bodies("PUT") == [{"tags": ["sm_premium"], "updated_stamp": "2027-01-01T10:00:01Z", "safe_update": True}]


@responses.activate
def test_a_closed_ticket_is_skipped_and_audited(rt):
    responses.get(TICKET_URL, json=ticket("2027-01-01T10:00:00Z", ["saas_ultimate"], status="closed"))
    result = Effects(rt).ticket_tags("expire:1:4711", "4711", ["sm_premium"], ["saas_ultimate"], case_id=1)
    assert result["skipped"] == "closed"
    assert bodies("DELETE") == [] and bodies("PUT") == []
    with rt.sessions() as s:
        skipped = list(s.scalars(sa.select(AuditEntry).where(AuditEntry.action == "ticket_closed_skipped")))
    assert [(e.case_id, e.detail["ticket_id"]) for e in skipped] == [(1, "4711")]
