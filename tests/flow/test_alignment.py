"""SPEC "Observable behaviour" 5: while the org carries two level tags every open ticket ends with the one that
matches its problem; an unclear ticket is put to #support_operations with buttons, and the first permitted click
wins."""
from __future__ import annotations

from sandbox.stack import in_days
from tests.conftest import MIGRATION
from tests.flow.conftest import approve, open_issue_case


def test_unclear_open_ticket_gets_a_slack_tag_prompt_and_the_decider_picks(stack):
    org = stack.create_org("Crannock Systems", ["sm_premium", "emea"])
    unclear = stack.create_ticket(org, "Login problem", "Some users cannot log in since this morning. Please help.",
                                  requester="it@example.com")
    solved = stack.create_ticket(org, "Old login problem", "Some users could not log in last week.",
                                 requester="old@example.com")
    stack.zendesk("PUT", f"tickets/{solved['id']}", ticket={"status": "solved"})
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    stack.reply(ticket, f"Ultimate on GitLab.com, target date {in_days(40).isoformat()}.")
    stack.settle()
    approve(stack, stack.issues()[0])
    assert sorted(stack.ticket(solved["id"])["tags"]) == sorted(solved["tags"])  # only open tickets are aligned
    assert not [m for m in stack.slack_messages() if f"#{solved['id']} " in m.get("text", "")]
    prompts = [m for m in stack.slack_messages() if f"#{unclear['id']} " in m.get("text", "")]
    assert len(prompts) == 1
    values = {el.get("value") for b in prompts[0].get("blocks") or [] for el in b.get("elements") or []}
    assert values == {"saas_ultimate", "sm_premium"}

    stack.click(prompts[0], "saas_ultimate", stack.env["SANDBOX_SLACK_OTHER_USER"])
    stack.settle()
    before = set(stack.ticket(unclear["id"])["tags"]) & {"saas_ultimate", "sm_premium"}
    assert before != {"saas_ultimate"}
    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    stack.click(prompts[0], "saas_ultimate", decider)
    stack.settle()
    assert set(stack.ticket(unclear["id"])["tags"]) & {"saas_ultimate", "sm_premium"} == {"saas_ultimate"}
    updated = [m for m in stack.slack_messages() if m["ts"] == prompts[0]["ts"]][0]
    assert decider in updated["text"]

    # A new ticket while the org carries both tags is aligned on arrival.
    fresh = stack.create_ticket(org, "Gitaly CPU at 100%", "Our self-managed Gitaly node CPU is pegged at 100% "
                                "during business hours. Should we enable the pack-objects cache on our instance?",
                                requester="ops@example.com")
    stack.settle()
    assert set(stack.ticket(fresh["id"])["tags"]) & {"saas_ultimate", "sm_premium"} == {"sm_premium"}


def test_first_permitted_click_wins_even_from_the_same_person(stack):
    org, _ticket, issue, _target = open_issue_case(stack, org_tags=("sm_premium",))
    approve(stack, issue)
    unclear = stack.create_ticket(org, "Question about user seats", "How many seats do we have left? Thanks",
                                  requester="ana@example.com")
    stack.settle()
    prompt = next(m for m in stack.slack_messages() if str(unclear["id"]) in m.get("text", ""))
    assert "organization carries two support-level tags" in prompt["text"]
    decider = stack.env["SLACK_DECIDERS"].split(",")[0]
    stack.click(prompt, "sm_premium", decider)
    stack.click(prompt, "saas_ultimate", decider)
    stack.settle()
    level = {"sm_premium", "saas_ultimate"}
    assert set(stack.ticket(unclear["id"])["tags"]) & level == {"sm_premium"}
    updated = next(m for m in stack.slack_messages() if m["ts"] == prompt["ts"])
    assert "keep `sm_premium`" in updated["text"]
