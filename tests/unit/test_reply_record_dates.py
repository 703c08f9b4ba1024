"""A record's own day in more languages is not the move's: an invoice's, a price's 'as of', a ticket's, a version's
(Turkish 'tarihli', 'itibarıyla', 'fatura'; Polish 'faktura', 'zgłoszenie', 'wersja'; Hungarian 'számla'; Finnish
'lasku'), as English 'dated', 'as of', 'ticket' already were. Every wording here is invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", [
    "Premium. Soru 9 Nisan 2027 tarihli faturamızla ilgili.",  # tr: our invoice dated 9 April 2027
    "Premium. Fiyatlar 9 Nisan 2027 itibarıyla geçerli.",  # tr: prices as of 9 April 2027
    "Premium. Faktura z 9 kwietnia 2027 jest błędna.",  # pl: the invoice of 9 April 2027
    "Premium. Zgłoszenie z 9 kwietnia 2027 nadal otwarte.",  # pl: the ticket of 9 April 2027
])
def test_a_records_own_day_is_no_cutover(rules, text):
    assert date_of(rules, text) == (None, False)


def test_the_english_word_version_is_no_record_cue(rules):
    text = "Renewal is on January 31, but the cutover to the hosted version is planned for April 12."
    assert date_of(rules, text) == ("2027-04-12", False)
