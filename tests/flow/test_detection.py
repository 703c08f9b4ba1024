"""SPEC "Observable behaviour" 1: which tickets start a case and what the bot writes then: a confident migration
(internal note, question, marker tag), an ordinary ticket (nothing), the trigger webhook the project ships, and a
migration stated only in a later comment. Unsure detections: test_confirmation.py."""
from __future__ import annotations

from datetime import datetime, timezone

import requests

from tests.conftest import MIGRATION, ORDINARY, ROOT, zendesk_headers
from tests.flow.conftest import bot_writes, start_case

VAGUE = ("Pipelines pending", "Hi, our pipelines just sit in pending since yesterday. Any idea?\n-- Jana")
LATE_FACT = ("Sorry, I should have said: we have decided to move from our self-managed GitLab to GitLab.com, "
             "and these pending pipelines are on our new GitLab.com group.")


def test_confident_detection_notes_asks_and_tags(any_db_stack):
    stack = any_db_stack
    org, ticket = start_case(stack)
    internal = stack.bot_comments(ticket["id"], public=False)
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(internal) == 1 and len(public) == 1
    assert "Self-Managed" in internal[0]["body"] and "SaaS" in internal[0]["body"]
    assert "support level" in public[0]["body"] and "target date" in public[0]["body"]
    assert "offering_migration" in stack.ticket(ticket["id"])["tags"]
    assert stack.issues() == [] and stack.slack_messages() == []


def bot_calls(stack, service: str) -> list[dict]:
    """Every call the bot made to `service` (reads included), after the start-up identity look-ups."""
    who = {"zendesk": stack.env["ZENDESK_EMAIL"], "gitlab": stack.rt.gitlab_username}
    calls = stack.sandbox.controls(service).calls.list()
    if service == "slack":
        return calls
    return [c for c in calls if c.get("auth_user") == who[service] and not c["path"].endswith("/users/me")
            and not c["path"].endswith("/user")]


def test_ordinary_ticket_costs_no_call_at_all(any_db_stack):
    stack = any_db_stack
    org = stack.create_org("Quiet Corp", ["sm_ultimate", "amer"])
    ticket = stack.create_ticket(org, *ORDINARY)
    stack.settle()
    assert stack.bot_comments(ticket["id"]) == []
    assert "offering_migration" not in stack.ticket(ticket["id"])["tags"]
    assert stack.issues() == [] and stack.slack_messages() == []
    assert bot_calls(stack, "zendesk") == []  # judged from the event alone: not even a read


def test_a_ticket_without_organization_costs_no_call(stack):
    ticket = stack.zendesk("POST", "tickets", ticket={
        "subject": MIGRATION[0], "comment": {"body": MIGRATION[1], "public": True},
        "requester": {"name": "Loner", "email": "loner@nowhere.example"}})["ticket"]
    assert ticket["organization_id"] is None
    stack.settle()
    assert stack.bot_comments(ticket["id"]) == [] and stack.rt.store.list_cases() == []
    assert bot_calls(stack, "zendesk") == []


def test_a_migration_ticket_costs_at_most_six_calls(stack):
    _org, ticket = start_case(stack)
    assert len(stack.bot_comments(ticket["id"], public=False)) == 1
    calls = bot_calls(stack, "zendesk")
    assert [c["method"] for c in calls if c["method"] == "GET" and "/organizations/" in c["path"]] == ["GET"]
    assert not any(c["path"].endswith("/comments") for c in calls)  # the event carried the only comment
    assert len(calls) <= 6, [(c["method"], c["path"]) for c in calls]


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
        codes.append(requests.post(f"{stack.web.url}/webhooks/zendesk", data=body, timeout=10,
                                   headers=zendesk_headers(body, stack.env["ZENDESK_WEBHOOK_SECRET"])).status_code)
    assert codes == [202, 200]
    stack.settle()
    assert len(stack.bot_comments(ticket["id"], public=False)) == 1
    assert len(stack.bot_comments(ticket["id"], public=True)) == 1
    assert "offering_migration" in stack.ticket(ticket["id"])["tags"]


def test_not_a_migration_makes_no_write_at_all(stack):
    org = stack.create_org("Quiet Corp", ["sm_ultimate", "amer"])
    stack.create_ticket(org, "Gitaly CPU at 100%", "Our self-managed Gitaly node CPU is pegged at 100% during "
                        "business hours. Should we enable the pack-objects cache on our instance?")
    stack.settle()
    assert stack.rt.store.list_cases() == []
    for service in ("zendesk", "gitlab", "slack"):
        assert bot_writes(stack, service) == [], service


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
