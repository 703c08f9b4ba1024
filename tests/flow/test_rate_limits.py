"""Rate limits on the full stack: a step that meets 429s waits them out and resumes where it was; a step that must
still be redone does not ask again for what it already read; the bot learns the account's limit from Zendesk."""
from __future__ import annotations

import logging
import re
import time
from collections import Counter

import requests
from requests.adapters import HTTPAdapter

from tests.conftest import MIGRATION
from tests.flow.conftest import approve, open_issue_case

PATTERN = re.compile(r"\d+")


def ask_for_a_new_ticket(stack, name: str) -> dict:
    """A migration ticket in a new org, up to the bot's question to the customer; returns the ticket."""
    org = stack.create_org(name, ["sm_premium", "emea"])
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.wait_for(lambda: stack.bot_comments(ticket["id"], public=True), 30, "the ask")
    stack.settle()
    return ticket


def bot_calls(stack, since: float) -> Counter:
    """The bot's answered Zendesk calls since `since`, by method and path with ids folded ('/tickets/N')."""
    me = stack.env["ZENDESK_EMAIL"]
    calls = stack.sandbox.controls("zendesk").calls.list(since)
    return Counter((c["method"], PATTERN.sub("N", c["path"])) for c in calls
                   if c.get("auth_user") == me and c["status"] is not None and c["status"] < 400)


def test_429s_are_waited_out_in_the_call_and_nothing_is_read_twice(stack, caplog):
    since = time.time()
    ask_for_a_new_ticket(stack, "Calm Corp")
    calm = bot_calls(stack, since)
    stack.faults("zendesk", rate_limit_rate=0.35, retry_after=1, seed=3)
    since = time.time()
    with caplog.at_level(logging.WARNING, logger="bot.worker.workflows"):
        ask_for_a_new_ticket(stack, "Busy Corp")
    limited = [c for c in stack.sandbox.controls("zendesk").calls.list(since) if c["status"] == 429]
    stack.faults("zendesk")
    assert len(limited) >= 3
    assert bot_calls(stack, since) == calm  # exactly one answered call per call the calm run made
    assert not [r for r in caplog.records if "waiting" in r.getMessage()]  # no step was redone


class Failing(HTTPAdapter):
    """The first `count` requests whose URL contains `part` answer 503 without reaching the service."""

    def __init__(self, part: str, count: int):
        super().__init__()
        self.part, self.left = part, count

    def send(self, request, **kwargs):
        if self.part in request.url and self.left > 0:
            self.left -= 1
            resp = requests.Response()
            resp.status_code, resp.url, resp.request = 503, request.url, request
            resp._content = b'{"message": "503 Service Unavailable"}'
            resp.headers["Content-Type"] = "application/json"
            return resp
        return super().send(request, **kwargs)


def test_a_redone_step_does_not_read_again_what_it_read(stack, caplog):
    """Approval reads the issue as GitLab has it, then who added the label; when that second read fails for good
    the step is redone, and the redo takes the issue from its journal instead of reading it again."""
    _org, _ticket, issue, _target = open_issue_case(stack)
    failing = Failing("/resource_label_events", stack.rt.gitlab.retry.attempts)
    stack.rt.gitlab.session.mount(stack.sandbox.gitlab_url, failing)
    since = time.time()
    with caplog.at_level(logging.WARNING, logger="bot.worker.workflows"):
        approve(stack, issue)
    assert failing.left == 0
    assert [r for r in caplog.records if "waiting" in r.getMessage()]  # the step was redone
    reads = Counter(c["path"].rsplit("/", 1)[-1] for c in stack.sandbox.controls("gitlab").calls.list(since)
                    if c["method"] == "GET" and c.get("auth_user") == "migration-bot")
    assert reads == {str(issue["iid"]): 1, "resource_label_events": 1}
    assert stack.rt.store.list_cases()[0].state in ("org_tagged", "tickets_aligned")


def test_the_bot_learns_the_account_limit_from_zendesk(stack):
    # The sandbox answers like a Suite Enterprise account: X-Rate-Limit: 700.
    assert stack.rt.zendesk.limiter.limits["zendesk:account"].calls == 350
