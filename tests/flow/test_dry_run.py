"""BOT_DRY_RUN: the bot reads, decides and records every write it would make in the audit trail, and performs none."""
from __future__ import annotations

import json

import sqlalchemy as sa

from sandbox.stack import in_days
from tests.conftest import MIGRATION
from tests.flow.conftest import bot_writes


def test_dry_run_writes_nothing_and_audits_planned_writes(make_stack, sqlite_url):
    stack = make_stack(sqlite_url, dry_run=True)
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"])
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    stack.reply(ticket, f"Ultimate on GitLab.com, target date {in_days(40).isoformat()}.")
    stack.settle()
    for service in ("zendesk", "gitlab", "slack"):
        assert bot_writes(stack, service) == [], service
    assert stack.bot_comments(ticket["id"]) == [] and stack.issues() == []
    assert "offering_migration" not in stack.ticket(ticket["id"])["tags"]
    with stack.rt.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT action, dry_run, detail FROM audit")).all()
    planned = [r for r in rows if r.action == "write"]
    assert planned and all(r.dry_run for r in planned)
    details = [r.detail if isinstance(r.detail, dict) else json.loads(r.detail) for r in planned]
    services = {d.get("service") for d in details}
    assert {"zendesk", "gitlab"} <= services
