"""More of SPEC "Observable behaviour" against the sandbox: unsure detection, stated answers, rejection, due-date
moves, joined tickets, partner-managed orgs, duplicate deliveries, dry run and the bot's own webhooks."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode
from datetime import datetime, time, timedelta, timezone

import pytest
import requests
import sqlalchemy as sa

from bot.worker import loop as worker
from bot.judgement.detect import classify
from bot.web.signatures import sign_slack, sign_zendesk
from sandbox.stack import Stack, in_days

ROOT = Path(__file__).resolve().parent.parent
MIGRATION = ("Pipelines stuck on GitLab.com after moving off our self-managed server",
             "Hi, we are migrating from our self-managed GitLab instance to GitLab.com (SaaS) and have moved our\n"
             "first group over to gitlab.com. Pipelines on gitlab.com now sit in pending: 'This job is stuck\n"
             "because you don't have any active runners'. How do we use the shared runners on GitLab.com?")
# `migration-bot classify` answers "ask" for this one: the move is stated, the problem only weakly located.
UNSURE = ("Moving to SaaS", "We are moving to GitLab.com SaaS. Our users get an error when logging in. Please advise.")


def _stack(url: str, **overrides):
    s = Stack(url, **overrides).start()
    return s


@pytest.fixture
def stack(sqlite_url):
    s = _stack(sqlite_url)
    yield s
    s.stop()


def midnight(day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def bot_writes(stack, service: str) -> list[dict]:
    """Calls with the bot's own credentials that change something on `service`."""
    who = {"zendesk": stack.env["ZENDESK_EMAIL"], "gitlab": stack.rt.gitlab_username}
    calls = stack.sandbox.controls(service).calls.list()
    if service == "slack":  # the Web API is all POST: writes are the chat.* methods
        return [c for c in calls if c["path"].rsplit("/", 1)[-1] in ("chat.postMessage", "chat.update",
                                                                       "chat.delete", "chat.postEphemeral")]
    return [c for c in calls if c["method"] in ("POST", "PUT", "DELETE", "PATCH") and c["auth_user"] == who[service]]


def post_interaction(stack, payload: dict) -> requests.Response:
    """Send a block_actions payload to the bot as Slack does (v0 signature)."""
    body = urlencode({"payload": json.dumps(payload)}).encode()
    stamp = str(int(datetime.now(timezone.utc).timestamp()))
    return requests.post(f"{stack.web.url}/slack/interactions", data=body, timeout=10, headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign_slack(stack.env["SLACK_SIGNING_SECRET"], stamp, body)})


def issue_notes(stack, iid: int) -> list[dict]:
    notes = stack.gitlab("GET", f"issues/{iid}/notes")
    return [n for n in notes if n["author"]["username"] == stack.rt.gitlab_username]


def case_of(stack, ticket_id) -> object:
    return stack.rt.store.case_for_ticket(str(ticket_id))


def open_issue_case(stack, name: str = "Crannock Systems", org_tags=("sm_premium", "emea"), target_days: int = 40,
                    **org_extra):
    """A case up to an open Support Ops issue: (org, ticket, issue, target date)."""
    org = stack.create_org(name, list(org_tags), notes="Key account since 2019.", **org_extra)
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    target = in_days(target_days)
    stack.reply(ticket, f"We'll buy Ultimate on GitLab.com. Migration target date: {target.isoformat()}.")
    stack.settle()
    issues = stack.issues()
    assert len(issues) == 1, issues
    return org, ticket, issues[0], target


def approve(stack, issue: dict) -> None:
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    stack.settle()


