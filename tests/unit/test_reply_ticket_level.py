"""ticket_level() and choose_date(require_cue=True): what the detector takes from a ticket about a move. Invented
wordings; each names the tier to have on the new offering in a way the detector's intent words alone missed."""
from __future__ import annotations

from datetime import date

import pytest

from bot.judgement.reply_dates import choose_date
from bot.judgement.reply_levels import ticket_level
from bot.judgement.reply_lexicon import date_lexicon


@pytest.mark.parametrize("clauses, level", [
    (["We are moving our self-managed server to Dedicated and will stay on Ultimate."], "ultimate"),
    (["We're keeping Gold, i.e. Ultimate, once we are on GitLab.com."], "ultimate"),
    (["Passiamo a GitLab.com e restiamo su Premium."], "premium"),
    (["Nous quittons notre serveur pour Dedicated, toujours en Ultimate."], "ultimate"),
    (["Przenosimy się na GitLab.com i bierzemy Premium."], "premium"),
    (["GitLab.com에서는 Premium으로 구매할 예정입니다."], "premium"),
    (["GitLab.comissa otamme Starter-tason."], "starter"),
    (["For the self-managed licence we'll buy Premium rather than Ultimate."], "premium"),
])
def test_ticket_level_reads_more_intents(rules, clauses, level):
    assert ticket_level(clauses, rules).level == level


def test_ticket_level_ignores_todays_tier(rules):
    assert ticket_level(["We are on Premium today and a pipeline fails."], rules).level is None


def test_a_ticket_takes_tomorrow_but_not_yesterday(rules):
    lex = date_lexicon(rules)
    today = date(2026, 11, 23)
    assert choose_date(["The cutover to GitLab.com is tomorrow."], today, lex, require_cue=True).value == date(2026, 11, 24)
    assert choose_date(["After yesterday's migration the approvals are gone."], today, lex, require_cue=True).value is None


@pytest.mark.parametrize("clause, expected", [
    ("The old server gets powered down on 11 January 2027.", date(2027, 1, 11)),
    ("Its last day is 2027-01-11 and everything must be moved by then.", date(2027, 1, 11)),
    ("La idea es tener el servidor viejo apagado el 11 de enero.", date(2027, 1, 11)),
    ("A virada está prevista para 11 de janeiro de 2027.", date(2027, 1, 11)),
])
def test_a_ticket_takes_the_old_sides_last_day(rules, clause, expected):
    assert choose_date([clause], date(2026, 11, 23), date_lexicon(rules), require_cue=True).value == expected


@pytest.mark.parametrize("clauses", [
    ["Dejamos el self-managed y pasamos a GitLab.com; seguimos pagando Ultimate self-managed hasta terminar."],
    ["Nos vamos a un servidor propio. ¿La suscripción SaaS Ultimate que tenemos se puede convertir, o hay que comprar otra?"],
])
def test_ticket_level_ignores_the_tier_still_paid_or_had(rules, clauses):
    assert ticket_level(clauses, rules).level is None


def test_what_runs_until_a_day_owns_it_in_a_ticket(rules):
    lex = date_lexicon(rules)
    clauses = ["We move to GitLab.com and will buy Premium there; cutover is 2027-02-15.",
               "Our self-managed subscription runs until 2027-06-30."]
    assert choose_date(clauses, date(2026, 12, 6), lex, require_cue=True).value == date(2027, 2, 15)
    assert choose_date(["The migration window runs until 2027-02-15."], date(2026, 12, 6), lex,
                       require_cue=True).value == date(2027, 2, 15)


@pytest.mark.parametrize("clauses, expected", [
    # the move word after the comma belongs to the next clause, not to the day before it
    (["We move to Dedicated (contract signed, go-live 15 March 2027).",
      "Without the file the instance drops to Free features on 20 December, and our migration tooling needs it."],
     date(2027, 3, 15)),
    (["Ohne die Datei fällt die Instanz am 20. Dezember auf Free zurück, und unser Migrationswerkzeug braucht sie."],
     None),
    (["The cutover to GitLab.com is on 20 January 2027, and the old server stays read-only after that."],
     date(2027, 1, 20)),
])
def test_a_move_word_in_the_next_clause_does_not_claim_a_ticket_date(rules, clauses, expected):
    choice = choose_date(clauses, date(2026, 12, 6), date_lexicon(rules), require_cue=True)
    assert choice.value == expected


@pytest.mark.parametrize("clauses, expected", [
    # ZB-T120: the day right after 'sorry' restates the day just taken; it has no completion word of its own
    (["Final cutover Friday 19 March 2027...", "sorry, Friday is the 19th of February 2027.",
      "Renewal of the gitlab.com subscription is 2027-04-01 but we won't renew."], date(2027, 2, 19)),
    (["Go-live on Dedicated is 2027-03-10 - I mean 2027-03-12."], date(2027, 3, 12)),
    (["Die Umstellung ist am 10. März 2027.", "Korrektur: am 12. März 2027."], date(2027, 3, 12)),
    (["La migración termina el 10 de marzo de 2027, perdón, quise decir el 12 de marzo de 2027."], date(2027, 3, 12)),
    # an apology far from the day taken, before another thing's day, restates nothing
    (["Cutover is 2027-03-10.", "Our old server has been slow all week and the team is tired of it.",
      "Sorry, the renewal invoice dated 2027-04-01 is also wrong."], date(2027, 3, 10)),
    # an apology about something else right after the day taken restates nothing ("sorry to bother you, ...")
    (["We are migrating our self-managed instance to GitLab.com, cutover planned for 15 March 2027.",
      "Sorry to bother you, the team offsite is on 2027-02-01.", "The import on GitLab.com fails."], date(2027, 3, 15)),
    (["Migramos a GitLab.com, el cambio está previsto para el 15 de marzo de 2027.",
      "Perdón por molestar, el offsite del equipo es el 1 de febrero de 2027."], date(2027, 3, 15)),
    (["Passiamo a GitLab.com, il cutover è previsto per il 15 marzo 2027.",
      "Scusate il disturbo: il nostro offsite è il 1 febbraio 2027."], date(2027, 3, 15)),
    (["Final cutover 19 March 2027.", "Sorry, the team offsite is 19 February 2027."], date(2027, 3, 19)),
    (["Finale Umstellung Freitag, 19. März 2027...", "Entschuldigung, Freitag ist der 19. Februar 2027."],
     date(2027, 2, 19)),
])
def test_a_ticket_takes_the_corrected_day(rules, clauses, expected):
    assert choose_date(clauses, date(2026, 12, 6), date_lexicon(rules), require_cue=True).value == expected
