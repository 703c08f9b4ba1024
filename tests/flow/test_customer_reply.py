"""Behaviour added after the black-box review: late-stated migrations, partial answers, current issue facts."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.settings import Settings
from bot.errors import ConfigError
from sandbox.stack import Stack, in_days
from test_flow import MIGRATION

VAGUE = ("Pipelines pending", "Hi, our pipelines just sit in pending since yesterday. Any idea?\n-- Jana")
LATE_FACT = ("Sorry, I should have said: we have decided to move from our self-managed GitLab to GitLab.com, "
             "and these pending pipelines are on our new GitLab.com group.")


@pytest.fixture
def stack(tmp_path):
    s = Stack(f"sqlite:///{tmp_path / 'bot.db'}").start()
    yield s
    s.stop()


def test_migration_stated_only_in_a_later_requester_comment_is_detected(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    ticket = stack.create_ticket(org, *VAGUE)
    stack.settle()
    assert stack.bot_comments(ticket["id"]) == []
    stack.reply(ticket, LATE_FACT)
    stack.settle()
    cases = stack.rt.store.list_cases()
    assert len(cases) == 1 and cases[0].target_offering == "saas"
    assert len(stack.bot_comments(ticket["id"], public=False)) == 1
    if cases[0].state == "awaiting_customer":
        assert len(stack.bot_comments(ticket["id"], public=True)) == 1


def test_a_valid_level_is_remembered_while_the_date_is_asked_again(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    stack.reply(ticket, f"Premium. Target date {in_days(500).isoformat()}.")
    stack.settle()
    refusal = stack.bot_comments(ticket["id"], public=True)[-1]["body"]
    assert "too far" in refusal and "support level" not in refusal.split("need:")[1].split("Please")[0]
    stack.reply(ticket, f"OK, our target date is {in_days(40).isoformat()}.")
    stack.settle()
    case = stack.rt.store.list_cases()[0]
    assert case.state == "issue_open" and case.support_level == "premium"
    assert case.target_date == in_days(40)


def test_issue_description_lists_joined_tickets_and_the_moved_date(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    first = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    stack.reply(first, f"Ultimate, target date {in_days(30).isoformat()}.")
    stack.settle()
    second = stack.create_ticket(org, *MIGRATION, requester="second@example.com")
    stack.settle()
    issue = stack.issues()[0]
    assert f"#{first['id']}" in issue["description"] and f"#{second['id']}" in issue["description"]
    moved = in_days(45)
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=moved.isoformat())
    stack.settle()
    assert moved.isoformat() in stack.issues()[0]["description"]
    assert stack.rt.store.list_cases()[0].target_date == moved


def test_shortened_date_is_not_called_an_extension(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"], notes="VIP.")
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    target = in_days(60)
    stack.reply(ticket, f"Ultimate, target date {target.isoformat()}.")
    stack.settle()
    issue = stack.issues()[0]
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    stack.settle()
    earlier = target - timedelta(days=20)
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=earlier.isoformat())
    stack.settle()
    last = stack.org(org["id"])["notes"].splitlines()[-1]
    assert last.startswith(f"Shortened saas ultimate support until {earlier.isoformat()}")


@pytest.mark.parametrize("env, message", [
    ({"ZENDESK_URL": "http://zendesk.example.com"}, "loopback only"),
    ({"SLACK_DECIDERS": "U0ABC, bob"}, "not a Slack user id"),
    ({"BOT_RATE_LIMITS": "zendesk=0"}, "BOT_RATE_LIMITS"),
    ({"DATABASE_URL": "sqlite:////nonexistent-folder/bot.db"}, "folder of the SQLite file does not exist"),
])
def test_settings_refuse_unsafe_or_malformed_values(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env, dotenv_path=None)


def test_metrics_add_up_across_processes(tmp_path, monkeypatch):
    """With PROMETHEUS_MULTIPROC_DIR (set by serve and the gunicorn config) /metrics reads every process."""
    import subprocess
    import sys

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    code = ("from bot import metrics; metrics.WEBHOOKS.labels(source='zendesk', outcome='accepted').inc()")
    for _ in range(2):
        subprocess.run([sys.executable, "-c", code], check=True, env={**__import__("os").environ})
    out = subprocess.run([sys.executable, "-c", "from bot import metrics; print(metrics.render().decode())"],
                         check=True, capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("bot_webhooks_total{") and 'outcome="accepted"' in x)
    assert float(line.rsplit(" ", 1)[1]) == 2.0


def test_first_permitted_click_wins_even_from_the_same_person(stack):
    from test_flow_more import approve, open_issue_case

    org, _ticket, issue, _target = open_issue_case(stack, org_tags=("sm_premium",))
    approve(stack, issue)
    unclear = stack.create_ticket(org, "Question about user seats", "How many seats do we have left? Thanks",
                                  requester="ana@example.com")
    stack.settle()
    prompt = next(m for m in stack.slack_messages() if str(unclear["id"]) in m.get("text", ""))
    assert "organization carries two support-level tags" in prompt["text"]
    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    stack.click(prompt, "sm_premium", decider)
    stack.click(prompt, "saas_ultimate", decider)
    stack.settle()
    level = {"sm_premium", "saas_ultimate"}
    assert set(stack.ticket(unclear["id"])["tags"]) & level == {"sm_premium"}
    updated = next(m for m in stack.slack_messages() if m["ts"] == prompt["ts"])
    assert "keep `sm_premium`" in updated["text"]


def _post_issue_hook(stack, issue: dict, project: dict, labels: list[str]) -> None:
    import json
    import uuid
    from pathlib import Path

    import requests

    body = json.loads((Path(__file__).parent / "fixtures" / "gitlab" / "Issue Hook__approved.json").read_text())
    body["project"] = project
    body["object_attributes"].update(iid=issue["iid"], due_date=issue["due_date"], url=issue["web_url"],
                                     description=issue["description"])
    body["labels"] = body["object_attributes"]["labels"] = [{"id": i, "title": t} for i, t in enumerate(labels)]
    delivery = str(uuid.uuid4())
    resp = requests.post(f"{stack.web.url}/webhooks/gitlab", data=json.dumps(body), timeout=10, headers={
        "Content-Type": "application/json", "X-Gitlab-Event": "Issue Hook", "X-Gitlab-Event-UUID": delivery,
        "X-Gitlab-Token": stack.env["GITLAB_WEBHOOK_TOKEN"]})
    assert resp.status_code == 202, resp.text
    stack.settle()
    from bot.db import inbox

    return inbox.load(stack.rt.engine, f"gitlab:{delivery}")


def test_approval_counts_only_from_our_project_and_as_the_issue_is_now(stack):
    from test_flow_more import open_issue_case

    org, _ticket, issue, _target = open_issue_case(stack, org_tags=("sm_premium",))
    approved = ["offering-migration", "offering-migration::approved"]
    # Issue numbers are per project: the same iid in another project (a group hook) must not approve our case.
    foreign = _post_issue_hook(stack, issue, {"id": 777, "path_with_namespace": "other/project"}, approved)
    assert foreign["status"] == "done"
    assert inbox_result(stack, foreign) == "another project"
    # A late hook whose label was removed again in GitLab since: the issue itself decides.
    late = _post_issue_hook(stack, issue, {"id": 1, "path_with_namespace": "support-ops/offering-migrations"}, approved)
    assert inbox_result(stack, late) == "nothing to do"
    assert stack.org(org["id"])["tags"] == ["sm_premium"]
    assert stack.rt.store.list_cases()[0].state == "issue_open"
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    stack.settle()
    assert "saas_ultimate" in stack.org(org["id"])["tags"]


def test_event_for_a_deleted_ticket_is_done_not_dead_lettered(stack):
    import json

    import requests
    from conftest import load_fixture, zendesk_headers
    from bot.db import inbox
    from bot.worker import loop as worker

    body = json.loads(load_fixture("zendesk/ticket.created__migration"))
    body["id"] = "01JDELETEDTICKET0000000000"
    body["detail"]["id"] = "987654"
    body["subject"] = "zen:ticket:987654"
    raw = json.dumps(body).encode()
    resp = requests.post(f"{stack.web.url}/webhooks/zendesk", data=raw, timeout=10,
                         headers=zendesk_headers(raw, stack.env["ZENDESK_WEBHOOK_SECRET"]))
    assert resp.status_code == 202, resp.text
    stack.settle()
    assert worker.dead_letters(stack.rt) == []
    recorded = inbox.load(stack.rt.engine, "zendesk:01JDELETEDTICKET0000000000")
    assert recorded["status"] == "done" and stack.rt.store.list_cases() == []


def test_a_valid_level_stated_in_the_ticket_is_kept_when_its_date_is_refused(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    subject, body = MIGRATION
    stated = f"\nWe will buy Premium on GitLab.com and want to be done by {in_days(3).isoformat()}.\n-- Jana"
    ticket = stack.create_ticket(org, subject, body.replace("\n-- Jana", stated))
    stack.settle()
    assert len(stack.bot_comments(ticket["id"], public=True)) == 1  # the date is too close: asked
    case = stack.rt.store.list_cases()[0]
    assert case.state == "awaiting_customer" and case.support_level == "premium" and case.target_date is None
    stack.reply(ticket, f"Sorry, that was a typo: the target date is {in_days(30).isoformat()}.")
    stack.settle()
    case = stack.rt.store.list_cases()[0]
    assert case.state == "issue_open" and case.support_level == "premium" and case.target_date == in_days(30)


def test_rejecting_after_approval_explains_instead_of_staying_silent(stack):
    from test_flow_more import approve, open_issue_case

    org, _ticket, issue, target = open_issue_case(stack, org_tags=("sm_premium",))
    approve(stack, issue)
    for _ in range(2):  # said once, however often the label is touched
        stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::rejected")
        stack.settle()
        stack.gitlab("PUT", f"issues/{issue['iid']}", remove_labels="offering-migration::rejected")
        stack.settle()
    notes = [n["body"] for n in stack.gitlab("GET", f"issues/{issue['iid']}/notes")]
    told = [n for n in notes if "already approved" in n]
    assert len(told) == 1 and f"until {target.isoformat()}" in told[0] and "saas_ultimate" in told[0]
    assert "saas_ultimate" in stack.org(org["id"])["tags"]


def inbox_result(stack, event: dict) -> str:
    from sqlalchemy import select

    from bot.db.models import InboxEvent

    with stack.rt.engine.connect() as conn:
        return conn.execute(select(InboxEvent.result).where(InboxEvent.id == event["id"])).scalar_one()


@pytest.mark.parametrize("configured, project, ours", [
    ("support-ops/offering-migrations", {"id": 1, "path_with_namespace": "Support-Ops/Offering-Migrations"}, True),
    ("support-ops/offering-migrations", {"id": 1, "path_with_namespace": "other/project"}, False),
    ("42", {"id": 42, "path_with_namespace": "anything/else"}, True),
    ("42", {"id": 43, "path_with_namespace": "support-ops/offering-migrations"}, False),
    ("42", {}, False),
])
def test_our_project_by_id_or_path(configured, project, ours):
    from types import SimpleNamespace

    from handlers.gitlab import our_project

    rt = SimpleNamespace(settings=SimpleNamespace(gitlab_project=configured))
    assert our_project(rt, {"project": project}) is ours


def test_a_deleted_issue_cancels_its_open_case_instead_of_dead_lettering(stack):
    from test_flow_more import open_issue_case
    from bot.worker import loop as worker

    _org, _ticket, issue, _target = open_issue_case(stack, org_tags=("sm_premium",))
    stack.gitlab("DELETE", f"issues/{issue['iid']}")
    hook = _post_issue_hook(stack, issue, {"id": 1, "path_with_namespace": "support-ops/offering-migrations"},
                            ["offering-migration", "offering-migration::approved"])
    assert inbox_result(stack, hook) == "issue deleted: cancelled"
    assert stack.rt.store.list_cases()[0].state == "cancelled" and worker.dead_letters(stack.rt) == []
