"""reply_world._in_forms reads dateparser's private locale layout ('relative-type-regex' patterns with a count
group): a dateparser release that renames it would silently leave the parser with no 'in N days' forms of the world's
languages and no failing reply test in most languages. This pins that the forms are read, for every unit, in the
languages the forms were added for (Lithuanian, Telugu, Kannada, Vietnamese)."""
from __future__ import annotations

from bot.judgement.reply_lexicon import date_lexicon


def test_dateparser_in_forms_are_read_for_every_unit_and_many_languages(rules):
    forms = date_lexicon(rules).world.in_forms
    assert len(forms) >= 300, len(forms)  # 427 with dateparser 1.5.0
    assert {"day", "week", "month"} <= set(forms.values())
    words = " ".join(f"{pre} {suf}" for pre, suf in forms)
    for form in ("dienų", "రోజుల్లో", "ದಿನಗಳಲ್ಲಿ", "tuần"):  # lt, te, kn, vi
        assert form in words, form