# --- 1. unsure detection ------------------------------------------------------------------------------------------
def _unsure_case(stack):
    item = {"id": "u", "today": in_days(0).isoformat(), "org": {"name": "Halvard Freight", "tags": ["sm_premium"]},
            "ticket": {"subject": UNSURE[0], "description": UNSURE[1], "tags": [], "comments": []}}
    assert classify(item, stack.rt.rules)["outcome"] == "ask", "pick another weak-evidence ticket for this test"
    org = stack.create_org("Halvard Freight", ["sm_premium", "amer"])
    ticket = stack.create_ticket(org, *UNSURE)
    stack.settle()
    internal = stack.bot_comments(ticket["id"], public=False)
    assert len(internal) == 1 and stack.bot_comments(ticket["id"], public=True) == []
    assert "offering_migration" not in stack.ticket(ticket["id"])["tags"]
    msgs = stack.slack_messages()
    assert len(msgs) == 1
    values = {el.get("value") for b in msgs[0].get("blocks") or [] for el in b.get("elements") or []}
    assert {"confirm", "dismiss"} <= values
    assert case_of(stack, ticket["id"]).state == "awaiting_confirmation"
    return org, ticket, msgs[0]


def test_unsure_detection_confirm_by_decider_continues_as_confident(stack):
    org, ticket, msg = _unsure_case(stack)
    other = stack.env["SANDBOX_SLACK_OTHER_USER"]
    answer = stack.click(msg, "confirm", other)
    assert answer["status"] == 200
    stack.settle()
    assert stack.bot_comments(ticket["id"], public=True) == []
    assert "offering_migration" not in stack.ticket(ticket["id"])["tags"]
    assert case_of(stack, ticket["id"]).state == "awaiting_confirmation"
    assert stack.slack_messages()[0]["text"] == msg["text"]

    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    clicked = stack.click(msg, "confirm", decider)
    assert clicked["status"] == 200
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 1 and "support level" in public[0]["body"] and "target date" in public[0]["body"]
    assert "offering_migration" in stack.ticket(ticket["id"])["tags"]
    # "continues as confident": the confident note may follow the unsure one, but nothing repeats.
    internal = [c["body"] for c in stack.bot_comments(ticket["id"], public=False)]
    assert len(internal) <= 2 and len(set(internal)) == len(internal)
    msgs = stack.slack_messages()
    assert len(msgs) == 1 and decider in msgs[0]["text"]
    assert case_of(stack, ticket["id"]).state == "awaiting_customer"
    # Slack delivering the same interaction again changes nothing more.
    for _ in range(2):
        assert post_interaction(stack, clicked["payload"]).status_code == 200
    stack.settle()
    assert len(stack.bot_comments(ticket["id"], public=True)) == 1
    assert len(stack.slack_messages()) == 1


def test_unsure_detection_dismiss_ends_the_case(stack):
    org, ticket, msg = _unsure_case(stack)
    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    assert stack.click(msg, "dismiss", decider)["status"] == 200
    stack.settle()
    assert stack.bot_comments(ticket["id"], public=True) == []
    assert len(stack.bot_comments(ticket["id"], public=False)) == 1
    assert "offering_migration" not in stack.ticket(ticket["id"])["tags"]
    assert case_of(stack, ticket["id"]).state == "cancelled"
    assert decider in stack.slack_messages()[0]["text"]
    assert stack.issues() == []


# --- 1/3. ticket already states level and date --------------------------------------------------------------------
def test_stated_level_and_date_opens_the_issue_without_asking(stack):
    org = stack.create_org("Brightwater Labs", ["sm_premium", "emea"])
    target = in_days(30)
    stated = f"\nWe will buy Ultimate on GitLab.com and the migration will be completed by {target.isoformat()}."
    ticket = stack.create_ticket(org, MIGRATION[0], MIGRATION[1] + stated)
    stack.settle()
    assert stack.bot_comments(ticket["id"], public=True) == []
    assert "offering_migration" in stack.ticket(ticket["id"])["tags"]
    issues = stack.issues()
    assert len(issues) == 1 and issues[0]["due_date"] == target.isoformat()
    assert "Ultimate" in issues[0]["description"]
    assert any(issues[0]["web_url"] in c["body"] for c in stack.bot_comments(ticket["id"], public=False))


