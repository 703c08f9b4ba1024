"""Storage shared by both processes: engine and sessions, tables, the inbox, Alembic migrations."""
