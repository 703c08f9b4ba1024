"""Worker benchmark: what the bot spends of Zendesk's API budget and how fast it gets through events and alignments.

Run: .venv/bin/python benchmarks/bench_worker.py [--quick] [--db sqlite,postgres] [--parts calls,drain,latency,idle,align]
     [--delay 0.08] [--account-limit 700] [--align 100,1000,5000]

Against the local sandboxes (sandbox/), each API answer held back by --delay seconds (as a remote service answers),
Zendesk's account ceiling of --account-limit requests a minute (Suite Enterprise: 700) and its per-endpoint limits
(Update Organization 5/min, Update Ticket 100/min, 30 queued jobs) enforced by the sandbox. The bot runs as it is
shipped: the web app (in this process) answers the webhooks, `migration-bot worker` processes run the events, with
the shipped default settings (BOT_RATE_LIMITS, BOT_WORKER_CONCURRENCY, BOT_POLL_INTERVAL). Prints:

- calls: Zendesk calls per ordinary ticket and per migration ticket (ticket.created events), each of a new org; and
  for an ordinary ticket the event alone cannot rule out (a SaaS failure of a SaaS-paying org), of a new org and of
  an org read lately (BOT_ORG_TAGS_TTL);
- drain: events per second one and two worker processes get through a burst (95% ordinary, 5% migration tickets);
- latency: seconds from the 202 to the internal note on a migration ticket, at a steady 5 events/s (5% migration);
- align: time and Zendesk calls to align an org's N open tickets after approval (half need a tag change);
- idle: the share of one core an idle worker process uses (20 s with no events and nothing due);
- gate (no services): on tests/data/fresh_*_tickets.jsonl, how many tickets the detector flags from their
  creation-time text with the org's real tags, how many of those the event alone would rule out (must be 0), and
  how many ordinary tickets it rules out without a call.

PostgreSQL: postgresql://postgres@127.0.0.1:5432 (trust auth; BOT_BENCH_PG_URL to change), a throwaway database per
run. The script imports the bot from the tree it sits in, so a copy placed in an older checkout measures that one.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bot.db.engine import make_engine, upgrade  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.web.app import create_app  # noqa: E402
from bot.web.signatures import sign_zendesk  # noqa: E402
from sandbox import zendesk_events  # noqa: E402
from sandbox.common import ServerThread  # noqa: E402
from sandbox.runner import Sandbox  # noqa: E402
from sandbox.zendesk import ZendeskLimits  # noqa: E402

PG_ADMIN = os.environ.get("BOT_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
ORDINARY = [("Gitaly CPU at 100%", "Our self-managed Gitaly node CPU is pegged at 100% during business hours. "
             "Top RPCs are from CI clones. Should we enable the pack-objects cache on our instance?"),
            ("Backup fails", "gitlab-backup create stops with 'No space left on device' on our instance."),
            ("Seats question", "How many seats do we have left on our subscription? Thanks"),
            ("LDAP sync slow", "The LDAP group sync on our server takes 40 minutes; can we make it faster?")]
MIGRATION = ("Pipelines stuck on GitLab.com after moving off our self-managed server",
             "Hi, we are migrating from our self-managed GitLab instance to GitLab.com (SaaS) and have moved our\n"
             "first group over to gitlab.com. Pipelines on gitlab.com now sit in pending: 'This job is stuck\n"
             "because you don't have any active runners'. How do we use the shared runners on GitLab.com?\n-- Jana")
SAAS_PROBLEM = ("Runners on our GitLab.com group", "Jobs in our GitLab.com group stay pending; the shared runners "
                "on gitlab.com never pick them up.")
SM_PROBLEM = ORDINARY[0]


class Delay:
    """Holds every API answer back, as a remote service's round trip does (the sandbox's controls are not)."""

    def __init__(self, app, seconds: float):
        self.app, self.seconds = app, seconds

    def __call__(self, environ, start_response):
        if "/api/" in environ.get("PATH_INFO", ""):
            time.sleep(self.seconds)
        return self.app(environ, start_response)


class Bench:
    """One sandbox, one database, the web app; worker processes started and stopped per measurement."""

    def __init__(self, db_url: str, delay: float, account_limit: int, worker_log: str | None = None):
        self.db_url, self.worker_log = db_url, worker_log
        self.sandbox = Sandbox(bot_url=None, zendesk_limits=ZendeskLimits(account=account_limit)).start()
        for app in self.sandbox._apps:
            app.wsgi_app = Delay(app.wsgi_app, delay)
        self.zd = self.sandbox.zendesk  # the ZendeskState: scenes are set up in process, without API calls
        self.zd_controls = self.sandbox.controls("zendesk")
        self.zd_controls.webhooks.configure(enabled=False)  # the benchmark sends the events itself
        self.env = self.sandbox.env() | {"DATABASE_URL": db_url}
        upgrade(db_url)
        self.settings = Settings.from_env(self.env, dotenv_path=None)
        self.web = ServerThread(create_app(self.settings)).start()
        self.engine = make_engine(db_url)
        self.http = requests.Session()
        self.workdir = tempfile.mkdtemp(prefix="bench-worker-")
        self.workers: list[subprocess.Popen] = []
        self.actor = self.zd.admin_user["id"]

    # --- scene ----------------------------------------------------------------------------------------------
    def org(self, tags: list[str]) -> dict:
        return self.zd.create_org({"name": f"Org {uuid.uuid4().hex[:10]}", "tags": tags})

    def ticket(self, org: dict, subject: str, body: str) -> dict:
        requester = {"name": "Dev", "email": f"{uuid.uuid4().hex[:8]}@customer.example"}
        ticket, _audit = self.zd.create_ticket({"subject": subject, "comment": {"body": body, "public": True},
                                                "organization_id": org["id"], "requester": requester}, self.actor)
        return ticket

    def post_created(self, ticket: dict) -> float:
        """Deliver the ticket.created event Zendesk would send; returns when the 202 arrived."""
        (envelope,) = zendesk_events.build_events(10000001, ticket, ticket["requester_id"], [("ticket.created", {})])
        body = json.dumps(envelope).encode()
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        resp = self.http.post(f"{self.web.url}/webhooks/zendesk", data=body, timeout=10, headers={
            "Content-Type": "application/json", "X-Zendesk-Webhook-Signature-Timestamp": stamp,
            "X-Zendesk-Webhook-Signature": sign_zendesk(self.env["ZENDESK_WEBHOOK_SECRET"], stamp, body)})
        assert resp.status_code == 202, resp.text
        return time.monotonic()

    # --- workers ----------------------------------------------------------------------------------------------
    def fresh_budgets(self) -> None:
        """Each measurement starts on a fresh minute: what an earlier one spent of Zendesk's per-minute limits (the
        sandbox's counters, the bot's shared ceilings in `rate_calls`) must not slow the next one down."""
        self.http.delete(f"{self.env['ZENDESK_URL']}/_sandbox/limits", timeout=10).raise_for_status()
        with self.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM rate_calls"))

    def start_workers(self, count: int) -> None:
        self.fresh_budgets()
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        code = "import sys; from bot.cli import main; sys.exit(main(['worker']))"
        for _ in range(count):
            log = open(self.worker_log, "ab") if self.worker_log else subprocess.DEVNULL  # noqa: SIM115
            self.workers.append(subprocess.Popen([sys.executable, "-c", code], cwd=self.workdir, env=env,
                                                 stdout=log, stderr=log))

    def stop_workers(self) -> None:
        for proc in self.workers:
            proc.terminate()
        for proc in self.workers:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.workers = []

    def unfinished(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM inbox WHERE status IN ('new', 'queued', 'running')"
                                        )).scalar_one()

    def wait_done(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.unfinished() == 0:
                return True
            time.sleep(0.05)
        return False

    def warm_up(self) -> None:
        """Workers started and ready (DBOS launched): one event through before anything is measured."""
        self.post_created(self.ticket(self.org(["sm_premium"]), *ORDINARY[1]))
        if not self.wait_done(120):
            raise SystemExit("the workers did not start")

    def bot_calls(self, service: str = "zendesk", since: float | None = None) -> list[dict]:
        who = self.env["ZENDESK_EMAIL"]
        return [c for c in self.sandbox.controls(service).calls.list(since)
                if (service != "zendesk" or c.get("auth_user") == who) and not c["path"].endswith("/users/me")]

    def bot_note(self, ticket_id: int) -> bool:
        bot = self.zd.bot_user["id"]
        with self.zd.lock:
            return any(c["author_id"] == bot and not c["public"] for c in self.zd._comments.get(ticket_id, []))

    def close(self) -> None:
        self.stop_workers()
        self.web.stop()
        self.sandbox.stop()
        self.engine.dispose()


# --- measurements -------------------------------------------------------------------------------------------------

def measure_calls(b: Bench, n: int) -> dict:
    b.start_workers(1)
    b.warm_up()
    out = {}
    for kind in ("ordinary", "migration"):
        since = time.time()
        for i in range(n):
            org = b.org(["sm_premium", "emea"])  # one org each: every migration ticket opens its own case
            b.post_created(b.ticket(org, *(ORDINARY[i % len(ORDINARY)] if kind == "ordinary" else MIGRATION)))
        b.wait_done(300)
        time.sleep(0.5)
        out[kind] = round(len(b.bot_calls("zendesk", since)) / n, 2)
    # A failure on SaaS from an org that pays for SaaS: no migration, but for an org paying for another offering it
    # would be one to ask about, so the event alone cannot rule it out and the org is read. Its later tickets are
    # ruled out with the tags read then (BOT_ORG_TAGS_TTL) while their copied level tags are the same.
    orgs = [b.org(["saas_premium", "emea"]) for _ in range(5)]
    since = time.time()
    for org in orgs:
        b.post_created(b.ticket(org, *SAAS_PROBLEM))
    b.wait_done(300)
    time.sleep(0.5)
    out["ordinary needing the org, new org"] = round(len(b.bot_calls("zendesk", since)) / len(orgs), 2)
    since = time.time()
    for i in range(n):
        b.post_created(b.ticket(orgs[i % len(orgs)], *SAAS_PROBLEM))
    b.wait_done(300)
    time.sleep(0.5)
    out["ordinary needing the org, org read before"] = round(len(b.bot_calls("zendesk", since)) / n, 2)
    b.stop_workers()
    return out


def measure_drain(b: Bench, workers: int, n: int) -> float:
    b.start_workers(workers)
    b.warm_up()
    tickets = [b.ticket(b.org(["sm_premium"]), *(MIGRATION if i % 20 == 0 else ORDINARY[i % len(ORDINARY)]))
               for i in range(n)]
    start = time.monotonic()
    for t in tickets:
        b.post_created(t)
    finished = b.wait_done(900)
    rate = n / (time.monotonic() - start)
    b.stop_workers()
    return round(rate, 1) if finished else float("nan")


def measure_latency(b: Bench, seconds: float, rate: float = 5.0) -> dict:
    b.start_workers(1)
    b.warm_up()
    pending: dict[int, float] = {}
    latencies: list[float] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set() or pending:
            for tid, at in list(pending.items()):
                if b.bot_note(tid):
                    latencies.append(time.monotonic() - at)
                    pending.pop(tid)
            time.sleep(0.02)
            if stop.is_set() and time.monotonic() > give_up:
                break

    give_up = float("inf")
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start, sent = time.monotonic(), 0
    while time.monotonic() - start < seconds:
        migration = sent % 20 == 0
        ticket = b.ticket(b.org(["sm_premium"]), *(MIGRATION if migration else ORDINARY[sent % len(ORDINARY)]))
        at = b.post_created(ticket)
        if migration:
            pending[ticket["id"]] = at
        sent += 1
        time.sleep(max(0.0, start + sent / rate - time.monotonic()))
    backlog = b.unfinished()
    give_up = time.monotonic() + 300
    stop.set()
    watcher.join()
    b.stop_workers()
    lat = sorted(latencies)
    pct = (lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))], 2)) if lat else (lambda q: None)
    return {"events": sent, "migration": len(lat) + len(pending), "median_s": pct(0.5), "p95_s": pct(0.95),
            "max_s": round(lat[-1], 2) if lat else None, "backlog_at_end": backlog, "never": len(pending)}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_idle(b: Bench, seconds: float) -> float:
    """Share of one core an idle worker process uses (no events, nothing due): its polling."""
    b.start_workers(1)
    try:
        time.sleep(8.0)  # start-up done (DBOS launched, models not loaded: nothing to judge)
        pid = b.workers[0].pid
        before = _cpu_seconds(pid)
        time.sleep(seconds)
        return round((_cpu_seconds(pid) - before) / seconds, 4)
    finally:
        b.stop_workers()


def measure_align(b: Bench, n: int) -> dict:
    """An approved case (self-managed premium org, saas ultimate added) whose org has n open tickets, half of them
    about SaaS (they change tags), half about self-managed (they keep theirs): align_open_tickets as the worker runs
    it, in this process, with the shipped clients and rate ceilings."""
    from bot.case.align import align_open_tickets
    from bot.case.effects import Effects
    from bot.case.machine import Trigger
    from bot.worker.runtime import build_runtime

    org = b.org(["sm_premium"])
    for i in range(n):
        b.ticket(org, *(SAAS_PROBLEM if i % 2 else SM_PROBLEM))
    b.zd.org_tags(org["id"], "add", ["saas_ultimate"])
    rt = build_runtime(b.settings)
    rt.identify()  # who the bot is (one users/me call, before the count starts)
    case, _ = rt.store.create_case(org_id=str(org["id"]), org_name=org["name"], paid="self_managed", target="saas",
                                   trigger=Trigger.DETECT_SURE, ticket_id="0", requester_id=None, reason="bench",
                                   confidence=1.0, partner_managed=False, partner_name=None, level="ultimate",
                                   target_date=date.today() + timedelta(days=40))
    for trigger in ("ask_sent", "reply_valid", "issue_opened", "approve", "org_tagged"):
        rt.store.transition(case.id, trigger)
    rt.store.update_case(case.id, added_tag="saas_ultimate")
    case = rt.store.case(case.id)
    since, start = time.time(), time.monotonic()
    align_open_tickets(rt, Effects(rt), case)
    took = time.monotonic() - start
    calls = len(b.bot_calls("zendesk", since))
    with b.zd.lock:
        wrong = sum(1 for t in b.zd.tickets.values() if t["organization_id"] == org["id"]
                    and ("saas_ultimate" in t["tags"]) == ("sm_premium" in t["tags"]))
    return {"tickets": n, "seconds": round(took, 1), "calls": calls, "calls_per_ticket": round(calls / n, 3),
            "misaligned": wrong}


def measure_gate() -> dict:
    """Recall of the zero-call rule: every ticket the detector flags at creation must be kept from the event."""
    from bot.case.tickets import could_be_migration
    from bot.judgement.detect import classify
    from bot.rules.loader import load_rules

    rules = load_rules(None)
    out = {"tickets": 0, "flagged_at_creation": 0, "flagged_ruled_out": 0, "labelled_true_no_comments": 0,
           "labelled_true_ruled_out": [], "recall_reading_everything": 0, "recall_from_the_event": 0,
           "labelled_false": 0, "labelled_false_ruled_out": 0}
    for path in sorted((ROOT / "tests" / "data").glob("fresh_*tickets.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            ticket = item["ticket"]
            out["tickets"] += 1
            seen = {"id": item["id"], "subject": ticket["subject"], "description": ticket["description"],
                    "tags": list(ticket.get("tags") or [])}
            kept = could_be_migration(seen, item["today"], rules)
            flagged = classify({**item, "ticket": {**ticket, "comments": []}}, rules)["outcome"] != "none"
            if flagged:
                out["flagged_at_creation"] += 1
                out["flagged_ruled_out"] += not kept
            if item["expect"]["offering_migration"]:
                if not ticket.get("comments"):
                    out["labelled_true_no_comments"] += 1
                    out["recall_reading_everything"] += flagged
                    out["recall_from_the_event"] += flagged and kept
                    if not kept:  # only ever one the detector misses with every read too
                        out["labelled_true_ruled_out"].append(item["id"])
            else:
                out["labelled_false"] += 1
                out["labelled_false_ruled_out"] += not kept
    for key in ("recall_reading_everything", "recall_from_the_event"):
        out[key] = round(out[key] / max(1, out["labelled_true_no_comments"]), 4)
    return out


def pg_database() -> tuple[str, callable]:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_ADMIN).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name, drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run: fewer events, 20 s of steady load, "
                                                             "100 and 1,000 tickets to align")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--parts", default="calls,drain,latency,idle,align,gate")
    parser.add_argument("--delay", type=float, default=0.08, help="seconds every API answer is held back")
    parser.add_argument("--account-limit", type=int, default=700, help="Zendesk requests a minute (account)")
    parser.add_argument("--align", default=None, help="open-ticket counts to align, e.g. 100,1000,5000")
    parser.add_argument("--worker-log", default=None, help="append the worker processes' output to this file")
    parser.add_argument("--jobs-seconds-per-ticket", type=float, default=0.01,
                        help="how long the sandbox's update_many jobs take per ticket")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    sizes = [int(x) for x in (args.align or ("100,1000" if args.quick else "100,1000,5000")).split(",")]
    n_calls, n_drain, steady = (10, 120, 20.0) if args.quick else (20, 300, 60.0)
    report: dict = {"delay_s": args.delay, "zendesk_account_limit_per_min": args.account_limit,
                    "quick": args.quick}
    if "gate" in parts:
        report["gate"] = measure_gate()
        print("gate:", report["gate"], flush=True)
    for db in (args.db.split(",") if parts - {"gate"} else []):
        drop = None
        if db == "postgres":
            url, drop = pg_database()
        else:
            url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-worker-db-')}/bot.db"
        b = Bench(url, args.delay, args.account_limit, args.worker_log)
        # An older sandbox has no job settings (and the bot there no bulk jobs): the answer is not checked.
        requests.post(f"{b.sandbox.zendesk_url}/_sandbox/jobs",
                      json={"seconds_per_task": args.jobs_seconds_per_ticket}, timeout=5)
        res: dict = {}
        try:
            if "calls" in parts and db == args.db.split(",")[0]:
                res["calls_per_ticket"] = measure_calls(b, n_calls)
                print(db, "calls per ticket:", res["calls_per_ticket"], flush=True)
            if "drain" in parts:
                for w in (1, 2):
                    res[f"drain_events_per_s_{w}_worker"] = measure_drain(b, w, n_drain)
                    print(db, f"drain with {w} worker(s):", res[f"drain_events_per_s_{w}_worker"], "events/s",
                          flush=True)
            if "latency" in parts:
                res["latency_202_to_note"] = measure_latency(b, steady)
                print(db, "202 -> internal note at 5 events/s:", res["latency_202_to_note"], flush=True)
            if "idle" in parts:
                res["idle_worker_core_share"] = measure_idle(b, 20.0)
                print(db, "idle worker, share of one core:", res["idle_worker_core_share"], flush=True)
            if "align" in parts and db == args.db.split(",")[0]:
                res["align"] = []
                for n in sizes:
                    res["align"].append(measure_align(b, n))
                    print(db, "align:", res["align"][-1], flush=True)
        finally:
            b.close()
            if drop:
                drop()
        report[db] = res
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