# --- 1. the trigger webhook body the project ships ----------------------------------------------------------------
def test_trigger_webhook_starts_the_case_and_joins_the_event_subscription(stack):
    template = (ROOT / "schemas" / "zendesk" / "trigger_body_template.json").read_text()
    requests.post(f"{stack.sandbox.zendesk_url}/_sandbox/webhook", json={"enabled": False}, timeout=5)
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"])
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    assert stack.bot_comments(ticket["id"]) == []  # nothing arrived yet
    created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    placeholders = {"ticket.id": ticket["id"], "ticket.created_at_with_timestamp": created,
                    "ticket.organization.id": org["id"], "ticket.requester.id": ticket["requester_id"],
                    "ticket.status": "New"}  # Zendesk renders status title-case
    for name, value in placeholders.items():
        template = template.replace("{{%s}}" % name, str(value))
    body = template.encode()
    codes = []
    for _ in range(2):
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        codes.append(requests.post(f"{stack.web.url}/webhooks/zendesk", data=body, timeout=10, headers={
            "Content-Type": "application/json", "X-Zendesk-Webhook-Signature-Timestamp": stamp,
            "X-Zendesk-Webhook-Signature": sign_zendesk(stack.env["ZENDESK_WEBHOOK_SECRET"], stamp, body)}).status_code)
    assert codes == [202, 200]
    stack.settle()
    assert len(stack.bot_comments(ticket["id"], public=False)) == 1
    assert len(stack.bot_comments(ticket["id"], public=True)) == 1
    assert "offering_migration" in stack.ticket(ticket["id"])["tags"]


# --- 4. rejection -------------------------------------------------------------------------------------------------
def test_rejection_notes_the_ticket_and_leaves_the_org_alone(stack):
    org, ticket, issue, _ = open_issue_case(stack)
    before = stack.org(org["id"])
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::rejected")
    stack.settle()
    after = stack.org(org["id"])
    assert sorted(after["tags"]) == sorted(before["tags"]) and after["notes"] == before["notes"]
    internal = stack.bot_comments(ticket["id"], public=False)
    assert "rejected" in internal[-1]["body"]
    assert len(stack.bot_comments(ticket["id"], public=True)) == 1
    assert case_of(stack, ticket["id"]).state == "rejected"


# --- 4/6. due-date change -----------------------------------------------------------------------------------------
def test_due_date_change_after_approval_moves_note_reminders_and_expiry(stack):
    org, ticket, issue, old = open_issue_case(stack)
    approve(stack, issue)
    new = old + timedelta(days=20)
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=new.isoformat())
    stack.settle()
    lines = stack.org(org["id"])["notes"].splitlines()
    assert lines[0] == "Key account since 2019."
    assert lines[1].startswith(f"Approved saas ultimate support until {old.isoformat()}")
    assert len(lines) == 3 and new.isoformat() in lines[2]
    case = case_of(stack, ticket["id"])
    assert case.target_date == new
    pending = {(a.kind, a.target_date) for a in stack.rt.store.actions(case.id) if a.status == "pending"}
    assert ("expire", new) in pending and all(d == new for _, d in pending)

    slack_before = len(stack.slack_messages())
    worker.run_due(stack.rt, midnight(old - timedelta(days=7)))
    worker.run_due(stack.rt, midnight(old))
    assert "saas_ultimate" in stack.org(org["id"])["tags"]
    assert len(stack.slack_messages()) == slack_before
    assert stack.gitlab("GET", f"issues/{issue['iid']}")["state"] == "opened"

    for days in (7, 1):
        worker.run_due(stack.rt, midnight(new - timedelta(days=days)))
    reminders = stack.slack_messages()[slack_before:]
    assert len(reminders) == 2 and all("Crannock Systems" in m["text"] for m in reminders)
    assert len([n for n in issue_notes(stack, issue["iid"]) if new.isoformat() in n["body"]]) >= 2
    worker.run_due(stack.rt, midnight(new))
    end = stack.org(org["id"])
    assert "saas_ultimate" not in end["tags"] and "sm_premium" in end["tags"]
    assert "Expired" in end["notes"].splitlines()[-1]
    assert stack.gitlab("GET", f"issues/{issue['iid']}")["state"] == "closed"
    assert case_of(stack, ticket["id"]).state == "expired"


