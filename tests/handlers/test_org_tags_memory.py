"""handlers/zendesk.py ticket_created with the org's tags as last read (Store.org_tags_read_since): a new ticket the
event alone cannot rule out costs one read of its org; the next ones of that org cost none while their copied level
tags agree with that read, and a read again whenever they do not, the read is old, or the bot changed the org."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.case.effects import Effects
from bot.case.tickets import could_be_migration, event_ticket
from bot.errors import ConfigError
from bot.settings import Settings
from tests.handlers.conftest import ORG_ID

# A failure on SaaS and no move: a migration for an org paying for another offering only if a person says so
# (tests/unit/test_judgement_guards.py), no migration at all for an org paying for SaaS. The event cannot tell.
SAAS_FAILURE = ("Runners on our GitLab.com group", "Jobs in our GitLab.com group stay pending; the shared runners "
                "on gitlab.com never pick them up.")


def new_ticket(rt, dispatch, ticket_id: str, tags: list[str]) -> list:
    rt.zendesk.add_ticket(ticket_id, *SAAS_FAILURE, tags=tags, requester_id="9002")

    def edit(payload):
        payload["id"], payload["detail"]["id"] = f"01JTICKET{ticket_id}", ticket_id
        payload["subject"] = f"zen:ticket:{ticket_id}"
    return dispatch("zendesk/ticket.created__migration", edit)


def reads(rt) -> list[str]:
    return [c.name for c in rt.calls]


def saas_org(rt):
    rt.zendesk.orgs[ORG_ID]["tags"] = ["saas_premium", "emea"]


def test_the_event_alone_cannot_rule_this_ticket_out(rules):
    detail = {"id": "1", "subject": SAAS_FAILURE[0], "description": SAAS_FAILURE[1], "tags": ["saas_premium"]}
    assert could_be_migration(event_ticket(detail), "2026-11-24", rules)


def test_the_second_ticket_of_an_org_read_lately_costs_no_call(rt, dispatch):
    saas_org(rt)
    assert new_ticket(rt, dispatch, "201", ["saas_premium", "emea"]) == ["not a migration"]
    assert reads(rt) == ["zendesk.get_organization"]
    rt.forget_calls()
    assert new_ticket(rt, dispatch, "202", ["saas_premium", "emea", "channel_web"]) == ["not a migration"]
    assert rt.calls == []
    assert rt.store.list_cases() == []


def test_copied_level_tags_that_differ_from_the_last_read_are_read_again(rt, dispatch):
    saas_org(rt)
    new_ticket(rt, dispatch, "201", ["saas_premium"])
    rt.forget_calls()
    # the org has changed since (or this ticket's tags lag): only a read tells which
    rt.zendesk.orgs[ORG_ID]["tags"] = ["sm_premium"]
    later = rt.now() + timedelta(seconds=1)
    rt.clock = lambda: later
    result = new_ticket(rt, dispatch, "202", ["sm_premium"])
    assert reads(rt)[0] == "zendesk.get_organization"
    assert result != ["not a migration"]  # a SaaS failure for an org paying for Self-Managed: asked about
    # ... and the last read is the new one
    assert rt.store.org_tags_read_since(ORG_ID, rt.now() - timedelta(seconds=1)) == ["sm_premium"]


def test_a_read_older_than_the_ttl_is_not_used(rt, dispatch):
    saas_org(rt)
    new_ticket(rt, dispatch, "201", ["saas_premium"])
    rt.forget_calls()
    later = rt.now() + timedelta(seconds=rt.settings.org_tags_ttl + 1)
    rt.clock = lambda: later
    new_ticket(rt, dispatch, "202", ["saas_premium"])
    assert reads(rt) == ["zendesk.get_organization"]


def test_ttl_zero_always_reads(rt, dispatch):
    saas_org(rt)
    rt.settings = replace(rt.settings, org_tags_ttl=0.0)
    new_ticket(rt, dispatch, "201", ["saas_premium"])
    new_ticket(rt, dispatch, "202", ["saas_premium"])
    assert reads(rt) == ["zendesk.get_organization"] * 2


def test_the_bot_forgets_an_org_before_changing_its_tags(rt, dispatch):
    saas_org(rt)
    new_ticket(rt, dispatch, "201", ["saas_premium"])
    Effects(rt).org_tag("org:tag:test", ORG_ID, "sm_ultimate", True)
    assert rt.store.org_tags_read_since(ORG_ID, rt.now() - timedelta(days=1)) is None


@pytest.mark.parametrize("raw, value", [("0", 0.0), ("900", 900.0), (" 60.5 ", 60.5)])
def test_the_ttl_is_read_from_the_environment(raw, value):
    assert Settings.from_env({"BOT_ORG_TAGS_TTL": raw}, dotenv_path=None).org_tags_ttl == value


@pytest.mark.parametrize("raw", ["-1", "an hour", "inf", "nan", "604801", "1e11"])
def test_a_malformed_ttl_is_one_line_naming_it(raw):
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"BOT_ORG_TAGS_TTL": raw}, dotenv_path=None)
    assert str(info.value) == f"BOT_ORG_TAGS_TTL: malformed value {raw.strip()!r}, expected seconds, a number from 0 to 604800 (a week)"


def test_a_ticket_that_could_be_a_migration_under_the_known_tags_is_still_judged(rt, dispatch):
    # the org pays for Self-Managed and was read lately; a SaaS failure is a migration to ask about there
    new_ticket(rt, dispatch, "201", ["sm_premium", "emea"])
    rt.forget_calls()
    assert new_ticket(rt, dispatch, "202", ["sm_premium", "emea"]) != ["not a migration"]
    assert reads(rt)[0] == "zendesk.get_organization"


def test_an_org_tags_changed_event_makes_the_next_ticket_read_the_org(rt, dispatch):
    saas_org(rt)
    new_ticket(rt, dispatch, "201", ["saas_premium"])
    # someone adds a level tag to the org by hand: the copied tags of a new ticket may not show it yet
    assert dispatch("zendesk/organization.tags_changed__level_tag_added") == ["org tags forgotten"]
    assert rt.store.org_tags_read_since(ORG_ID, rt.now() - timedelta(hours=1)) is None
    rt.forget_calls()
    later = rt.now() + timedelta(seconds=1)
    rt.clock = lambda: later
    new_ticket(rt, dispatch, "202", ["saas_premium"])
    assert reads(rt) == ["zendesk.get_organization"]
