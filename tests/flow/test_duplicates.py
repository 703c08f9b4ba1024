""""Every effect once": every webhook delivered three times (SQLite and PostgreSQL) gives each effect once, and the
bot's own writes coming back as webhooks are recognised and do not loop."""
from __future__ import annotations

import requests
import sqlalchemy as sa

from tests.flow.conftest import approve, bot_writes, case_of, issue_notes, open_issue_case


def test_every_webhook_delivered_three_times_gives_each_effect_once(any_db_stack):
    stack = any_db_stack
    for service in ("zendesk", "gitlab"):
        base = stack.sandbox.zendesk_url if service == "zendesk" else stack.sandbox.gitlab_url
        requests.post(f"{base}/_sandbox/webhook", json={"duplicates": 3}, timeout=5).raise_for_status()
    org, ticket, issue, target = open_issue_case(stack)
    approve(stack, issue)
    deliveries = stack.sandbox.controls("zendesk").webhooks.deliveries()
    assert len(deliveries) >= 3 and len({d["id"] for d in deliveries}) * 3 <= len(deliveries) + 2

    assert len(stack.bot_comments(ticket["id"], public=True)) == 1
    internal = stack.bot_comments(ticket["id"], public=False)
    assert len(internal) == len({c["body"] for c in internal}) == 3  # detected, issue link, approved
    assert len(stack.issues()) == 1
    notes = stack.org(org["id"])["notes"]
    assert notes.count("Approved") == 1
    assert stack.org(org["id"])["tags"].count("saas_ultimate") == 1
    bodies = [n["body"] for n in issue_notes(stack, issue["iid"])]
    assert len(bodies) == len(set(bodies)) and any("saas_ultimate" in b for b in bodies)
    case = case_of(stack, ticket["id"])
    assert len([a for a in stack.rt.store.actions(case.id) if a.kind == "expire"]) == 1


def test_own_writes_arriving_as_webhooks_do_not_loop(stack):
    org, ticket, issue, _ = open_issue_case(stack)
    approve(stack, issue)
    counts = {s: len(bot_writes(stack, s)) for s in ("zendesk", "gitlab", "slack")}
    with stack.rt.engine.connect() as conn:
        inbox_rows = conn.execute(sa.text("SELECT count(*) FROM inbox")).scalar()
    delivered = sum(len(stack.sandbox.controls(s).webhooks.deliveries()) for s in ("zendesk", "gitlab"))
    assert inbox_rows <= delivered + 2  # one row per delivery (+ nothing the bot made up)
    stack.settle(quiet=1.5)
    assert {s: len(bot_writes(stack, s)) for s in ("zendesk", "gitlab", "slack")} == counts
    with stack.rt.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM inbox")).scalar() == inbox_rows
        rows = conn.execute(sa.text("SELECT source, status, result FROM inbox")).all()
    assert not [r for r in rows if r.status not in ("done", "ignored")]
    # The bot's own issue creation came back as an Issue Hook and was recognised as such.
    assert any(r.source == "gitlab" and r.result == "own write" for r in rows)
    # The bot's org tag write comes back as organization.tags_changed, which only clears the bot's memory of them.
    handled = [r for r in rows if r.source == "zendesk" and r.status == "done" and r.result != "org tags forgotten"]
    assert len(handled) == 2  # ticket.created and the requester's answer; the bot's own comments did nothing
    assert [r for r in rows if r.result == "org tags forgotten"]
    assert len(stack.bot_comments(ticket["id"], public=True)) == 1
