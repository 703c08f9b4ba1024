"""The fake GitLab's unpleasant parts, over real HTTP with python-gitlab: confidential hooks, quick actions that
run, scoped labels with and without exclusivity, and resource label events naming who changed which label."""
from __future__ import annotations

import json

import gitlab
import pytest
import requests

from sandbox.common import ServerThread
from sandbox.gitlab import GitLabSandboxConfig, create_app

BOT, OPS, HOOK = "glpat-bot-token", "glpat-ops-token", "hook-secret"
APPROVED, REJECTED = "offering-migration::approved", "offering-migration::rejected"


def _start(receiver, **cfg):
    app = create_app(GitLabSandboxConfig(bot_token=BOT, ops_token=OPS, webhook_token=HOOK, retry_delays=(0.05,),
                                         webhook_url=receiver.url + "/webhooks/gitlab", **cfg))
    return app, ServerThread(app).start()


@pytest.fixture
def gl(receiver):
    app, srv = _start(receiver)
    yield srv.url, app.extensions["sandbox_controls"]
    srv.stop()
    app.extensions["sandbox_controls"].close()


def project(url: str, token: str = BOT):
    return gitlab.Gitlab(url, private_token=token, retry_transient_errors=False).projects.get(1, lazy=True)


def events(controls, receiver) -> list[tuple[str, dict]]:
    assert controls.webhooks.wait_idle(5)
    return [(h["headers"]["X-Gitlab-Event"], json.loads(h["body"])) for h in receiver.hits]


def test_notes_on_a_confidential_issue_send_confidential_note_hooks(gl, receiver):
    url, controls = gl
    secret = project(url).issues.create({"title": "Migration: Acme", "confidential": True})
    public = project(url).issues.create({"title": "Migration: Globex"})
    secret.notes.create({"body": "on the confidential issue"})
    public.notes.create({"body": "on the public issue"})
    public.notes.create({"body": "internal note", "internal": True})
    got = [(name, body["event_type"]) for name, body in events(controls, receiver)]
    assert got == [("Confidential Issue Hook", "confidential_issue"), ("Issue Hook", "issue"),
                   ("Confidential Note Hook", "confidential_note"), ("Note Hook", "note"),
                   ("Confidential Note Hook", "confidential_note")]


def test_quick_actions_in_a_new_description_run_and_leave_the_text(gl):
    url, _ = gl
    ops = project(url, OPS)
    ops.issues.create({"title": "seed", "labels": "triage"})  # quick actions only apply labels that exist
    issue = ops.issues.create({"title": "Migration: Acme", "description": (
        "Org Acme\n/label ~triage ~\"no such label\"\n/due 2027-01-01\n/assign @migration-bot\n/close\n"
        "> /label ~quoted\n```\n/due 2030-01-01\n```\nThe end")})
    assert issue.description == "Org Acme\n> /label ~quoted\n```\n/due 2030-01-01\n```\nThe end"
    assert issue.labels == ["triage"] and issue.due_date == "2027-01-01" and issue.state == "opened"  # no /close yet
    assert [a["username"] for a in issue.assignees] == ["migration-bot"]
    assert "no such label" not in [label.name for label in ops.labels.list(get_all=True)]


def test_quick_actions_in_notes_run_as_their_author(gl, receiver):
    url, controls = gl
    project(url).issues.create({"title": "labels exist", "labels": [APPROVED]})
    created = project(url).issues.create({"title": "Migration: Acme", "labels": ["offering-migration", REJECTED]})
    issue = project(url, OPS).issues.get(created.iid)
    issue.notes.create({"body": "Let's go.\n/label ~\"offering-migration::approved\"\n/due in 3 weeks"})
    note = issue.notes.list(get_all=True, sort="asc")
    mine = [n for n in note if not n.system]
    assert [n.body for n in mine] == ["Let's go."]  # command lines are not kept
    after = project(url).issues.get(created.iid)
    assert after.labels == ["offering-migration", APPROVED] and after.due_date  # exclusive: rejected is gone
    labels_changed = [b for n, b in events(controls, receiver) if n == "Issue Hook"
                      and b["object_attributes"]["iid"] == created.iid and "labels" in b["changes"]]
    assert labels_changed and labels_changed[-1]["user"]["username"] == "ops-reviewer"
    # a note of commands only is not saved: 202 and what the commands did (lib/api/helpers/notes_helpers.rb)
    resp = requests.post(f"{url}/api/v4/projects/1/issues/{created.iid}/notes", headers={"PRIVATE-TOKEN": OPS},
                         json={"body": "/close"})
    assert resp.status_code == 202 and resp.json() == {"commands_changes": {"state_event": "close"},
                                                       "summary": ["Closed this issue."]}
    assert project(url).issues.get(created.iid).state == "closed"
    assert [n.body for n in issue.notes.list(get_all=True) if not n.system] == ["Let's go."]
    ran = requests.get(f"{url}/_sandbox/state").json()["quick_actions"]  # what ran, for a harness to check
    assert [(q["author"], [c for c, _ in q["commands"]]) for q in ran] == [("ops-reviewer", ["label", "due"]),
                                                                            ("ops-reviewer", ["close"])]


