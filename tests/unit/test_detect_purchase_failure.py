"""A failure of the buying itself (a checkout, the customers portal, linking a subscription) is a commercial question,
not a technical problem on the destination, even when a move between offerings is decided (review 2 probes)."""
from __future__ import annotations

import pytest

from bot.judgement.detect import analyse, classify
from tests.unit.test_detect import ticket

PURCHASE_FAILS = [
    ("Checkout error buying GitLab.com", "We are migrating to GitLab.com. When we purchase Premium for our GitLab.com "
     "group the checkout fails with error 500 at the payment step."),
    ("Customers portal problem", "We are moving to GitLab.com. In the Customers Portal I cannot link our subscription "
     "to the new GitLab.com group, it says 'namespace not eligible'."),
    ("Kauf schlägt fehl", "Wir ziehen zu GitLab.com um. Beim Kauf von Premium für unsere Gruppe auf GitLab.com schlägt "
     "die Bezahlung mit Fehler 500 fehl."),
]


@pytest.mark.parametrize("subject,description", PURCHASE_FAILS)
def test_a_failing_purchase_is_no_act(rules, subject, description):
    out = classify(ticket(["sm_premium", "emea"], subject, description), rules)
    assert out["outcome"] != "act", out["reason"]


def test_a_failure_beside_the_purchase_still_acts(rules):
    out = classify(ticket(["sm_premium", "emea"], "Runners fail after migrating to GitLab.com",
                          "We are migrating from our self-managed server to GitLab.com and bought Premium for the "
                          "group. Since the migration the runners on GitLab.com fail with 'system failure'."), rules)
    assert out["outcome"] == "act", out["reason"]



@pytest.mark.parametrize("text", [
    "On GitLab.com the custom domain of our Pages site stays 'Unverified'.",
    "SSH keys are rejected on GitLab.com for our customers' users.",
    "On GitLab.com a push of feature/invoices is rejected by the push rule.",
])
def test_customer_custom_and_branch_names_are_no_purchase(rules, text):
    # Portuguese 'custo' (cost) is no prefix of English 'custom'/'customer'; words inside a branch or path buy nothing
    a = analyse(ticket(["sm_premium", "emea"], "Help", text), rules)
    assert not any(ev.commercial for ev in a.evs), [ev.text for ev in a.evs if ev.commercial]


def test_an_unspaced_sentence_after_a_host_is_no_identifier(rules):
    # guard: the identifier mask stops at the host, so the Japanese buying words after 'GitLab.com' still count
    out = classify(ticket(["sm_premium", "emea"], "GitLab.comの購入方法",
                          "自社サーバーからGitLab.comへ移行することに決めました。GitLab.comのPremiumはどのように"
                          "購入すればよいですか？見積書をお願いします。"), rules)
    assert out["outcome"] != "act", out["reason"]
