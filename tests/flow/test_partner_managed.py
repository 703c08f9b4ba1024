"""SPEC "Observable behaviour" 2-3: a partner-managed organization is named, with its partner, in the question to
the customer and in the Support Ops issue."""
from __future__ import annotations

from sandbox.stack import in_days
from tests.conftest import MIGRATION


def test_partner_managed_org_is_named_in_ask_and_issue(stack):
    org = stack.create_org("Osterfeld AG", ["sm_premium", "partner_managed", "emea"],
                           organization_fields={"partner_name": "Nordlicht Partners"})
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    public = stack.bot_comments(ticket["id"], public=True)
    assert len(public) == 1 and "Nordlicht Partners" in public[0]["body"]
    stack.reply(ticket, f"Premium on GitLab.com, target date {in_days(50).isoformat()}.")
    stack.settle()
    issues = stack.issues()
    assert len(issues) == 1
    assert "Partner-managed | yes (Nordlicht Partners)" in issues[0]["description"]