def test_due_date_moved_back_to_an_earlier_date_keeps_its_expiry_and_note(stack):
    org, ticket, issue, old = open_issue_case(stack)
    approve(stack, issue)
    new = old + timedelta(days=20)
    for due in (new, old):
        stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=due.isoformat())
        stack.settle()
    case = case_of(stack, ticket["id"])
    assert case.target_date == old
    lines = stack.org(org["id"])["notes"].splitlines()
    assert len(lines) == 4 and new.isoformat() in lines[2] and old.isoformat() in lines[3]
    pending = {(a.kind, a.target_date) for a in stack.rt.store.actions(case.id) if a.status == "pending"}
    assert ("expire", old) in pending
    worker.run_due(stack.rt, midnight(old))
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]


def test_due_date_moved_back_to_an_extended_date_appends_its_line_again(stack):
    org, ticket, issue, old = open_issue_case(stack)
    approve(stack, issue)
    first, second = old + timedelta(days=20), old + timedelta(days=30)
    for due in (first, second, first):
        stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=due.isoformat())
        stack.settle()
    assert case_of(stack, ticket["id"]).target_date == first
    lines = stack.org(org["id"])["notes"].splitlines()
    assert len(lines) == 5 and first.isoformat() in lines[-1], lines


def test_due_date_change_before_approval_sets_the_approved_date(stack):
    org, ticket, issue, old = open_issue_case(stack)
    new = old + timedelta(days=10)
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=new.isoformat())
    stack.settle()
    assert case_of(stack, ticket["id"]).target_date == new
    assert stack.org(org["id"])["notes"] == "Key account since 2019."
    approve(stack, issue)
    lines = stack.org(org["id"])["notes"].splitlines()
    assert lines[1] == f"Approved saas ultimate support until {new.isoformat()} ({issue['web_url']})"
    case = case_of(stack, ticket["id"])
    assert {a.target_date for a in stack.rt.store.actions(case.id) if a.status == "pending"} == {new}


