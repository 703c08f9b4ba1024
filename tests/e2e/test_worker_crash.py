"""End to end with real processes: a worker killed with SIGKILL exactly at an effect boundary (BOT_CRASH_AT) and
restarted finishes the case with each effect once, on SQLite and PostgreSQL."""
from __future__ import annotations

import signal

import pytest

from sandbox.stack import in_days
from tests.e2e.conftest import MIGRATION, assert_once

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("procs, crash_at", [
    ("sqlite", "before:case:*:ask"),            # died before asking: the ask is sent once after restart
    ("sqlite", "after:case:*:ask"),             # died after asking, before recording it: found, not re-sent
    ("sqlite", "after:case:*:issue"),           # the issue exists but was not recorded: found by its marker
    ("sqlite", "after:case:*:org_note:approved"),  # the org note line was written but not recorded
    pytest.param("postgres", "after:ticket:*:note:detected", marks=pytest.mark.postgres),
    pytest.param("postgres", "after:case:*:org_tag:add", marks=pytest.mark.postgres),
], indirect=["procs"])
def test_worker_killed_at_effect_boundary_completes_once(procs, crash_at):
    procs.start_web(workers=1, wait=False)
    doomed = procs.spawn("worker", "worker", env=procs.env | {"BOT_CRASH_AT": crash_at})
    procs.wait_web()
    watcher = {"restarted": False}

    def restart_when_dead():
        if doomed.poll() is not None and not watcher["restarted"]:
            assert doomed.returncode == -signal.SIGKILL
            procs.start_worker("worker-restarted")
            watcher["restarted"] = True

    org = procs.zendesk("POST", "organizations", organization={"name": "Pinecrest Credit Union",
                                                               "tags": ["sm_premium"], "notes": "VIP."})["organization"]
    ticket = procs.zendesk("POST", "tickets", ticket={
        "subject": MIGRATION[0], "comment": {"body": MIGRATION[1]}, "organization_id": org["id"],
        "requester": {"name": "Marcus", "email": "marcus@pinecrest.example"}})["ticket"]

    def step(predicate):
        def check():
            restart_when_dead()
            return predicate()
        return check

    procs.wait(step(lambda: procs.bot_comments(ticket["id"], public=True)), what="the ask")
    target = in_days(30)
    procs.zendesk("PUT", f"tickets/{ticket['id']}", ticket={"comment": {
        "body": f"Premium please, target date {target.isoformat()}", "public": True,
        "author_id": ticket["requester_id"]}})
    issue = procs.wait(step(lambda: procs.gitlab("GET", "issues?labels=offering-migration")[0]), what="the issue")
    procs.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    procs.wait(step(lambda: "Approved" in (procs.zendesk("GET", f"organizations/{org['id']}")
                                           ["organization"]["notes"] or "")), what="the org note")
    procs.wait(step(lambda: watcher["restarted"]), what="the crash to have happened")
    procs.settle()  # whatever the restarted worker would still redo is done
    assert_once(procs, org, ticket)
