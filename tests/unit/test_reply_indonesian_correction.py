"""Indonesian and Malay self-corrections ('maksudnya', 'maksud saya': I mean; 'lebih tepatnya': more precisely;
'eh salah': oops, wrong): the day or tier after them replaces the one before, as English 'I mean' does. Wordings
invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of, reply


@pytest.mark.parametrize("text,expected", [
    ("Targetnya akhir Februari, maksudnya tanggal 26 Februari.", "2027-02-26"),
    ("Targetnya akhir Februari.. eh maksud saya tgl 26 Februari.", "2027-02-26"),
    ("Targetnya 10 Maret, eh salah, 17 Maret.", "2027-03-17"),
    ("Pindah akhir Maret, lebih tepatnya 26 Maret.", "2027-03-26"),
])
def test_day_after_an_indonesian_correction_wins(rules, text, expected):
    assert date_of(rules, text, today="2026-12-07") == (expected, False)


def test_tier_after_an_indonesian_correction_wins(rules):
    assert reply(rules, "Kami pilih Premium, eh maksudnya Ultimate.", today="2026-12-07")["support_level"] == "ultimate"


def test_more_precisely_after_one_day_keeps_it(rules):
    assert date_of(rules, "Migrasi selesai tanggal 12 Maret, tepatnya sebelum jam 9 pagi.", today="2026-12-07") == (
        "2027-03-12", False)
