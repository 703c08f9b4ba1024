"""Used only by the web tests: the inbox as the views left it, and the app on either database."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.db.engine import make_engine
from bot.settings import Settings
from bot.web.app import create_app
from tests.conftest import SECRETS


def inbox_rows(engine) -> list:
    """(id, status) of every recorded delivery, by id."""
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT id, status FROM inbox ORDER BY id")).all()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request):
    """A migrated database on SQLite and on PostgreSQL: a copy of the template migrated once per test process
    (migrated_sqlite_url, migrated_pg_url) instead of an Alembic run per test."""
    return request.getfixturevalue("migrated_sqlite_url" if request.param == "sqlite" else "migrated_pg_url")


@pytest.fixture
def any_db_engine(db_url):
    """A migrated database on SQLite and on PostgreSQL (the `db_url` parameters)."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def any_db_client(db_url, any_db_engine):
    """The web app on `any_db_engine`, with the test secrets."""
    return create_app(Settings(database_url=db_url, **SECRETS), engine=any_db_engine).test_client()