# --- 2. replies the bot must refuse -------------------------------------------------------------------------------
def test_reply_without_level_or_too_far_is_refused_with_the_reason(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium"])
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    stack.reply(ticket, f"Our migration target date is {in_days(60).isoformat()}.")
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 2 and "support level" in public[-1]["body"]
    assert "- the migration target date" not in public[-1]["body"]  # the date it gave is fine
    stack.reply(ticket, f"Ultimate, and the target date is {in_days(400).isoformat()}.")
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 3 and "too far" in public[-1]["body"]
    stack.reply(ticket, "Premium please.")  # still no date: the bot never guesses one
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 4 and "date" in public[-1]["body"]
    assert stack.issues() == [] and case_of(stack, ticket["id"]).state == "awaiting_customer"


def test_not_a_migration_makes_no_write_at_all(stack):
    org = stack.create_org("Quiet Corp", ["sm_ultimate", "amer"])
    stack.create_ticket(org, "Gitaly CPU at 100%", "Our self-managed Gitaly node CPU is pegged at 100% during "
                        "business hours. Should we enable the pack-objects cache on our instance?")
    stack.settle()
    assert stack.rt.store.list_cases() == []
    for service in ("zendesk", "gitlab", "slack"):
        assert bot_writes(stack, service) == [], service
    assert stack.sandbox.controls("zendesk").calls.list(), "the bot should at least have read the ticket"


# --- 5. alignment of unclear tickets through Slack ----------------------------------------------------------------
def test_unclear_open_ticket_gets_a_slack_tag_prompt_and_the_decider_picks(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"])
    unclear = stack.create_ticket(org, "Login problem", "Some users cannot log in since this morning. Please help.",
                                  requester="it@example.com")
    solved = stack.create_ticket(org, "Old login problem", "Some users could not log in last week.",
                                 requester="old@example.com")
    stack.zendesk("PUT", f"tickets/{solved['id']}", ticket={"status": "solved"})
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    stack.reply(ticket, f"Ultimate on GitLab.com, target date {in_days(40).isoformat()}.")
    stack.settle()
    approve(stack, stack.issues()[0])
    assert sorted(stack.ticket(solved["id"])["tags"]) == sorted(solved["tags"])  # only open tickets are aligned
    assert not [m for m in stack.slack_messages() if f"#{solved['id']} " in m.get("text", "")]
    prompts = [m for m in stack.slack_messages() if f"#{unclear['id']} " in m.get("text", "")]
    assert len(prompts) == 1
    values = {el.get("value") for b in prompts[0].get("blocks") or [] for el in b.get("elements") or []}
    assert values == {"saas_ultimate", "sm_premium"}

    stack.click(prompts[0], "saas_ultimate", stack.env["SANDBOX_SLACK_OTHER_USER"])
    stack.settle()
    before = set(stack.ticket(unclear["id"])["tags"]) & {"saas_ultimate", "sm_premium"}
    assert before != {"saas_ultimate"}
    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    stack.click(prompts[0], "saas_ultimate", decider)
    stack.settle()
    assert set(stack.ticket(unclear["id"])["tags"]) & {"saas_ultimate", "sm_premium"} == {"saas_ultimate"}
    updated = [m for m in stack.slack_messages() if m["ts"] == prompts[0]["ts"]][0]
    assert decider in updated["text"]

    # A new ticket while the org carries both tags is aligned on arrival.
    fresh = stack.create_ticket(org, "Gitaly CPU at 100%", "Our self-managed Gitaly node CPU is pegged at 100% "
                                "during business hours. Should we enable the pack-objects cache on our instance?",
                                requester="ops@example.com")
    stack.settle()
    assert set(stack.ticket(fresh["id"])["tags"]) & {"saas_ultimate", "sm_premium"} == {"sm_premium"}


# --- 3. a second ticket joins the open case -----------------------------------------------------------------------
def test_second_ticket_joins_the_open_case(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"])
    first = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    second = stack.create_ticket(org, *MIGRATION, requester="dev2@example.com")
    stack.settle()
    assert len(stack.bot_comments(second["id"], public=False)) == 1
    assert stack.bot_comments(second["id"], public=True) == []
    assert len(stack.rt.store.list_cases()) == 1
    target = in_days(40)
    stack.reply(first, f"Ultimate on GitLab.com, target date {target.isoformat()}.")
    stack.settle()
    issues = stack.issues()
    assert len(issues) == 1
    assert f"#{first['id']}:" in issues[0]["description"] and f"#{second['id']}:" in issues[0]["description"]

    third = stack.create_ticket(org, *MIGRATION, requester="dev3@example.com")
    stack.settle()
    assert len(stack.issues()) == 1
    assert len(stack.bot_comments(third["id"], public=False)) >= 1
    assert any(f"#{third['id']} " in n["body"] for n in issue_notes(stack, issues[0]["iid"]))
    assert [t.ticket_id for t in stack.rt.store.tickets(stack.rt.store.list_cases()[0].id)] == [
        str(first["id"]), str(second["id"]), str(third["id"])]


# --- 3. partner-managed org ---------------------------------------------------------------------------------------
def test_partner_managed_org_is_named_in_ask_and_issue(stack):
    org = stack.create_org("Osterfeld AG", ["sm_premium", "partner_managed", "emea"],
                           organization_fields={"partner_name": "Nordlicht Partners"})
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 1 and "Nordlicht Partners" in public[0]["body"]
    stack.reply(ticket, f"Premium on GitLab.com, target date {in_days(50).isoformat()}.")
    stack.settle()
    issues = stack.issues()
    assert len(issues) == 1
    assert "Partner-managed | yes (Nordlicht Partners)" in issues[0]["description"]


# --- "every effect once": duplicate deliveries --------------------------------------------------------------------
@pytest.fixture
def any_db_stack(db_url):
    s = _stack(db_url)
    yield s
    s.stop()


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


# --- BOT_DRY_RUN --------------------------------------------------------------------------------------------------
def test_dry_run_writes_nothing_and_audits_planned_writes(sqlite_url):
    stack = _stack(sqlite_url, dry_run=True)
    try:
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
    finally:
        stack.stop()


# --- the bot's own writes come back as webhooks -------------------------------------------------------------------
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
    handled = [r for r in rows if r.source == "zendesk" and r.status == "done"]
    assert len(handled) == 2  # ticket.created and the requester's answer; the bot's own comments did nothing
    assert len(stack.bot_comments(ticket["id"], public=True)) == 1
