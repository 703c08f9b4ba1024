"""Slack prompts with buttons: ask, record the decision of a permitted person, update the message."""
from __future__ import annotations

import logging

from bot.case.effects import Effects
from bot.case.messages import slack_escape, texts
from bot.db.models import Case, SlackPrompt

log = logging.getLogger(__name__)
ACTION_PREFIX = "mb_decide"


def blocks_for(prompt_id: int, text: str, options: list[tuple[str, str]]) -> list[dict]:
    buttons = [{"type": "button", "action_id": f"{ACTION_PREFIX}_{i}", "value": value,
                "text": {"type": "plain_text", "text": label[:75]},
                **({"style": "primary"} if i == 0 else {})}
               for i, (value, label) in enumerate(options)]
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text[:2900]}},
            {"type": "actions", "block_id": f"mbp-{prompt_id}", "elements": buttons}]


def decided_blocks(text: str) -> list[dict]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text[:2900]}}]


def _post(rt, fx: Effects, key: str, kind: str, case: Case | None, ticket_id: str, org_id: str, text: str,
          options: list[tuple[str, str]]) -> SlackPrompt:
    prompt = rt.store.save_prompt(key=key, kind=kind, case_id=case.id if case else None, ticket_id=str(ticket_id),
                                  org_id=str(org_id), text=text, options=[v for v, _ in options])
    if prompt.ts:
        return prompt
    sent = fx.slack_post(f"prompt:{prompt.id}:post", text, blocks_for(prompt.id, text, options))
    rt.store.update_prompt(prompt.id, channel=sent.get("channel"), ts=sent.get("ts"))
    return rt.store.prompt(key)


def ask_confirmation(rt, fx: Effects, case: Case) -> SlackPrompt:
    values = {k: slack_escape(str(v)) if isinstance(v, str) else v for k, v in texts(rt, case).items()}
    text = rt.rules.templates["slack_confirm_case"].format(
        ticket_id=case.origin_ticket_id, ticket_url=rt.ticket_url(case.origin_ticket_id), **values)
    return _post(rt, fx, f"confirm:{case.id}", "confirm_case", case, case.origin_ticket_id, case.org_id, text,
                 [("confirm", "Confirm: offering migration"), ("dismiss", "Dismiss")])


def ask_tag(rt, fx: Effects, case: Case, ticket_id: str, candidates: list[str]) -> SlackPrompt:
    text = rt.rules.templates["slack_pick_tag"].format(
        ticket_id=ticket_id, ticket_url=rt.ticket_url(ticket_id), org_name=slack_escape(case.org_name))
    return _post(rt, fx, f"align:{case.id}:{ticket_id}", "pick_tag", case, ticket_id, case.org_id, text,
                 [(tag, tag) for tag in candidates])


def permitted(rt, user_id: str) -> bool:
    deciders = rt.settings.slack_deciders
    return not deciders or user_id in deciders


def close_prompt(rt, fx: Effects, prompt: SlackPrompt, user_id: str, decision: str) -> None:
    """Replace the buttons by who decided what, so nobody clicks twice."""
    text = rt.rules.templates["slack_decided"].format(text=prompt.text, user_id=user_id, decision=decision)
    fx.slack_update(f"prompt:{prompt.id}:decided", prompt.channel, prompt.ts, text, decided_blocks(text))
