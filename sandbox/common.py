"""Shared sandbox plumbing: fault injection, call log, webhook delivery, control endpoints, loopback servers.

Typical use by a service module::

    controls = Controls("gitlab", webhook_url=cfg.webhook_url, seed=cfg.seed)
    install_controls(app, controls, dump=state.dump, reset=state.reset,
                     identify=lambda req: ..., fault_response=lambda kind, faults: (status, body, headers))
    ...  # inside a write handler, after the state change:
    controls.webhooks.send("Issue Hook", payload_dict, sign=lambda body: {"X-Gitlab-Token": token}, key="issue:1")

`Controls` owns a `FaultInjector` (`.faults`), a `CallLog` (`.calls`) and a `WebhookSender` (`.webhooks`); every
piece is thread-safe. `ServerThread` runs any Flask app on loopback for tests and the runner.
"""
from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from typing import Any, Callable

import flask
from werkzeug.serving import WSGIRequestHandler, make_server

from sandbox.common_webhooks import WebhookSender

__all__ = ["CONTROL_PREFIX", "Controls", "CallLog", "FaultInjector", "Faults", "HttpError", "PrefixMiddleware",
           "ServerThread", "WebhookSender", "apply_prefix", "install_controls", "json_response", "now_iso",
           "set_auth_user"]

CONTROL_PREFIX = "/_sandbox"


