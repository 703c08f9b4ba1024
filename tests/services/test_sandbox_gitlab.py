"""Fake GitLab driven by python-gitlab over real HTTP, and its Issue/Note Hooks caught by a tiny receiver."""
from __future__ import annotations

import json

import gitlab
import pytest
import requests

from sandbox.common import ServerThread
from sandbox.gitlab import GitLabSandboxConfig, create_app
from tests.conftest import SHARED

REALDATA = SHARED / "realdata"
BOT, OPS, HOOK = "glpat-bot-token", "glpat-ops-token", "hook-secret"
PATH = "support-ops/offering-migrations"


@pytest.fixture
def sandbox(receiver):
    app = create_app(GitLabSandboxConfig(bot_token=BOT, ops_token=OPS, webhook_token=HOOK,
                                         webhook_url=receiver.url + "/webhooks/gitlab", retry_delays=(0.05,)))
    with ServerThread(app) as srv:
        controls = app.extensions["sandbox_controls"]
        yield srv.url, app.extensions["sandbox"], controls
        controls.close()


def client(url: str, token: str = BOT) -> gitlab.Gitlab:
    return gitlab.Gitlab(url, private_token=token, retry_transient_errors=False)


def hooks(controls, receiver, event: str | None = None) -> list[dict]:
    assert controls.webhooks.wait_idle(5)
    return receiver.json(event)


def test_auth_and_project_by_path_and_id(sandbox):
    url, _, _ = sandbox
    gl = client(url)
    gl.auth()
    assert gl.user.username == "migration-bot"
    by_path, by_id = gl.projects.get(PATH), gl.projects.get(1)
    assert by_path.id == by_id.id == 1
    assert by_id.path_with_namespace == PATH and by_id.web_url.startswith(url)
    ops = client(url, OPS)
    ops.auth()
    assert ops.user.username == "ops-reviewer"


def test_bearer_token_is_accepted(sandbox):
    url, _, _ = sandbox
    resp = requests.get(f"{url}/api/v4/user", headers={"Authorization": f"Bearer {OPS}"})
    assert resp.status_code == 200 and resp.json()["username"] == "ops-reviewer"


def test_create_issue_with_labels_and_due_date(sandbox):
    url, _, _ = sandbox
    project = client(url).projects.get(PATH, lazy=True)
    issue = project.issues.create({"title": "Migration: Acme", "description": "Org Acme (id 42)",
                                   "labels": ["offering-migration", "sm"], "due_date": "2031-03-04"})
    assert (issue.iid, issue.state, issue.due_date) == (1, "opened", "2031-03-04")
    assert issue.labels == ["offering-migration", "sm"]
    assert issue.author["username"] == "migration-bot"
    assert issue.web_url == f"{url}/{PATH}/-/issues/1"
    fetched = project.issues.get(1)
    assert fetched.title == "Migration: Acme" and fetched.description == "Org Acme (id 42)"


def test_list_filters_and_pagination(sandbox):
    url, _, _ = sandbox
    project = client(url).projects.get(1, lazy=True)
    project.issues.create({"title": "Acme moves", "labels": ["offering-migration", "x"]})
    project.issues.create({"title": "Beta", "description": "mentions acme here", "labels": ["offering-migration"]})
    for n in range(23):
        project.issues.create({"title": f"filler {n}"})
    everything = project.issues.list(get_all=True)
    assert len(everything) == 25
    assert [i.iid for i in everything][:2] == [25, 24]  # newest first by default
    page3 = project.issues.list(per_page=10, page=3)
    assert [i.iid for i in page3] == [5, 4, 3, 2, 1]
    assert {i.title for i in project.issues.list(labels=["offering-migration"])} == {"Acme moves", "Beta"}
    assert [i.title for i in project.issues.list(labels=["offering-migration", "x"])] == ["Acme moves"]
    assert {i.iid for i in project.issues.list(search="acme")} == {1, 2}
    assert [i.iid for i in project.issues.list(search="acme", **{"in": "title"})] == [1]
    assert [i.iid for i in project.issues.list(iids=[2, 3], sort="asc")] == [2, 3]
    resp = requests.get(f"{url}/api/v4/projects/1/issues", params={"per_page": 10, "page": 2},
                        headers={"PRIVATE-TOKEN": BOT})
    assert resp.headers["X-Total"] == "25" and resp.headers["X-Next-Page"] == "3"
    assert resp.headers["X-Prev-Page"] == "1" and 'rel="next"' in resp.headers["Link"]


