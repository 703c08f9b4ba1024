"""The admin pages: cases, one case, dead letters (with Replay), login and logout. Server-rendered, no JavaScript."""
from __future__ import annotations

import json
import logging
from datetime import date, datetime
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.exceptions import HTTPException

from bot.web.admin import auth, queries

log = logging.getLogger(__name__)
bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static")
PUBLIC_ENDPOINTS = ("admin.login", "admin.static")


def _engine():
    return current_app.config["ENGINE"]


def _settings():
    return current_app.config["SETTINGS"]


@bp.before_request
def _guard():
    """Everything but the login (and the stylesheet) needs a signed-in user; every POST a valid CSRF token."""
    if request.endpoint == "admin.static":
        return None  # the stylesheet needs nobody signed in (nor the database that says who is)
    g.admin_user = auth.current_user()
    if g.admin_user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if request.method == "GET":
            session["next"] = request.full_path.rstrip("?")
        return redirect(url_for("admin.login"))
    if request.method == "POST":
        auth.check_csrf()
    return None


@bp.after_request
def _headers(resp):
    resp.headers.setdefault("Content-Security-Policy",
                            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'")
    resp.headers.setdefault("X-Frame-Options", "DENY")
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "admin.static":
        resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.errorhandler(HTTPException)
def _error(exc: HTTPException):
    return render_template("admin/error.html", code=exc.code, name=exc.name, description=exc.description), \
        exc.code or 500


@bp.errorhandler(Exception)
def _crash(exc: Exception):
    log.exception("admin page %s failed", request.path)
    return render_template("admin/error.html", code=500, name="Internal Server Error",
                           description=f"The page could not be built ({type(exc).__name__}); see the log."), 500


@bp.context_processor
def _context() -> dict:
    try:
        figures = queries.counts(_engine()) if g.get("admin_user") else {}
    except Exception:  # noqa: BLE001 - the navigation's figure must not hide the page (or its error)
        figures = {}
    return {"csrf_token": auth.csrf_token, "csrf_field": auth.CSRF_FIELD, "admin_user": g.get("admin_user"),
            "nav_counts": figures}


# --- template helpers ---------------------------------------------------------------------------------------------

@bp.app_template_filter("admin_when")
def _when(value, seconds: bool = False) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return queries.aware(value).strftime("%Y-%m-%d %H:%M:%S UTC" if seconds else "%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@bp.app_template_filter("admin_value")
def _value(value, limit: int = 400) -> str:
    """An audit detail value as short plain text (escaped by the template like everything else)."""
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@bp.app_template_filter("admin_http_url")
def _http_url(value) -> str | None:
    """A URL only when it is http(s): escaping does not make a `javascript:` link harmless."""
    if not value:
        return None
    try:
        scheme = urlsplit(str(value)).scheme.lower()
    except ValueError:
        return None
    return str(value) if scheme in ("http", "https") else None


# --- pages ---------------------------------------------------------------------------------------------------

@bp.get("/")
def index():
    state = request.args.get("state", "").strip() or None
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 1
    data = queries.cases_page(_engine(), state, page)
    return render_template("admin/cases.html", active="cases", state=state, **data)


@bp.get("/cases/<int:case_id>")
def case(case_id: int):
    data = queries.case_detail(_engine(), case_id)
    if data is None:
        abort(404, f"There is no case {case_id}.")
    zendesk = _settings().zendesk_url
    tickets = [(t, queries.ticket_url(zendesk, t.ticket_id)) for t in data["tickets"]]
    prompts = [(p, queries.slack_url(p.channel, p.ts)) for p in data["prompts"]]
    return render_template("admin/case.html", active="cases", case=data["case"], tickets=tickets,
                           prompts=prompts, actions=data["actions"], audit=data["audit"])


@bp.get("/dead-letters")
def dead_letters():
    data = queries.dead_letters(_engine())
    failed = sum(1 for e, _ in data["events"] if e.status == "failed") + \
        sum(1 for a in data["actions"] if a.status == "failed")
    return render_template("admin/dead_letters.html", active="dead_letters", failed=failed, **data)


@bp.post("/dead-letters/replay")
def replay():
    kind = request.form.get("kind", "")
    if kind not in ("event", "action", "all"):
        abort(400, "Say what to replay: an event, an action, or all.")
    if kind != "all" and not request.form.get("id", "").strip():
        abort(400, f"Say which {kind} to replay: its id is missing.")
    count = queries.replay(_engine(), g.admin_user, kind, request.form.get("id"))
    if count:
        flash(f"Handed {count} dead letter{'s' if count != 1 else ''} back to the worker for replay.")
    else:
        flash("Nothing to replay: the row is no longer a dead letter.")
    return redirect(url_for("admin.dead_letters"), code=303)


# --- signing in and out ----------------------------------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
def login():
    settings = _settings()
    users = auth.parse_users(settings.admin_users)
    if g.admin_user is not None and request.method == "GET":
        return redirect(_next_page())
    error, status = None, 200
    if request.method == "POST":  # its CSRF token was checked by _guard, like every POST's
        name = request.form.get("username", "").strip()
        if users and auth.check_login(users, name, request.form.get("password", "")):
            auth.sign_in(name)
            return redirect(_next_page(), code=303)
        error, status = "Wrong name or password.", 401
    return render_template("admin/login.html", users=bool(users), header=settings.admin_trusted_header,
                           error=error, username=request.form.get("username", "")), status


@bp.post("/logout")
def logout():
    auth.sign_out()
    flash("You are signed out.")
    return redirect(url_for("admin.login"), code=303)


def _next_page() -> str:
    """Where the user was going before the login, when that is an admin page of this site."""
    target = session.pop("next", "") or ""
    parts = urlsplit(target)
    if target.startswith("/admin/") and not parts.scheme and not parts.netloc and not target.startswith("//") \
            and "\\" not in target and not target.startswith("/admin/login"):
        return target
    return url_for("admin.index")
