"""bot/case/tickets.py could_be_migration(): a new ticket is ruled out from what its `ticket.created` event carries
(subject, description, the ticket's tags; no org, no comments) only when no paid offering could make it a migration.

Recall must not drop: every ticket of the evaluation sets and the shared corpus that the detector flags ("act" or
"ask") from its creation-time text with the org's real tags must be kept by the gate, which knows neither the org
nor its tags. Tickets flagged only through later comments are judged again, with every read, when those comments
arrive (handlers/zendesk.py comment_added)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.case.tickets import could_be_migration, gate_outcomes, ticket_item
from bot.judgement.detect import classify, outcomes_for_offerings
from tests.conftest import MIGRATION, ORDINARY, UNSURE, read_jsonl, shared_path

DATA = Path(__file__).resolve().parents[1] / "data"
# The shared corpus is resolved inside the test: at import time its absence would take the whole module with it.
SETS = sorted(DATA.glob("fresh_*tickets.jsonl")) + ["shared corpus"]


def as_the_event_carries_it(item: dict) -> dict:
    ticket = item["ticket"]
    return {"id": item["id"], "subject": ticket["subject"], "description": ticket["description"],
            "tags": list(ticket.get("tags") or [])}


def at_creation(item: dict) -> dict:
    """The item as the detector saw it when the old handler read everything at creation: no later comments."""
    return {**item, "ticket": {**item["ticket"], "comments": []}}


@pytest.mark.parametrize("path", SETS, ids=lambda p: getattr(p, "name", p))
def test_no_ticket_the_detector_flags_at_creation_is_ruled_out_from_the_event(path, rules, detector_runs):
    if path == "shared corpus":
        path = shared_path("corpus", "tickets.jsonl")
    flagged = lost = 0
    # classify(at_creation(item)) for every item, once per test process: a ticket with no comments is its own
    # creation-time view, so the accuracy tests' result for it is taken (detector_runs, tests/unit/conftest.py)
    for item, at_created in detector_runs.of(path, view=at_creation):
        if at_created["outcome"] == "none":
            continue
        flagged += 1
        if not could_be_migration(as_the_event_carries_it(item), item["today"], rules):
            lost += 1
            print("ruled out but flagged:", item["id"])
    assert lost == 0, f"{lost} of {flagged} flagged tickets ruled out from the event"


def test_the_org_is_never_needed_to_keep_a_migration(rules):
    # The ticket's own tags name nothing (Zendesk copies the org's tags, but they may be missing or stale).
    ticket = {"id": "1", "subject": MIGRATION[0], "description": MIGRATION[1], "tags": []}
    assert could_be_migration(ticket, "2026-11-24", rules)
    assert could_be_migration({**ticket, "tags": ["saas_premium"]}, "2026-11-24", rules)  # stale or wrong tags


def test_an_unsure_ticket_is_kept(rules):
    assert could_be_migration({"id": "1", "subject": UNSURE[0], "description": UNSURE[1], "tags": ["sm_premium"]},
                              "2026-11-24", rules)


def test_an_ordinary_ticket_is_ruled_out(rules):
    assert not could_be_migration({"id": "1", "subject": ORDINARY[0], "description": ORDINARY[1],
                                   "tags": ["sm_ultimate"]}, "2026-11-24", rules)


# Two more moves, written for this test: to Dedicated from GitLab.com, and from GitLab.com to a server of one's own.
TO_DEDICATED = ("Moving to Dedicated", "We are moving from GitLab.com to GitLab Dedicated next month and our SAML "
                "groups fail to sync on the new instance.")
OFF_SAAS = ("Leaving SaaS for our own server", "We are moving off gitlab.com to a self-managed instance; the import "
            "of our projects fails with a 500 error.")
TAGS = ([], ["sm_premium"], ["saas_premium"], ["dedicated_ultimate"], ["sm_premium", "saas_ultimate"])


@pytest.mark.parametrize("text, answers", [
    (MIGRATION, ["self_managed", "self_managed", "self_managed", "dedicated", "self_managed"]),
    (UNSURE, ["self_managed", "self_managed", "self_managed", "dedicated", "self_managed"]),
    (ORDINARY, [None] * 5),
    (TO_DEDICATED, ["self_managed", "self_managed", "saas", "self_managed", "self_managed"]),
    (OFF_SAAS, ["saas", "saas", "saas", "dedicated", "saas"]),
], ids=["migration", "unsure", "ordinary", "to-dedicated", "off-saas"])
def test_the_offering_the_gate_answers(text, answers, rules):
    """The first offering, in the gate's order (the one the ticket's tags name, then the rules' order), under which
    the ticket could be a migration: handlers/zendesk.py ruled_out_with_known_org() compares it with the org's."""
    got = [could_be_migration({"id": "1", "subject": text[0], "description": text[1], "tags": tags}, "2026-11-24",
                              rules) for tags in TAGS]
    assert got == answers


