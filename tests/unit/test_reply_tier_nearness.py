"""Tier relative to today's from words standing near each other in any order (reply_levels.relative_by_nearness): a
'now' word and a 'same' word near each other with a level noun (or as the whole short answer), 'now' as the level
noun's adjective, and 'above' near 'one' with a level noun or 'now'. Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


@pytest.mark.parametrize("text, tags, expected", [
    ("ລະດັບຄືກັນກັບປັດຈຸບັນ.", ("saas_starter",), "starter"),  # Lao: level, same, now (unspaced)
    ("កម្រិតដូចគ្នានឹងបច្ចុប្បន្ន។", ("sm_ultimate",), "ultimate"),  # Khmer
    ("ಈಗಿರುವ ಮಟ್ಟವೇ ಸಾಕು.", ("sm_premium",), "premium"),  # Kannada: 'now' inflected as the level's adjective
    ("Ipele kan naa bi ti isinsinyi, jọwọ.", ("saas_premium",), "premium"),  # Yoruba
    ("Mataki ɗaya sama da na yanzu.", ("sm_starter",), "premium"),  # Hausa: level, one, above
    ("На адзін узровень вышэй.", ("sm_premium",), "ultimate"),  # Belarusian
    ("A jelenleginél eggyel magasabb csomagot kérjük.", ("sm_starter",), "premium"),  # Hungarian, case endings
    ("ສູງກວ່າປັດຈຸບັນໜຶ່ງລະດັບ.", ("sm_premium",), "ultimate"),  # Lao: 'one' written with the NFKC ligature
])
def test_relative_tier_from_nearby_words(rules, text, tags, expected):
    assert reply(rules, text, tags=tags)["support_level"] == expected


@pytest.mark.parametrize("text", [
    "Same tier as today, wrapping up by end of this quarter.",  # 'up' and 'end' are no 'one up'
    "Halo, levelnya sama kayak sekarang ya.",  # Indonesian 'sama' is 'same' here, not Hausa 'above'
])
def test_nearby_words_that_are_no_step_up(rules, text):
    assert reply(rules, text, tags=("sm_premium",))["support_level"] == "premium"


def test_same_as_now_about_another_thing_is_no_tier(rules):
    assert reply(rules, "Ngayon, pareho ang oras ng migration.", tags=("sm_premium",))["support_level"] is None


def test_same_and_now_with_a_level_noun_far_from_them_is_no_tier(rules):
    assert reply(rules, "Now the same error shows on the level of the group.", tags=("sm_premium",))["support_level"] is None
