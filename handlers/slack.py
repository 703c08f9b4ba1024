"""Slack block_actions: a permitted person confirms or dismisses a case, or picks a ticket's level tag."""
from __future__ import annotations

import logging

from bot.case.align import set_level_tag
from bot.case.driver import advance
from bot.case.effects import Effects
from bot.case.machine import State, Trigger
from bot.case.prompts import ACTION_PREFIX, close_prompt, permitted
from bot.db.models import SlackPrompt
from bot.logs import case_scope
from handlers.routing import Router

log = logging.getLogger(__name__)
router = Router()


def prompt_for(rt, payload: dict):
    """The prompt a click answers: by the block id we gave its buttons, else by the message's channel and ts."""
    block = ((payload.get("actions") or [{}])[0]).get("block_id") or ""
    number = block[4:] if block.startswith("mbp-") else ""
    # Our block ids are "mbp-<prompt id>"; anything else (other digits, a number past any id) names nothing.
    if number.isascii() and number.isdigit() and len(number) <= 10:
        with rt.sessions() as s:
            found = s.get(SlackPrompt, int(number))
        if found is not None:
            return found
    container = payload.get("container") or {}
    ts = container.get("message_ts") or (payload.get("message") or {}).get("ts")
    return rt.store.prompt_by_message(container.get("channel_id"), ts) if ts else None


def tell_not_permitted(rt, fx: Effects, delivery_id: str, payload: dict) -> None:
    """Only the clicker sees why nothing happened: through the click's response_url (no scope needed), else
    chat.postEphemeral."""
    text = rt.rules.templates["slack_not_permitted"].format(
        deciders=", ".join(f"<@{u}>" for u in rt.settings.slack_deciders))
    user = payload["user"]["id"]
    channel = (payload.get("container") or {}).get("channel_id") or (payload.get("channel") or {}).get("id")
    url = payload.get("response_url")

    def tell() -> dict:
        if url:
            rt.slack.respond(url, {"response_type": "ephemeral", "replace_original": False, "text": text})
            return {"via": "response_url"}
        return rt.slack.post_ephemeral(channel, user, text)

    fx.once(f"slack:not_permitted:{delivery_id}", tell)


@router.register("slack", "block_actions")
def block_actions(rt, event: dict) -> str:
    payload = event["payload"]
    action = payload["actions"][0]
    user_id = payload["user"]["id"]
    if not action.get("action_id", "").startswith(ACTION_PREFIX):
        return "not our button"
    prompt = prompt_for(rt, payload)
    if prompt is None:
        return "unknown prompt"
    with case_scope(prompt.case_id):  # every log line of the click's work, writes included, names the case
        return _act_on_click(rt, event, payload, action, user_id, prompt)


def _act_on_click(rt, event: dict, payload: dict, action: dict, user_id: str, prompt) -> str:
    value = action.get("value") or ""
    if not permitted(rt, user_id):
        rt.store.audit("slack_click_refused", prompt.case_id, actor=f"slack:{user_id}", value=value)
        tell_not_permitted(rt, Effects(rt), event["id"], payload)
        return "user not permitted"
    if value not in (prompt.options or []):
        return "unknown choice"
    # The first permitted click wins (atomically); only a re-run of that same click may continue after it.
    if prompt.status == "open":
        rt.store.decide_prompt(prompt.id, user_id, value)
        prompt = rt.store.prompt(prompt.key)
    if prompt.decided_by != user_id or prompt.decision != value:
        return "already decided"
    rt.store.audit("slack_decision", prompt.case_id, actor=f"slack:{user_id}", kind=prompt.kind, value=value)
    fx = Effects(rt)
    if prompt.kind == "confirm_case":
        case = rt.store.case(prompt.case_id)
        if case.state == State.AWAITING_CONFIRMATION:
            trigger = Trigger.CONFIRM if prompt.decision == "confirm" else Trigger.DISMISS
            rt.store.transition(case.id, trigger, actor=f"slack:{prompt.decided_by}")
        close_prompt(rt, fx, prompt, prompt.decided_by, "confirmed" if prompt.decision == "confirm" else "dismissed")
        advance(rt, case.id)
        return prompt.decision
    if prompt.kind == "pick_tag":
        case = rt.store.case(prompt.case_id)
        ticket = rt.zendesk.get_ticket(prompt.ticket_id)
        set_level_tag(rt, fx, case, prompt.ticket_id, prompt.decision, list(ticket.get("tags") or []))
        close_prompt(rt, fx, prompt, prompt.decided_by, f"keep `{prompt.decision}`")
        return f"tag {prompt.decision}"
    return "unknown prompt kind"
