"""SPEC "Observable behaviour" 6: a reminder whose day has passed when a later reminder or the expiry is also due is
dropped, so a worker or `run-due` that catches up late sends only what is still true."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace

import pytest

from bot.case.machine import Trigger
from bot.case.reminders import run_action
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker, upgrade
from bot.db.models import ScheduledAction
from bot.rules.loader import load_rules
from bot.settings import Settings

TARGET = date(2027, 3, 1)


class Tracker:
    def __init__(self):
        self.notes = []

    def create_note(self, iid, body):
        self.notes.append(body)
        return {"id": len(self.notes)}

    def list_notes(self, iid):
        return []


class Slack:
    def __init__(self):
        self.posts = []

    def post_message(self, channel, text, blocks=None, metadata=None):
        self.posts.append(text)
        return {"channel": "C1", "ts": str(len(self.posts))}

    def channel_id(self, channel):
        return "C1"

    def history(self, channel, oldest=None):
        return []


@pytest.fixture
def rt(sqlite_url):
    upgrade(sqlite_url)
    sessions = make_sessionmaker(make_engine(sqlite_url))
    store = Store(sessions)
    case, _ = store.create_case(org_id="501", org_name="Crannock", paid="self_managed", target="saas",
                                trigger=Trigger.DETECT_SURE, ticket_id="11", requester_id="7", reason="why",
                                confidence=0.9, partner_managed=False, partner_name=None, level=None,
                                target_date=None)
    store.transition(case.id, Trigger.ASK_SENT)
    store.transition(case.id, Trigger.REPLY_VALID, support_level="ultimate", target_date=TARGET)
    store.transition(case.id, Trigger.ISSUE_OPENED, issue_iid=1, issue_url="https://gitlab.example/issues/1")
    store.transition(case.id, Trigger.APPROVE, added_tag="saas_ultimate")
    store.transition(case.id, Trigger.ORG_TAGGED)
    store.transition(case.id, Trigger.TICKETS_ALIGNED)
    # Scheduled long before: every action exists and is pending.
    with sessions() as s:
        for kind, days in (("remind:7", 7), ("remind:1", 1), ("expire", 0)):
            s.add(ScheduledAction(case_id=case.id, kind=kind, target_date=TARGET, status="pending",
                                  run_after=datetime.combine(TARGET - timedelta(days=days), time(0),
                                                             tzinfo=timezone.utc)))
        s.commit()
    return SimpleNamespace(sessions=sessions, store=store, settings=Settings(database_url=sqlite_url),
                           rules=load_rules(), tracker=Tracker(), slack=Slack(), case_id=case.id, now=Clock())


class Clock:
    """rt.now(): the instant the worker (or `run-due --as-of`) believes it is."""

    at: datetime | None = None

    def __call__(self) -> datetime:
        return self.at


def action(rt, kind):
    return next(a for a in rt.store.actions(rt.case_id) if a.kind == kind)


def at(day: date) -> datetime:
    return datetime.combine(day, time(0, 5), tzinfo=timezone.utc)


def test_on_the_expiry_day_no_reminder_is_sent(rt):
    rt.now.at = at(TARGET)
    for kind in ("remind:7", "remind:1"):
        run_action(rt, action(rt, kind).id)
        assert action(rt, kind).status == "cancelled"
    assert rt.tracker.notes == [] and rt.slack.posts == []


def test_a_day_late_for_the_7_day_reminder_when_the_1_day_one_is_due_sends_only_that_one(rt):
    rt.now.at = at(TARGET - timedelta(days=1))
    run_action(rt, action(rt, "remind:7").id)
    run_action(rt, action(rt, "remind:1").id)
    assert rt.slack.posts and all("1 day left" in p for p in rt.slack.posts)
    assert not any("7 days left" in n for n in rt.tracker.notes)


def test_a_reminder_on_its_day_is_sent(rt):
    rt.now.at = at(TARGET - timedelta(days=7))
    run_action(rt, action(rt, "remind:7").id)
    assert action(rt, "remind:7").status == "done"
    assert len(rt.slack.posts) == 1 and "7 days left" in rt.slack.posts[0]


def test_a_batch_handed_over_together_drops_the_overtaken_reminder(rt):
    """run-due at the expiry instant queues all three at once: the reminders see the expiry queued too."""
    rt.now.at = at(TARGET - timedelta(days=30))  # the clock says nothing is due; the queue says otherwise
    with rt.sessions() as s:
        for a in s.query(ScheduledAction).filter(ScheduledAction.case_id == rt.case_id):
            a.status = "queued"
        s.commit()
    run_action(rt, action(rt, "remind:7").id)
    assert action(rt, "remind:7").status == "cancelled" and rt.slack.posts == []
