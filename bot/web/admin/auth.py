"""Who may see the admin pages: password hashes, the SSO proxy's header, the signed session and its CSRF token.

Two ways in, either or both configured:
- BOT_ADMIN_USERS, `name:hash` pairs (hashes from `migration-bot hash-password`): the login form; the session
  cookie is signed with BOT_SECRET_KEY.
- BOT_ADMIN_TRUSTED_HEADER, e.g. `X-Forwarded-Email`: a request carrying it is signed in as its value. Only safe
  behind a proxy that sets the header itself and strips it from what clients send.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from flask import abort, current_app, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import check_password_hash, generate_password_hash

from bot.web.admin import queries

CSRF_FIELD = "csrf_token"
SESSION_LIFETIME = timedelta(hours=12)


# --- passwords (also `migration-bot hash-password`) -----------------------------------------------------------

def hash_password(password: str) -> str:
    """A salted, slow hash of `password` for BOT_ADMIN_USERS (werkzeug's scrypt format, `method$salt$hash`)."""
    if not password:
        raise ValueError("the password is empty")
    return generate_password_hash(password)


def verify_password(password: str, hashed: str) -> bool:
    """True when `password` matches `hashed`; False for a wrong password or a malformed hash."""
    try:
        return check_password_hash(hashed, password)
    except (ValueError, TypeError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def parse_users(raw: str) -> dict[str, str]:
    """BOT_ADMIN_USERS (`name:hash,name:hash`) as {name: hash}; the hash keeps its own colons."""
    users = {}
    for entry in (raw or "").split(","):
        name, _, hashed = entry.strip().partition(":")
        if name.strip() and hashed:
            users[name.strip()] = hashed
    return users


def check_login(users: dict[str, str], name: str, password: str) -> bool:
    """A name and password match one configured user. An unknown name costs the same hashing time, so the answer
    does not tell which names exist."""
    hashed = users.get(name)
    ok = verify_password(password, hashed if hashed is not None else _dummy_hash())
    return ok and hashed is not None


def _fingerprint(hashed: str) -> str:
    """Stored in the session: changing a user's hash (or removing the user) ends their sessions."""
    return hashlib.sha256(hashed.encode()).hexdigest()[:16]


# --- configuration ---------------------------------------------------------------------------------------------

def enabled(settings) -> bool:
    """The admin pages exist only when a way to sign in is configured (otherwise every /admin URL is 404)."""
    return bool(settings.admin_users or settings.admin_trusted_header)


def session_key(settings) -> str:
    """BOT_SECRET_KEY; with only the trusted header configured and no key, one derived from the webhook secrets
    (the same in every web process, unknown outside), else a random one for this process."""
    if settings.secret_key:
        return settings.secret_key
    material = "\0".join((settings.zendesk_webhook_secret, settings.gitlab_webhook_token,
                          settings.slack_signing_secret))
    if material.strip("\0"):
        return hmac.new(material.encode(), b"migration-bot admin session", hashlib.sha256).hexdigest()
    return secrets.token_hex(32)


class AdminSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure whenever the request came over https (or the bot's public URL
    is https, as behind a TLS-terminating proxy)."""

    def get_cookie_secure(self, app) -> bool:
        settings = app.config["SETTINGS"]
        return (super().get_cookie_secure(app) or request.is_secure
                or (settings.public_url or "").lower().startswith("https://"))


def configure_app(app) -> None:
    """Session settings of the app that serves the admin pages."""
    app.secret_key = session_key(app.config["SETTINGS"])
    app.session_interface = AdminSessionInterface()
    app.config.update(SESSION_COOKIE_NAME="migration_bot_admin", SESSION_COOKIE_PATH="/admin",
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME)


# --- the signed-in user --------------------------------------------------------------------------------------

def _users() -> dict[str, str]:
    return parse_users(current_app.config["SETTINGS"].admin_users)


def current_user() -> str | None:
    """The trusted header's value when configured and present, else the password session's user (still
    configured, with the same hash), else None."""
    settings = current_app.config["SETTINGS"]
    header = settings.admin_trusted_header
    if header:
        value = request.headers.get(header, "").strip()
        if value:
            if session.get("user") != value or session.get("via") != "header":
                session.clear()  # a new person behind the proxy: nothing of the previous session carries over
                session.update(user=value, via="header")
            return value
    if session.get("via") == "password":
        hashed = _users().get(session.get("user", ""))
        sid = session.get("sid")
        if (hashed is not None and hmac.compare_digest(session.get("pw", ""), _fingerprint(hashed))
                and isinstance(sid, str) and not queries.session_ended(current_app.config["ENGINE"], sid)):
            return session["user"]
    return None


def sign_in(name: str) -> None:
    """A fresh session for `name` (a new CSRF token too, so none from before the login stays valid)."""
    hashed = _users()[name]
    next_path = session.get("next")
    session.clear()
    session.update(user=name, via="password", pw=_fingerprint(hashed), csrf=secrets.token_urlsafe(32),
                   sid=secrets.token_urlsafe(24))
    if next_path:
        session["next"] = next_path
    session.permanent = True


def sign_out() -> None:
    """Clear the cookie, and remember the session as ended: a copy of the cookie taken before is refused too. Flask
    re-signs the cookie on every request, so a copy taken just now stays valid for a whole SESSION_LIFETIME: the
    record lasts as long."""
    sid = session.get("sid")
    if isinstance(sid, str):
        queries.end_session(current_app.config["ENGINE"], sid, datetime.now(timezone.utc) + SESSION_LIFETIME)
    session.clear()


# --- CSRF ------------------------------------------------------------------------------------------------------

def csrf_token() -> str:
    """This session's token for the hidden field of every form (made on first use)."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """400 unless the form's token equals the session's (compared in constant time)."""
    sent = request.form.get(CSRF_FIELD, "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, "The form's security token is missing or out of date. Go back, reload the page and try again.")
