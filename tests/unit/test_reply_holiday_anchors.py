"""A span counted from a named holiday: the new year of our calendar is 1 January, another calendar's new year
(Chinese, Islamic) is no fixed day of ours. Wordings are invented here."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Premium. Migrasi selesai dua minggu setelah Tahun Baru Imlek.",  # Indonesian: Chinese New Year
    "Premium. Migrasi selesai dua minggu setelah tahun baru Hijriah.",  # ... the Islamic new year
    "Premium. Kami pindah sebulan setelah Tahun Baru Cina.",
])
def test_another_calendars_new_year_is_no_day(rules, text):
    assert date_of(rules, text)[0] != "2027-01-15" and date_of(rules, text)[0] != "2027-02-01"


def test_the_new_year_of_our_calendar_still_counts(rules):
    assert date_of(rules, "Premium. Migrasi selesai dua minggu setelah tahun baru.") == ("2027-01-15", False)
