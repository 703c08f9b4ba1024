"""GitLab quick actions in descriptions and notes written through the API: found, stripped and executed."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sandbox.gitlab_input import split_labels

# Every command name GitLab defines is cut out of the text even where it does not apply (the Extractor gets all
# of InterpretService.command_definitions, whatever their `types` or condition); the sandbox executes SUPPORTED and
# drops the rest. Names from CE lib/gitlab/quick_actions/*_actions.rb; EE-only ones (/weight, /epic...) stay text.
SUPPORTED = {"close", "reopen", "title", "label", "labels", "unlabel", "remove_label", "relabel", "due",
             "remove_due_date", "assign", "unassign", "confidential", "lock", "unlock"}
KNOWN = SUPPORTED | {
    "todo", "done", "subscribe", "unsubscribe", "react", "award", "shrug", "tableflip", "severity",  # issuable
    "board_move", "duplicate", "clone", "move", "create_merge_request", "zoom", "remove_zoom", "add_email",
    "remove_email", "convert_to_ticket", "promote_to_incident", "add_contacts", "remove_contacts", "timeline",  # issue
    "milestone", "remove_milestone", "copy_metadata", "estimate", "spend", "spent", "remove_estimate",
    "remove_time_spent",  # issue_and_merge_request
    "relate", "unlink", "type", "promote_to", "set_parent", "remove_parent", "add_child", "remove_child",
    "merge", "rebase", "draft", "ready", "target_branch", "submit_review", "request_changes", "approve", "unapprove",
    "assign_reviewer", "reviewer", "request_review", "unassign_reviewer", "remove_reviewer", "tag"}
SUBSTITUTIONS = {"shrug": "¯\\＿(ツ)＿/¯", "tableflip": "(╯°□°)╯︵ ┻━┻"}

# Extractor#commands_regex: "/" at the very start of a line, the name, then one space and the argument or nothing.
COMMAND = re.compile(r"^/(?P<cmd>[A-Za-z_]+)(?: (?P<arg>[^\n]*))?\s*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HTML_RAW = re.compile(r"^ {0,3}<(pre|script|style|textarea)[\s>]", re.IGNORECASE)
HTML_TAG = re.compile(r"^ {0,3}</?[A-Za-z][A-Za-z0-9-]*[\s/>]|^ {0,3}</?[A-Za-z][A-Za-z0-9-]*$")
LABEL_REF = re.compile(r'~"([^"]+)"|~([^\s~"]+)')
LABEL_WORD = re.compile(r'"([^"]+)"|([^ ]+)')
BLANK = "\n"


def extract(text: str | None) -> tuple[str | None, list[tuple[str, str]]]:
    """(text without command lines, [(command, argument)]). Only Markdown paragraphs count, as GitLab's
    QuickActionPipeline: fenced code, blockquotes (`>`, `>>>`, and their lazy continuation lines) and HTML
    blocks are left alone."""
    if not text:
        return text, []
    out: list[str] = []
    commands: list[tuple[str, str]] = []
    until: str | None = None  # the line that ends the current code/quote/HTML block (BLANK: an empty line)
    quoted = skip_blank = False
    for line in text.replace("\r", "").split("\n"):
        if skip_blank and not line.strip():
            continue  # `(?:\s*\n|$)` swallows the blank lines after a command too
        skip_blank = False
        if until is not None:
            out.append(line)
            if (until == BLANK and not line.strip()) or (until != BLANK and until in line.lower()):
                until = None
            continue
        if not line.strip():
            quoted = False
        elif (m := FENCE.match(line)):
            until = m.group(1)[0] * 3
        elif line.strip() == ">>>":
            until = ">>>"
        elif line.lstrip().startswith(">") or quoted:
            quoted = True  # a line after a quote line is its lazy continuation until a blank line
        elif line.lstrip().startswith("<!--"):
            until = None if "-->" in line else "-->"
        elif (m := HTML_RAW.match(line)):
            end = f"</{m.group(1).lower()}>"
            until = None if end in line.lower() else end
        elif HTML_TAG.match(line):
            until = BLANK
        elif (m := COMMAND.match(line)) and m.group("cmd").lower() in KNOWN:
            name, arg = m.group("cmd").lower(), (m.group("arg") or "").strip()
            if name in SUBSTITUTIONS:
                out.append(f"{arg} {SUBSTITUTIONS[name]}".strip())
                continue
            commands.append((name, arg))
            skip_blank = True
            continue
        out.append(line)
    return "\n".join(out).rstrip(), commands


@dataclass
class Outcome:
    """What the commands change: PUT-style `params`, GitLab's `commands_changes` and the execution messages."""
    params: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    commands: list[tuple[str, str]] = field(default_factory=list)


def _label_names(arg: str) -> list[str]:
    # InterpretService#find_labels: `~name`/`~"a b"` references, or bare names when no `~` is given at all.
    if "~" in arg:
        return [a or b for a, b in LABEL_REF.findall(arg)]
    return [a or b for a, b in LABEL_WORD.findall(arg)]


