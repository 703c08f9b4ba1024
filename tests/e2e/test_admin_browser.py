"""The admin pages in a real browser: Debian's chromium driven by Playwright, against the real web app on loopback.

Logs in with the keyboard, opens the cases, a case, the dead letters, presses Replay and logs out, saving a
screenshot of each page to $BOT_SCREENSHOTS (default build/screenshots/). Skipped only outside CI when chromium or
Playwright is missing; in CI (CI set) their absence fails the test.
"""
from __future__ import annotations

import os
import shutil
import threading
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from bot.case.machine import Trigger
from bot.case.store import Store
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import InboxEvent
from bot.settings import Settings
from bot.web.admin.auth import hash_password
from bot.web.app import create_app
from tests.conftest import ROOT, SECRETS, free_port, migrated_copy

pytestmark = pytest.mark.e2e
CHROMIUM = os.environ.get("BOT_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("BOT_SCREENSHOTS") or ROOT / "build" / "screenshots")
PASSWORD = "keyboard only, please"
SCRIPT = "<script>alert(1)</script>"


def _playwright():
    missing = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        missing.append("the Python package playwright (pip install playwright)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which("chromium"):
        missing.append(f"chromium at {CHROMIUM} (apt-get install chromium)")
    if missing:
        reason = "needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser test (.ci/run installs chromium)")
        pytest.skip(reason)
    return sync_playwright


@pytest.fixture
def site(sqlite_url, migrated_template):
    """The real web app (create_app) on a loopback port, with seeded cases and dead letters."""
    url = migrated_copy(migrated_template, sqlite_url)
    engine = make_engine(url)
    store = Store(make_sessionmaker(engine))
    common = dict(paid="self_managed", target="saas", requester_id="7", confidence=0.93, partner_managed=False,
                  partner_name=None)
    first, _ = store.create_case(org_id="501", org_name="Crannock", trigger=Trigger.DETECT_SURE, ticket_id="11",
                                 reason="pipelines stuck on gitlab.com after leaving the self-managed server",
                                 level="premium", target_date=date(2027, 3, 1), **common)
    store.transition(first.id, Trigger.INFO_STATED)
    store.update_case(first.id, issue_iid=7, issue_url="https://gitlab.example.com/support-ops/requests/-/issues/7")
    store.schedule(first.id, date(2027, 3, 1), [7, 1])
    store.audit("write", service="zendesk", method="PUT", path="/api/v2/tickets/11",
                payload={"ticket": {"comment": {"public": False}}})
    second, _ = store.create_case(org_id="502", org_name=SCRIPT, trigger=Trigger.DETECT_SURE, ticket_id="12",
                                  reason=f"customer wrote {SCRIPT}", level=None, target_date=None, **common)
    store.transition(second.id, Trigger.ASK_SENT)
    with store.sessions.begin() as s:
        s.add(InboxEvent(id="zendesk:01JQMQH83YNAKWSWJ8B1QH2NSC", source="zendesk",
                         event_type="zen:event-type:ticket.comment_added", payload='{"detail": {"id": "11"}}',
                         received_at=datetime.now(timezone.utc), status="failed", partition_key="org:501",
                         result="ApiError: Zendesk answered 422 on PUT /api/v2/tickets/11: ticket is closed"))
    store.dead_letter_effect(first.id, "case:1:org_note:approved", "org_note", ["501"], "HTTP 403 forbidden")
    settings = Settings(database_url=url, **SECRETS, admin_users=f"ops:{hash_password(PASSWORD)}",
                        secret_key="e2e-session-key", zendesk_url="https://acme.zendesk.com")
    server = make_server("127.0.0.1", free_port(), create_app(settings, engine=engine), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", store
    server.shutdown()
    thread.join(5)
    engine.dispose()


def test_an_operator_uses_the_admin_pages_with_a_browser(site):
    sync_playwright = _playwright()
    base, store = site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialogs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 800})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.set_default_timeout(10_000)

            def shot(name: str) -> None:
                page.screenshot(path=str(SCREENSHOTS / f"admin-{name}.png"), full_page=True)

            # Signed out: any page leads to the login form.
            page.goto(f"{base}/admin/")
            assert page.url == f"{base}/admin/login"
            shot("1-login")
            # The keyboard alone: Tab from the top of the page to the name field, type, Tab, type, Enter.
            page.locator("body").focus()
            for _ in range(10):
                if page.evaluate("document.activeElement && document.activeElement.id") == "username":
                    break
                page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == "username"
            page.keyboard.type("ops")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == "password"
            page.keyboard.type(PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_url(f"{base}/admin/")

            # The cases, newest first; the customer's markup shown as text, never run.
            assert page.get_by_role("heading", name="Cases").is_visible()
            rows = page.locator("tbody tr")
            assert rows.count() == 2
            assert rows.nth(0).locator("td").nth(2).inner_text().startswith(SCRIPT)
            assert "Crannock" in rows.nth(1).inner_text() and "remind:7" in rows.nth(1).inner_text()
            shot("2-cases")
            page.get_by_label("State").select_option("awaiting_customer")
            page.get_by_role("button", name="Filter").press("Enter")
            page.wait_for_url("**state=awaiting_customer")
            assert page.locator("tbody tr").count() == 1
            page.get_by_role("link", name="Show all").click()

            # One case: facts, links, audit trail.
            page.get_by_role("link", name="Case 1", exact=True).click()
            page.wait_for_url(f"{base}/admin/cases/1")
            assert page.get_by_role("link", name="Ticket 11").get_attribute("href") == \
                "https://acme.zendesk.com/agent/tickets/11"
            assert page.get_by_role("link", name="Issue 7").is_visible()
            trail = page.locator("table.audit").inner_text()
            assert "case_created" in trail and "transition:info_stated" in trail and "/api/v2/tickets/11" in trail
            shot("3-case")

            # Dead letters, Replay of one row.
            page.get_by_role("link", name="Dead letters").click()
            page.wait_for_url(f"{base}/admin/dead-letters")
            assert "ticket is closed" in page.content() and "HTTP 403 forbidden" in page.content()
            shot("4-dead-letters")
            button = page.get_by_role("button", name="Replay event zendesk:01JQMQH83YNAKWSWJ8B1QH2NSC")
            button.focus()
            page.keyboard.press("Enter")
            page.wait_for_load_state()
            assert page.get_by_role("status").inner_text().startswith("Handed 1 dead letter back")
            with store.sessions() as s:
                assert s.get(InboxEvent, "zendesk:01JQMQH83YNAKWSWJ8B1QH2NSC").status == "replay"
            shot("5-replayed")

            # Log out: back to the login, and the pages are closed again.
            page.get_by_role("button", name="Log out").click()
            page.wait_for_url(f"{base}/admin/login")
            assert "You are signed out." in page.get_by_role("status").inner_text()
            shot("6-logged-out")
            page.goto(f"{base}/admin/dead-letters")
            assert page.url == f"{base}/admin/login"
        finally:
            browser.close()
    assert dialogs == []  # no script from customer text ever ran