def test_edit_labels_close_and_notes(sandbox):
    url, _, _ = sandbox
    project = client(url, OPS).projects.get(PATH)
    issue = project.issues.create({"title": "t", "labels": ["offering-migration"]})
    issue.labels = ["offering-migration", "offering-migration::approved"]
    issue.save()
    assert project.issues.get(issue.iid).labels == ["offering-migration", "offering-migration::approved"]
    issue.state_event = "close"
    issue.save()
    closed = project.issues.get(issue.iid)
    assert closed.state == "closed" and closed.closed_at
    assert closed.attributes["closed_by"]["username"] == "ops-reviewer"
    assert [i.iid for i in project.issues.list(state="closed")] == [issue.iid]
    note = issue.notes.create({"body": "Approved."})
    assert note.body == "Approved." and note.author["username"] == "ops-reviewer" and note.system is False
    user_notes = [n.body for n in issue.notes.list(get_all=True) if not n.system]
    assert user_notes == ["Approved."]


def test_add_and_remove_labels_and_clear_due_date(sandbox):
    url, _, _ = sandbox
    headers = {"PRIVATE-TOKEN": BOT}
    base = f"{url}/api/v4/projects/{PATH.replace('/', '%2F')}/issues"
    requests.post(base, json={"title": "t", "labels": "a,b", "due_date": "2031-01-01"}, headers=headers)
    resp = requests.put(f"{base}/1", data={"add_labels": "c", "remove_labels": "a", "due_date": ""}, headers=headers)
    assert resp.status_code == 200
    assert resp.json()["labels"] == ["b", "c"] and resp.json()["due_date"] is None


def test_errors_map_to_python_gitlab_exceptions(sandbox):
    url, _, _ = sandbox
    with pytest.raises(gitlab.GitlabAuthenticationError) as err:
        client(url, "wrong").auth()
    assert err.value.response_code == 401
    gl = client(url)
    with pytest.raises(gitlab.GitlabGetError) as err:
        gl.projects.get("nobody/nothing")
    assert err.value.response_code == 404 and "Project Not Found" in err.value.error_message
    project = gl.projects.get(1, lazy=True)
    with pytest.raises(gitlab.GitlabGetError) as err:
        project.issues.get(99)
    assert err.value.response_code == 404 and "Issue Not Found" in err.value.error_message
    resp = requests.post(f"{url}/api/v4/projects/1/issues", json={"description": "x"}, headers={"PRIVATE-TOKEN": BOT})
    assert resp.status_code == 400 and resp.json() == {"error": "title is missing"}
    resp = requests.post(f"{url}/api/v4/projects/1/issues", json={"title": "x", "due_date": "31/12/2030"},
                         headers={"PRIVATE-TOKEN": BOT})
    assert resp.status_code == 400 and "due_date" in resp.json()["error"]
    assert requests.get(f"{url}/api/v4/user").json() == {"message": "401 Unauthorized"}


def test_issue_hook_on_label_change(sandbox, receiver):
    url, _, controls = sandbox
    project = client(url).projects.get(1, lazy=True)
    project.issues.create({"title": "Acme", "labels": ["offering-migration"]})
    ops_issue = client(url, OPS).projects.get(1, lazy=True).issues.get(1)
    ops_issue.labels = ["offering-migration", "offering-migration::approved"]
    ops_issue.save()
    opened, updated = hooks(controls, receiver, "Issue Hook")
    assert opened["object_attributes"]["action"] == "open" and opened["user"]["username"] == "migration-bot"
    assert updated["object_kind"] == "issue" and updated["object_attributes"]["action"] == "update"
    assert updated["user"]["username"] == "ops-reviewer"
    change = updated["changes"]["labels"]
    assert [label["title"] for label in change["previous"]] == ["offering-migration"]
    assert [label["title"] for label in change["current"]] == ["offering-migration", "offering-migration::approved"]
    assert [label["title"] for label in updated["labels"]] == ["offering-migration", "offering-migration::approved"]
    assert updated["object_attributes"]["iid"] == 1 and updated["project"]["path_with_namespace"] == PATH
    headers = receiver.hits[-1]["headers"]
    assert headers["X-Gitlab-Token"] == HOOK and headers["X-Gitlab-Event"] == "Issue Hook"
    assert headers["User-Agent"].startswith("GitLab/") and headers["X-Gitlab-Event-Uuid"]
    assert receiver.hits[0]["headers"]["Idempotency-Key"] != headers["Idempotency-Key"]
    assert receiver.hits[-1]["path"] == "/webhooks/gitlab"


