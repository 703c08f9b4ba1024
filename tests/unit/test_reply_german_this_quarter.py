"""German 'this quarter' in the dative and 'the running quarter' ('in diesem Quartal', 'im laufenden Quartal', 'Ende
des laufenden Quartals') is the current quarter's last day, as 'dieses Quartal' already was. Wordings invented."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text,today,expected", [
    ("Wir ziehen noch in diesem Quartal um.", "2027-02-10", "2027-03-31"),
    ("Der Wechsel passiert im laufenden Quartal.", "2026-12-07", "2026-12-31"),
    ("Bis Ende des laufenden Quartals ist alles umgestellt.", "2027-05-02", "2027-06-30"),
])
def test_german_this_quarter_is_its_last_day(rules, text, today, expected):
    assert date_of(rules, text, today=today) == (expected, False)
