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
                min_days=rules.timings["min_days_ahead"], max_days=rules.timings["max_days_ahead"],
                approved_label=rules.labels["approved"], rejected_label=rules.labels["rejected"], **extra)


# Values that customers or agents control (ticket text, org name and fields); everything else is ours.
CUSTOMER_VALUES = ("org_name", "reason", "partner_name", "partner_sentence")
# Where each template's text goes decides how customer text in it is made inert (SPEC "Hostile input").
DESTINATIONS = {
    "gitlab": ("issue_title", "issue_joined_note", "issue_note_approved", "issue_note_extended",
               "issue_note_rejected_after_approval", "reminder_issue_note", "expiry_issue_note",
               "issue_note_label_conflict", "issue_note_approval_refused", "issue_note_due_date_refused"),
    "zendesk": ("internal_note_detected", "internal_note_detected_stated", "internal_note_unsure",
                "internal_note_joined", "internal_note_confirmed", "internal_note_issue", "public_ask",
                "public_ask_partner", "public_missing", "ticket_note_approved", "ticket_note_rejected",
                "ticket_note_expired", "org_note_approved", "org_note_extended", "org_note_shortened",
                "org_note_expired"),
    "slack": ("reminder_slack", "slack_confirm_case", "slack_pick_tag", "slack_decided", "slack_not_permitted"),
}
DESTINATION = {name: where for where, names in DESTINATIONS.items() for name in names}


def render(rt, name: str, case: Case, **extra) -> str:
    """A template filled in, with customer text made inert for the system the text goes to."""
    inert = ESCAPERS[DESTINATION[name]]
    values = texts(rt, case, **extra)
    for key in CUSTOMER_VALUES:
        if isinstance(values.get(key), str):
            values[key] = inert(values[key])
    return rt.rules.templates[name].format(**values)


def case_marker(case: Case) -> str:
    return f"offering-migration-case:{case.id}:{case.org_id}:{case.target_offering}"


BLOCK_START = "<!-- offering-migration:start -->"
BLOCK_END = "<!-- offering-migration:end -->"


def issue_description(rt, case: Case, marker: str) -> str:
    """The Support Ops request: every fact they decide on, plus an invisible marker to find it again, all inside
    the bot's own block so a refresh can rewrite it without touching what Support Ops added around it."""
    rules = rt.rules
    tickets = rt.store.tickets(case.id)
    ticket_lines = "\n".join(f"- #{t.ticket_id}: {rt.ticket_url(t.ticket_id)}" for t in tickets)
    partner = "yes" + (f" ({md(case.partner_name)})" if case.partner_name else "") if case.partner_managed else "no"
    return (
        f"{BLOCK_START}\n"
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
        f"{BLOCK_END}\n"
    )


def replace_block(description: str, block: str) -> str:
    """`description` with the bot's block swapped for `block`; every line outside it kept. A description whose
    block was deleted gets the block back at its end."""
    text = description or ""
    start, end = text.find(BLOCK_START), text.find(BLOCK_END)
    if start == -1 or end < start:
        return (text.rstrip("\n") + "\n\n" if text.strip() else "") + block
    return text[:start] + block.rstrip("\n") + text[end + len(BLOCK_END):]


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_REFERENCE = re.compile(r"([@#!~%$&])")
_MARKUP = re.compile(r"([\[\]()`*_])")
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(?=//)")
_ZWSP = "\u200b"


def md(text: str) -> str:
    """Customer-supplied text inside GitLab Markdown: one line (so no line of it starts a quick action), no table
    breaks, no HTML, no mentions or references, no link, image or URL that GitLab would make live."""
    # A zero-width space after @, #, !, ~, %, $ and & keeps GitLab from making mentions and references; one
    # before the text keeps a leading "/" from being the start of a line; backslashes escape link markup.
    text = _REFERENCE.sub("\\1" + _ZWSP, _CONTROL.sub(" ", text or ""))
    text = _SCHEME.sub("\\1" + _ZWSP + ":", _MARKUP.sub(r"\\\1", text))
    text = text.replace("|", "\\|").replace("<", "&lt;")
    return _ZWSP + text if text.startswith("/") else text


def plain(text: str) -> str:
    """Customer-supplied text inside a Zendesk comment or org note: link and image markup split so it stays text."""
    return (text or "").replace("](", "]" + _ZWSP + "(").replace("![", "!" + _ZWSP + "[")


def slack_escape(text: str) -> str:
    """Slack's three control characters; customer text must not become links, mentions or markup."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


ESCAPERS = {"gitlab": md, "zendesk": plain, "slack": slack_escape}
