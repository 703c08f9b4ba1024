"""The Alembic revisions build exactly the tables bot/db/models.py declares (a model changed without a revision, or
a revision that drifted from its model, would only show on an operator's database)."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.db.engine import make_engine, upgrade
from bot.db.models import Base


@pytest.mark.parametrize("which", ["sqlite", "postgresql"])
def test_the_migrated_schema_is_the_models_schema(which, request):
    url = request.getfixturevalue("sqlite_url" if which == "sqlite" else "pg_url")
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []
