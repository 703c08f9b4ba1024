"""What the bot says: template values, the Support Ops issue description, and customer text made inert
for each system it reaches (GitLab Markdown, Slack mrkdwn)."""
from __future__ import annotations

import re

from bot.db.models import Case


def texts(rt, case: Case, **extra) -> dict:
    """Values every template may use."""
    rules = rt.rules
    target = case.target_offering
    sold = rules.offerings[target]["levels_sold"]
    issue = f"\nSupport Ops request: {case.issue_url}" if case.issue_url else ""
    return dict(org_name=case.org_name, org_id=case.org_id, paid_label=rules.label(case.paid_offering),
                target_label=rules.label(target), problem_label=rules.label(target),
                offering=rules.label(target), level=(case.support_level or "").capitalize(),
                level_label=(case.support_level or "").capitalize(),
                levels_sold=" or ".join(s.capitalize() for s in sold), reason=case.reason,
                confidence=case.confidence or 0.0, date=case.target_date.isoformat() if case.target_date else "",
                target_date=case.target_date.isoformat() if case.target_date else "",
                issue_url=case.issue_url or "", issue_ref=issue, tag=case.added_tag or "",
                offering_id=target, level_id=case.support_level or "",
                min_days=rules.timings["min_days_ahead"], max_days=rules.timings["max_days_ahead"], **extra)


def render(rt, name: str, case: Case, **extra) -> str:
    return rt.rules.templates[name].format(**texts(rt, case, **extra))


def case_marker(case: Case) -> str:
    return f"offering-migration-case:{case.id}:{case.org_id}:{case.target_offering}"


def issue_description(rt, case: Case, marker: str) -> str:
    """The Support Ops request: every fact they decide on, plus an invisible marker to find it again."""
    rules = rt.rules
    tickets = rt.store.tickets(case.id)
    ticket_lines = "\n".join(f"- #{t.ticket_id}: {rt.ticket_url(t.ticket_id)}" for t in tickets)
    partner = "yes" + (f" ({case.partner_name})" if case.partner_name else "") if case.partner_managed else "no"
    return (
        f"## Offering migration request\n\n"
        f"| | |\n|---|---|\n"
        f"| Organization | {md(case.org_name)} (id {case.org_id}) |\n"
        f"| Paid offering | {rules.label(case.paid_offering)} (`{case.paid_offering}`) |\n"
        f"| Target offering | {rules.label(case.target_offering)} (`{case.target_offering}`) |\n"
        f"| Support level on target | {(case.support_level or '').capitalize()} |\n"
        f"| Target date | {case.target_date.isoformat() if case.target_date else ''} |\n"
        f"| Partner-managed | {partner} |\n\n"
        f"### Tickets\n{ticket_lines}\n\n"
        f"### Why the bot flagged it\n{md(case.reason)}\n\n"
        f"Approve by adding the label `{rules.labels['approved']}`, reject with `{rules.labels['rejected']}`. "
        f"Changing the due date moves the target date.\n\n<!-- {marker} -->\n"
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_REFERENCE = re.compile(r"([@#!~%$&])")


def md(text: str) -> str:
    """Customer-supplied text inside Markdown: no table breaks, no HTML, no mentions or references."""
    # A zero-width space after @, #, !, ~, %, $ and & keeps GitLab from making mentions and references.
    text = _REFERENCE.sub("\\1\u200b", _CONTROL.sub(" ", text or ""))
    return text.replace("|", "\\|").replace("<", "&lt;")


def slack_escape(text: str) -> str:
    """Slack's three control characters; customer text must not become links, mentions or markup."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
