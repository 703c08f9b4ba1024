"""handlers/slack.py against the recording fake runtime: a click on the prompt for an unsure detection. A permitted
person's click decides (first click wins) and closes the prompt; anyone else is told so privately and nothing else
happens. The same end to end: flow/test_confirmation.py and flow/test_alignment.py."""
from __future__ import annotations

from bot.case.machine import State
from bot.case.messages import render
from tests.conftest import UNSURE
from tests.handlers.conftest import DECIDER, TICKET_ID, Call, stamp

CLICK = "slack/block_actions__confirm"  # DECIDER clicks "confirm" (response_url included)
OUTSIDER = "U0SOMEONE9"


def prompted(rt, dispatch):
    """An unsure ticket 101: its case awaits confirmation and the prompt is posted; the record starts afresh."""
    rt.zendesk.add_ticket(TICKET_ID, *UNSURE)
    dispatch("zendesk/ticket.created__migration")
    case = rt.store.case_for_ticket(TICKET_ID)
    prompt = rt.store.prompt(f"confirm:{case.id}")
    assert case.state == State.AWAITING_CONFIRMATION and prompt.ts
    rt.forget_calls()
    return case, prompt


def click(prompt, user: str = DECIDER, value: str = "confirm"):
    """The captured click, on this prompt's buttons, by `user`, choosing `value`."""
    def edit(payload):
        payload["actions"][0].update(block_id=f"mbp-{prompt.id}", value=value)
        payload["user"]["id"] = user
    return edit


def test_a_deciders_confirm_closes_the_prompt_and_asks_the_customer(rt, dispatch):
    case, prompt = prompted(rt, dispatch)
    assert dispatch(CLICK, click(prompt)) == ["confirm"]
    case = rt.store.case(case.id)
    assert case.state == State.AWAITING_CUSTOMER
    update, note, tag, ask = rt.writes()
    assert update.name == "slack.update_message" and update.args[:2] == (prompt.channel, prompt.ts)
    assert f"<@{DECIDER}>" in update.args[2] and "confirmed" in update.args[2]
    assert [note, tag, ask] == [
        Call("zendesk.add_comment", (TICKET_ID, render(rt, "internal_note_confirmed", case,
                                                       decider=f"<@{DECIDER}>"), False)),
        Call("zendesk.add_ticket_tags", (TICKET_ID, ["offering_migration"]), {"updated_stamp": stamp(2)}),
        Call("zendesk.add_comment", (TICKET_ID, render(rt, "public_ask", case, partner_sentence=""), True)),
    ]


def test_a_click_by_someone_not_permitted_is_answered_privately_and_changes_nothing(rt, dispatch):
    case, prompt = prompted(rt, dispatch)
    assert dispatch(CLICK, click(prompt, user=OUTSIDER)) == ["user not permitted"]
    (told,) = rt.writes()
    assert told == Call("slack.respond", ("https://hooks.slack.com/actions/T0SANDBOX1/1/abc", {
        "response_type": "ephemeral", "replace_original": False,
        "text": rt.rules.templates["slack_not_permitted"].format(deciders=f"<@{DECIDER}>")}))
    assert rt.store.case(case.id).state == State.AWAITING_CONFIRMATION
    assert rt.store.prompt(prompt.key).status == "open"


def test_a_deciders_dismiss_ends_the_case_without_a_word_to_the_customer(rt, dispatch):
    case, prompt = prompted(rt, dispatch)
    assert dispatch(CLICK, click(prompt, value="dismiss")) == ["dismiss"]
    (update,) = rt.writes()
    assert update.name == "slack.update_message" and "dismissed" in update.args[2]
    assert rt.store.case(case.id).state == State.CANCELLED


def test_the_first_permitted_click_wins(rt, dispatch):
    case, prompt = prompted(rt, dispatch)
    dispatch(CLICK, click(prompt, value="dismiss"))
    rt.forget_calls()
    assert dispatch(CLICK, click(prompt, value="confirm")) == ["already decided"]
    assert rt.writes() == [] and rt.store.case(case.id).state == State.CANCELLED
