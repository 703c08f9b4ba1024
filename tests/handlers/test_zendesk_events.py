"""handlers/zendesk.py against the recording fake runtime: what a new ticket and a requester's comment make the bot
write, call by call. The same behaviour end to end, through the sandbox: flow/test_detection.py and
flow/test_customer_reply.py."""
from __future__ import annotations

import logging

from bot.case.machine import State
from bot.case.messages import case_marker, render
from bot.logs import current_case
from tests.conftest import MIGRATION, ORDINARY, UNSURE
from tests.handlers.conftest import ORG_ID, ROUTER, TICKET_ID, Call, event, stamp

REPLY = "zendesk/ticket.comment_added__requester_reply"  # "We will buy Ultimate on GitLab.com, cutover 2027-02-26."


def asked(rt, dispatch):
    """Ticket 101 detected and its requester asked; the record starts afresh. Returns the case."""
    assert dispatch("zendesk/ticket.created__migration") == ["case 1 detected"]
    rt.forget_calls()
    return rt.store.case_for_ticket(TICKET_ID)


def test_a_migration_ticket_gets_an_internal_note_a_public_question_and_the_marker_tag(rt, dispatch):
    assert dispatch("zendesk/ticket.created__migration") == ["case 1 detected"]
    case = rt.store.case_for_ticket(TICKET_ID)
    assert (case.paid_offering, case.target_offering, case.state) == ("self_managed", "saas", State.AWAITING_CUSTOMER)
    assert rt.writes() == [
        Call("zendesk.add_comment", (TICKET_ID, render(rt, "internal_note_detected", case), False)),
        # a safe update, with the stamp the ticket got from the note just written
        Call("zendesk.add_ticket_tags", (TICKET_ID, ["offering_migration"]), {"updated_stamp": stamp(1)}),
        Call("zendesk.add_comment", (TICKET_ID, render(rt, "public_ask", case, partner_sentence=""), True)),
    ]
    assert "Self-Managed" in rt.writes()[0].args[1] and "SaaS" in rt.writes()[0].args[1]
    assert "support level" in rt.writes()[2].args[1] and "target date" in rt.writes()[2].args[1]
    # The event carries the new ticket and its only comment (the description): the org is the one read.
    assert [c.name for c in rt.calls] == ["zendesk.get_organization", "zendesk.add_comment", "zendesk.get_ticket",
                                          "zendesk.add_ticket_tags", "zendesk.add_comment"]


def test_an_ordinary_ticket_costs_no_call_at_all(rt, dispatch):
    rt.zendesk.add_ticket(TICKET_ID, *ORDINARY)
    assert dispatch("zendesk/ticket.created__migration") == ["not a migration"]
    assert rt.calls == [] and rt.store.list_cases() == []


def test_a_ticket_of_an_org_under_migration_is_read_and_aligned_whatever_its_text(rt, dispatch):
    case = asked(rt, dispatch)
    rt.store.update_case(case.id, support_level="ultimate")
    for trigger in ("reply_valid", "issue_opened", "approve", "org_tagged"):
        rt.store.transition(case.id, trigger)
    rt.zendesk.orgs[ORG_ID]["tags"].append("saas_ultimate")
    rt.zendesk.add_ticket("102", *ORDINARY, requester_id="9002")

    def second_ticket(payload):
        payload["id"], payload["detail"]["id"], payload["subject"] = "01JSECONDTICKET", "102", "zen:ticket:102"
    assert dispatch("zendesk/ticket.created__migration", second_ticket) == ["aligned"]
    names = [c.name for c in rt.calls]
    assert names[:2] == ["zendesk.get_ticket", "zendesk.get_organization"]  # its tags as they are now
    assert "zendesk.list_comments" not in names  # a new ticket has no comment but its description
    assert rt.zendesk.tickets["102"]["tags"] == ["sm_premium", "emea"]  # a self-managed problem keeps sm_premium


def test_a_trigger_body_without_the_ticket_text_is_judged_after_reading(rt, dispatch):
    rt.zendesk.add_ticket(TICKET_ID, *ORDINARY)

    def trigger(payload):  # schemas/zendesk/trigger_body_template.json: ids and status only
        payload["detail"] = {"id": TICKET_ID, "organization_id": ORG_ID, "requester_id": "9001", "status": "New"}
    ev = event("zendesk/ticket.created__migration", trigger)
    assert ROUTER.dispatch(rt, ev) == ["not a migration"]
    assert [c.name for c in rt.calls] == ["zendesk.get_ticket", "zendesk.get_organization"]


def test_a_trigger_body_for_a_ticket_without_organization_costs_no_call(rt, dispatch):
    def trigger(payload):  # {{ticket.organization.id}} renders as "" when the ticket has none
        payload["detail"] = {"id": TICKET_ID, "organization_id": "", "requester_id": "9001", "status": "New"}
    assert ROUTER.dispatch(rt, event("zendesk/ticket.created__migration", trigger)) == ["no organization"]
    assert rt.calls == []


def test_an_unsure_ticket_gets_an_internal_note_and_a_slack_prompt_but_no_question(rt, dispatch):
    rt.zendesk.add_ticket(TICKET_ID, *UNSURE)
    assert dispatch("zendesk/ticket.created__migration") == ["case 1 awaiting_confirmation"]
    case = rt.store.case_for_ticket(TICKET_ID)
    note, post = rt.writes()
    assert note == Call("zendesk.add_comment", (TICKET_ID, render(rt, "internal_note_unsure", case), False))
    assert post.name == "slack.post_message" and post.args[0] == "#support_operations"
    buttons = [el["value"] for block in post.kwargs["blocks"] for el in block.get("elements") or []]
    assert buttons == ["confirm", "dismiss"]
    assert "offering_migration" not in rt.zendesk.tickets[TICKET_ID]["tags"]


