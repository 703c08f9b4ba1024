"""GitLabClient: issues and notes endpoints, project path encoding, pagination, create safety, dry run."""
from __future__ import annotations

import json
import logging

import pytest
import requests
import responses

from bot.services.base import RetryPolicy
from bot.services.gitlab import GitLabClient
from bot.errors import ApiBadRequest, ApiNotFound, ApiServerError, ApiUnauthorized, ApiUnavailable
from tests.conftest import SHARED
from tests.services.conftest import body, sent

BASE = "http://127.0.0.1:9102/gl"
TOKEN = "glpat-SeCrEt-0123456789"
PROJECT = "support-ops/offering-migrations"
API = f"{BASE}/api/v4/projects/support-ops%2Foffering-migrations"
REALDATA = SHARED / "realdata"

AUTHOR = {"id": 2, "username": "migration-bot", "name": "Migration Bot", "state": "active",
          "web_url": f"{BASE}/migration-bot"}


def issue(iid: int, **extra) -> dict:
    base = {"id": 100 + iid, "iid": iid, "project_id": 1, "title": f"Offering migration: Acme Corp ({iid})",
            "description": "Org: Acme Corp (361)", "state": "opened", "labels": ["offering-migration"],
            "due_date": "2026-04-30", "author": AUTHOR, "assignees": [], "created_at": "2026-03-02T10:00:00.000Z",
            "updated_at": "2026-03-02T10:00:00.000Z", "closed_at": None, "closed_by": None,
            "web_url": f"{BASE}/{PROJECT}/-/issues/{iid}", "user_notes_count": 0, "confidential": False}
    return {**base, **extra}


def note(nid: int, body: str) -> dict:
    return {"id": nid, "body": body, "author": AUTHOR, "system": False, "internal": False, "noteable_id": 101,
            "noteable_iid": 1, "noteable_type": "Issue", "created_at": "2026-03-02T10:00:00.000Z",
            "updated_at": "2026-03-02T10:00:00.000Z", "resolvable": False}


@pytest.fixture
def gl():
    return GitLabClient(BASE, TOKEN, PROJECT, retry=RetryPolicy.none())


@responses.activate
def test_current_user_sends_private_token(gl):
    responses.get(f"{BASE}/api/v4/user", json={**AUTHOR, "bot": False, "email": "bot@example.com"})
    assert gl.current_user()["username"] == "migration-bot"
    assert sent().headers["PRIVATE-TOKEN"] == TOKEN


@responses.activate
def test_create_issue_posts_labels_and_due_date(gl):
    responses.post(f"{API}/issues", status=201, json=issue(1))
    created = gl.create_issue("Offering migration: Acme Corp", "Org: Acme Corp (361)",
                              ["offering-migration", "dedicated"], "2026-04-30")
    assert created["iid"] == 1
    # The path segment stays encoded: GitLab wants group%2Fproject.
    assert sent().url == f"{API}/issues"
    assert body() == {"title": "Offering migration: Acme Corp", "description": "Org: Acme Corp (361)",
                      "labels": "offering-migration,dedicated", "due_date": "2026-04-30"}


@responses.activate
def test_create_issue_without_due_date_omits_it(gl):
    responses.post(f"{API}/issues", status=201, json=issue(1, due_date=None))
    gl.create_issue("t", "d", [], None)
    assert "due_date" not in body()


@responses.activate
def test_numeric_project_id_is_used_as_is():
    responses.get(f"{BASE}/api/v4/projects/42/issues/3", json=issue(3))
    assert GitLabClient(BASE, TOKEN, 42, retry=RetryPolicy.none()).get_issue(3)["iid"] == 3


@responses.activate
def test_create_issue_is_not_retried_after_read_timeout():
    responses.post(f"{API}/issues", body=requests.ReadTimeout())
    gl = GitLabClient(BASE, TOKEN, PROJECT, retry=RetryPolicy(attempts=3, base_delay=0, jitter=False))
    with pytest.raises(ApiUnavailable):
        gl.create_issue("t", "d", ["offering-migration"], None)
    assert len(responses.calls) == 1


@responses.activate
def test_find_issues_filters_and_follows_pages(gl):
    responses.get(f"{API}/issues", json=[issue(1)], headers={"X-Next-Page": "2", "X-Page": "1", "X-Total": "2"})
    responses.get(f"{API}/issues", json=[issue(2)], headers={"X-Next-Page": "", "X-Page": "2", "X-Total": "2"})
    found = gl.find_issues(labels=["offering-migration", "dedicated"], search="Zendesk org 361", state="opened")
    assert [i["iid"] for i in found] == [1, 2]
    assert sent(0).params == {"labels": "offering-migration,dedicated", "search": "Zendesk org 361",
                              "in": "description", "state": "opened", "per_page": "100", "page": "1",
                              "order_by": "created_at", "sort": "asc"}
    assert sent(1).params["page"] == "2"


