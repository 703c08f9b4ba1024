"""A span counted from an event ("two weeks after the audit") and a day written after it: the day is the event's
only when a relative clause says so ("..., which ends on 6 January"), never when a cutover word stands with it.
Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Wir brauchen 3 Tage nach dem Freeze zur Vorbereitung und die Umstellung erfolgt am 6. Januar.",
    "Wir brauchen 2 Wochen nach dem Audit, die Migration ist am 6. Januar.",
    "We need 2 weeks after the audit so that the cutover is on 6 January.",
    "Preparation takes 2 weeks after signature, the switch itself is planned on 6 January.",
    "2 semanas después de la auditoría, así que la migración es el 6 de enero.",
    "Hypercare endet 2 Wochen nach dem Go-live, die Umstellung ist am 6. Januar.",
    "We test for 10 days after the freeze; the migration is on 6 January.",
])
def test_the_cutover_day_after_a_span_is_the_cutovers_own(rules, text):
    assert date_of(rules, text) == ("2027-01-06", False)


@pytest.mark.parametrize("text, expected", [
    ("Premium. Cutover two weeks after the end of our code freeze, which ends on 6 January.", ("2027-01-20", False)),
    ("Premium. Migrazione due settimane dopo la fine del code freeze, che termina il 6 gennaio.", ("2027-01-20", False)),
])
def test_a_span_from_an_event_whose_day_a_relative_clause_gives(rules, text, expected):
    assert date_of(rules, text) == expected