def test_the_gate_reaches_classifys_outcome_under_each_offering(rules):
    """gate_outcomes() runs classify()'s steps up to the outcome itself, on evidence read once for all offerings: the
    same outcome as classify() for every offering, on the texts above and two training sets in full."""
    tickets = [{"id": "1", "subject": s, "description": d, "tags": tags}
               for s, d in (MIGRATION, UNSURE, ORDINARY, TO_DEDICATED, OFF_SAAS) for tags in TAGS[:3]]
    for path in (DATA / "fresh_b_tickets.jsonl", DATA / "fresh_d_tickets.jsonl"):
        tickets += [as_the_event_carries_it(item) for item in read_jsonl(path)]
    seen = set()
    for ticket in tickets:
        tags = {o: next(t for t, (off, _) in rules.level_tags.items() if off == o) for o in rules.offerings}
        got = dict(gate_outcomes(ticket, "2026-11-24", rules))
        want = {o: classify(ticket_item(ticket, {"name": "", "tags": [tags[o]]}, [], "2026-11-24", None),
                            rules)["outcome"] for o in rules.offerings}
        assert got == want, ticket["id"]
        seen.update(want.values())
    assert seen == {"none", "ask", "act"}  # every outcome is compared at least once


def test_the_gate_asks_the_detector_through_its_public_entry_point_only():
    """The decision path lives in bot/judgement/detect.py alone: the case logic imports none of its private names
    (a copy of analyse()/classify()'s steps in the gate drifts from them silently)."""
    import ast

    import bot.case.tickets as tickets

    tree = ast.parse(Path(tickets.__file__).read_text(encoding="utf-8"))
    private = [f"{node.module}.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               and (node.module or "").startswith("bot.judgement") for alias in node.names if alias.name.startswith("_")]
    assert private == []


def test_outcomes_for_offerings_is_classifys_outcome_with_or_without_the_learned_models(rules):
    """detect.outcomes_for_offerings() answers as classify() does for an org paying for each offering alone, with the
    packaged models and with the rules alone (scorer=None), whatever org the item itself carries."""
    for subject, description in (MIGRATION, UNSURE, ORDINARY, TO_DEDICATED, OFF_SAAS):
        for org_tags in TAGS[:2]:
            item = ticket_item({"id": "1", "subject": subject, "description": description, "tags": []},
                               {"name": "", "tags": org_tags}, [], "2026-11-24", None)
            for scorer in ("default", None):
                got = dict(outcomes_for_offerings(item, rules.offerings, rules, scorer=scorer))
                want = {o: classify({**item, "org": {"name": "", "tags": [tag]}}, rules, scorer=scorer)["outcome"]
                        for o in rules.offerings
                        for tag in [next(t for t, (off, _) in rules.level_tags.items() if off == o)]}
                assert got == want, (subject, org_tags, scorer)