@responses.activate
def test_find_issues_state_all_sends_no_state_and_stops_on_short_page_without_headers(gl):
    responses.get(f"{API}/issues", json=[issue(1)])
    assert len(gl.find_issues()) == 1
    assert "state" not in sent().params and len(responses.calls) == 1


@responses.activate
def test_edit_issue_joins_label_lists_and_clears_due_date(gl):
    responses.put(f"{API}/issues/1", json=issue(1, labels=["offering-migration", "offering-migration::approved"]))
    edited = gl.edit_issue(1, add_labels=["offering-migration::approved"], remove_labels=["x", "y"], due_date=None)
    assert "offering-migration::approved" in edited["labels"]
    assert body() == {"add_labels": "offering-migration::approved", "remove_labels": "x,y", "due_date": ""}


@responses.activate
def test_close_issue_sends_state_event(gl):
    responses.put(f"{API}/issues/1", json=issue(1, state="closed"))
    assert gl.close_issue(1)["state"] == "closed"
    assert body() == {"state_event": "close"}


@responses.activate
def test_list_and_create_notes(gl):
    responses.get(f"{API}/issues/1/notes", json=[note(1, "a")], headers={"X-Next-Page": "2"})
    responses.get(f"{API}/issues/1/notes", json=[note(2, "b")], headers={"X-Next-Page": ""})
    responses.post(f"{API}/issues/1/notes", status=201, json=note(3, "Reminder: 7 days left"))
    assert [n["body"] for n in gl.list_notes(1)] == ["a", "b"]
    assert gl.create_note(1, "Reminder: 7 days left")["id"] == 3
    assert body(2) == {"body": "Reminder: 7 days left"}


@responses.activate
def test_errors_map_to_types(gl):
    responses.get(f"{API}/issues/404", status=404, json={"message": "404 Issue Not Found"})
    responses.get(f"{BASE}/api/v4/user", status=401, json={"message": "401 Unauthorized"})
    responses.post(f"{API}/issues", status=400, json={"error": "title is missing"})
    with pytest.raises(ApiNotFound, match="404 Issue Not Found"):
        gl.get_issue(404)
    with pytest.raises(ApiUnauthorized) as info:
        gl.current_user()
    assert TOKEN not in str(info.value)
    with pytest.raises(ApiBadRequest, match="title is missing"):
        gl.create_issue("", "d", [], None)


@responses.activate
def test_server_errors_on_reads_are_retried():
    responses.get(f"{API}/issues/1", status=502, body="<html>502</html>")
    responses.get(f"{API}/issues/1", json=issue(1))
    sleeps = []
    gl = GitLabClient(BASE, TOKEN, PROJECT, retry=RetryPolicy(attempts=3, base_delay=0.25, jitter=False),
                      sleep=sleeps.append)
    assert gl.get_issue(1)["iid"] == 1 and sleeps == [0.25]


@responses.activate
def test_server_error_after_last_attempt_is_raised():
    responses.get(f"{API}/issues/1", status=500, json={"message": "500 Internal Server Error"})
    gl = GitLabClient(BASE, TOKEN, PROJECT, retry=RetryPolicy(attempts=2, base_delay=0, jitter=False))
    with pytest.raises(ApiServerError):
        gl.get_issue(1)
    assert len(responses.calls) == 2


@responses.activate
def test_dry_run_performs_no_write(caplog):
    writes = []
    gl = GitLabClient(BASE, TOKEN, PROJECT, retry=RetryPolicy.none(), dry_run=True,
                      on_write=lambda *a: writes.append(a))
    with caplog.at_level(logging.INFO):
        created = gl.create_issue("Offering migration: Acme", "desc", ["offering-migration"], "2026-04-30")
        gl.create_note(1, "hello")
        gl.close_issue(1)
    assert created["dry_run"] is True and created["labels"] == ["offering-migration"]
    assert len(responses.calls) == 0 and len(writes) == 3
    assert f"DRY RUN gitlab POST /api/v4/projects/support-ops%2Foffering-migrations/issues" in caplog.text
    assert TOKEN not in caplog.text


@responses.activate
def test_real_issue_shape_from_gitlab4j(gl):
    path = REALDATA / "gitlab4j" / "models" / "issue.json"
    if not path.exists():
        pytest.skip("../shared/realdata not available")
    responses.get(f"{API}/issues/1", json=json.loads(path.read_text()))
    got = gl.get_issue(1)
    assert got["iid"] == 1 and got["state"] == "closed" and got["web_url"].endswith("/issues/1")