def test_due_date_change_and_close_hooks(sandbox, receiver):
    url, _, controls = sandbox
    issue = client(url).projects.get(1, lazy=True).issues.create({"title": "t", "due_date": "2031-01-01"})
    issue.due_date = "2031-02-01"
    issue.save()
    issue.state_event = "close"
    issue.save()
    _, moved, closed = hooks(controls, receiver, "Issue Hook")
    assert moved["changes"]["due_date"] == {"previous": "2031-01-01", "current": "2031-02-01"}
    assert moved["object_attributes"]["due_date"] == "2031-02-01"
    assert closed["object_attributes"]["action"] == "close" and closed["object_attributes"]["state"] == "closed"
    assert closed["changes"]["state_id"] == {"previous": 1, "current": 2}


def test_no_hook_when_nothing_changes(sandbox, receiver):
    url, _, controls = sandbox
    base = f"{url}/api/v4/projects/1/issues"
    requests.post(base, json={"title": "t", "labels": ["a"]}, headers={"PRIVATE-TOKEN": BOT})
    requests.put(f"{base}/1", json={"labels": "a"}, headers={"PRIVATE-TOKEN": BOT})
    assert len(hooks(controls, receiver, "Issue Hook")) == 1


def test_note_hook(sandbox, receiver):
    url, _, controls = sandbox
    issue = client(url).projects.get(1, lazy=True).issues.create({"title": "t", "labels": ["offering-migration"]})
    client(url, OPS).projects.get(1, lazy=True).issues.get(issue.iid).notes.create({"body": "Looks fine"})
    (note,) = hooks(controls, receiver, "Note Hook")
    attrs = note["object_attributes"]
    assert note["object_kind"] == "note" and attrs["noteable_type"] == "Issue" and attrs["note"] == "Looks fine"
    assert note["issue"]["iid"] == issue.iid and note["user"]["username"] == "ops-reviewer"
    assert [label["title"] for label in note["issue"]["labels"]] == ["offering-migration"]
    assert attrs["url"].endswith(f"/-/issues/{issue.iid}#note_{attrs['id']}")


def test_hook_payloads_carry_the_documented_keys(sandbox, receiver):
    real_dir = REALDATA / "go-gitlab" / "webhooks"
    if not real_dir.exists():
        pytest.skip("../shared/realdata is absent")
    url, _, controls = sandbox
    issue = client(url).projects.get(1, lazy=True).issues.create({"title": "t", "labels": ["l"]})
    issue.notes.create({"body": "n"})
    ours = {"Issue Hook": hooks(controls, receiver, "Issue Hook")[0], "Note Hook": receiver.json("Note Hook")[0]}
    for event, name in (("Issue Hook", "issue.json"), ("Note Hook", "note_issue.json")):
        real = json.loads((real_dir / name).read_text())
        optional = {"assignee", "escalation_policy", "escalation_status"}
        assert set(real) - set(ours[event]) - optional == set()
        assert set(real["object_attributes"]) - set(ours[event]["object_attributes"]) - optional == set()
        assert set(real["project"]) <= set(ours[event]["project"])


def test_webhook_retried_on_server_error(sandbox, receiver):
    url, _, controls = sandbox
    receiver.statuses = [500]
    client(url).projects.get(1, lazy=True).issues.create({"title": "t"})
    assert len(hooks(controls, receiver)) == 2
    (delivery,) = controls.webhooks.deliveries()
    assert delivery["attempts"] == 2 and delivery["status"] == 200 and delivery["event"] == "Issue Hook"
    first, retry = (h["headers"] for h in receiver.hits)
    assert first["Idempotency-Key"] == retry["Idempotency-Key"]  # how a receiver spots a retry
    assert first["X-Gitlab-Webhook-Uuid"] != retry["X-Gitlab-Webhook-Uuid"]


