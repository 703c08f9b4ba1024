"""`migration-bot demo`: the sandbox plus the bot on SQLite, one scripted migration end to end, as a timeline."""
from __future__ import annotations

import json
import logging
import shutil
import tempfile
import textwrap
import time
from datetime import datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path

from bot.worker import loop as worker
from sandbox.stack import Stack, in_days

SAAS_TICKET = ("Pipelines stuck on GitLab.com after moving off our self-managed server",
               "Hi, we are migrating from our self-managed GitLab to GitLab.com and moved our first group\n"
               "last week. Pipelines on gitlab.com sit in pending because no runner is online. How do we\n"
               "use the shared runners there?\n-- Jana, Crannock Systems")
SM_TICKET = ("Gitaly CPU at 100% on our instance",
             "Our self-managed Gitaly node is pegged at 100% CPU during business hours. Should we enable the\n"
             "pack-objects cache on the instance?")
UNCLEAR_TICKET = ("Question about user seats", "Hello, how many seats do we have left this quarter? Thanks, Ana")


class Timeline:
    def __init__(self):
        self.start = time.monotonic()

    def say(self, who: str, text: str) -> None:
        print(f"[{time.monotonic() - self.start:5.1f}s] {who:<10} {text}", flush=True)

    def show(self, text: str, width: int = 100, max_lines: int = 14) -> None:
        """Quote a message wrapped (not cut) at `width`, so the reader sees whole notes and reasons. Lines break only
        at spaces: a link (longer than `width` or with hyphens in it) stays whole, so it can be copied or clicked."""
        lines = [part for line in (text or "").splitlines()
                 for part in (textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""])]
        for line in lines[:max_lines]:
            print(f"{'':19}| {line}", flush=True)
        if len(lines) > max_lines:
            print(f"{'':19}| [... {len(lines) - max_lines} more lines]", flush=True)


def main(args=None) -> int:
    logging.getLogger().setLevel(logging.WARNING)
    for name in ("werkzeug", "dbos", "bot"):
        logging.getLogger(name).setLevel(logging.ERROR)
    workdir = Path(tempfile.mkdtemp(prefix="migration-bot-demo-"))
    t = Timeline()
    stack = Stack(f"sqlite:///{workdir / 'migration-bot.db'}", via_setup=True).start()
    try:
        run(stack, t)
    finally:
        stack.stop()
    if getattr(args, "keep", False):
        t.say("demo", f"done; database kept in {workdir}: "
                      f"DATABASE_URL=sqlite:///{workdir / 'migration-bot.db'} migration-bot cases")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
        t.say("demo", "done (`migration-bot demo --keep` keeps the database to look at afterwards)")
    return 0


def show_setup(stack: Stack, t: Timeline) -> None:
    """The services were connected by the setup commands, as README's "Connecting the real services" says."""
    for service in ("zendesk", "gitlab"):
        t.say("operator", f"migration-bot setup {service} --apply")
        lines = stack.setup_output[service].splitlines()[1:]
        # The secret is the operator's to copy, not the demo's to show.
        t.show("\n".join(line.split("=", 1)[0] + "=<the webhook's signing secret, copied to the bot's settings>"
                         if line.startswith("ZENDESK_WEBHOOK_SECRET=") else line.strip() for line in lines))
    manifest = json.loads(stack.setup_output["slack"])
    t.say("operator", f"migration-bot setup slack: app manifest with scopes {manifest['oauth_config']['scopes']['bot']}"
                      f", interactivity {manifest['settings']['interactivity']['request_url']}")


