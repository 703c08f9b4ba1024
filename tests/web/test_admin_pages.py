"""The admin status pages (/admin) through Flask's test client: who gets in, CSRF, what the pages show, Replay."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.case.machine import Trigger
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import AuditEntry, InboxEvent, ScheduledAction
from bot.errors import ConfigError
from bot.settings import Settings
from bot.web.admin.auth import hash_password, parse_users, verify_password
from bot.web.app import create_app
from tests.conftest import SECRETS, migrated_copy

PASSWORD = "correct horse battery staple"
HASH = hash_password(PASSWORD)
ADMIN = dict(admin_users=f"ops:{HASH}", secret_key="test-session-key", zendesk_url="https://acme.zendesk.com")
HEADER = "X-Forwarded-Email"
SCRIPT = "<script>alert(1)</script>"
FACTS = dict(paid="self_managed", target="saas", requester_id="7", confidence=0.9, partner_managed=False,
             partner_name=None)


@pytest.fixture
def make(sqlite_url, migrated_template):
    """make(**settings) -> (test client, Store) on one migrated SQLite file."""
    engines = []

    def build(**admin):
        url = migrated_copy(migrated_template, sqlite_url) if not engines else sqlite_url
        engine = make_engine(url)
        engines.append(engine)
        app = create_app(Settings(database_url=url, **SECRETS, **admin), engine=engine)
        return app.test_client(), Store(make_sessionmaker(engine))

    yield build
    for engine in engines:
        engine.dispose()


@pytest.fixture
def admin(make):
    return make(**ADMIN)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, name: str = "ops", password: str = PASSWORD):
    token = csrf_of(client.get("/admin/login").text)
    return client.post("/admin/login", data={"csrf_token": token, "username": name, "password": password})


def signed_in(client) -> str:
    """Log in; the CSRF token of the session."""
    assert login(client).status_code == 303
    return csrf_of(client.get("/admin/").text)


def new_case(store: Store, org_id: str, org_name: str, ticket: str, reason: str = "why", **fields):
    case, created = store.create_case(org_id=org_id, org_name=org_name, trigger=Trigger.DETECT_SURE,
                                      ticket_id=ticket, reason=reason, level=fields.pop("level", None),
                                      target_date=fields.pop("target_date", None), **FACTS)
    assert created
    return case


def dead_event(store: Store, event_id: str = "zendesk:evt-1", ticket: str = "11", why: str = "boom") -> None:
    with store.sessions.begin() as s:
        s.add(InboxEvent(id=event_id, source="zendesk", event_type="zen:event-type:ticket.created",
                         payload=f'{{"detail": {{"id": "{ticket}"}}}}', received_at=datetime.now(timezone.utc),
                         status="failed", partition_key="org:501", result=why))


def status_of(store: Store, model, ident) -> str:
    with store.sessions() as s:
        return s.get(model, ident).status


# --- who gets in ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [("GET", "/admin/"), ("GET", "/admin"), ("GET", "/admin/login"),
                                          ("GET", "/admin/cases/1"), ("GET", "/admin/dead-letters"),
                                          ("GET", "/admin/static/admin.css"), ("POST", "/admin/logout"),
                                          ("POST", "/admin/dead-letters/replay")])
def test_every_admin_url_is_404_when_no_admin_setting_is_set(make, method, path):
    client, _ = make()
    assert client.open(path, method=method).status_code == 404


def test_admin_users_without_a_secret_key_is_a_config_error(make):
    with pytest.raises(ConfigError, match="BOT_SECRET_KEY"):
        make(admin_users=f"ops:{HASH}")
    _, problems = Settings.check_env({"BOT_ADMIN_USERS": f"ops:{HASH}"}, dotenv_path=None)
    assert any(p.startswith("BOT_SECRET_KEY:") for p in problems)
    _, problems = Settings.check_env({"BOT_ADMIN_USERS": "ops", "BOT_SECRET_KEY": "k"}, dotenv_path=None)
    assert any(p.startswith("BOT_ADMIN_USERS:") for p in problems)
    settings, problems = Settings.check_env({"BOT_ADMIN_USERS": f"ops:{HASH}", "BOT_SECRET_KEY": "k",
                                             "BOT_PUBLIC_URL": "https://bot.example.com"}, dotenv_path=None)
    assert problems == [] and settings.public_url == "https://bot.example.com"
    assert settings.redacted()["BOT_SECRET_KEY"] == "***" and settings.redacted()["BOT_ADMIN_USERS"] == "***"


@pytest.mark.parametrize("path", ["/admin/", "/admin/cases/1", "/admin/dead-letters"])
def test_pages_redirect_to_the_login_when_signed_out(admin, path):
    client, _ = admin
    resp = client.get(path)
    assert resp.status_code == 302 and resp.headers["Location"] == "/admin/login"
    assert client.post("/admin/logout").headers["Location"] == "/admin/login"


def test_login_with_the_right_password_signs_in_and_returns_to_the_page_asked_for(admin):
    client, store = admin
    case = new_case(store, "501", "Crannock", "11")
    client.get(f"/admin/cases/{case.id}")
    resp = login(client)
    assert resp.status_code == 303 and resp.headers["Location"] == f"/admin/cases/{case.id}"
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = client.get("/admin/")
    assert page.status_code == 200 and "Signed in as <strong>ops</strong>" in page.text
    assert page.headers["Cache-Control"] == "no-store" and "frame-ancestors 'none'" in \
        page.headers["Content-Security-Policy"]


def test_the_session_cookie_is_secure_over_https(admin):
    client, _ = admin
    token = csrf_of(client.get("/admin/login", base_url="https://bot.example.com").text)
    resp = client.post("/admin/login", base_url="https://bot.example.com",
                       data={"csrf_token": token, "username": "ops", "password": PASSWORD})
    assert resp.status_code == 303 and "Secure" in resp.headers["Set-Cookie"]


@pytest.mark.parametrize("name, password", [("ops", "wrong"), ("nobody", PASSWORD), ("ops", "")])
def test_login_with_a_wrong_name_or_password_is_refused(admin, name, password):
    client, _ = admin
    resp = login(client, name, password)
    assert resp.status_code == 401 and "Wrong name or password." in resp.text
    assert client.get("/admin/").headers["Location"] == "/admin/login"


def test_the_trusted_header_signs_the_request_in_as_its_value(make):
    client, store = make(admin_trusted_header=HEADER)
    new_case(store, "501", "Crannock", "11")
    page = client.get("/admin/", headers={HEADER: "jana@example.com"})
    assert page.status_code == 200 and "Crannock" in page.text and "jana@example.com" in page.text
    # The header is needed on every request: the session it left behind signs nobody in.
    assert client.get("/admin/").headers["Location"] == "/admin/login"
    assert "single sign-on proxy" in client.get("/admin/login").text
    assert "<form class=\"login\"" not in client.get("/admin/login").text
    shown = client.get("/admin/", headers={HEADER: SCRIPT}).text
    assert SCRIPT not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_the_trusted_header_and_passwords_together(make):
    client, _ = make(admin_trusted_header=HEADER, **ADMIN)
    assert client.get("/admin/", headers={HEADER: "sso-user"}).status_code == 200
    assert signed_in(client)
    assert "Signed in as <strong>ops</strong>" in client.get("/admin/").text


# --- CSRF ---------------------------------------------------------------------------------------------------------

def test_a_post_without_the_right_csrf_token_is_refused(admin):
    client, store = admin
    dead_event(store)
    token = signed_in(client)
    for data in ({"kind": "all"}, {"kind": "all", "csrf_token": "forged"}, {"kind": "all", "csrf_token": ""}):
        assert client.post("/admin/dead-letters/replay", data=data).status_code == 400
    assert status_of(store, InboxEvent, "zendesk:evt-1") == "failed"
    assert client.post("/admin/logout").status_code == 400
    assert client.get("/admin/").status_code == 200  # still signed in
    assert client.post("/admin/login", data={"username": "ops", "password": PASSWORD}).status_code == 400
    resp = client.post("/admin/logout", data={"csrf_token": token})
    assert resp.status_code == 303 and resp.headers["Location"] == "/admin/login"
    assert client.get("/admin/").headers["Location"] == "/admin/login"


# --- what the pages show ------------------------------------------------------------------------------------------

def test_the_cases_list_shows_each_case_newest_first_and_filters_by_state(admin):
    client, store = admin
    first = new_case(store, "501", "Crannock", "11")
    store.transition(first.id, Trigger.ASK_SENT)
    second = new_case(store, "502", "Brightwater", "12", level="ultimate", target_date=date(2027, 3, 1))
    store.transition(second.id, Trigger.INFO_STATED)
    store.schedule(second.id, date(2027, 3, 1), [7, 1])
    signed_in(client)
    page = client.get("/admin/").text
    assert page.index("Brightwater") < page.index("Crannock")
    row = page[page.index("Brightwater"):]
    row = row[: row.index("</tr>")]
    for fact in ("(org 502)", "self_managed", "saas", "ultimate", "2027-03-01", "remind:7",
                 "2027-02-22 00:00 UTC"):
        assert fact in row
    assert f'href="/admin/cases/{second.id}"' in page
    filtered = client.get("/admin/?state=awaiting_customer").text
    assert "Crannock" in filtered and "Brightwater" not in filtered
    assert "No cases in this state." in client.get("/admin/?state=expired").text


def test_the_cases_list_is_paginated(admin):
    client, store = admin
    for n in range(30):
        new_case(store, str(600 + n), f"Org number {n:02d}", str(1000 + n))
    signed_in(client)
    first, second = client.get("/admin/").text, client.get("/admin/?page=2").text
    assert "Org number 29" in first and "Org number 05" in first and "Org number 04" not in first
    assert "Org number 04" in second and "Org number 00" in second and "Org number 29" not in second
    assert "Page 2 of 2" in second and 'href="/admin/?page=1"' in second
    assert "Page 2 of 2" in client.get("/admin/?page=99").text and client.get("/admin/?page=x").status_code == 200


def test_a_case_page_shows_its_facts_links_and_audit_trail(admin):
    client, store = admin
    case = new_case(store, "501", "Crannock", "11", reason="asks about runners on the unpaid saas offering",
                    level="premium", target_date=date(2027, 3, 1))
    store.add_ticket(case.id, "13", "8")
    store.transition(case.id, Trigger.INFO_STATED)
    store.update_case(case.id, issue_iid=7, issue_url="https://gitlab.example.com/ops/req/-/issues/7")
    store.save_prompt(key="p1", kind="pick_tag", case_id=case.id, ticket_id="13", org_id="501", channel="C0OPS",
                      ts="1712345678.000100", text="which tag?", options=[])
    store.audit("write", service="zendesk", method="PUT", path="/api/v2/tickets/13", payload={"tags": ["x"]})
    store.audit("write", service="zendesk", method="PUT", path="/api/v2/tickets/999", payload={})
    store.audit("slack_decision", case.id, actor="slack:U0DECIDER", kind="pick_tag", value="saas_premium")
    signed_in(client)
    page = client.get(f"/admin/cases/{case.id}").text
    for text in ("Crannock", "(id 501)", "premium", "2027-03-01", "asks about runners on the unpaid saas offering",
                 'href="https://acme.zendesk.com/agent/tickets/11"', 'href="https://acme.zendesk.com/agent/tickets/13"',
                 'href="https://gitlab.example.com/ops/req/-/issues/7"',
                 'href="https://slack.com/archives/C0OPS/p1712345678000100"'):
        assert text in page, text
    trail = page[page.index("Audit trail"):]
    steps = ["case_created", "transition:info_stated", "/api/v2/tickets/13", "slack:U0DECIDER"]
    assert [trail.index(s) for s in steps] == sorted(trail.index(s) for s in steps)
    assert "/api/v2/tickets/999" not in trail
    assert client.get("/admin/cases/999999").status_code == 404
    assert client.get("/admin/cases/99999999999999").status_code == 404


def test_customer_text_is_escaped_on_every_page(admin):
    client, store = admin
    case = new_case(store, "501", SCRIPT, "11", reason=f"subject said {SCRIPT}")
    store.update_case(case.id, issue_url="javascript:alert(1)")
    dead_event(store, why=f"parse error near {SCRIPT}")
    signed_in(client)
    for path in ("/admin/", f"/admin/cases/{case.id}", "/admin/dead-letters"):
        page = client.get(path).text
        assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path
    assert 'href="javascript:' not in client.get(f"/admin/cases/{case.id}").text


# --- dead letters and Replay ------------------------------------------------------------------------------------

def test_dead_letters_list_what_failed_and_replay_hands_rows_back_to_the_worker(admin):
    client, store = admin
    case = new_case(store, "501", "Crannock", "11", target_date=date(2027, 3, 1))
    dead_event(store, "zendesk:evt-1", "11", "ApiError: 422 ticket is closed")
    dead_event(store, "zendesk:evt-2", "12", "ValueError: bad payload")
    action_id = store.dead_letter_effect(case.id, "ticket:11:note:detected", "comment", ["11"], "HTTP 403")
    token = signed_in(client)
    page = client.get("/admin/dead-letters").text
    for text in ("zendesk:evt-1", "ApiError: 422 ticket is closed", "zendesk:evt-2", "HTTP 403",
                 f'href="/admin/cases/{case.id}"', 'aria-label="Replay event zendesk:evt-1"',
                 f'aria-label="Replay action {action_id}"', "Replay all (3)"):
        assert text in page, text

    resp = client.post("/admin/dead-letters/replay", data={"csrf_token": token, "kind": "event",
                                                           "id": "zendesk:evt-1"})
    assert resp.status_code == 303 and resp.headers["Location"] == "/admin/dead-letters"
    assert status_of(store, InboxEvent, "zendesk:evt-1") == "replay"  # what `migration-bot replay` sets
    assert status_of(store, InboxEvent, "zendesk:evt-2") == "failed"
    page = client.get("/admin/dead-letters").text
    assert "Handed 1 dead letter back to the worker" in page and "waiting for the worker" in page
    # A second press on the same row changes nothing.
    client.post("/admin/dead-letters/replay", data={"csrf_token": token, "kind": "event", "id": "zendesk:evt-1"})
    assert "Nothing to replay" in client.get("/admin/dead-letters").text

    client.post("/admin/dead-letters/replay", data={"csrf_token": token, "kind": "all"})
    assert status_of(store, InboxEvent, "zendesk:evt-2") == "replay"
    assert status_of(store, ScheduledAction, action_id) == "replay"
    with store.sessions() as s:
        asked = s.scalars(sa.select(AuditEntry).where(AuditEntry.action == "replay_requested")
                          .order_by(AuditEntry.id)).all()
    assert [(a.actor, a.detail) for a in asked] == [
        ("admin:ops", {"event": "zendesk:evt-1"}), ("admin:ops", {"event": "zendesk:evt-2"}),
        ("admin:ops", {"action": str(action_id)})]
    assert asked[0].case_id == case.id and asked[2].case_id == case.id
    assert client.post("/admin/dead-letters/replay", data={"csrf_token": token, "kind": "drop"}).status_code == 400


def test_an_event_whose_ticket_joined_no_case_is_listed_under_its_org_not_an_older_case(admin):
    # a new ticket of an org whose only case has ended fails before any case holds it: naming that old case
    # would send the reader to the wrong history
    client, store = admin
    new_case(store, "501", "Crannock", "11")
    dead_event(store, "zendesk:evt-9", "99", "ApiError: 403")
    signed_in(client)
    page = client.get("/admin/dead-letters").text
    row = page[page.index("zendesk:evt-9"):]
    row = row[: row.index("</tr>")]
    assert "org:501" in row and "/admin/cases/" not in row


def test_replaying_one_row_without_naming_it_is_a_clear_error(admin):
    client, store = admin
    dead_event(store)
    token = signed_in(client)
    for kind in ("event", "action"):
        resp = client.post("/admin/dead-letters/replay", data={"csrf_token": token, "kind": kind})
        assert resp.status_code == 400 and "id" in resp.text
    assert status_of(store, InboxEvent, "zendesk:evt-1") == "failed"


# --- passwords ----------------------------------------------------------------------------------------------------

def test_hash_password_and_verify_password():
    assert HASH != PASSWORD and HASH.count("$") == 2
    assert verify_password(PASSWORD, HASH) and not verify_password("wrong", HASH)
    assert not verify_password(PASSWORD, "not-a-hash") and not verify_password(PASSWORD, "")
    assert hash_password(PASSWORD) != HASH  # salted
    assert parse_users(f"ops:{HASH}, jana:{HASH}") == {"ops": HASH, "jana": HASH}
    with pytest.raises(ValueError):
        hash_password("")


def test_a_copy_of_the_session_cookie_taken_before_logout_is_refused_after_it(admin):
    # the cookie is signed, not stored: without a record of the logout a copied cookie would open the pages
    # until it expires
    client, _ = admin
    token = signed_in(client)
    copied = client.get_cookie("migration_bot_admin", path="/admin").value
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code in (302, 303)
    client.set_cookie("migration_bot_admin", copied, path="/admin")
    resp = client.get("/admin/")
    assert resp.status_code == 302 and resp.headers["Location"] == "/admin/login"
    signed_in(client)  # a new login is a new session, not refused
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout", data={"csrf_token": csrf_of(client.get("/admin/").text)})
    client.post("/admin/logout", data={"csrf_token": "stale"})  # signing out twice changes nothing


def test_a_sign_out_is_remembered_a_whole_cookie_lifetime_from_the_sign_out(admin, monkeypatch):
    # Flask re-signs the cookie on every request: a copy taken just before a sign-out late in the session is valid
    # for a whole lifetime from then, so the record of the sign-out must last that long (not sign-in + lifetime)
    from bot.db.models import EndedAdminSession
    from bot.web.admin import auth

    client, store = admin
    real = auth.datetime

    class LongAgo(real):
        @classmethod
        def now(cls, tz=None):
            return real.now(tz) - auth.SESSION_LIFETIME + timedelta(minutes=5)

    monkeypatch.setattr(auth, "datetime", LongAgo)
    token = signed_in(client)
    monkeypatch.setattr(auth, "datetime", real)
    client.post("/admin/logout", data={"csrf_token": token})
    with store.sessions() as s:
        (ended,) = s.scalars(sa.select(EndedAdminSession)).all()
    expires = ended.expires_at if ended.expires_at.tzinfo else ended.expires_at.replace(tzinfo=timezone.utc)
    assert expires >= datetime.now(timezone.utc) + auth.SESSION_LIFETIME - timedelta(minutes=1)


def test_the_stylesheet_needs_no_database(admin, monkeypatch):
    client, _ = admin
    from bot.web.admin import queries
    monkeypatch.setattr(queries, "session_ended", lambda *a: (_ for _ in ()).throw(RuntimeError("database down")))
    signed_in_resp = login(client)
    assert signed_in_resp.status_code == 303
    assert client.get("/admin/static/admin.css").status_code == 200
