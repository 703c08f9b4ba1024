"""Executor slots: concurrent processes get distinct DBOS executor ids; a freed slot is taken again."""
from __future__ import annotations

import pytest

from bot.worker import executor
from bot.db.engine import make_engine


def test_slots_are_distinct_while_held_and_reused_when_freed(db_url):
    engines = [make_engine(db_url) for _ in range(3)]
    first, h1 = executor.claim(engines[0], "worker")
    second, h2 = executor.claim(engines[1], "worker")
    assert first != second and first.endswith("-worker-1") and second.endswith("-worker-2")
    executor.release(h1)  # the first worker died
    replacement, h3 = executor.claim(engines[2], "worker")
    assert replacement == first  # it recovers the dead worker's workflows, not the live one's
    oneshot, h4 = executor.claim(engines[0], "oneshot")
    assert oneshot.endswith("-oneshot-1")
    for handle in (h2, h3, h4):
        executor.release(handle)
    for e in engines:
        e.dispose()


def test_workflow_ids_sort_in_arrival_order_whatever_the_delivery_ids():
    """DBOS breaks enqueue-time ties (whole seconds on SQLite before Python 3.12) by workflow id."""
    from datetime import datetime, timezone

    from bot.worker.loop import workflow_id

    first = datetime(2027, 1, 5, 10, 0, 0, 120_000, tzinfo=timezone.utc)
    second = first.replace(microsecond=480_000)
    later_day = datetime(2027, 1, 6, 9, 0, 0, tzinfo=timezone.utc)
    ids = [workflow_id("evt", first, "slack:zz-first"), workflow_id("evt", second, "slack:aa-second"),
           workflow_id("evt", later_day, "slack:00-third")]
    assert sorted(ids) == ids
    assert workflow_id("evt", first, "slack:zz-first") == ids[0]  # stable: a re-hand-over joins the same workflow
    assert workflow_id("evt", first, "x", ":replay:1").endswith("x:replay:1")


def test_workflow_ids_do_not_depend_on_the_session_time_zone_and_interleave_kinds():
    from datetime import datetime, timedelta, timezone

    from bot.worker.loop import workflow_id

    utc = datetime(2027, 1, 5, 23, 59, 59, 900_000, tzinfo=timezone.utc)
    berlin = utc.astimezone(timezone(timedelta(hours=1)))
    assert workflow_id("evt", utc, "zendesk:1") == workflow_id("evt", berlin, "zendesk:1")
    assert workflow_id("evt", utc.replace(tzinfo=None), "zendesk:1") == workflow_id("evt", utc, "zendesk:1")
    # an event received before an action falls due runs first, whatever the kinds' names
    assert workflow_id("evt", utc, "gitlab:x") < workflow_id("act", utc + timedelta(seconds=0.1), 7)


@pytest.mark.parametrize("url, system", [
    ("sqlite:///bot.db", "bot.dbos.db"),
    ("sqlite+pysqlite:///data/bot.db", "data/bot.dbos.db"),    # never the application's own file
    ("sqlite:////tmp/my%20folder/bot.db", "/tmp/my folder/bot.dbos.db"),
])
def test_dbos_keeps_its_tables_in_a_sibling_sqlite_file(url, system):
    from sqlalchemy.engine import make_url

    from bot.db.engine import sqlite_file
    from bot.worker.workflows import system_database_url

    assert make_url(system_database_url(url)).database == system
    assert sqlite_file(system_database_url(url)) != sqlite_file(url)