def run(stack: Stack, t: Timeline) -> None:
    t.say("sandbox", f"Zendesk {stack.sandbox.zendesk_url}  GitLab {stack.sandbox.gitlab_url}  "
                     f"Slack {stack.sandbox.slack_api_url}")
    show_setup(stack, t)
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"], notes="Key account since 2019.")
    t.say("zendesk", f"organization {org['name']} (id {org['id']}) pays for Self-Managed Premium: tags {org['tags']}")
    ticket = stack.create_ticket(org, *SAAS_TICKET)
    t.say("customer", f"opens ticket #{ticket['id']}: {ticket['subject']!r}")
    stack.settle()
    note = stack.bot_comments(ticket["id"], public=False)[0]["body"]
    ask = stack.bot_comments(ticket["id"], public=True)[0]["body"]
    t.say("bot", "internal note for the support engineer:")
    t.show(note)
    t.say("bot", "public question to the customer:")
    t.show(ask)
    t.say("bot", f"ticket tags now {sorted(stack.ticket(ticket['id'])['tags'])}")

    target = in_days(45)
    stack.reply(ticket, f"Thanks! We'll buy Ultimate on GitLab.com, migration done by {target:%B %d, %Y}.")
    t.say("customer", f"replies: Ultimate, done by {target:%B %d, %Y}")
    stack.settle()
    issue = stack.issues()[0]
    case = stack.rt.store.list_cases()[0]
    t.say("bot", f"parsed level={case.support_level} date={case.target_date}; opened Support Ops issue #{issue['iid']}: "
                 f"{issue['title']!r} due {issue['due_date']} labels {issue['labels']}")

    sm = stack.create_ticket(org, *SM_TICKET, requester="ops@crannock.example")
    t.say("customer", f"opens ticket #{sm['id']} (a self-managed problem) while the request is pending")
    stack.settle()
    stack.gitlab("PUT", f"issues/{issue['iid']}", add_labels="offering-migration::approved")
    t.say("supportops", "adds label offering-migration::approved")
    stack.settle()
    org_now = stack.org(org["id"])
    t.say("bot", f"organization tags {sorted(org_now['tags'])}; notes:")
    t.show(org_now["notes"])
    level = {"sm_premium", "saas_ultimate"}
    for tk in (ticket, sm):
        t.say("bot", f"open ticket #{tk['id']} aligned: level tags now "
                     f"{sorted(set(stack.ticket(tk['id'])['tags']) & level)}")
    unclear = stack.create_ticket(org, *UNCLEAR_TICKET, requester="ana@crannock.example")
    t.say("customer", f"opens ticket #{unclear['id']} naming no offering; it inherits the org's tags "
                      f"{sorted(set(unclear['tags']) & level)}")
    stack.settle()
    prompt = next(m for m in stack.slack_messages() if str(unclear["id"]) in m.get("text", ""))
    t.say("slack", f"#support_operations asked about #{unclear['id']}: buttons "
                   f"{[e['value'] for b in prompt['blocks'] if b['type'] == 'actions' for e in b['elements']]}")
    other = stack.env["SANDBOX_SLACK_OTHER_USER"]
    stack.click(prompt, "saas_ultimate", other)
    stack.settle()
    t.say("slack", f"{other} (not permitted) clicks saas_ultimate: ticket tags unchanged "
                   f"{sorted(set(stack.ticket(unclear['id'])['tags']) & level)}")
    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    stack.click(prompt, "sm_premium", decider)
    stack.settle()
    updated = next(m for m in stack.slack_messages() if m["ts"] == prompt["ts"])
    t.say("slack", f"{decider} clicks sm_premium: ticket #{unclear['id']} level tags "
                   f"{sorted(set(stack.ticket(unclear['id'])['tags']) & level)}; message now says "
                   f"{updated['text'].splitlines()[-1]!r}")

    midnight = lambda d: datetime.combine(d, dtime(0, 0), tzinfo=timezone.utc)  # noqa: E731
    for days in (7, 1):
        when = midnight(target - timedelta(days=days))
        worker.run_due(stack.rt, when)
        t.say("schedule", f"run-due --as-of {when.isoformat()}: reminder note on issue + Slack message")
        t.show(stack.slack_messages()[-1]["text"])
    worker.run_due(stack.rt, midnight(target))
    org_end = stack.org(org["id"])
    state = stack.gitlab("GET", f"issues/{issue['iid']}")["state"]
    t.say("schedule", f"run-due --as-of {midnight(target).isoformat()}: org tags {sorted(org_end['tags'])}; "
                      f"issue {state}; last org note:")
    t.show(org_end["notes"].splitlines()[-1])
    for case in stack.rt.store.list_cases():
        t.say("cases", f"case {case.id} {case.org_name}: {case.state}")