def test_faults_and_call_log(sandbox):
    url, _, _ = sandbox
    gl = client(url)
    gl.auth()
    calls = requests.get(f"{url}/_sandbox/calls").json()
    assert calls[-1]["path"] == "/api/v4/user" and calls[-1]["auth_user"] == "migration-bot"
    requests.post(f"{url}/_sandbox/faults", json={"rate_limit_rate": 1.0, "retry_after": 9})
    resp = requests.get(f"{url}/api/v4/user", headers={"PRIVATE-TOKEN": BOT})
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "9"
    with pytest.raises(gitlab.GitlabGetError) as err:
        gl.projects.get(1, obey_rate_limit=False)
    assert err.value.response_code == 429
    requests.post(f"{url}/_sandbox/faults", json={"down": True})
    assert requests.get(f"{url}/api/v4/user", headers={"PRIVATE-TOKEN": BOT}).status_code == 503
    assert requests.get(f"{url}/_sandbox/state").status_code == 200  # control paths are never faulted
    requests.post(f"{url}/_sandbox/faults", json={})
    assert requests.get(f"{url}/api/v4/user", headers={"PRIVATE-TOKEN": BOT}).status_code == 200


def test_reset_and_state(sandbox):
    url, _, _ = sandbox
    client(url).projects.get(1, lazy=True).issues.create({"title": "t"})
    assert len(requests.get(f"{url}/_sandbox/state").json()["issues"]) == 1
    requests.post(f"{url}/_sandbox/reset")
    assert requests.get(f"{url}/_sandbox/state").json()["issues"] == []


def test_path_prefix():
    app = create_app(GitLabSandboxConfig(bot_token=BOT, prefix="/gl"))
    with ServerThread(app) as srv:
        gl = client(srv.url + "/gl")
        gl.auth()
        issue = gl.projects.get(PATH).issues.create({"title": "t"})
        assert issue.web_url.startswith(srv.url + "/gl/")
        assert len(gl.projects.get(1, lazy=True).issues.list(get_all=True)) == 1
    app.extensions["sandbox_controls"].close()


def test_duplicates_share_the_idempotency_key_and_reopen_is_reported(sandbox, receiver):
    url, _, controls = sandbox
    issue = client(url).projects.get(1, lazy=True).issues.create({"title": "t"})
    issue.state_event = "close"
    issue.save()
    requests.post(f"{url}/_sandbox/webhook", json={"duplicates": 3})
    issue.state_event = "reopen"
    issue.save()
    reopened = [body for body in hooks(controls, receiver) if body["object_attributes"]["action"] == "reopen"]
    assert len(reopened) == 3 and reopened[0]["changes"]["state_id"] == {"previous": 2, "current": 1}
    keys = {h["headers"]["Idempotency-Key"] for h in receiver.hits[2:]}
    assert len(keys) == 1


def test_scoped_labels_replace_each_other():
    """GitLab keeps one label per scope: adding `x::rejected` drops `x::approved`, plain labels stay."""
    from sandbox.gitlab_input import exclusive_scopes

    assert exclusive_scopes(["offering-migration", "offering-migration::approved",
                             "offering-migration::rejected"]) == ["offering-migration", "offering-migration::rejected"]
    assert exclusive_scopes(["a::b::c", "a::b::d", "a::x"]) == ["a::b::d", "a::x"]
    assert exclusive_scopes(["plain", "other"]) == ["plain", "other"]


def test_delete_issue_then_it_is_gone(sandbox):
    url, _, _ = sandbox
    project = client(url).projects.get(1, lazy=True)
    issue = project.issues.create({"title": "to delete"})
    issue.delete()
    with pytest.raises(gitlab.GitlabGetError) as err:
        project.issues.get(issue.iid)
    assert err.value.response_code == 404
    with pytest.raises(gitlab.GitlabDeleteError) as err:
        project.issues.delete(issue.iid)
    assert err.value.response_code == 404
