"""Ingest benchmark: the bot's Zendesk webhook on the Procfile's server next to a bare Flask endpoint on the same one.

Run: .venv/bin/python benchmarks/bench_ingest.py [--seconds 8] [--rounds 3] [--connections 8] [--rate 200] [--soak 100000]
Everything runs on 127.0.0.1 with throwaway secrets and a temporary SQLite database.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET = "bench-zendesk-secret"
# The Procfile's web line (gunicorn with bot/web/gunicorn_conf.py: its worker class, workers, threads), bound to
# loopback; the bare endpoint runs on exactly the same server and settings, so the ratio compares like for like.
GUNICORN = ["-c", "python:bot.web.gunicorn_conf"]
BARE_APP = '''
from flask import Flask, Response, request
app = Flask(__name__)

@app.post("/webhooks/zendesk")
def hook():
    request.get_data()
    return Response('{"status": "accepted"}', status=202, mimetype="application/json")

@app.get("/healthz")
def healthz():
    return {"status": "ok"}
'''


# --- requests ---------------------------------------------------------------------------------------------------

def envelope(event_type: str, event: dict | None = None, detail: dict | None = None) -> dict:
    """A Zendesk event-subscription envelope of realistic size (~1 KB), ids as strings."""
    ticket = str(100_000 + int(uuid.uuid4().int % 900_000))
    return {"account_id": 12514403, "id": str(uuid.uuid4()), "type": f"zen:event-type:{event_type}",
            "subject": f"zen:ticket:{ticket}", "time": datetime.now(timezone.utc).isoformat(),
            "zendesk_event_version": "2022-11-06",
            "detail": detail or {"actor_id": "9001", "assignee_id": None, "brand_id": "8447346621310",
                                 "created_at": "2026-11-24T10:12:07Z", "description": "We are moving to SaaS",
                                 "group_id": "8447320466430", "id": ticket, "is_public": True,
                                 "organization_id": "501", "priority": "LOW", "requester_id": "9001",
                                 "status": "OPEN", "subject": "Moving from self-managed to SaaS",
                                 "submitter_id": "9001", "tags": ["sm_premium"], "type": "QUESTION",
                                 "updated_at": "2026-11-24T10:12:07Z", "via": {"channel": "web_service"}},
            "event": event if event is not None else {"meta": {"sequence": {"id": "abc", "position": 1}}}}


def signed(payload: dict) -> tuple[bytes, dict]:
    body = json.dumps(payload).encode()
    ts = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    sig = base64.b64encode(hmac.new(SECRET.encode(), ts.encode() + body, hashlib.sha256).digest()).decode()
    return body, {"Content-Type": "application/json", "X-Zendesk-Webhook-Signature-Timestamp": ts,
                  "X-Zendesk-Webhook-Signature": sig}


def irrelevant(i: int) -> dict:
    """Events no handler needs: staff comments (the bot's own included), tag and status changes, user events."""
    kind = i % 4
    if kind == 0:
        return envelope("ticket.comment_added", event={"comment": {
            "id": str(i), "body": "Internal note", "is_public": False, "author": {"id": "1", "is_staff": True}}})
    if kind == 1:
        return envelope("ticket.tags_changed", event={"tags": {"added": ["offering_migration"], "removed": []}})
    if kind == 2:
        return envelope("ticket.status_changed", event={"current": "PENDING", "previous": "OPEN"})
    return envelope("user.group_membership_created", detail={"id": str(i), "role": "end-user"},
                    event={"group": {"id": "1"}})


# --- processes ----------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app: str, port: int, env: dict, cwd: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "gunicorn", app, *GUNICORN, "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit(f"gunicorn {app} did not answer on port {port}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def rss_kib(master: int) -> dict[int, int]:
    """VmRSS of the gunicorn master and its workers, from /proc (no psutil needed)."""
    pids = [master]
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    out = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[pid] = int(line.split()[1])
        except FileNotFoundError:
            pass
    return out


class CountingServer(ThreadingHTTPServer):
    """Stands in for Zendesk, GitLab and Slack: answers 200 {} and counts every call."""

    daemon_threads = True
    calls = 0

    def __init__(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                server.calls += 1
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

            def log_message(self, *args):  # quiet
                pass

        super().__init__(("127.0.0.1", 0), Handler)


# --- load ----------------------------------------------------------------------------------------------------------

def post_all(port: int, requests: list, connections: int, rate: float | None = None,
             progress=None) -> tuple[list[tuple[int, float]], float]:
    """Send every request over keep-alive connections; closed loop, or open loop at `rate` per second.

    Open-loop latency counts from the scheduled send time, so a stalled server cannot hide its backlog.
    Returns [(status, seconds)] and the wall time.
    """
    results: list[tuple[int, float]] = [(0, 0.0)] * len(requests)
    lock = threading.Lock()
    cursor = [0]
    start = time.perf_counter()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                i = cursor[0]
                cursor[0] += 1
            if i >= len(requests):
                break
            body, headers = requests[i]
            t0 = time.perf_counter()
            if rate:
                t0 = start + i / rate
                delay = t0 - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            try:
                conn.request("POST", "/webhooks/zendesk", body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = -1
            results[i] = (status, time.perf_counter() - t0)
            if progress and i % 10_000 == 0:
                progress(i)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - start


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def summary(results, wall: float) -> dict:
    accepted = [lat for status, lat in results if status == 202]
    lat = [lat for status, lat in results if status > 0]
    return {"sent": len(results), "accepted": len(accepted), "errors": sum(1 for s, _ in results if s != 202),
            "eps": len(accepted) / wall, "p50": pct(lat, 50) * 1000, "p99": pct(lat, 99) * 1000,
            "max": max(lat, default=float("nan")) * 1000}


def saturate(port: int, seconds: float, connections: int) -> dict:
    """Closed-loop load for about `seconds`: a calibration burst sizes the request list."""
    post_all(port, [signed(envelope("ticket.created")) for _ in range(300)], connections)  # warm-up
    probe = [signed(envelope("ticket.created")) for _ in range(1000)]
    _, wall = post_all(port, probe, connections)
    n = max(1000, min(60_000, int(len(probe) / wall * seconds)))
    results, wall = post_all(port, [signed(envelope("ticket.created")) for _ in range(n)], connections)
    return summary(results, wall)


# --- main -------------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=8.0, help="length of each saturation run")
    ap.add_argument("--rounds", type=int, default=3, help="saturation rounds (bare and bot each); median ratio")
    ap.add_argument("--connections", type=int, default=8, help="keep-alive connections of the load generator")
    ap.add_argument("--rate", type=float, default=200.0, help="events/s of the fixed-rate run")
    ap.add_argument("--rate-seconds", type=float, default=10.0)
    ap.add_argument("--irrelevant", type=int, default=1000)
    ap.add_argument("--soak", type=int, default=0, help="post this many events and watch worker RSS (opt-in)")
    ap.add_argument("--database-url", help="an empty database to migrate and use (default: a temporary SQLite file)")
    args = ap.parse_args(argv)

    from bot.db.engine import make_engine, upgrade

    tmp = tempfile.mkdtemp(prefix="bench-ingest-")
    db_url = args.database_url or f"sqlite:///{tmp}/bench.db"
    upgrade(db_url)
    Path(tmp, "bare_app.py").write_text(BARE_APP)
    counter = CountingServer()
    threading.Thread(target=counter.serve_forever, daemon=True).start()
    fake = f"http://127.0.0.1:{counter.server_address[1]}"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp}", "DATABASE_URL": db_url,
           "ZENDESK_WEBHOOK_SECRET": SECRET, "GITLAB_WEBHOOK_TOKEN": "bench-gitlab-token",
           "SLACK_SIGNING_SECRET": "bench-slack-secret", "ZENDESK_URL": fake, "ZENDESK_EMAIL": "bot@example.com",
           "ZENDESK_API_TOKEN": "bench-api-token", "GITLAB_URL": fake, "GITLAB_TOKEN": "bench", "GITLAB_PROJECT": "1",
           "SLACK_API_URL": fake + "/api/", "SLACK_BOT_TOKEN": "xoxb-bench"}
    bot_port, bare_port = free_port(), free_port()
    bot = start_gunicorn("bot.web.wsgi:app", bot_port, env, tmp)
    bare = start_gunicorn("bare_app:app", bare_port, env, tmp)
    try:
        from bot.web import gunicorn_conf as conf

        print(f"database {db_url.split('://')[0]}; gunicorn {' '.join(GUNICORN)} ({conf.workers} x "
              f"{conf.worker_class}, {conf.threads} threads); {args.connections} keep-alive connections on 127.0.0.1; "
              f"{os.cpu_count()} CPUs shared by servers and load generator")
        # Rounds alternate which server goes first, so a drift in what else the machine is doing falls on both;
        # the verdict is the median of the per-round ratios.
        print(f"\n{'saturation (closed loop)':<34}{'sent':>8}{'202':>8}{'errors':>8}{'events/s':>10}"
              f"{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        ratios = []
        for r in range(1, args.rounds + 1):
            order = [("bare Flask endpoint", bare_port), ("bot /webhooks/zendesk", bot_port)]
            runs = {name: saturate(port, args.seconds, args.connections)
                    for name, port in (order if r % 2 else order[::-1])}
            for name, _ in order:
                s = runs[name]
                print(f"round {r}: {name:<25}{s['sent']:>8}{s['accepted']:>8}{s['errors']:>8}{s['eps']:>10.0f}"
                      f"{s['p50']:>9.1f}{s['p99']:>9.1f}{s['max']:>9.1f}")
            ratios.append(runs["bot /webhooks/zendesk"]["eps"] / runs["bare Flask endpoint"]["eps"])
        ratio = sorted(ratios)[len(ratios) // 2]
        print(f"throughput ratio bot/bare per round: {', '.join(f'{x:.2f}' for x in ratios)}; median {ratio:.2f}  "
              f"(goal >= 0.5: {'met' if ratio >= 0.5 else 'MISSED'})")

        n = int(args.rate * args.rate_seconds)
        fixed, wall = post_all(bot_port, [signed(envelope("ticket.created")) for _ in range(n)], 16, rate=args.rate)
        f = summary(fixed, wall)
        print(f"\nfixed rate {args.rate:.0f} events/s for {args.rate_seconds:.0f} s (open loop, latency from the "
              f"scheduled send): sent {f['sent']}, accepted {f['accepted']}, achieved {f['sent'] / wall:.0f}/s, "
              f"p50 {f['p50']:.1f} ms, p99 {f['p99']:.1f} ms, max {f['max']:.1f} ms  "
              f"(goal p99 < 50 ms: {'met' if f['p99'] < 50 else 'MISSED'})")

        before = counter.calls
        batch = [signed(irrelevant(i)) for i in range(args.irrelevant)]
        ids = [f"zendesk:{json.loads(body)['id']}" for body, _ in batch]
        results, _ = post_all(bot_port, batch, args.connections)
        engine = make_engine(db_url)
        from sqlalchemy import bindparam, text

        with engine.connect() as conn:
            statuses = dict(conn.execute(text("SELECT status, count(*) FROM inbox WHERE id IN :ids GROUP BY status")
                                         .bindparams(bindparam("ids", expanding=True)), {"ids": ids}).all())
        from bot.db import inbox

        pending = {r.id for r in inbox.pending(engine, limit=1_000_000)} & set(ids)
        engine.dispose()
        calls = counter.calls - before
        print(f"\nirrelevant events: posted {len(batch)}, answered 202: {sum(s == 202 for s, _ in results)}, "
              f"inbox statuses {statuses}, handed to the worker: {len(pending)}, "
              f"outbound calls seen by the fake Zendesk/GitLab/Slack: {calls}  "
              f"(goal 0: {'met' if calls == 0 and not pending else 'MISSED'})")

        if args.soak:
            soak(bot, bot_port, args.soak, args.connections)
    finally:
        stop(bot)
        stop(bare)
        counter.shutdown()
    return 0


def soak(bot: subprocess.Popen, port: int, total: int, connections: int) -> None:
    """Post `total` events in chunks and print the RSS of the gunicorn processes after each chunk."""
    print(f"\nsoak: {total} events; RSS (KiB) of gunicorn master and workers")
    chunk = max(1000, total // 10)
    first = rss_kib(bot.pid)
    print(f"{'events':>10}  {'events/s':>9}  rss per process")
    print(f"{0:>10}  {'':>9}  {first}")
    done = 0
    start = time.perf_counter()
    while done < total:
        n = min(chunk, total - done)
        results, wall = post_all(port, [signed(envelope("ticket.created")) for _ in range(n)], connections)
        done += n
        errors = sum(1 for s, _ in results if s != 202)
        print(f"{done:>10}  {n / wall:>9.0f}  {rss_kib(bot.pid)}" + (f"  errors {errors}" if errors else ""))
    last = rss_kib(bot.pid)
    growth = {pid: last.get(pid, 0) - first.get(pid, 0) for pid in first}
    print(f"soak done in {time.perf_counter() - start:.0f} s; RSS growth per process (KiB): {growth}")


if __name__ == "__main__":
    raise SystemExit(main())
