"""The web process: gunicorn runs the worker processes, and each worker serves HTTP with waitress.

gunicorn's own thread worker hands a connection to an application thread as soon as its headers have arrived; the
thread then waits for the body, so a few clients trickling their bodies hold every thread and /healthz and the
webhooks go unanswered. waitress reads every request whole in one asynchronous I/O loop and gives a thread only
complete requests ("When a channel determines the client has sent at least one full valid HTTP request, it
schedules a task"; "Worker threads never do any I/O", waitress docs, Design), so slow clients cost a connection
and a buffer each, never a thread. gunicorn keeps what it is good at: WEB_CONCURRENCY worker processes on one
socket, restarts, signals, and the hook that keeps the Prometheus multiprocess counters right.

`migration-bot serve` (serve below) and the Procfile's `web` line (`gunicorn -c python:bot.web.gunicorn_conf`) run
the same worker with the same settings, both taken from bot.web.gunicorn_conf.
"""
from __future__ import annotations

import json
import logging
import os
import resource
import tempfile
import time

from gunicorn.app.base import BaseApplication
from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

# waitress settings on top of those gunicorn already has (threads, worker_connections, graceful_timeout).
CHANNEL_TIMEOUT = 60  # seconds a connection may stay silent (no byte in or out) before it is closed
CLEANUP_INTERVAL = 10  # seconds between looks for such connections
MAX_HEADER_BYTES = 65536
# A request body beyond this is buffered in a temporary file instead of memory (waitress inbuf_overflow; its default
# is 512 KiB): a thousand stalled half-sent bodies then cost at most 64 MiB of memory. Webhooks are a few KiB.
INBUF_IN_MEMORY = 65536


class WaitressWorker(Worker):
    """A gunicorn worker whose HTTP server is waitress, on the sockets gunicorn bound and shares among workers."""

    def run(self) -> None:
        settings = getattr(self.wsgi, "config", {}).get("SETTINGS")
        max_body = getattr(settings, "max_body_bytes", 1_000_000)
        for listener in self.sockets:
            listener.setblocking(False)
        sock_map: dict = {}
        server = create_server(
            self.wsgi, map=sock_map, sockets=[listener.sock for listener in self.sockets],
            threads=self.cfg.threads, connection_limit=connection_limit(self.cfg.worker_connections),
            # poll(), not select(): select() cannot watch descriptors numbered 1024 and above
            asyncore_use_poll=True, channel_timeout=CHANNEL_TIMEOUT, cleanup_interval=CLEANUP_INTERVAL,
            max_request_header_size=MAX_HEADER_BYTES, inbuf_overflow=INBUF_IN_MEMORY,
            # Above the app's own limit, so that the app answers its JSON 413 for every body it refuses; a body
            # declared larger still is refused by waitress (a JSON 413, JsonErrorTask) before a byte of it is buffered.
            max_request_body_size=2 * max_body + 1,
            ident="migration-bot", expose_tracebacks=False, **proxy_trust(self.cfg.forwarded_allow_ips))
        use_json_errors(sock_map, max_body)
        # waitress warns "Task queue depth is N" for every request that waits for a thread: a line per request
        # under load, and the wait is visible in the request latency anyway.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        _Wakeup(self.PIPE[0], sock_map)  # a signal wakes the loop at once (gunicorn's wake-up fd)
        self.log.info("waitress serving with %d threads, at most %d connections", self.cfg.threads,
                      server.adj.connection_limit)
        checked = 0.0
        try:
            while self.alive:
                now = time.monotonic()
                if now - checked >= 1.0:  # the loop turns once per I/O event: tell the arbiter once a second
                    checked = now
                    self.notify()
                    if self.ppid != os.getppid():
                        self.log.info("parent changed, shutting down: %s", self)
                        break
                wasyncore.loop(timeout=1.0, map=sock_map, use_poll=True, count=1)
            self._drain(sock_map)
        finally:
            server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
            wasyncore.close_all(sock_map)

    def _drain(self, sock_map: dict) -> None:
        """Stop accepting, then let requests already read finish and their answers go out (graceful_timeout)."""
        for dispatcher in list(sock_map.values()):
            if getattr(dispatcher, "accepting", False):
                dispatcher.accepting = False
        deadline = time.monotonic() + self.cfg.graceful_timeout
        while time.monotonic() < deadline:
            busy = [c for c in sock_map.values() if getattr(c, "requests", None) or getattr(c, "total_outbufs_len", 0)]
            if not busy:
                return
            self.notify()
            wasyncore.loop(timeout=0.1, map=sock_map, use_poll=True, count=1)


