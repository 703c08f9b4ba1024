"""'Within N days/weeks/months' in any language (reply_within): a count in digits or words, a unit with its endings and
a word for 'in / within' before the count, after the unit, glued to it, or with the count after the unit; a bare
duration, or one counted from another event, names no day. Wordings are invented here; today is 2026-11-23."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text, expected", [
    ("Premium. I gceann trí seachtaine.", "2026-12-14"),  # Irish, 'in' before, count word
    ("Premium. En dous meses remataremos.", "2027-01-23"),  # Galician
    ("Premium. Cikin makonni biyu.", "2026-12-07"),  # Hausa: 'within', the unit, then the count
    ("Premium. Sa loob ng dalawang linggo.", "2026-12-07"),  # Tagalog: count with its linker
    ("Premium. Saddex toddobaad gudahood.", "2026-12-14"),  # Somali: 'within' after the unit
    ("Premium. Besh kun ichida.", "2026-11-28"),  # Uzbek
    ("Premium. ಮೂರು ವಾರಗಳಲ್ಲಿ.", "2026-12-14"),  # Kannada: 'in' glued to the unit
    ("Premium. రెండు వారాల్లో.", "2026-12-07"),  # Telugu
    ("Premium. Afaka herinandro roa.", "2026-12-07"),  # Malagasy
    ("Premium. Sulod sa tulo ka semana.", "2026-12-14"),  # Cebuano: linker between count and unit
    ("Premium. Perėjimas per 12 dienas.", "2026-12-05"),  # Lithuanian accusative unit
])
def test_within_n_units_in_any_language_is_today_plus_that(rules, text, expected):
    assert date_of(rules, text) == (expected, False)


@pytest.mark.parametrize("text", [
    "Premium. Tatlong linggo ang testing.",  # a length, no 'within'
    "Premium. Saddex toddobaad ayay qaadan doontaa.",
    "Premium. I gceann trí seachtaine tar éis an chonartha.",  # counted from the contract
    "Premium. Cikin makonni biyu bayan sa hannu.",
])
def test_a_bare_or_anchored_duration_names_no_day(rules, text):
    assert date_of(rules, text)[0] is None


@pytest.mark.parametrize("text", [
    "Premium. Sa loob ng dalawang linggo ng pagsubok, walang problema.",  # Tagalog: weeks 'of' testing
    "Premium. நான்கு வாரங்களில் சோதனை முடிந்தது.",  # Tamil: 'testing finished in four weeks' (past)
])
def test_a_span_of_something_or_in_the_past_names_no_day(rules, text):
    assert date_of(rules, text)[0] is None
