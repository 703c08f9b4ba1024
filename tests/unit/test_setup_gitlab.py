"""`setup gitlab` against recorded answers: labels named by the rules, one project hook with the bot's flags and
token; the plan writes nothing, a second apply writes nothing, --reset-token re-sends the token."""
from __future__ import annotations

import io
import json

import responses

from bot.rules.loader import load_rules
from bot.services.base import RetryPolicy
from bot.services.gitlab import GitLabClient
from bot.setup import gitlab as setup_gitlab
from bot.setup import plan as setup_plan

BASE = "https://gitlab.example.com"
API = f"{BASE}/api/v4/projects/support-ops%2Foffering-migrations"
PUBLIC = "https://bot.example.com"
URL = PUBLIC + "/webhooks/gitlab"
TOKEN = "gl-webhook-token"
LABELS = ["offering-migration", "offering-migration::approved", "offering-migration::rejected"]
FLAGS = {"issues_events": True, "confidential_issues_events": True, "note_events": True,
         "confidential_note_events": True, "push_events": False}


def hook(**extra) -> dict:
    return {"id": 7, "url": URL, "project_id": 1, "enable_ssl_verification": True, **FLAGS, **extra}


def state(labels: list[str], hooks: list[dict]) -> None:
    responses.get(f"{API}/labels", json=[{"id": i, "name": n} for i, n in enumerate(labels)],
                  headers={"X-Next-Page": ""})
    responses.get(f"{API}/hooks", json=hooks, headers={"X-Next-Page": ""})


def run(apply: bool, reset_token: bool = False, rules=None) -> str:
    gl = GitLabClient(BASE, "glpat-api", "support-ops/offering-migrations", retry=RetryPolicy.none())
    outcome = setup_gitlab.plan(gl, rules or load_rules(None), PUBLIC, TOKEN, reset_token=reset_token)
    out = io.StringIO()
    setup_plan.run("gitlab", outcome, apply, out)
    return out.getvalue()


def writes() -> list[tuple[str, str, dict]]:
    return [(c.request.method, c.request.url.removeprefix(API), json.loads(c.request.body))
            for c in responses.calls if c.request.method != "GET"]


@responses.activate
def test_plan_lists_the_three_labels_and_the_hook_and_writes_nothing():
    state([], [])
    text = run(apply=False)
    for name in LABELS:
        assert f"create  GitLab label {name!r}" in text
    assert f"create  GitLab project hook -> {URL}" in text and writes() == []


@responses.activate
def test_apply_creates_missing_labels_and_the_hook_with_the_token():
    state(["offering-migration"], [])
    responses.post(f"{API}/labels", status=201, json={"id": 9})
    responses.post(f"{API}/hooks", status=201, json=hook())
    run(apply=True)
    made = writes()
    assert [(m, p, b["name"]) for m, p, b in made[:2]] == [("POST", "/labels", LABELS[1]), ("POST", "/labels", LABELS[2])]
    assert all(b["color"].startswith("#") for _, _, b in made[:2])
    method, path, body = made[2]
    assert (method, path) == ("POST", "/hooks")
    assert body == {"url": URL, "token": TOKEN, "name": "Offering migration bot", "enable_ssl_verification": True,
                    **FLAGS}


@responses.activate
def test_a_second_apply_writes_nothing():
    state(LABELS + ["bug"], [hook(), hook(id=8, url="https://other.example/hook")])
    text = run(apply=True)
    assert writes() == [] and "nothing to change" in text and "--reset-token" in text


@responses.activate
def test_an_existing_hook_with_other_flags_is_updated_not_duplicated():
    state(LABELS, [hook(note_events=False, push_events=True)])
    responses.put(f"{API}/hooks/7", json=hook())
    assert "update  GitLab project hook 7" in run(apply=False) and writes() == []
    run(apply=True)
    assert writes() == [("PUT", "/hooks/7", {"url": URL, "token": TOKEN, **FLAGS})]


@responses.activate
def test_reset_token_resends_the_token_to_a_hook_that_needs_nothing_else():
    state(LABELS, [hook()])
    responses.put(f"{API}/hooks/7", json=hook())
    text = run(apply=True, reset_token=True)
    assert "updated GitLab project hook 7" in text and "token re-sent" in text
    assert writes()[0][2]["token"] == TOKEN


@responses.activate
def test_label_names_come_from_the_rules(tmp_path):
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text('[labels]\nbase = "migration"\napproved = "migration::yes"\nrejected = "migration::no"\n')
    state([], [hook()])
    text = run(apply=False, rules=load_rules(str(rules_file)))
    assert all(f"create  GitLab label {n!r}" in text for n in ("migration", "migration::yes", "migration::no"))
