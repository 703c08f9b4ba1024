"""Worker overhead benchmark: what the worker spends per event that is not waiting on an API.

Run: .venv/bin/python benchmarks/bench_overhead.py [--db sqlite|postgres|both] [--workers 1,2] [--events 300]
     [--concurrency 8] [--latency 0.08] [--idle 8] [--mix 0.05]

Against the local sandbox (every API call answered after `--latency` seconds, added in the worker's HTTP adapter;
Zendesk's limits off and no ceiling in the bot, so no rate limit binds), with the real web app recording webhooks
and real `worker` processes, it prints per database and number of workers:
- idle: from the inbox row (the 202) to the first outbound call, and to the internal note of a migration ticket,
  for `--idle` tickets sent one at a time to an idle bot (median and max);
- drain: a backlog of `--events` new tickets (one org each, `--mix` of them migration tickets) recorded while no
  worker runs, then handed to the workers at once: events a second, API calls per event, each event's time in a
  worker slot (the workflow's body) and how much of it is not spent in API calls (the fixed overhead per event),
  and the workers' CPU time per event (start-up included).
PostgreSQL needs a server at BOT_TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/test).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
MIGRATION = ("Pipelines stuck on GitLab.com after moving off our self-managed server",
             "We moved from our self-managed instance to GitLab.com last week and now our pipelines are stuck. "
             "We still pay for self-managed Premium.")
ORDINARY = ("Gitaly CPU at 100%", "Our self-managed Gitaly node CPU is pegged at 100% during business hours.")


# --- the worker process -------------------------------------------------------------------------------------------

def child(stats_path: str, latency: float) -> None:
    """`migration-bot worker` with slow fake APIs and no rate ceiling; writes its API time to `stats_path`."""
    from requests.adapters import HTTPAdapter

    from bot import logs, metrics
    from bot.services.ratelimit import NullLimiter
    from bot.settings import Settings
    from bot.worker import loop
    from bot.worker.runtime import build_runtime

    from bot.worker import workflows

    logs.configure("text")
    settings = Settings.from_env(dotenv_path=None)
    api = {"seconds": 0.0, "calls": 0, "slots": []}
    lock = threading.Lock()
    mine = threading.local()

    def on_call(service, method, path, status, seconds):
        metrics.on_call(service, method, path, status, seconds)
        mine.api = getattr(mine, "api", 0.0) + seconds
        with lock:
            api["seconds"] += seconds
            api["calls"] += 1

    durably = workflows._durably

    def timed(what, *args, **kwargs):
        """An event's time in its worker slot (the workflow's body) and the part of it spent in API calls."""
        mine.api, began = 0.0, time.perf_counter()
        try:
            return durably(what, *args, **kwargs)
        finally:
            if what == "event":
                with lock:
                    api["slots"].append((time.perf_counter() - began, mine.api))

    workflows._durably = timed  # process_event looks it up when it runs

    class Slow(HTTPAdapter):
        def send(self, request, **kwargs):
            resp = super().send(request, **kwargs)
            time.sleep(latency)  # the vendor's answer time (after the call arrived: the sandbox logs the arrival)
            return resp

    rt = build_runtime(settings, limiter=NullLimiter())
    for client in (rt.zendesk, rt.gitlab, rt.slack):
        client.on_call = on_call
        client.session.mount("http://", Slow(pool_maxsize=32))
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    loop.run(rt, stop)
    Path(stats_path).write_text(json.dumps(api | {"cpu": time.process_time()}))


# --- the harness --------------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, db: str, workers: int, args):
        self.db, self.workers, self.args = db, workers, args
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-overhead-"))
        self.procs: list[subprocess.Popen] = []

    def start(self) -> "Bench":
        from bot.db.engine import upgrade
        from bot.settings import Settings
        from bot.web.app import create_app
        from sandbox.common import ServerThread
        from sandbox.runner import Sandbox
        from sandbox.stack import _Placeholder
        from sandbox.zendesk import ZendeskLimits

        self.url = self._database()
        upgrade(self.url)
        self.web = ServerThread(_Placeholder())
        from dataclasses import fields

        unlimited = ZendeskLimits(**{f.name: None for f in fields(ZendeskLimits) if f.name != "window"})
        self.sandbox = Sandbox(bot_url=self.web.url, zendesk_limits=unlimited).start()
        self.env = self.sandbox.env() | {"DATABASE_URL": self.url}
        self.web.server.app = create_app(Settings.from_env(self.env, dotenv_path=None))
        self.web.start()
        from sqlalchemy import create_engine

        self.engine = create_engine(self.url)
        return self

    def _database(self) -> str:
        if self.db == "sqlite":
            return f"sqlite:///{self.tmp / 'bot.db'}"
        import psycopg

        name = f"bench_overhead_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.pg_name = name
        return PG_URL.rsplit("/", 1)[0] + "/" + name

    def start_workers(self) -> None:
        env = os.environ | self.env | {"BOT_WORKER_CONCURRENCY": str(self.args.concurrency)}
        for n in range(self.workers):
            log = open(self.tmp / f"worker{n}.log", "w")
            self.procs.append(subprocess.Popen(
                [sys.executable, __file__, "--child", str(self.tmp / f"stats{n}.json"), "--latency",
                 str(self.args.latency)], env=env, cwd=self.tmp, stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # each worker identifies itself on start: one GET users/me
            me = [c for c in self.sandbox.controls("zendesk").calls.list() if c["path"] == "/api/v2/users/me"]
            if len(me) >= self.workers:
                break
            time.sleep(0.05)
        time.sleep(1.0)  # DBOS launched and polling

    def stop_workers(self) -> dict:
        for p in self.procs:
            p.send_signal(signal.SIGTERM)
        totals = {"seconds": 0.0, "calls": 0, "cpu": 0.0, "slots": []}
        for n, p in enumerate(self.procs):
            p.wait(60)
            stats = json.loads((self.tmp / f"stats{n}.json").read_text())
            totals = {k: totals[k] + stats[k] for k in totals}
        self.procs = []
        return totals

    def stop(self) -> None:
        for p in self.procs:
            p.kill()
        self.sandbox.stop()
        self.web.stop()
        self.engine.dispose()
        if self.db == "postgres":
            import psycopg

            with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    # -- driving -------------------------------------------------------------------------------------------------
    def zendesk(self, method: str, path: str, **body) -> dict:
        import requests

        auth = (f"{self.env['SANDBOX_ZENDESK_ADMIN_EMAIL']}/token", self.env["SANDBOX_ZENDESK_ADMIN_TOKEN"])
        resp = requests.request(method, f"{self.sandbox.zendesk_url}/api/v2/{path}", json=body, auth=auth, timeout=10)
        resp.raise_for_status()
        return resp.json()

    def ticket(self, subject: str, body: str, tags: list[str]) -> dict:
        org = self.zendesk("POST", "organizations", organization={"name": f"Org {uuid.uuid4().hex[:8]}",
                                                                   "tags": tags})["organization"]
        return self.zendesk("POST", "tickets", ticket={
            "subject": subject, "comment": {"body": body, "public": True}, "organization_id": org["id"],
            "requester": {"name": "Customer", "email": "customer@example.com"}})["ticket"]

    def row_time(self, ticket_id: int) -> float | None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            for received, payload in conn.execute(text(
                    "SELECT received_at, payload FROM inbox WHERE event_type = 'ticket.created'")):
                if str(json.loads(payload)["detail"]["id"]) == str(ticket_id):
                    return _epoch(received)
        return None

    def pending(self) -> int:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM inbox WHERE status IN ('new', 'queued')")).scalar()

    def wait_drained(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while self.pending() and time.monotonic() < deadline:
            time.sleep(0.05)

    def idle(self, count: int) -> dict:
        """Migration tickets one at a time: row -> first call, row -> internal note."""
        first, note = [], []
        bot = self.env["ZENDESK_EMAIL"]
        for _ in range(count):
            ticket = self.ticket(*MIGRATION, ["sm_premium", "emea"])
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                writes = [c for c in self.sandbox.controls("zendesk").calls.list()
                          if c.get("auth_user") == bot and c["method"] == "PUT"
                          and c["path"] == f"/api/v2/tickets/{ticket['id']}"]
                if writes:
                    break
                time.sleep(0.02)
            self.sandbox.wait_webhooks(10)
            self.wait_drained(60)
            row = self.row_time(ticket["id"])
            ours = [c for c in self.sandbox.controls("zendesk").calls.list(row) if c.get("auth_user") == bot]
            first.append(ours[0]["t"] - row)
            note.append(next(c["t"] for c in ours if c["method"] == "PUT") - row)
            time.sleep(0.7)  # idle again: the next ticket meets a waiting worker
        return {"first_call": first, "note": note}

    def drain(self, count: int) -> dict:
        """A backlog recorded while no worker runs, then handed over at once."""
        every = round(1 / self.args.mix) if self.args.mix > 0 else 0
        for n in range(count):
            if every and n % every == 0:
                self.ticket(*MIGRATION, ["sm_premium", "emea"])
            else:
                self.ticket(*ORDINARY, ["sm_ultimate", "amer"])
        self.sandbox.wait_webhooks(60)
        while True:  # every delivery recorded
            time.sleep(0.5)
            if self.sandbox.wait_webhooks(1):
                break
        backlog = self.pending()
        began = time.time()
        self.start_workers()
        self.wait_drained()
        api = self.stop_workers()
        from sqlalchemy import text

        with self.engine.connect() as conn:
            finished = sorted(t for t in (_epoch(r[0]) for r in conn.execute(text(
                "SELECT finished_at FROM inbox WHERE finished_at IS NOT NULL AND status = 'done'"))) if t >= began)
        span = finished[-1] - finished[0] if len(finished) > 1 else float("nan")
        slots = api["slots"] or [(float("nan"), float("nan"))]
        return {"events": backlog, "rate": (len(finished) - 1) / span if span else float("nan"),
                "calls_per_event": api["calls"] / max(1, len(finished)),
                "slot": statistics.mean(s for s, _ in slots), "api": statistics.mean(a for _, a in slots),
                "overhead_p90": sorted(s - a for s, a in slots)[int(len(slots) * 0.9)],
                "cpu": api["cpu"] / max(1, len(finished))}


def _epoch(value) -> float:
    from datetime import datetime, timezone

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (SQLite runs 1 only)")
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.08)
    parser.add_argument("--idle", type=int, default=8)
    parser.add_argument("--mix", type=float, default=0.05, help="share of migration tickets in the backlog "
                        "(1: every event waits on several API calls, so drain depends on the worker slots)")
    parser.add_argument("--child", metavar="STATS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.latency)
        return 0
    import logging

    logging.basicConfig(level=logging.WARNING)
    dbs = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    print(f"latency {args.latency * 1000:.0f} ms per call, BOT_WORKER_CONCURRENCY={args.concurrency}, "
          f"{args.events} events in the backlog, {args.mix:.0%} of them migration tickets")
    for db in dbs:
        for workers in (int(w) for w in args.workers.split(",")):
            if db == "sqlite" and workers > 1:
                continue  # one worker on SQLite (README)
            bench = Bench(db, workers, args).start()
            try:
                bench.start_workers()
                idle = bench.idle(args.idle)
                bench.stop_workers()
                drain = bench.drain(args.events)
            finally:
                bench.stop()
            print(f"{db:8} workers={workers}  idle: row->first call {_ms(idle['first_call'])}; "
                  f"row->note {_ms(idle['note'])}")
            print(f"{'':8}            drain: {drain['rate']:.1f} events/s, {drain['calls_per_event']:.2f} calls/event, "
                  f"slot {drain['slot'] * 1000:.0f} ms/event of which API {drain['api'] * 1000:.0f} ms, "
                  f"overhead {(drain['slot'] - drain['api']) * 1000:.0f} ms/event (p90 "
                  f"{drain['overhead_p90'] * 1000:.0f}); "
                  f"worker CPU {drain['cpu'] * 1000:.0f} ms/event")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