def test_round_trip_against_sandbox():
    runner = pytest.importorskip("sandbox.runner")
    with runner.Sandbox(bot_url=None, prefixes=(None, "/gl", None)) as sandbox:
        env = sandbox.env()
        gl = GitLabClient(env["GITLAB_URL"], env["GITLAB_TOKEN"], env["GITLAB_PROJECT"], retry=RetryPolicy.none())
        assert gl.current_user()["username"]
        created = gl.create_issue("Offering migration: Acme", "Zendesk organization 361", ["offering-migration"],
                                  "2026-09-01")
        assert created["due_date"] == "2026-09-01" and created["labels"] == ["offering-migration"]
        assert [i["iid"] for i in gl.find_issues(labels=["offering-migration"], search="organization 361")] == \
            [created["iid"]]
        assert gl.find_issues(search="no such text") == []
        edited = gl.edit_issue(created["iid"], add_labels=["offering-migration::approved"], due_date="2026-10-01")
        assert "offering-migration::approved" in edited["labels"] and edited["due_date"] == "2026-10-01"
        gl.create_note(created["iid"], "Approved")
        assert "Approved" in [n["body"] for n in gl.list_notes(created["iid"])]
        assert gl.close_issue(created["iid"])["state"] == "closed"


# -- labels and project hooks (setup gitlab) ----------------------------------------------------------------------------
HOOK = {"id": 7, "url": "https://bot.example/webhooks/gitlab", "project_id": 1, "push_events": False,
        "issues_events": True, "confidential_issues_events": True, "note_events": True,
        "confidential_note_events": True, "enable_ssl_verification": True, "created_at": "2026-03-02T10:00:00Z"}


@responses.activate
def test_list_labels_and_hooks_follow_pages(gl):
    responses.get(f"{API}/labels", json=[{"id": 1, "name": "offering-migration"}], headers={"X-Next-Page": "2"})
    responses.get(f"{API}/labels", json=[{"id": 2, "name": "bug"}], headers={"X-Next-Page": ""})
    responses.get(f"{API}/hooks", json=[HOOK], headers={"X-Next-Page": ""})
    assert [label["name"] for label in gl.list_labels()] == ["offering-migration", "bug"]
    assert sent(1).params == {"per_page": "100", "page": "2"}
    assert gl.list_hooks() == [HOOK]


@responses.activate
def test_create_label_posts_name_color_description_and_is_not_retried_after_timeout():
    responses.post(f"{API}/labels", status=201, json={"id": 10, "name": "offering-migration", "color": "#6699cc"})
    gl = GitLabClient(BASE, TOKEN, PROJECT, retry=RetryPolicy(attempts=3, base_delay=0, jitter=False))
    assert gl.create_label("offering-migration", "#6699cc", "Every request")["id"] == 10
    assert body() == {"name": "offering-migration", "color": "#6699cc", "description": "Every request"}
    responses.replace(responses.POST, f"{API}/labels", body=requests.ReadTimeout())
    with pytest.raises(ApiUnavailable):
        gl.create_label("x", "#000000")
    assert len(responses.calls) == 2


@responses.activate
def test_create_and_edit_hook_send_url_flags_and_token(gl):
    responses.post(f"{API}/hooks", status=201, json=HOOK)
    responses.put(f"{API}/hooks/7", json=HOOK)
    flags = {"issues_events": True, "confidential_issues_events": True, "note_events": True}
    assert gl.create_hook(HOOK["url"], "hook-token-1", **flags)["id"] == 7
    assert body(0) == {"url": HOOK["url"], "token": "hook-token-1", **flags}
    gl.edit_hook(7, HOOK["url"], None, note_events=False)
    assert sent(1).method == "PUT" and body(1) == {"url": HOOK["url"], "note_events": False}


@responses.activate
def test_hook_token_never_appears_in_dry_run_logs_or_errors(caplog):
    gl = GitLabClient(BASE, TOKEN, PROJECT, retry=RetryPolicy.none(), dry_run=True)
    with caplog.at_level(logging.INFO):
        assert gl.create_hook(HOOK["url"], "hook-token-SECRET", issues_events=True)["dry_run"] is True
    assert len(responses.calls) == 0 and "DRY RUN" in caplog.text and "hook-token-SECRET" not in caplog.text
    live = GitLabClient(BASE, TOKEN, PROJECT, retry=RetryPolicy.none())
    responses.post(f"{API}/hooks", status=400, json={"message": {"url": ["is blocked: hook-token-SECRET"]}})
    with pytest.raises(ApiBadRequest) as err:
        live.create_hook(HOOK["url"], "hook-token-SECRET")
    assert "hook-token-SECRET" not in str(err.value)
