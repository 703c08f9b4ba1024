"""handlers/gitlab.py against the recording fake runtime: Support Ops approves or rejects the case's issue, and only
a decision a person took, on our project's issue as it is now, counts. The same end to end: flow/test_approval.py."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.case.machine import State
from bot.case.messages import render
from handlers.gitlab import our_project
from tests.handlers.conftest import BOT_GITLAB_USERNAME, ISSUE_IID, ORG_ID, TICKET_ID, Call, stamp

APPROVED = "gitlab/Issue Hook__approved"
REJECTED = "gitlab/Issue Hook__rejected"


def issue_open(rt, dispatch):
    """Ticket 101 asked, answered (Ultimate, 2027-02-26) and its issue #12 open; the record starts afresh."""
    dispatch("zendesk/ticket.created__migration")
    assert dispatch("zendesk/ticket.comment_added__requester_reply") == ["answer accepted"]
    case = rt.store.case_for_ticket(TICKET_ID)
    assert (case.state, case.issue_iid) == (State.ISSUE_OPEN, ISSUE_IID)
    rt.forget_calls()
    return case


def test_approval_tags_the_org_appends_its_note_line_and_aligns_the_ticket(rt, dispatch):
    issue_open(rt, dispatch)
    rt.gitlab.label_by(ISSUE_IID, "offering-migration::approved")
    assert dispatch(APPROVED) == ["approved"]
    case = rt.store.case_for_ticket(TICKET_ID)
    assert case.state == State.TICKETS_ALIGNED and case.added_tag == "saas_ultimate"
    line = f"Approved saas ultimate support until 2027-02-26 ({case.issue_url})"
    assert line == render(rt, "org_note_approved", case)
    assert rt.writes() == [
        Call("zendesk.add_organization_tags", (ORG_ID, ["saas_ultimate"])),
        Call("zendesk.update_organization", (ORG_ID,), {"notes": f"Key account since 2019.\n{line}"}),
        Call("gitlab.create_note", (ISSUE_IID, render(rt, "issue_note_approved", case))),
        Call("zendesk.add_comment", (TICKET_ID, render(rt, "ticket_note_approved", case), False)),
        # The ticket's problem is on SaaS: it keeps the new level tag only (safe updates, each with the stamp read
        # just before: the ticket's 5th write was the note above).
        Call("zendesk.remove_ticket_tags", (TICKET_ID, ["sm_premium"]), {"updated_stamp": stamp(5)}),
        Call("zendesk.add_ticket_tags", (TICKET_ID, ["saas_ultimate"]), {"updated_stamp": stamp(6)}),
    ]
    assert [a.kind for a in rt.store.actions(case.id)] == ["remind:7", "remind:1", "expire"]


def test_rejection_notes_the_ticket_and_writes_nothing_to_the_org(rt, dispatch):
    issue_open(rt, dispatch)
    rt.gitlab.label_by(ISSUE_IID, "offering-migration::rejected")
    assert dispatch(REJECTED) == ["rejected"]
    case = rt.store.case_for_ticket(TICKET_ID)
    assert rt.writes() == [Call("zendesk.add_comment", (TICKET_ID, render(rt, "ticket_note_rejected", case), False))]
    assert not [c for c in rt.calls if "organization" in c.name]
    assert case.state == State.REJECTED


def test_an_approval_label_the_bot_itself_added_does_not_count(rt, dispatch):
    issue_open(rt, dispatch)
    rt.gitlab.label_by(ISSUE_IID, "offering-migration::approved", user=BOT_GITLAB_USERNAME)
    assert dispatch(APPROVED) == ["approval refused: the label was added by the bot's own account, not by a person"]
    (note,) = rt.writes()
    assert note.name == "gitlab.create_note" and note.args[0] == ISSUE_IID
    assert rt.store.case_for_ticket(TICKET_ID).state == State.ISSUE_OPEN


def test_a_late_hook_is_judged_on_the_issue_as_it_is_now(rt, dispatch):
    """The hook says approved, but the label is no longer on the issue: nothing happens."""
    issue_open(rt, dispatch)
    assert dispatch(APPROVED) == ["nothing to do"]
    assert rt.writes() == [] and rt.store.case_for_ticket(TICKET_ID).state == State.ISSUE_OPEN


def test_the_bots_own_issue_hook_does_nothing(rt, dispatch):
    issue_open(rt, dispatch)

    def by_the_bot(payload):
        payload["user"]["username"] = BOT_GITLAB_USERNAME
    assert dispatch(APPROVED, by_the_bot) == ["own write"]
    assert rt.calls == []


def test_a_hook_from_another_project_does_nothing(rt, dispatch):
    issue_open(rt, dispatch)
    rt.gitlab.label_by(ISSUE_IID, "offering-migration::approved")

    def other_project(payload):
        payload["project"] = {"id": 777, "path_with_namespace": "other/project"}
    assert dispatch(APPROVED, other_project) == ["another project"]
    assert rt.calls == []


@pytest.mark.parametrize("configured, project, ours", [
    ("support-ops/offering-migrations", {"id": 1, "path_with_namespace": "Support-Ops/Offering-Migrations"}, True),
    ("support-ops/offering-migrations", {"id": 1, "path_with_namespace": "other/project"}, False),
    ("42", {"id": 42, "path_with_namespace": "anything/else"}, True),
    ("42", {"id": 43, "path_with_namespace": "support-ops/offering-migrations"}, False),
    ("42", {}, False),
])
def test_our_project_by_id_or_path(configured, project, ours):
    rt = SimpleNamespace(settings=SimpleNamespace(gitlab_project=configured))
    assert our_project(rt, {"project": project}) is ours
