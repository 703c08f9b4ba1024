"""A call or a meeting on a day is not the move's day, in the languages the order-free assembler now reads with their
case endings (Basque 'martxoaren 15ean ... deituko dizugu': we'll call you on 15 March), as the English 'call' and
'meeting' already were. Every wording here is invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Apirilaren 9an, 11:00etan deituko dizugu.",  # eu: we'll call you
    "Apirilaren 9an deituko dizugu.",  # eu: we will call you
    "Apirilaren 9an bilera dugu zuzendaritzarekin.",  # eu: we have a meeting
])
def test_a_call_or_meeting_day_is_no_cutover(rules, text):
    assert date_of(rules, text) == (None, False)


def test_a_cutover_day_with_its_case_ending_still_pins(rules):
    assert date_of(rules, "Apirilaren 9an aldatuko dugu.") == ("2027-04-09", False)
