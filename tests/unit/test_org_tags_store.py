"""Store's org-tag memory (bot/case/store.py) on SQLite and PostgreSQL: a cache whose writes never fail the event that
read the org, and which a read that started before the bot changed the org's tags can never refill."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker, upgrade

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    upgrade(url)
    engine = make_engine(url)
    yield Store(make_sessionmaker(engine))
    engine.dispose()


def test_a_read_is_kept_and_a_newer_one_replaces_it(store):
    store.remember_org_tags("501", ["sm_premium"], T0)
    store.remember_org_tags("501", ["saas_premium"], T0 + timedelta(seconds=5))
    assert store.org_tags_read_since("501", T0) == ["saas_premium"]
    assert store.org_tags_read_since("501", T0 + timedelta(seconds=6)) is None  # older than asked for


def test_an_older_read_never_replaces_a_newer_one(store):
    store.remember_org_tags("501", ["saas_premium"], T0 + timedelta(seconds=5))
    store.remember_org_tags("501", ["sm_premium"], T0)
    assert store.org_tags_read_since("501", T0) == ["saas_premium"]


def test_a_read_that_started_before_the_bots_change_cannot_refill_the_memory(store):
    store.remember_org_tags("501", ["sm_premium", "saas_ultimate"], T0)
    store.forget_org_tags("501", T0 + timedelta(seconds=10))  # the bot removes saas_ultimate
    assert store.org_tags_read_since("501", T0) is None
    # another worker's read began before the change and answers the old tags afterwards
    store.remember_org_tags("501", ["sm_premium", "saas_ultimate"], T0 + timedelta(seconds=9))
    assert store.org_tags_read_since("501", T0) is None
    store.remember_org_tags("501", ["sm_premium"], T0 + timedelta(seconds=11))  # a read after the change counts
    assert store.org_tags_read_since("501", T0) == ["sm_premium"]


def test_workers_remembering_the_same_org_at_once_never_fail(store):
    errors = []

    def remember(n: int):
        try:
            for i in range(10):
                store.remember_org_tags(f"9{i}", ["sm_premium"], T0 + timedelta(microseconds=n))
        except Exception as exc:  # noqa: BLE001 - any error is the finding
            errors.append(exc)

    threads = [threading.Thread(target=remember, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.org_tags_read_since("90", T0) == ["sm_premium"]


def test_an_org_id_no_row_can_hold_is_not_kept_and_raises_nothing(store):
    store.remember_org_tags("9" * 200, ["sm_premium"], T0)  # PostgreSQL refuses it: a cache miss, not an error
    assert store.org_tags_read_since("9" * 200, T0) in (None, ["sm_premium"])
