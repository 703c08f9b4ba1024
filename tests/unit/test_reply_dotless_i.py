"""A Turkish number word typed without its dotless 'ı' ("alti" for "altı", six): the case-insensitive number-word
regex matches it, and reading it must not fail (it raised KeyError('alti') before)."""
from __future__ import annotations

import pytest

from tests.unit.conftest import date_of


@pytest.mark.parametrize("text", ["Premium. Geçiş alti hafta içinde.", "Premium. ALTI HAFTA İÇİNDE."])
def test_a_count_typed_without_the_dotless_i_does_not_fail(rules, text):
    assert date_of(rules, text)[1] is False


def test_the_count_with_its_dotless_i_still_reads(rules):
    assert date_of(rules, "Premium. Geçiş altı hafta içinde.") == ("2027-01-04", False)
