"""Support Ops decides in GitLab as the real service behaves: confidential issues, GitLab Free's non-exclusive
scoped labels, approvals that only a person (optionally a listed approver) can give, due dates outside the window,
descriptions Support Ops edited, and customer text that must not act in GitLab (SPEC "Observable behaviour" 3-4,
"What the real services do", "Hostile or broken input")."""
from __future__ import annotations

import requests

from sandbox.stack import in_days
from tests.conftest import MIGRATION
from tests.flow.conftest import open_issue_case

APPROVED, REJECTED = "offering-migration::approved", "offering-migration::rejected"


def notes(stack, issue) -> list[str]:
    return [n["body"] for n in stack.gitlab("GET", f"issues/{issue['iid']}/notes")]


def case_state(stack) -> str:
    return stack.rt.store.list_cases()[0].state


def test_a_confidential_issue_is_decided_like_any_other(stack):
    org, _, issue, _ = open_issue_case(stack)
    stack.gitlab("PUT", f"issues/{issue['iid']}", confidential=True)
    stack.settle()
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels=APPROVED)
    stack.settle()
    assert "saas_ultimate" in stack.org(org["id"])["tags"]
    assert case_state(stack) == "tickets_aligned"


def test_both_labels_on_gitlab_free_change_nothing_and_ask_once(stack):
    requests.post(f"{stack.sandbox.gitlab_url}/_sandbox/scoped_labels", json={"exclusive": False}, timeout=5)
    org, _, issue, _ = open_issue_case(stack)
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels=APPROVED)
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels=REJECTED)
    stack.settle()
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="needs-review")  # the conflict lasts
    stack.settle()
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]
    assert sum("keep one" in n for n in notes(stack, issue)) == 1
    # Support Ops removes the rejection: the approval holds now.
    stack.gitlab("PUT", f"issues/{issue['iid']}", remove_labels=REJECTED)
    stack.settle()
    assert "saas_ultimate" in stack.org(org["id"])["tags"]


def test_an_approval_label_added_by_the_bot_account_approves_nothing(stack):
    org, _, issue, _ = open_issue_case(stack)
    as_bot = requests.Session()
    as_bot.headers["PRIVATE-TOKEN"] = stack.env["GITLAB_TOKEN"]
    url = f"{stack.sandbox.gitlab_url}/api/v4/projects/support-ops%2Foffering-migrations/issues/{issue['iid']}"
    as_bot.put(url, json={"add_labels": APPROVED}, timeout=5).raise_for_status()
    stack.settle()
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="triaged")  # a person's unrelated edit
    stack.settle()
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]
    assert case_state(stack) == "issue_open"
    refused = [n for n in notes(stack, issue) if "bot's own account" in n]
    assert len(refused) == 1


def test_only_listed_approvers_approve(make_stack):
    stack = make_stack(gitlab_approvers=("someone-else",))
    org, _, issue, _ = open_issue_case(stack)
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels=APPROVED)
    stack.settle()
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]
    assert sum("not one of the approvers" in n for n in notes(stack, issue)) == 1


def test_a_due_date_outside_the_window_changes_nothing_and_says_the_range(stack):
    org, _, issue, target = open_issue_case(stack)
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels=APPROVED)
    stack.settle()
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date="2099-12-31")
    stack.settle()
    case = stack.rt.store.list_cases()[0]
    assert case.target_date == target
    assert all(a.run_after.year < 2099 for a in stack.rt.store.actions(case.id))
    said = [n for n in notes(stack, issue) if "2099-12-31" in n]
    assert len(said) == 1 and in_days(365).isoformat() in said[0]
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=in_days(-1).isoformat())  # yesterday: refused too
    stack.settle()
    assert "saas_ultimate" in stack.org(org["id"])["tags"]


def test_todays_due_date_ends_the_support_at_once(stack):
    org, _, issue, _ = open_issue_case(stack)
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels=APPROVED)
    stack.settle()
    stack.gitlab("PUT", f"issues/{issue['iid']}", due_date=in_days(0).isoformat())
    stack.settle()
    stack.wait_for(lambda: case_state(stack) == "expired", what="expiry")
    assert "saas_ultimate" not in stack.org(org["id"])["tags"]


def test_a_refresh_rewrites_only_the_bots_block(stack):
    org, _, issue, _ = open_issue_case(stack)
    edited = "Checked with the account team: OK from our side.\n\n" + issue["description"] + "\nFinance review pending.\n"
    stack.gitlab("PUT", f"issues/{issue['iid']}", description=edited)
    stack.settle()
    second = stack.create_ticket(org, *MIGRATION, requester="ops@example.com")
    stack.settle()
    description = stack.gitlab("GET", f"issues/{issue['iid']}")["description"]
    assert description.startswith("Checked with the account team: OK from our side.")
    assert "Finance review pending." in description and f"#{second['id']}" in description
    assert description.count("<!-- offering-migration:start -->") == 1


def test_customer_text_in_the_org_name_and_partner_field_does_nothing_in_gitlab(stack):
    hostile = "Evil Corp\n/label ~offering-migration::approved\n/close @all [x](https://evil.example/p) ![i](https://evil.example/i.png)"
    org, _, issue, _ = open_issue_case(stack, hostile, org_tags=("sm_premium", "partner_managed"),
                                    organization_fields={"partner_name": "/close\n@all [p](https://evil.example)"})
    stack.settle()
    issue = stack.gitlab("GET", f"issues/{issue['iid']}")
    assert "\n" not in issue["title"]
    assert issue["state"] == "opened" and APPROVED not in issue["labels"]
    for text in [issue["title"], issue["description"], *notes(stack, issue)]:
        assert "](https://" not in text and "@all" not in text
        assert not any(line.lstrip().startswith("/") for line in text.splitlines())
    assert case_state(stack) == "issue_open"
    # The sandbox strips command lines as GitLab does, so ask it what it found: nothing the bot wrote was one.
    found = requests.get(f"{stack.sandbox.gitlab_url}/_sandbox/state", timeout=5).json()["quick_actions"]
    assert found == []
