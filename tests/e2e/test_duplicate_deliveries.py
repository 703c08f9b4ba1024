"""End to end with real processes: every webhook delivered three times, to one web and one worker process on SQLite
and to two web and four worker processes on PostgreSQL, still gives each effect once."""
from __future__ import annotations

import pytest

from sandbox.stack import in_days
from tests.e2e.conftest import MIGRATION, Processes, assert_once

pytestmark = pytest.mark.e2e


def run_case(p: Processes) -> tuple[dict, dict, dict]:
    """Ticket -> ask -> reply -> issue -> approval, asserting each effect happened exactly once."""
    org = p.zendesk("POST", "organizations", organization={"name": "Pinecrest Credit Union",
                                                          "tags": ["sm_premium", "amer"], "notes": "VIP."})["organization"]
    ticket = p.zendesk("POST", "tickets", ticket={
        "subject": MIGRATION[0], "comment": {"body": MIGRATION[1]}, "organization_id": org["id"],
        "requester": {"name": "Marcus", "email": "marcus@pinecrest.example"}})["ticket"]
    p.wait(lambda: p.bot_comments(ticket["id"], public=True), what="the public ask")
    target = in_days(30)
    p.zendesk("PUT", f"tickets/{ticket['id']}", ticket={"comment": {
        "body": f"Premium please, target date {target.isoformat()}", "public": True,
        "author_id": ticket["requester_id"]}})
    issue = p.wait(lambda: p.gitlab("GET", "issues?labels=offering-migration")[0], what="the Support Ops issue")
    p.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    p.wait(lambda: "saas_premium" in p.zendesk("GET", f"organizations/{org['id']}")["organization"]["tags"],
           what="the org tag")
    p.settle()  # let every duplicate delivery run its course
    return org, ticket, issue


def test_duplicates_sqlite_one_web_one_worker(procs):
    procs.start_web(workers=1, wait=False)
    procs.start_worker()
    procs.wait_web()
    procs.duplicate_webhooks(3)
    org, ticket, _ = run_case(procs)
    assert_once(procs, org, ticket)


@pytest.mark.postgres
@pytest.mark.parametrize("procs", ["postgres"], indirect=True)
def test_duplicates_postgres_two_webs_four_workers(procs):
    procs.start_web(workers=2, wait=False)
    for i in range(4):
        procs.start_worker(f"worker{i}")
    procs.wait_web()
    procs.duplicate_webhooks(3)
    org, ticket, _ = run_case(procs)
    assert_once(procs, org, ticket)
