"""A case is born through the transition table like every later change; nothing else writes its state."""
from __future__ import annotations

import pytest

from bot.case.machine import InvalidTransition, State, Trigger
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker, upgrade

FACTS = dict(org_id="501", org_name="Crannock", paid="self_managed", target="saas", ticket_id="11",
             requester_id="7", reason="why", confidence=0.9, partner_managed=False, partner_name=None,
             level=None, target_date=None)


@pytest.fixture
def store(sqlite_url) -> Store:
    upgrade(sqlite_url)
    return Store(make_sessionmaker(make_engine(sqlite_url)))


@pytest.mark.parametrize("trigger, state", [(Trigger.DETECT_SURE, State.DETECTED),
                                            (Trigger.DETECT_UNSURE, State.AWAITING_CONFIRMATION)])
def test_the_first_state_comes_from_the_table(store, trigger, state):
    case, created = store.create_case(trigger=trigger, **FACTS)
    assert created and case.state == state


def test_a_trigger_that_cannot_start_a_case_is_refused(store):
    with pytest.raises(InvalidTransition):
        store.create_case(trigger=Trigger.CONFIRM, **FACTS)
    assert store.list_cases() == []


def test_state_cannot_be_written_around_the_table(store):
    case, _ = store.create_case(trigger=Trigger.DETECT_SURE, **FACTS)
    with pytest.raises(ValueError):
        store.update_case(case.id, state=State.APPROVED.value)
    with pytest.raises(ValueError):
        store.transition(case.id, Trigger.ASK_SENT, state=State.APPROVED.value)
    assert store.case(case.id).state == State.DETECTED