def _ref(names: list[str]) -> str:
    return " ".join(f'~"{n}"' if " " in n or "::" in n else f"~{n}" for n in names)


def parse_due(arg: str, today: date) -> date | None:
    """GitLab reads /due with Chronic; the sandbox understands ISO dates, today, tomorrow and `in N days|weeks`."""
    text = arg.strip().lower()
    if text in ("today", "tomorrow"):
        return today + timedelta(days=text == "tomorrow")
    if (m := re.fullmatch(r"in (\d+) (day|days|week|weeks)", text)):
        return today + timedelta(days=int(m.group(1)) * (7 if m.group(2).startswith("week") else 1))
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def interpret(commands: list[tuple[str, str]], issue: dict[str, Any], labels: dict[str, Any],
              users: dict[str, Any], actor: Any, persisted: bool, today: date) -> Outcome:
    """Each command's condition and effect as lib/gitlab/quick_actions/*_actions.rb define them."""
    out = Outcome(commands=list(commands))
    p = out.params
    for name, arg in commands:
        if name == "close" and persisted and issue["state"] == "opened":
            p["state_event"] = "close"
            out.messages.append("Closed this issue.")
        elif name == "reopen" and persisted and issue["state"] == "closed":
            p["state_event"] = "reopen"
            out.messages.append("Reopened this issue.")
        elif name == "title" and persisted and arg:
            p["title"] = arg
            out.messages.append(f'Changed the title to "{arg}".')
        elif name in ("label", "labels") and labels:
            found = [n for n in _label_names(arg) if n in labels]  # quick actions never create labels
            if found:
                p.setdefault("add_labels", []).extend(n for n in found if n not in p["add_labels"])
                out.messages.append(f"Added {_ref(found)} label{'s' if len(found) > 1 else ''}.")
        elif name in ("unlabel", "remove_label") and persisted and issue["labels"]:
            if arg:
                found = [n for n in _label_names(arg) if n in labels]
                p.setdefault("remove_labels", []).extend(found)
                out.messages.append(f"Removed {_ref(found)} label{'s' if len(found) > 1 else ''}.")
            else:
                p["labels"] = []
                out.messages.append("Removed all labels.")
        elif name == "relabel" and persisted and issue["labels"]:
            found = [n for n in _label_names(arg) if n in labels]
            if found:
                p["labels"] = found
                out.messages.append(f"Replaced all labels with {_ref(found)} label{'s' if len(found) > 1 else ''}.")
        elif name == "due":
            due = parse_due(arg, today)
            if due is None:
                out.messages.append("Failed to set due date because the date format is invalid.")
            else:
                p["due_date"] = due.isoformat()
                out.messages.append(f"Set the due date to {due.strftime('%b %-d, %Y')}.")
        elif name == "remove_due_date" and persisted and issue["due_date"]:
            p["due_date"] = None
            out.messages.append("Removed the due date.")
        elif name == "assign":
            refs = [r.lstrip("@") for r in re.split(r"[\s,]+", arg) if r and r.lower() != "and"]
            found = [actor if r.lower() == "me" else users.get(r) for r in refs]
            if not refs or None in found:
                missing = [f"@{r}" for r, u in zip(refs, found) if u is None]
                out.messages.append(f"Failed to find users for {', '.join(missing)}" if missing
                                    else "Failed to assign a user because no user was found.")
            else:
                p["assignee_ids"] = [found[0].id]  # one assignee on GitLab Free (allows_multiple_assignees? is EE)
                out.messages.append(f"Assigned @{found[0].username}.")
        elif name == "unassign" and persisted and issue.get("assignee_ids"):
            p["assignee_ids"] = []
            gone = [f"@{u.username}" for u in users.values() if u.id in issue["assignee_ids"]]
            out.messages.append(f"Removed assignee {' and '.join(gone)}.")
        elif name == "confidential" and not issue["confidential"]:
            p["confidential"] = True
            out.messages.append("Made this issue confidential.")
        elif name in ("lock", "unlock") and persisted and bool(issue.get("discussion_locked")) == (name == "unlock"):
            p["discussion_locked"] = name == "lock"
            out.messages.append(f"{name.capitalize()}ed the discussion.")
    out.changes = _commands_changes(p, labels)
    return out


def _commands_changes(params: dict[str, Any], labels: dict[str, Any]) -> dict[str, Any]:
    """The note's `commands_changes`: GitLab's update params, labels by id."""
    ids = {"add_labels": "add_label_ids", "remove_labels": "remove_label_ids", "labels": "label_ids"}
    return {ids.get(k, k): ([labels[n]["id"] for n in v] if k in ids else v) for k, v in params.items()}


def merge_params(explicit: dict[str, Any], commands: dict[str, Any]) -> dict[str, Any]:
    """IssuableBaseService does `params.merge!(command_params)`: a command wins over the same explicit
    parameter; label additions and removals of both are kept."""
    out = {**explicit, **commands}
    for key in ("add_labels", "remove_labels"):
        if key in explicit and key in commands:
            out[key] = split_labels(explicit[key]) + [n for n in commands[key] if n not in split_labels(explicit[key])]
    return out
