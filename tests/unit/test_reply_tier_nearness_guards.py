"""Tier relative to today's by nearness (reply_levels.relative_by_nearness), guards found by invented probes (review 1,
items 10, 19, 20): an 'above' word that is another language's 'same' (Hausa 'sama', Indonesian 'same') is read as
'same' where it is one, and a digit 1 is 'one tier' only beside the level noun it counts ("add 1 user" counts users).
Every wording here is invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


@pytest.mark.parametrize("text", [
    "Paketnya sama dengan sekarang, tambah 1 admin saja.",
    "Kami ambil level yang sama, sekarang cuma 1 kendala.",
    "We stay on the same level as now, only 1 more seat, up from 9.",
])
def test_same_as_now_beside_a_one_is_no_step_up(rules, text):
    assert reply(rules, text)["support_level"] == "premium"


@pytest.mark.parametrize("text", [
    "Mataki ɗaya sama da yanzu.",  # ha: one level above now
    "Kami mau naik 1 level dari sekarang.",  # id, a digit beside its level noun
])
def test_one_level_above_now_still_steps_up(rules, text):
    assert reply(rules, text)["support_level"] == "ultimate"
