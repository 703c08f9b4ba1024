"""Guards on the detector that hold whatever model or phrase data it uses: the labeling rules' "a problem on an
unpaid offering with no move" is not a migration, so it is never acted on (a public comment would tell a customer
they are moving when they never said so). Found by trying docs/INTERFACE.md's worked example as a newcomer."""
from __future__ import annotations

import pytest

from bot.judgement.detect import classify


def _item(org_tags: list[str], subject: str, description: str) -> dict:
    return {"id": "G-1", "today": "2026-11-23", "org": {"name": "Crannock Systems", "tags": org_tags},
            "ticket": {"subject": subject, "description": description, "tags": org_tags, "offering_field": None,
                       "comments": []}}


@pytest.mark.parametrize("org_tags, subject, description", [
    (["sm_premium", "emea"], "Pipelines fail on GitLab.com", "Pipelines on GitLab.com fail with a 500 error when we push."),
    (["sm_ultimate"], "Runner error on SaaS", "Our shared runners on the SaaS side time out since this morning."),
    (["saas_premium"], "Self-managed test box broken", "Our test self-managed instance fails to start after reboot."),
    (["dedicated_ultimate"], "GitLab.com group", "A free GitLab.com group of ours cannot create projects: 403."),
    # terse English full of hostnames and codes, which once read as "a language the rules do not know" (review)
    (["sm_premium"], "Dedicated tenant down",
     "GitLab Dedicated tenant acme.gitlab-dedicated.com returns 502. Users cannot log in. Urgent."),
    (["sm_premium"], "GitLab.com SSO broken",
     "SAML SSO login GitLab.com group acme-corp fails: error 422. All users locked out. Urgent!"),
    (["sm_premium"], "Dedicated tenant: CI failing",
     "Jobs on our Dedicated tenant: ERROR: Job failed: exit code 137. Please help."),
])
def test_a_problem_on_an_unpaid_offering_with_no_move_is_never_acted_on(rules, org_tags, subject, description):
    verdict = classify(_item(org_tags, subject, description), rules)
    assert verdict["outcome"] != "act", verdict["reason"]
