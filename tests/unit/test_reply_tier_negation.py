"""Of two tiers a reply names, the one whose own part of the sentence says 'not' (in the language's own word, before
or after the tier) is turned down; two tiers still weighed stay open. Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


@pytest.mark.parametrize("text, expected", [
    ("Hola, nos quedamos con Premium, no con Ultimate.", "premium"),  # Spanish
    ("Ultimate non ci serve più, basta Premium.", "premium"),  # Italian
    ("Ultimate brauchen wir nicht, Premium genügt.", "premium"),  # German
    ("Premium nie wystarczy, bierzemy Ultimate.", "ultimate"),  # Polish
    ("Ultimate değil, Premium alıyoruz.", "premium"),  # Turkish, 'not' after the tier
    ("Ultimate değil Premium alıyoruz.", "premium"),  # ... two tiers in one part
    ("हमें प्रीमियम नहीं, अल्टीमेट चाहिए।", "ultimate"),  # Hindi
    ("アルティメットは不要です。プレミアムにします。", "premium"),  # Japanese
    ("프리미엄이 아니라 얼티밋으로 하겠습니다.", "ultimate"),  # Korean
    ("Θα πάρουμε Ultimate αντί για Premium.", "ultimate"),  # Greek, 'instead of' before the tier
    ("Ņemsim Premium, nevis Ultimate.", "premium"),  # Latvian
    ("We've decided against Ultimate; Premium covers it.", "premium"),  # English
])
def test_the_tier_said_not_to_be_it_is_turned_down(rules, text, expected):
    assert reply(rules, text)["support_level"] == expected


@pytest.mark.parametrize("text", [
    "We're still weighing Premium against Ultimate.",
    "Not sure yet: Premium or Ultimate.",
    "Premium or Ultimate, we have not decided.",
])
def test_two_tiers_still_weighed_stay_open(rules, text):
    assert reply(rules, text)["support_level"] is None


@pytest.mark.parametrize("text", [
    "Ultimate if the budget is not cut, otherwise Premium.",  # a 'not' inside a condition
    "Ultimate, unless finance does not approve it; then Premium.",
    "Ultimate, wenn das Budget nicht gekürzt wird, sonst Premium.",  # German
])
def test_a_not_inside_a_condition_decides_no_tier(rules, text):
    assert reply(rules, text)["support_level"] is None


@pytest.mark.parametrize("text", [
    "We can't do without Ultimate; Premium was considered briefly.",  # 'not' + 'without' keeps the tier
    "We'll go with Ultimate because we can't live without the security dashboards. Premium was the other option.",
    "On ne peut pas se passer d'Ultimate ; Premium a été envisagé aussi.",  # French
    "Wir können nicht ohne Ultimate arbeiten; Premium war auch eine Option.",  # German
])
def test_cannot_do_without_does_not_turn_the_tier_down(rules, text):
    assert reply(rules, text)["support_level"] != "premium"


@pytest.mark.parametrize("text", [
    "เราซื้อ Ultimate ตามที่ตัวแทนแนะนำ ส่วน Premium เราเคยพิจารณา",  # Thai 'agent' holds 'instead'
    "เราเลือก Ultimate ตามคำแนะนำของตัวแทนขาย ส่วน Premium เคยคุยกันไว้",
])
def test_a_word_that_holds_a_not_is_no_not(rules, text):
    assert reply(rules, text)["support_level"] != "premium"


def test_thai_instead_still_turns_the_tier_down(rules):
    assert reply(rules, "เอา Ultimate แทน Premium ครับ")["support_level"] == "ultimate"
