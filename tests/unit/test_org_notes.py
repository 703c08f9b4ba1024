"""SPEC "Observable behaviour" 4: org notes are one string with no version check. The bot appends its own line,
reads right before writing, reads again afterwards to confirm its line and the earlier text are there (re-appending
without losing a racing writer's text), and journals the value each write replaced."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from bot.case.effects import Effects
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker, upgrade
from bot.db.models import AuditEntry
from bot.settings import Settings

EARLIER = "Key account since 2019."
OURS = "Approved saas ultimate support until 2027-03-01 (https://gitlab.example/issues/1)"
AGENT = "Renewal call booked for Friday. -- Mia"


class Org:
    """A Zendesk organization whose notes one agent edits with a stale copy right after the bot's write."""

    dry_run = False

    def __init__(self, notes: str, race=None):
        self.notes, self.race, self.reads, self.writes = notes, race, 0, []

    def get_organization(self, org_id):
        self.reads += 1
        return {"id": org_id, "notes": self.notes}

    def update_organization(self, org_id, **fields):
        self.writes.append(fields["notes"])
        self.notes = fields["notes"]
        race, self.race = self.race, None
        if race:
            race(self)
        return {"id": org_id, "notes": self.notes}


@pytest.fixture
def rt(sqlite_url):
    upgrade(sqlite_url)
    sessions = make_sessionmaker(make_engine(sqlite_url))
    return SimpleNamespace(sessions=sessions, store=Store(sessions), settings=Settings(database_url=sqlite_url))


def journal(rt) -> list[dict]:
    with rt.sessions() as s:
        return [e.detail for e in s.scalars(sa.select(AuditEntry).where(AuditEntry.action == "org_note_write")
                                            .order_by(AuditEntry.id))]


def test_a_racing_stale_write_is_kept_and_our_line_appended_again(rt):
    # The agent loaded the notes before our write and saves after it: our line is gone, their line is new.
    rt.zendesk = Org(EARLIER, race=lambda org: setattr(org, "notes", f"{EARLIER}\n{AGENT}"))
    Effects(rt).org_note_line("case:1:org_note:approved", "501", OURS, case_id=1)
    assert rt.zendesk.notes.splitlines() == [EARLIER, AGENT, OURS]
    assert len(rt.zendesk.writes) == 2
    assert [j["replaced"] for j in journal(rt)] == [EARLIER, f"{EARLIER}\n{AGENT}"]


def test_a_plain_append_reads_before_and_after_and_journals_what_it_replaced(rt):
    rt.zendesk = Org(EARLIER)
    Effects(rt).org_note_line("case:1:org_note:approved", "501", OURS, case_id=1)
    assert rt.zendesk.notes == f"{EARLIER}\n{OURS}"
    assert rt.zendesk.writes == [f"{EARLIER}\n{OURS}"] and rt.zendesk.reads == 2
    assert journal(rt) == [{"org_id": "501", "key": "case:1:org_note:approved", "line": OURS, "replaced": EARLIER}]


def test_our_own_interrupted_write_is_not_repeated(rt):
    rt.zendesk = Org(f"{EARLIER}\n{OURS}")
    Effects(rt).org_note_line("case:1:org_note:approved", "501", OURS, case_id=1)
    assert rt.zendesk.writes == []
