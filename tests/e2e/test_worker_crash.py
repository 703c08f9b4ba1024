"""End to end with real processes: a worker killed with SIGKILL exactly at an effect boundary (BOT_CRASH_AT) and
restarted finishes the case with each effect once, on SQLite and PostgreSQL.

Each case crosses two boundaries, one early and one late in the case: the first worker is killed at the first, the
worker started in its place at the second, and a third finishes. The replacement's recovery from the first crash
has to be right before the case can reach the second boundary (a lost effect leaves the case waiting: a timeout; a
repeated one stays counted by assert_once), so each pair fails for every bug either boundary alone caught, with one
web process, sandbox and worker start fewer per pair."""
from __future__ import annotations

import signal

import pytest

from sandbox.stack import in_days
from tests.e2e.conftest import MIGRATION, assert_once

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("procs, crash_at", [
    # died before asking: the ask is sent once after restart; the issue exists but was not recorded: found by its marker
    ("sqlite", ("before:case:*:ask", "after:case:*:issue")),
    # died after asking, before recording it: found, not re-sent; the org note line was written but not recorded
    ("sqlite", ("after:case:*:ask", "after:case:*:org_note:approved")),
    pytest.param("postgres", ("after:ticket:*:note:detected", "after:case:*:org_tag:add"), marks=pytest.mark.postgres),
], indirect=["procs"], ids=lambda v: "+".join(v) if isinstance(v, tuple) else v)
def test_worker_killed_at_effect_boundary_completes_once(procs, crash_at):
    procs.start_web(workers=1, wait=False)
    doomed = [procs.spawn("worker", "worker", env=procs.env | {"BOT_CRASH_AT": crash_at[0]})]
    procs.wait_web()
    crashes = list(crash_at[1:])

    def restart_when_dead():
        # each worker killed at its boundary is replaced: by one doomed at the next boundary, then by one that lives
        if doomed[-1].poll() is not None and len(doomed) <= len(crash_at):
            assert doomed[-1].returncode == -signal.SIGKILL
            name = f"worker-restarted-{len(doomed)}"
            doomed.append(procs.spawn(name, "worker", env=procs.env | {"BOT_CRASH_AT": crashes.pop(0)}) if crashes
                          else procs.start_worker(name))

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
    procs.wait(step(lambda: len(doomed) > len(crash_at)), what="both crashes to have happened")
    procs.settle()  # whatever the restarted worker would still redo is done
    assert_once(procs, org, ticket)