def now_iso(ts: float | None = None) -> str:
    """ISO-8601 UTC with a trailing Z, second precision, as the real services print times."""
    moment = datetime.fromtimestamp(time.time() if ts is None else ts, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> flask.Response:
    """A JSON response with an explicit status and extra headers."""
    resp = flask.Response(json.dumps(body), status=status, mimetype="application/json")
    for name, value in (headers or {}).items():
        resp.headers[name] = value
    return resp


class HttpError(Exception):
    """Raise from a handler to answer with `body` as JSON; install_controls registers the handler."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None):
        super().__init__(f"{status}: {body}")
        self.status, self.body, self.headers = status, body, headers or {}


# --------------------------------------------------------------------------------------------- faults
@dataclass
class Faults:
    """What to inject; rates are probabilities per API call, drawn from one seeded RNG."""
    error_rate: float = 0.0
    error_status: int = 500
    rate_limit_rate: float = 0.0
    retry_after: int = 2
    timeout_rate: float = 0.0
    timeout_seconds: float = 15.0
    down: bool = False
    seed: int | None = None
    # Only calls by these users (as the call log names them) get faults; None = everybody.
    users: list | None = None


class FaultInjector:
    """Decides, per API call, whether to fail it: returns None, "down", "error", "rate_limit" or "timeout"."""

    def __init__(self, seed: int | None = None):
        self._lock = threading.Lock()
        self._wake = threading.Event()  # set to cut injected timeouts short when faults change
        self.configure({"seed": seed})

    def configure(self, changes: dict[str, Any] | None = None, replace: bool = True) -> Faults:
        """Apply a `POST /_sandbox/faults` body; unknown keys raise ValueError; a new seed restarts the RNG."""
        changes = changes or {}
        unknown = set(changes) - {f.name for f in fields(Faults)}
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        defaults = asdict(Faults())
        coerced = {k: (v if v is None or defaults[k] is None else type(defaults[k])(v)) for k, v in changes.items()}
        with self._lock:
            base = Faults() if replace or not hasattr(self, "_faults") else self._faults
            merged = {**asdict(base), **coerced}
            self._faults = Faults(**merged)
            self._rng = random.Random(self._faults.seed)
            self._wake.set()
            self._wake = threading.Event()
            return self._faults

    @property
    def current(self) -> Faults:
        with self._lock:
            return Faults(**asdict(self._faults))

    def draw(self) -> str | None:
        """One RNG draw per call keeps a seeded run reproducible whatever the mix of rates."""
        with self._lock:
            f = self._faults
            if f.down:
                return "down"
            if not (f.error_rate or f.rate_limit_rate or f.timeout_rate):
                return None
            r = self._rng.random()
        for kind, rate in (("error", f.error_rate), ("rate_limit", f.rate_limit_rate), ("timeout", f.timeout_rate)):
            if r < rate:
                return kind
            r -= rate
        return None

    def sleep(self, seconds: float) -> None:
        """Injected slowness; ends early when the faults are reconfigured (so tests and reset never hang)."""
        with self._lock:
            wake = self._wake
        wake.wait(seconds)


# ------------------------------------------------------------------------------------------- call log
class CallLog:
    """Every API call received: {"t", "method", "path", "status", "auth_user"} (+ "fault" when injected)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[dict[str, Any]] = []

    def record(self, method: str, path: str, status: int, auth_user: str | None, fault: str | None = None,
               t: float | None = None) -> None:
        entry = {"t": t if t is not None else time.time(), "method": method, "path": path, "status": status, "auth_user": auth_user}
        if fault:
            entry["fault"] = fault
        with self._lock:
            self._entries.append(entry)

    def list(self, since: float | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(e) for e in self._entries if since is None or e["t"] >= since]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# ------------------------------------------------------------------------------------- control plane
class Controls:
    """Per-service bundle of faults, call log and webhook sender."""

    def __init__(self, service: str, webhook_url: str | None = None, seed: int | None = None,
                 retry_delays: tuple[float, ...] = (0.2, 1.0, 3.0)):
        self.service = service
        self.faults = FaultInjector(seed)
        self.calls = CallLog()
        self.webhooks = WebhookSender(webhook_url, retry_delays=retry_delays)

    def reset(self) -> None:
        self.faults.configure({})
        self.calls.clear()
        self.webhooks.clear()

    def close(self) -> None:
        self.webhooks.close()


FaultResponder = Callable[[str, Faults], "tuple[int, Any, dict[str, str]]"]


def install_controls(app: flask.Flask, controls: Controls, dump: Callable[[], Any], reset: Callable[[], None],
                     identify: Callable[[flask.Request], str | None], fault_response: FaultResponder) -> None:
    """Add /_sandbox/* routes, fault injection and call logging on every non-control path of `app`.

    `identify(request)` names the authenticated user for the call log (None when anonymous or bad credentials);
    `fault_response(kind, faults)` gives the service's own (status, JSON body, headers) for "down", "error",
    "rate_limit" (kinds from FaultInjector.draw). HttpError raised by handlers becomes a JSON answer.
    """
    app.extensions["sandbox_controls"] = controls

    def is_api() -> bool:
        return not flask.request.path.startswith(CONTROL_PREFIX + "/")

    @app.before_request
    def _inject_fault() -> Any:
        if not is_api():
            return None
        flask.g.sandbox_t0 = time.time()  # the call log keeps when a call arrived, not when it was answered
        only = controls.faults.current.users
        if only is not None:
            user = identify(flask.request)
            flask.g.sandbox_auth_user = user
            if user not in only:
                return None
        kind = controls.faults.draw()
        flask.g.sandbox_fault = kind
        if kind == "timeout":
            controls.faults.sleep(controls.faults.current.timeout_seconds)
            return None  # a slow answer that still happens: the write lands even if the client gave up
        if kind:
            status, body, headers = fault_response(kind, controls.faults.current)
            return json_response(body, status, headers)
        return None

    @app.after_request
    def _log_call(resp: flask.Response) -> flask.Response:
        if is_api():
            user = flask.g.get("sandbox_auth_user") or identify(flask.request)
            controls.calls.record(flask.request.method, flask.request.path, resp.status_code, user,
                                  flask.g.get("sandbox_fault"), t=flask.g.get("sandbox_t0"))
        return resp

    @app.errorhandler(HttpError)
    def _http_error(exc: HttpError) -> flask.Response:
        return json_response(exc.body, exc.status, exc.headers)

    bp = flask.Blueprint(f"sandbox_{controls.service}_controls", __name__, url_prefix=CONTROL_PREFIX)

    @bp.get("/state")
    def _state() -> Any:
        return json_response(dump())

    @bp.post("/reset")
    def _reset() -> Any:
        reset()
        controls.reset()
        return json_response({"ok": True})

    @bp.get("/calls")
    def _calls() -> Any:
        since = flask.request.args.get("since", type=float)
        return json_response(controls.calls.list(since))

    @bp.route("/faults", methods=["GET", "POST"])
    def _faults() -> Any:
        if flask.request.method == "POST":
            try:
                body = flask.request.get_json(force=True, silent=False) or {}
                controls.faults.configure(body, replace=not flask.request.args.get("merge"))
            except (ValueError, TypeError) as exc:
                return json_response({"error": str(exc)}, 400)
        return json_response(asdict(controls.faults.current))

    @bp.get("/deliveries")
    def _deliveries() -> Any:
        return json_response(controls.webhooks.deliveries())

    @bp.route("/webhook", methods=["GET", "POST"])
    def _webhook() -> Any:
        if flask.request.method == "POST":
            body = flask.request.get_json(force=True, silent=True)
            if not isinstance(body, dict):
                return json_response({"error": "body must be a JSON object"}, 400)
            try:
                controls.webhooks.configure(url=body.get("url", ...), enabled=body.get("enabled"),
                                            duplicates=body.get("duplicates"))
            except (ValueError, TypeError) as exc:
                return json_response({"error": str(exc)}, 400)
        return json_response(controls.webhooks.settings())

    app.register_blueprint(bp)


def set_auth_user(name: str | None) -> None:
    """Handlers call this once they have authenticated the caller, so the call log names them."""
    flask.g.sandbox_auth_user = name


# ----------------------------------------------------------------------------------- serving helpers
class PrefixMiddleware:
    """Serve a WSGI app under a path prefix (e.g. /zd); /_sandbox stays reachable at the root as well."""

    def __init__(self, wsgi_app: Callable, prefix: str):
        self.wsgi_app, self.prefix = wsgi_app, "/" + prefix.strip("/")

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        path = environ.get("PATH_INFO", "")
        if self.prefix != "/" and (path == self.prefix or path.startswith(self.prefix + "/")):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + self.prefix
            environ["PATH_INFO"] = path[len(self.prefix):] or "/"
        return self.wsgi_app(environ, start_response)


def apply_prefix(app: flask.Flask, prefix: str | None) -> flask.Flask:
    """Mount `app` under `prefix` in place (no-op for None or "/")."""
    if prefix and prefix.strip("/"):
        app.wsgi_app = PrefixMiddleware(app.wsgi_app, prefix)  # type: ignore[method-assign]
    return app


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:  # the call log already records every request
        pass


class ServerThread:
    """Run a WSGI app on host:port (0 = any free port) in a daemon thread; `url` is `http://host:port`."""

    def __init__(self, app: Callable, host: str = "127.0.0.1", port: int = 0):
        self.server = make_server(host, port, app, threaded=True, request_handler=_QuietHandler)
        self.host, self.port = host, self.server.server_port
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"sandbox-{self.port}", daemon=True)

    def start(self) -> "ServerThread":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "ServerThread":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