def test_a_second_delivery_of_the_same_ticket_resumes_and_writes_nothing_again(rt, dispatch):
    created = event("zendesk/ticket.created__migration")
    dispatch(created)
    written = rt.writes()
    assert dispatch(created) == ["resumed case 1"]
    assert rt.writes() == written


def test_a_second_migration_ticket_of_the_org_joins_the_open_case(rt, dispatch):
    case = asked(rt, dispatch)
    rt.zendesk.add_ticket("102", *MIGRATION, requester_id="9002")

    def second_ticket(payload):
        payload["id"], payload["detail"]["id"], payload["subject"] = "01JSECONDTICKET", "102", "zen:ticket:102"
    assert dispatch("zendesk/ticket.created__migration", second_ticket) == ["joined case 1"]
    assert rt.writes() == [
        Call("zendesk.add_comment", ("102", render(rt, "internal_note_joined", case), False)),
        Call("zendesk.add_ticket_tags", ("102", ["offering_migration"]), {"updated_stamp": stamp(4)}),  # after the note
    ]
    assert [t.ticket_id for t in rt.store.tickets(case.id)] == [TICKET_ID, "102"]


def test_a_ticket_without_an_organization_is_left_alone_without_a_call(rt, dispatch):
    rt.zendesk.add_ticket(TICKET_ID, *MIGRATION, org_id=None)
    assert dispatch("zendesk/ticket.created__migration") == ["no organization"]
    assert rt.calls == [] and rt.store.list_cases() == []


def test_a_ticket_deleted_before_its_trigger_body_was_handled_is_left_alone(rt, dispatch):
    del rt.zendesk.tickets[TICKET_ID]

    def trigger(payload):
        payload["detail"] = {"id": TICKET_ID, "organization_id": ORG_ID, "requester_id": "9001", "status": "New"}
    assert ROUTER.dispatch(rt, event("zendesk/ticket.created__migration", trigger)) == [
        "ticket not found (deleted since)"]
    assert rt.writes() == [] and rt.store.list_cases() == []


def test_a_requester_reply_with_level_and_date_opens_the_support_ops_issue(rt, dispatch):
    asked(rt, dispatch)
    assert dispatch(REPLY) == ["answer accepted"]
    case = rt.store.case_for_ticket(TICKET_ID)
    assert (case.state, case.support_level, case.target_date.isoformat()) == (State.ISSUE_OPEN, "ultimate",
                                                                              "2027-02-26")
    create, note = rt.writes()
    title, description, labels, due_date = create.args
    assert create.name == "gitlab.create_issue" and title == render(rt, "issue_title", case)
    assert labels == ["offering-migration"] and due_date == "2027-02-26"
    for fact in ("Crannock Systems", ORG_ID, "Self-Managed", "SaaS", "Ultimate", "2027-02-26", f"#{TICKET_ID}",
                 case_marker(case)):
        assert fact in description, fact
    assert note == Call("zendesk.add_comment", (TICKET_ID, render(rt, "internal_note_issue", case), False))
    assert case.issue_url in note.args[1]


def test_a_reply_without_a_date_is_answered_with_what_is_missing(rt, dispatch):
    asked(rt, dispatch)

    def no_date(payload):
        payload["event"]["comment"]["body"] = "We will buy Ultimate on GitLab.com."
    assert dispatch(REPLY, no_date) == ["asked again"]
    case = rt.store.case_for_ticket(TICKET_ID)
    (missing,) = rt.writes()
    assert missing.name == "zendesk.add_comment" and missing.args[0] == TICKET_ID and missing.args[2] is True
    assert "date" in missing.args[1]
    assert (case.state, case.support_level, case.target_date) == (State.AWAITING_CUSTOMER, "ultimate", None)


def test_a_comment_from_someone_other_than_the_requester_is_not_an_answer(rt, dispatch):
    asked(rt, dispatch)

    def colleague(payload):
        payload["event"]["comment"]["author"]["id"] = "9002"
    assert dispatch(REPLY, colleague) == ["not the requester"]
    assert rt.calls == []


def test_the_bots_own_comment_and_tag_events_do_nothing(rt, dispatch):
    asked(rt, dispatch)
    own_note = event("zendesk/ticket.comment_added__bot_internal_note")
    own_tag = event("zendesk/ticket.tags_changed__bot_tag")
    assert own_note["relevant"] is False and own_tag["relevant"] is False  # the view records them as ignored
    assert dispatch(own_note) == ["own or staff comment"]  # and were one dispatched anyway: nothing
    assert dispatch(own_tag) == []  # no handler for tag changes
    assert rt.calls == []


def test_every_log_line_of_a_case_s_work_carries_its_id(rt, dispatch):
    seen: list[tuple[str, str | None]] = []

    class Recorder(logging.Handler):
        def emit(self, record):
            seen.append((record.name, current_case()))

    handler, driver = Recorder(level=logging.DEBUG), logging.getLogger("bot.case.driver")
    driver.addHandler(handler)
    driver.setLevel(logging.DEBUG)
    try:
        dispatch("zendesk/ticket.created__migration")
    finally:
        driver.removeHandler(handler)
        driver.setLevel(logging.NOTSET)
    assert seen and all(case == "1" for _name, case in seen), seen
