"""SPEC "Observable behaviour" 6 for many tickets: at expiry, the open tickets that carry the removed tag get the
org's remaining level tag and one internal note each, sent together as one update_many job (tags and note in the
same update, so a ticket showing the change also has its note); running the expiry step again adds no note."""
from __future__ import annotations

import time

import requests

from bot.case.align import end_temporary_tag
from bot.case.effects import Effects
from bot.worker import loop as worker
from tests.flow.conftest import approve, midnight, open_issue_case

LEVEL = {"sm_premium", "saas_ultimate"}
SAAS_PROBLEM = ("Runners on our GitLab.com group", "Jobs in our GitLab.com group stay pending; the shared runners "
                "on gitlab.com never pick them up.")


def test_expiry_of_many_tickets_is_one_job_with_one_note_each(stack):
    org, ticket, issue, target = open_issue_case(stack, org_tags=("sm_premium", "emea"))
    approve(stack, issue)
    others = [stack.create_ticket(org, *SAAS_PROBLEM, requester=f"s{n}@example.com") for n in range(4)]
    stack.settle()  # new tickets of the org are aligned on arrival: they carry saas_ultimate now
    ids = [ticket["id"]] + [t["id"] for t in others]
    assert all(set(stack.ticket(t)["tags"]) & LEVEL == {"saas_ultimate"} for t in ids)
    notes_before = {t: len(stack.bot_comments(t, public=False)) for t in ids}

    since = time.time()
    worker.run_due(stack.rt, midnight(target))
    stack.settle()
    calls = [c for c in stack.sandbox.controls("zendesk").calls.list(since)
             if c.get("auth_user") == stack.env["ZENDESK_EMAIL"]]
    assert len([c for c in calls if "update_many" in c["path"]]) == 1
    for t in ids:
        assert set(stack.ticket(t)["tags"]) & LEVEL == {"sm_premium"}, t
        new_notes = stack.bot_comments(t, public=False)[notes_before[t]:]
        assert len(new_notes) == 1 and "ended" in new_notes[0]["body"], t

    # The step run again (a replay after a later failure): the tickets no longer carry the tag, nothing is sent.
    case = stack.rt.store.case_for_ticket(str(ticket["id"]))
    again = time.time()
    end_temporary_tag(stack.rt, Effects(stack.rt), case)
    assert not [c for c in stack.sandbox.controls("zendesk").calls.list(again) if c["method"] != "GET"]
    assert all(len(stack.bot_comments(t, public=False)) == notes_before[t] + 1 for t in ids)
    assert requests.get(f"{stack.sandbox.zendesk_url}/_sandbox/jobs", timeout=5).json()["active"] == 0
