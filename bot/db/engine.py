"""Database engine and sessions; SQLite runs in WAL mode so web and worker processes can share one file.
Also the operator's view of a DATABASE_URL: its spelling as platforms hand it out, its display without the password,
and one line saying why a database does not answer."""
from __future__ import annotations

import fcntl
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.errors import BotError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
CONNECT_TIMEOUT = 10  # seconds; an unreachable server fails a command or a request in seconds, not minutes


class DatabaseUnavailable(BotError):
    """The database cannot be used: it does not answer, refuses the connection, or (SQLite) is not there.
    The message is one line for the operator, password masked."""


def normalize_url(url: str) -> str:
    """`postgres://…` (as Heroku, Render and others hand it out; SQLAlchemy 1.4+ no longer reads it) becomes
    `postgresql://…`; any other URL is returned as it is."""
    return re.sub(r"^postgres(?=[+:])", "postgresql", url.strip())


def display_url(url: str) -> str:
    """The URL as it may be shown or logged: a password in it (user:password@ or ?password=) replaced by ***,
    the rest as given, also when the URL does not parse."""
    try:
        parts = urlsplit(url)
        if parts.password is not None:
            user, _, host = parts.netloc.rpartition("@")
            url = urlunsplit(parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}"))
    except ValueError:
        url = re.sub(r"(://[^/@:]*):[^@]*@", r"\1:***@", url)
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", url, flags=re.IGNORECASE)


def _engine_url(url: str) -> str:
    url = normalize_url(url)
    if url.startswith("postgresql://"):  # psycopg 3, whatever SQLAlchemy's default driver is
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def driver_problem(url: str) -> str | None:
    """Why no engine can be made for this URL (its driver is not installed), or None."""
    try:
        make_url(_engine_url(url)).get_dialect().import_dbapi()
    except ImportError as exc:
        return f"its driver is not installed ({getattr(exc, 'name', None) or exc})"
    except Exception:  # noqa: BLE001 - an unknown dialect: the caller names the URL as not usable
        return "not a database URL SQLAlchemy knows"
    return None


def sqlite_file(url: str) -> str | None:
    """The file of an SQLite DATABASE_URL (any driver spelling, %-escapes decoded); None for other databases and
    for an in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return parsed.database


def make_engine(url: str) -> Engine:
    """An engine for DATABASE_URL; psycopg 3 is the PostgreSQL driver."""
    url = _engine_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
            # Let SQLAlchemy's "begin" event below open transactions, not pysqlite's implicit BEGIN.
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # noqa: ANN001
            # BEGIN IMMEDIATE takes the write lock up front: no deadlock when two processes upgrade a read lock.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # connect_timeout: an unreachable server fails a request in seconds instead of holding its thread for minutes
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10,
                         connect_args={"connect_timeout": CONNECT_TIMEOUT})


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error."""
    with factory() as session:
        with session.begin():
            yield session


def require_existing(url: str) -> None:
    """Commands that only read or act on what is recorded must not create an empty SQLite file (run from another
    folder, `sqlite:///migration-bot.db` names a new one): raise DatabaseUnavailable when the file is not there."""
    path = sqlite_file(url)
    if path is not None and not os.path.exists(path):
        raise DatabaseUnavailable(f"no database at {os.path.abspath(path)} — run `migration-bot migrate` first, "
                                  f"or set DATABASE_URL")


def check_connection(url: str) -> None:
    """Connect once; raise DatabaseUnavailable with one line saying why when that fails. (An SQLite file that is not
    there is created: call require_existing first where that must not happen.)"""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - every failure to connect is told as one line
        raise DatabaseUnavailable(connection_problem(url, exc)) from None
    finally:
        engine.dispose()


def connection_problem(url: str, exc: BaseException) -> str:
    """One line: which database (password masked) and why it cannot be used, from a failed connection attempt."""
    shown = display_url(url)
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    # psycopg: 'connection failed: connection to server at "h", port 5432 failed: FATAL:  role "x" does not exist'
    text = re.sub(r"^connection failed: ", "", text)
    text = re.sub(r'^connection to server at "[^"]*"(?: \([^)]*\))?, port \d+ failed: ', "", text)
    text = re.sub(r"^(?:FATAL|ERROR): +", "", text)
    text = re.sub(r" Is the server running on that host and accepting TCP/IP connections\?$", "", text)
    lowered = text.lower()
    if "connection refused" in lowered:
        return f"database {shown} does not answer: connection refused"
    if "timeout expired" in lowered or "timed out" in lowered:
        return f"database {shown} does not answer: no answer within {CONNECT_TIMEOUT} s"
    password = _password(url)
    if password and len(password) >= 3:
        text = text.replace(password, "***")
    if any(words in lowered for words in ("resolve host", "translate host name", "network is unreachable",
                                          "no route to host")):
        return f"database {shown} does not answer: {text}"
    if url.startswith("sqlite"):
        return f"database {shown} cannot be opened: {text}"
    return f"database {shown} refused the connection: {text}"


def _password(url: str) -> str | None:
    try:
        return make_url(url).password
    except Exception:  # noqa: BLE001
        return None


def upgrade(url: str) -> None:
    """Bring the schema to the newest Alembic revision (the Procfile's release step). A database that cannot be
    reached raises DatabaseUnavailable (one line) before Alembic starts."""
    from alembic import command
    from alembic.config import Config

    check_connection(url)
    url = normalize_url(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    with _sqlite_migration_lock(url):
        command.upgrade(cfg, "head")


@contextmanager
def _sqlite_migration_lock(url: str) -> Iterator[None]:
    """`serve` and `worker` often start together on one SQLite file: one migrates, the other waits.
    (PostgreSQL takes an advisory lock inside the migration transaction instead.)"""
    path = sqlite_file(url)
    if path is None:
        yield
        return
    fd = os.open(f"{path}.migrate.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
