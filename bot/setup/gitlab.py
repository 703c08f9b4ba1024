"""`setup gitlab`: the three Support Ops labels and a project hook to <BOT_PUBLIC_URL>/webhooks/gitlab.

Labels API https://docs.gitlab.com/api/labels/ ; project webhooks API https://docs.gitlab.com/api/project_webhooks/ .
GitLab never returns a hook's secret token, so a plan cannot see whether an existing hook sends GITLAB_WEBHOOK_TOKEN:
the token is sent whenever the hook is created or updated anyway, and `--reset-token` sends it to a hook that
otherwise needs no change (after rotating GITLAB_WEBHOOK_TOKEN, or when the bot answers GitLab 401)."""
from __future__ import annotations

from typing import Any

from bot.rules.loader import Rules
from bot.services.gitlab import GitLabClient
from bot.setup.plan import CREATE, KEEP, UPDATE, Change, Outcome

PATH = "/webhooks/gitlab"
HOOK_NAME = "Offering migration bot"
# Issue hooks carry approvals, rejections and due dates; a confidential issue sends only the confidential kind. Note
# hooks are answered and ignored today; push events are none of the bot's business (GitLab turns them on by default).
EVENTS = {"issues_events": True, "confidential_issues_events": True, "note_events": True,
          "confidential_note_events": True, "push_events": False}
# Colour and description per rules key (labels.base / approved / rejected).
LABEL_LOOK = {"base": ("#428BCA", "Offering migration request opened by the bot"),
              "approved": ("#69D100", "Support Ops approves the temporary support (the bot tags the org)"),
              "rejected": ("#D9534F", "Support Ops rejects the request (the bot tells the ticket)")}


def plan(gitlab: GitLabClient, rules: Rules, public_url: str, token: str, reset_token: bool = False) -> Outcome:
    """Read labels and hooks (no write) and say what would give the bot its labels and its hook."""
    existing = {label.get("name") for label in gitlab.list_labels()}
    changes: list[Change] = []
    for key, (color, description) in LABEL_LOOK.items():
        name = rules.labels[key]
        if name in existing:
            changes.append(Change(KEEP, f"GitLab label {name!r}"))
        else:
            changes.append(Change(CREATE, f"GitLab label {name!r}", color,
                                  lambda n=name, c=color, d=description: gitlab.create_label(n, c, d)))
    url = public_url + PATH
    found = [h for h in gitlab.list_hooks() if (h.get("url") or "").rstrip("/") == url]
    changes.append(_hook_change(gitlab, found, url, token, reset_token))
    notes = ["GitLab never shows a hook's token; if the bot answers GitLab's deliveries 401, run "
             "`setup gitlab --apply --reset-token`"] if changes[-1].action == KEEP else []
    notes += [f"hook {h['id']} also posts to {url}: every event would arrive twice; delete it" for h in found[1:]]
    return Outcome(changes, notes)


def _hook_change(gitlab: GitLabClient, found: list[dict[str, Any]], url: str, token: str,
                 reset_token: bool) -> Change:
    wanted = ", ".join(k.removesuffix("_events") for k, on in EVENTS.items() if on)
    if not found:
        return Change(CREATE, f"GitLab project hook -> {url}", f"{wanted}; token GITLAB_WEBHOOK_TOKEN",
                      lambda: gitlab.create_hook(url, token, name=HOOK_NAME, enable_ssl_verification=True, **EVENTS))
    hook = found[0]
    differ = {k: v for k, v in EVENTS.items() if bool(hook.get(k)) != v}
    what = f"GitLab project hook {hook['id']} -> {url}"
    if not differ and not reset_token:
        return Change(KEEP, what, wanted)
    # The URL stays the same, so GitLab would keep the old token; ours is sent anyway, as the hook is written.
    detail = "; ".join(f"{k} {bool(hook.get(k))} -> {v}" for k, v in differ.items()) or "token re-sent"
    return Change(UPDATE, what, detail, lambda: gitlab.edit_hook(hook["id"], url, token, **EVENTS))
