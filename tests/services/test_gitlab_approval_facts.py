"""What the clients send and read for Support Ops' decisions: Accept headers, label events, approvers."""
from __future__ import annotations

import responses

from bot.services.base import RetryPolicy
from bot.services.gitlab import GitLabClient
from bot.services.zendesk import ZendeskClient
from bot.settings import Settings

GL = "https://gitlab.example.com"
ZD = "https://acme.zendesk.com"


@responses.activate
def test_zendesk_and_gitlab_calls_ask_for_json():
    responses.get(f"{ZD}/api/v2/tickets/7", json={"ticket": {"id": 7}})
    responses.get(f"{GL}/api/v4/projects/5/issues/3", json={"iid": 3})
    ZendeskClient(ZD, "a@b.c", "t", retry=RetryPolicy.none()).get_ticket(7)
    GitLabClient(GL, "tok", 5, retry=RetryPolicy.none()).get_issue(3)
    assert [c.request.headers["Accept"] for c in responses.calls] == ["application/json", "application/json"]


@responses.activate
def test_label_events_follow_pages():
    url = f"{GL}/api/v4/projects/5/issues/3/resource_label_events"
    first = [{"id": 1, "action": "add", "label": {"name": "a"}, "user": {"username": "ops"}}]
    second = [{"id": 2, "action": "remove", "label": {"name": "a"}, "user": {"username": "ops"}}]
    responses.get(url, json=first, headers={"X-Next-Page": "2"},
                  match=[responses.matchers.query_param_matcher({"per_page": "100", "page": "1"})])
    responses.get(url, json=second, headers={"X-Next-Page": ""},
                  match=[responses.matchers.query_param_matcher({"per_page": "100", "page": "2"})])
    events = GitLabClient(GL, "tok", 5, retry=RetryPolicy.none()).label_events(3)
    assert [e["id"] for e in events] == [1, 2]


def test_gitlab_approvers_setting_reads_usernames():
    assert Settings.from_env({"GITLAB_APPROVERS": "alice, @bob,,"}, None).gitlab_approvers == ("alice", "bob")
    assert Settings.from_env({}, None).gitlab_approvers == ()