def test_a_description_edit_runs_the_commands_it_adds(gl):
    url, _ = gl
    issue = project(url).issues.create({"title": "Migration: Acme", "labels": "offering-migration,triage"})
    issue.description = "Facts\n/unlabel ~triage\n/title Migration: Acme Corp"
    issue.save()
    fresh = project(url).issues.get(issue.iid)
    assert fresh.description == "Facts" and fresh.labels == ["offering-migration"]
    assert fresh.title == "Migration: Acme Corp"


def test_scoped_labels_are_exclusive_unless_gitlab_free(gl, receiver):
    url, _ = gl
    issue = project(url, OPS).issues.create({"title": "Migration: Acme", "labels": "offering-migration"})
    for label in (APPROVED, REJECTED):
        issue.labels = issue.labels + [label]
        issue.save()
    assert project(url).issues.get(issue.iid).labels == ["offering-migration", REJECTED]
    assert requests.post(f"{url}/_sandbox/scoped_labels", json={"exclusive": False}).json() == {"exclusive": False}
    issue.labels = issue.labels + [APPROVED]
    issue.save()
    assert project(url).issues.get(issue.iid).labels == ["offering-migration", REJECTED, APPROVED]
    app, srv = _start(receiver, scoped_labels_exclusive=False)  # the same as a constructor setting
    try:
        free = project(srv.url).issues.create({"title": "t", "labels": [APPROVED, REJECTED]})
        assert free.labels == [APPROVED, REJECTED]
        requests.post(f"{srv.url}/_sandbox/reset")
        assert requests.get(f"{srv.url}/_sandbox/scoped_labels").json() == {"exclusive": False}
    finally:
        srv.stop()
        app.extensions["sandbox_controls"].close()


def test_resource_label_events_say_who_added_and_removed_each_label(gl):
    url, _ = gl
    created = project(url).issues.create({"title": "Migration: Acme", "labels": ["offering-migration"]})
    ops_issue = project(url, OPS).issues.get(created.iid)
    ops_issue.labels = ["offering-migration", APPROVED]
    ops_issue.save()
    requests.post(f"{url}/api/v4/projects/1/issues/{created.iid}/notes", headers={"PRIVATE-TOKEN": BOT},
                  json={"body": f"/unlabel ~\"{APPROVED}\""})
    listed = project(url).issues.get(created.iid, lazy=True).resourcelabelevents.list(get_all=True)
    got = [(e.user["username"], e.action, e.label["name"], e.resource_type, e.resource_id) for e in listed]
    assert got == [("migration-bot", "add", "offering-migration", "Issue", created.id),
                   ("ops-reviewer", "add", APPROVED, "Issue", created.id),
                   ("migration-bot", "remove", APPROVED, "Issue", created.id)]
    one = requests.get(f"{url}/api/v4/projects/1/issues/{created.iid}/resource_label_events/{listed[1].id}",
                       headers={"PRIVATE-TOKEN": BOT}).json()
    assert set(one) == {"id", "user", "created_at", "resource_type", "resource_id", "label", "action"}
    assert set(one["label"]) == {"id", "name", "color", "description"} and one["created_at"].endswith("Z")


def test_migration_bot_sandbox_passes_the_options_on():
    from sandbox.runner import Sandbox

    with Sandbox(bot_url=None, gitlab_free=True, private_channel=True) as sandbox:
        assert requests.get(f"{sandbox.gitlab_url}/_sandbox/scoped_labels").json() == {"exclusive": False}
        assert sandbox.slack.channels["C0SUPPOPS1"]["is_private"] is True
        assert requests.get(f"{sandbox.zendesk_url}/_sandbox/limits").json()["org_update"] == 5
