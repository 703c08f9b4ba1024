"""The fake GitLab's Labels and project webhooks APIs, driven by python-gitlab and requests, and Issue Hooks delivered
to the hooks added through the API with their own token and event flags."""
from __future__ import annotations

import json

import gitlab
import pytest
import requests

from sandbox.common import ServerThread
from sandbox.gitlab import GitLabSandboxConfig, create_app
from tests.conftest import shared_path

BOT, OPS = "glpat-bot-token", "glpat-ops-token"
API = "/api/v4/projects/support-ops%2Foffering-migrations"


@pytest.fixture
def sandbox():
    """No configured webhook URL: only hooks added through the API receive events."""
    app = create_app(GitLabSandboxConfig(bot_token=BOT, ops_token=OPS, retry_delays=(0.05,)))
    with ServerThread(app) as srv:
        session = requests.Session()
        session.headers["PRIVATE-TOKEN"] = BOT
        controls = app.extensions["sandbox_controls"]
        yield srv.url, session, controls
        controls.close()


def project(url: str):
    return gitlab.Gitlab(url, private_token=BOT, retry_transient_errors=False).projects.get(
        "support-ops/offering-migrations")


def test_python_gitlab_creates_and_edits_labels(sandbox):
    url, session, _ = sandbox
    proj = project(url)
    label = proj.labels.create({"name": "offering-migration::approved", "color": "#69D100",
                                "description": "Support Ops approves"})
    assert (label.name, label.color, label.description, label.is_project_label) == (
        "offering-migration::approved", "#69D100", "Support Ops approves", True)
    again = session.post(f"{url}{API}/labels", json={"name": "offering-migration::approved", "color": "#000000"})
    assert again.status_code == 409 and again.json() == {"message": "Label already exists"}
    assert session.post(f"{url}{API}/labels", json={"name": "x"}).json() == {"error": "color is missing"}
    assert session.post(f"{url}{API}/labels", json={"name": "x", "color": "bright"}).status_code == 400
    label.color = "#123456"
    label.save()
    shown = session.get(f"{url}{API}/labels/{label.id}").json()
    assert shown["color"] == "#123456" and shown["name"] == "offering-migration::approved"
    assert [lb.name for lb in proj.labels.list(get_all=True)] == ["offering-migration::approved"]


def test_python_gitlab_adds_lists_edits_and_deletes_hooks_without_ever_showing_the_token(sandbox):
    url, session, _ = sandbox
    proj = project(url)
    hook = proj.hooks.create({"url": "https://bot.example/webhooks/gitlab", "issues_events": True,
                              "confidential_issues_events": True, "token": "hook-secret"})
    assert hook.push_events is True  # GitLab's default, unless turned off
    assert (hook.issues_events, hook.note_events, hook.enable_ssl_verification) == (True, False, True)
    listed = session.get(f"{url}{API}/hooks")
    assert listed.status_code == 200 and listed.headers["X-Total"] == "1"
    assert "token" not in listed.json()[0] and "hook-secret" not in listed.text
    hook.note_events = True
    hook.save()
    assert proj.hooks.get(hook.id).note_events is True
    assert session.put(f"{url}{API}/hooks/{hook.id}", json={"note_events": False}).json() == {
        "error": "url is missing"}
    proj.hooks.delete(hook.id)
    assert session.get(f"{url}{API}/hooks/{hook.id}").status_code == 404


def test_hooks_get_the_events_their_flags_ask_for_with_their_own_token(sandbox, receiver):
    url, session, controls = sandbox
    session.post(f"{url}{API}/hooks", json={"url": receiver.url + "/issues", "issues_events": True,
                                            "push_events": False, "token": "tok-1"})
    session.post(f"{url}{API}/hooks", json={"url": receiver.url + "/notes", "note_events": True,
                                            "confidential_issues_events": True})
    issue = session.post(f"{url}{API}/issues", json={"title": "t"}).json()
    session.post(f"{url}{API}/issues/{issue['iid']}/notes", json={"body": "a note"})
    session.post(f"{url}{API}/issues", json={"title": "secret", "confidential": True})
    assert controls.webhooks.wait_idle(5)
    issues, notes = receiver.by_path("/issues"), receiver.by_path("/notes")
    assert [h["X-Gitlab-Event"] for h, _ in issues] == ["Issue Hook"]
    assert issues[0][0]["X-Gitlab-Token"] == "tok-1"
    assert sorted(h["X-Gitlab-Event"] for h, _ in notes) == ["Confidential Issue Hook", "Note Hook"]
    assert all("X-Gitlab-Token" not in h for h, _ in notes)  # a hook without a token sends none


def test_changing_the_url_without_a_token_drops_the_token(sandbox, receiver):
    url, session, controls = sandbox
    hook = session.post(f"{url}{API}/hooks", json={"url": receiver.url + "/old", "issues_events": True,
                                                   "token": "tok-1"}).json()
    session.put(f"{url}{API}/hooks/{hook['id']}", json={"url": receiver.url + "/new"})
    session.post(f"{url}{API}/issues", json={"title": "t"})
    assert controls.webhooks.wait_idle(5)
    assert [("X-Gitlab-Token" in h) for h, _ in receiver.by_path("/new")] == [False]


def test_the_configured_url_gives_way_to_a_hook_added_at_the_same_url(receiver):
    app = create_app(GitLabSandboxConfig(bot_token=BOT, ops_token=OPS, webhook_token="configured",
                                         webhook_url=receiver.url + "/webhooks/gitlab", retry_delays=(0.05,)))
    with ServerThread(app) as srv:
        controls = app.extensions["sandbox_controls"]
        session = requests.Session()
        session.headers["PRIVATE-TOKEN"] = BOT
        session.post(f"{srv.url}{API}/hooks", json={"url": receiver.url + "/webhooks/gitlab", "token": "added",
                                                    "issues_events": True})
        session.post(f"{srv.url}{API}/issues", json={"title": "t"})
        assert controls.webhooks.wait_idle(5)
        assert [h["headers"]["X-Gitlab-Token"] for h in receiver.hits] == ["added"]
        controls.close()


# The fields of the example answer in GitLab's doc/api/project_webhooks.md ("Get a project webhook").
DOC_HOOK_FIELDS = {"id", "url", "name", "description", "project_id", "push_events", "push_events_branch_filter",
                   "issues_events", "confidential_issues_events", "merge_requests_events", "tag_push_events",
                   "note_events", "confidential_note_events", "job_events", "pipeline_events", "wiki_page_events",
                   "deployment_events", "releases_events", "feature_flag_events", "enable_ssl_verification",
                   "repository_update_events", "alert_status", "disabled_until", "url_variables", "created_at",
                   "resource_access_token_events", "custom_webhook_template", "custom_headers"}


def test_labels_and_hooks_carry_the_fields_real_gitlab_answers_with(sandbox):
    url, session, _ = sandbox
    hook = session.post(f"{url}{API}/hooks", json={"url": "https://bot.example/hook", "token": "t"}).json()
    assert set(hook) == DOC_HOOK_FIELDS
    label = session.post(f"{url}{API}/labels", json={"name": "bug", "color": "#d9534f"}).json()
    example = shared_path("realdata", "gitlab4j", "models", "labels.json")
    assert set(json.loads(example.read_text())[0]) <= set(label)