class JsonErrorTask(ErrorTask):
    """The answer waitress gives itself, before the app sees a request (a body declared beyond
    max_request_body_size, a malformed request line, header or Content-Length), in the app's error shape
    `{"error": ..., "details": [...]}` instead of waitress's plain text: every error on any path is JSON."""

    max_body = 1_000_000  # the app's own limit, named in the 413 so it says the same as the app's 413

    def execute(self) -> None:
        error = self.request.error
        message = (f"body larger than {self.max_body} bytes" if error.code == 413 else error.reason.lower())
        body = json.dumps({"error": message, "details": [str(error.body)]}).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


def use_json_errors(sock_map: dict, max_body: int) -> None:
    """Make every listening server in `sock_map` answer its own errors as JSON (JsonErrorTask)."""
    task = type("JsonErrorTask", (JsonErrorTask,), {"max_body": max_body})
    channel = type("JsonErrorChannel", (HTTPChannel,), {"error_task_class": task})
    for dispatcher in list(sock_map.values()):
        if hasattr(dispatcher, "channel_class"):
            dispatcher.channel_class = channel


def proxy_trust(allowed: list[str]) -> dict:
    """gunicorn believes X-Forwarded-Proto (https behind a TLS-terminating proxy) from the addresses in
    forwarded_allow_ips (FORWARDED_ALLOW_IPS; default loopback). waitress trusts one address or `*`: the same trust,
    as far as one address can say it. Other X-Forwarded-* and Forwarded headers are dropped, as waitress does."""
    if "*" in allowed:
        trusted = "*"
    elif any(str(a).split("/")[0] == "127.0.0.1" for a in allowed):
        trusted = "127.0.0.1"
    else:
        return {}
    return {"trusted_proxy": trusted, "trusted_proxy_headers": {"x-forwarded-proto"}}


def connection_limit(wanted: int) -> int:
    """How many connections one worker keeps open (waitress connection_limit; past it, new ones wait in the
    backlog). Each may hold up to three descriptors (its socket, and temporary files for large bodies): the soft
    descriptor limit is raised towards that need, and the number is cut to what the limit allows, so accept()
    never fails for want of descriptors."""
    need = 3 * wanted + 128
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        try:
            soft = need if hard == resource.RLIM_INFINITY else min(need, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        except (ValueError, OSError):
            soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, (soft - 128) // 3))


class _Wakeup(wasyncore.file_dispatcher):
    """Reads gunicorn's signal wake-up pipe inside the loop, so SIGTERM or SIGQUIT ends the wait at once."""

    def writable(self) -> bool:
        return False

    def handle_read(self) -> None:
        try:
            self.recv(4096)
        except OSError:
            pass


class _Gunicorn(BaseApplication):
    def __init__(self, settings, options: dict):
        self.settings, self.options = settings, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # control_socket_disable exists from gunicorn 25.1 on
                self.cfg.set(key, value)

    def load(self):
        # The app is built after fork, once per worker: engines must not cross a fork.
        from bot.web.app import create_app

        return create_app(self.settings)


def gunicorn_options(host: str, port: int, workers: int | None = None) -> dict:
    """The Procfile's settings (bot.web.gunicorn_conf), bound to host:port."""
    from bot.web import gunicorn_conf  # importing it sets PROMETHEUS_MULTIPROC_DIR

    names = ("worker_class", "threads", "worker_connections", "timeout", "graceful_timeout",
             "accesslog", "logger_class", "control_socket_disable", "child_exit")
    options = {name: getattr(gunicorn_conf, name) for name in names}
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return options | {"bind": bind, "workers": workers or gunicorn_conf.workers}


def serve(settings, workers: int | None = None, host: str = "0.0.0.0") -> int:
    """Run the web process on host:settings.port; workers defaults to WEB_CONCURRENCY (else 2), as in the Procfile."""
    # Prometheus counters live per process; a shared directory lets /metrics add up every worker's.
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="migration-bot-metrics-")
    _Gunicorn(settings, gunicorn_options(host, settings.port, workers)).run()
    return 0
