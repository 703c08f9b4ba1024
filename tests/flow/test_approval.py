"""SPEC "Observable behaviour" 4: Support Ops decides in GitLab. A rejection notes the tickets and leaves the org
alone; only an approval on our project, as the issue is now, counts; a rejection after approval is answered.
What an approval writes: test_lifecycle.py."""
from __future__ import annotations

from tests.flow.conftest import approve, case_of, inbox_result, open_issue_case, post_issue_hook


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


def test_approval_counts_only_from_our_project_and_as_the_issue_is_now(stack):
    org, _ticket, issue, _target = open_issue_case(stack, org_tags=("sm_premium",))
    approved = ["offering-migration", "offering-migration::approved"]
    # Issue numbers are per project: the same iid in another project (a group hook) must not approve our case.
    foreign = post_issue_hook(stack, issue, {"id": 777, "path_with_namespace": "other/project"}, approved)
    assert foreign["status"] == "done"
    assert inbox_result(stack, foreign) == "another project"
    # A late hook whose label was removed again in GitLab since: the issue itself decides.
    late = post_issue_hook(stack, issue, {"id": 1, "path_with_namespace": "support-ops/offering-migrations"}, approved)
    assert inbox_result(stack, late) == "nothing to do"
    assert stack.org(org["id"])["tags"] == ["sm_premium"]
    assert stack.rt.store.list_cases()[0].state == "issue_open"
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    stack.settle()
    assert "saas_ultimate" in stack.org(org["id"])["tags"]


def test_rejecting_after_approval_explains_instead_of_staying_silent(stack):
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
