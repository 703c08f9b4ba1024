"""parse_reply() on the kinds review 1 found wrong with invented inputs after the seventh session's reply commits.
Every wording here is invented for this file."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


def parsed(rules, text, today="2026-11-23", tags=("sm_premium",)) -> tuple:
    out = reply(rules, text, tags=tags, today=today)
    return out["support_level"], out["target_date"], out["date_ambiguous"]


# 'previously', 'earlier', 'in the past' beside the answer ("as agreed before: Ultimate") put no tier in today's
# contract: the reply parser reads its own list of 'today' words, not the detector's (which holds 'a tier once held')
PREVIOUSLY_AGREED = [
    ("Ultimate, as previously agreed with your team. Go-live 1 March 2027.", ("ultimate", "2027-03-01", False)),
    ("Come già detto in precedenza: Ultimate.", ("ultimate", None, False)),
    ("Wie vormals abgesprochen, nehmen wir Ultimate.", ("ultimate", None, False)),
    ("Ultimate, como ya dijimos anteriormente por teléfono.", ("ultimate", None, False)),
    ("Zoals we voorheen al afspraken: Ultimate.", ("ultimate", None, False)),
    ("之前我们已经说过，我们选 Ultimate。", ("ultimate", None, False)),
]


@pytest.mark.parametrize("text, expected", PREVIOUSLY_AGREED)
def test_previously_agreed_keeps_the_tier(rules, text, expected):
    assert parsed(rules, text) == expected


def test_today_words_still_name_todays_tier(rules):
    # (guard) a tier beside 'currently' is today's, the other one is the answer
    assert parsed(rules, "We currently have Premium and will buy Ultimate.")[0] == "ultimate"
