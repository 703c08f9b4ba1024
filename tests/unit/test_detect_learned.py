"""The detector's learned models: packaged, read once, relative to the paid offering, and weighed against the rules."""
from __future__ import annotations

import copy
import re
import subprocess
import sys

import pytest

from bot.judgement import learned
from bot.judgement.detect import analyse, blend, classify
from bot.rules.loader import Rules
from tests.unit.test_detect import ticket


def _learned_off(rules: Rules) -> Rules:
    data = copy.deepcopy(rules.data)
    data["detector"]["thresholds"]["learned"] = 0
    return Rules(data)


def test_importing_the_detector_reads_no_model():
    code = ("import bot.judgement.detect, bot.judgement.learned as l, sys; "
            "print(l._MODEL is None, 'numpy' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False", "False"]


def test_the_model_is_read_once_per_process():
    assert learned.model() is learned.model()
    assert set(learned.model().coef) == {"migration", "move", "unpaid", "ppaid"}


def test_the_model_ships_inside_the_package():
    assert (learned.MODEL_DIR / "detector.json").is_file() and (learned.MODEL_DIR / "detector.bin").is_file()
    assert learned.MODEL_DIR.parent.name == "judgement"


def test_save_and_load_give_the_same_predictions(tmp_path):
    heads = learned.model()
    learned.save(tmp_path, heads)
    again = learned.load(tmp_path)
    text = "We are moving from zzpaid to zzother and the runners fail there"
    assert again.predict(text) == pytest.approx(heads.predict(text))


def test_ngrams_are_padded_words_like_char_wb():
    assert list(learned.ngrams("Ab c", 2, 3)) == [" a", "ab", "b ", " ab", "ab ", " c", "c ", " c "]


def test_offering_mentions_become_tokens_relative_to_the_paid_offering(rules):
    item = ticket(["sm_premium"], "Runners", "We left our self-managed server for GitLab.com; runners fail there.")
    a = analyse(item, rules)
    text = learned.model_text(a.evs, a.paid)
    assert "zzpaid" in text and "zzother" in text and "GitLab.com" not in text
    saas = analyse(ticket(["saas_premium"], "Runners", "We left our self-managed server for GitLab.com."), rules)
    assert learned.model_text(saas.evs, saas.paid).count("zzpaid") == 1  # GitLab.com is now the paid side


def test_a_move_in_words_the_rules_do_not_know_is_acted_on(rules):
    # Esperanto has no phrase rules; the offering names place the problem on GitLab.com, which is not paid for
    item = ticket(["sm_premium"], "Import", "Ni translokiĝas el nia self-managed servilo ĝis GitLab.com. "
                  "La importo ĉe GitLab.com donas eraron 500 por ĉiuj projektoj.")
    assert analyse(item, _learned_off(rules)).move.target is None
    out = classify(item, rules)
    assert out["outcome"] in ("act", "ask") and out["problem_offering"] == "saas"
    if out["outcome"] == "act":
        assert out["target_offering"] == "saas"
        assert re.search(r"learned model: 0\.\d\d; move 0\.\d\d, migration 0\.\d\d\), though no phrase rule names the "
                         r"move\.$",
                         out["reason"])


def _blend_with(rules, item, migration, move):
    a = analyse(item, rules)
    return blend(rules, a, {"migration": migration, "move": move}, rules.section("detector")["thresholds"]), a


def test_a_rules_act_the_model_doubts_becomes_a_question(rules):
    item = ticket(["sm_premium"], "Direct transfer", "We are moving from our self-managed instance to GitLab.com. On "
                  "GitLab.com the direct transfer fails.")
    (outcome, _, why, target), a = _blend_with(rules, item, 0.05, 0.9)
    assert a.outcome == "act" and (outcome, target) == ("ask", "saas")
    assert why.startswith(a.why) and "unlikely (0.05)" in why
    assert _blend_with(rules, item, 0.9, 0.9)[0][0] == "act"


def test_an_unpaid_problem_with_no_known_move_wording_is_promoted_only_when_the_model_is_sure(rules):
    # The paid offering is named beside the unpaid one: a move the phrase rules do not know, read by the model.
    item = ticket(["sm_premium"], "Pipelines", "Az Omnibus szerverünkről a GitLab.com felé költözünk; a GitLab.com "
                                               "csoportunkban a pipeline-ok elakadnak.")
    t = rules.section("detector")["thresholds"]
    sure = _blend_with(rules, item, 0.99, 0.99)[0]
    assert (sure[0], sure[3]) == ("act", "saas")
    middle = _blend_with(rules, item, (t["learned_ask"] + t["learned_promote"]) / 2, 0.99)[0]
    assert middle[0] in ("ask", "none") and middle[0] != "act"
    assert _blend_with(rules, item, 0.01, 0.01)[0][0] in ("none", "ask")


def test_a_plain_failure_on_the_unpaid_offering_is_asked_about_however_sure_the_model(rules):
    # Only the unpaid offering is named and no rule reads a move: the labeling rules call that no migration, and the
    # model's "move" is 0.8-0.9 on such short failures; a person decides, the customer is not told they are moving.
    item = ticket(["sm_premium"], "Pipelines", "Pipelines in unserer Gruppe auf GitLab.com bleiben hängen.")
    outcome, _, why, target = _blend_with(rules, item, 0.99, 0.99)[0]
    assert outcome == "ask" and target is None and why.endswith("so a person should say.")
    # the question names the unpaid offering as the likely destination, for the person who answers it
    out = classify(item, rules, scorer=lambda evs, paid: {"migration": 0.99, "move": 0.99})
    assert (out["outcome"], out["target_offering"]) == ("ask", "saas")


@pytest.mark.parametrize("description", [
    "We might move to GitLab.com one day. Pipelines on GitLab.com fail for a side project.",  # hypothetical
    "We are not moving to GitLab.com, we stay on our self-managed server. Pipelines on GitLab.com fail for a side project.",
    "We import our repositories from GitHub into GitLab.com; the import fails with error 500.",  # another vendor
])
def test_what_the_rules_did_read_about_a_move_stands_however_sure_the_model(rules, description):
    # a sure vote never acts over it; from learned_ask_against it asks a person, below that the rules' reading stands
    item = ticket(["sm_premium"], "Pipelines", description)
    t = rules.section("detector")["thresholds"]
    (outcome, _, _, _), a = _blend_with(rules, item, 0.99, 0.99)
    assert outcome in (a.outcome, "ask") and outcome != "act"
    (below, _, _, _), _ = _blend_with(rules, item, t["learned_ask_against"] - 0.01, 0.99)
    assert below == a.outcome != "act"


def test_two_paid_offerings_are_never_weighed(rules):
    item = ticket(["sm_premium", "saas_premium"], "Runners", "We moved to GitLab.com; runners fail there.")
    (outcome, confidence, _, _), a = _blend_with(rules, item, 0.99, 0.99)
    assert (outcome, confidence) == (a.outcome, a.confidence) == ("none", 0.97)


def test_learned_zero_in_the_rules_gives_the_rules_alone(rules):
    item = ticket(["sm_premium"], "Pipelines", "Pipelines in unserer Gruppe auf GitLab.com bleiben hängen.")
    off = _learned_off(rules)
    assert classify(item, off) == classify(item, rules, scorer=None)


def test_a_move_resting_on_an_agents_question_is_never_acted_on_however_sure_the_model(rules):
    item = ticket(["sm_premium"], "Registry", "Pushing images to registry.gitlab.com fails with 'denied: access "
                  "forbidden' for our group on GitLab.com.",
                  comments=(("agent", "Are you moving off your self-managed instance?"), ("requester", "Yes, all of it.")))
    (outcome, _, _, target), a = _blend_with(rules, item, 0.99, 0.99)
    assert (a.move.hearsay or a.move.implicit) and (outcome, target) == ("ask", "saas")


def test_leaving_the_paid_side_with_the_problem_elsewhere_acts_only_when_the_model_agrees(rules):
    item = ticket(["sm_premium"], "Help", "Our on-prem server will be decommissioned soon. The whole team now works in "
                  "our group on gitlab.com and the pipelines there fail with 'no runners available'.")
    (outcome, _, why, target), a = _blend_with(rules, item, 0.99, 0.99)
    assert a.outcome == "ask" and (outcome, target) == ("act", "saas")
    assert why.startswith("The customer is leaving Self-Managed, and the problem is on SaaS")
    assert _blend_with(rules, item, 0.5, 0.5)[0][0] == "ask"


def test_an_inferred_move_names_no_tier_or_date(rules):
    item = ticket(["sm_premium"], "Help", "Our on-prem server will be decommissioned at the end of the year. Everyone "
                  "now works in our group on gitlab.com and the pipelines there fail with 'no runners available'.")
    out = classify(item, rules, scorer=lambda evs, paid: {"migration": 0.99, "move": 0.99})
    assert out["outcome"] == "act" and (out["support_level"], out["target_date"]) == (None, None)


def test_a_move_the_rules_read_without_the_paid_side_named_stays_a_question_unless_the_vote_is_very_sure(rules):
    # a language the rules know, a destination, but the paid side never named: the rules' doubt stands below
    # learned_act_sure_unnamed (tests/conftest.py's UNSURE ticket, which the flows expect to be asked about, scores
    # under it); from there the destination acts: one offering is paid for, so a move to another is a move from it
    item = ticket(["sm_premium"], "Moving to SaaS", "We are moving to GitLab.com SaaS. Our users get an error when "
                  "logging in. Please advise.")
    t = rules.section("detector")["thresholds"]
    (outcome, _, why, target), a = _blend_with(rules, item, t["learned_act_sure_unnamed"] - 0.01, 0.99)
    assert a.outcome == "ask" and a.move.target == "saas"
    assert (outcome, target, why) == ("ask", "saas", a.why)
    (outcome, _, why, target), _ = _blend_with(rules, item, 0.99, 0.99)
    assert (outcome, target) == ("act", "saas") and why.startswith("The learned model is sure of a move")
    assert learned.score_analysis(a)["verdict"] < t["learned_act_sure_unnamed"]  # the packaged model still asks


def test_a_stated_move_read_as_a_commercial_question_acts_only_when_the_vote_is_very_sure(rules):
    # the rules read the destination and place the problem on it, but take the ticket for a buying question (the
    # failure is said in words they do not know): from learned_act_over_commercial the vote acts, below it the rules'
    # reading stands (or a person is asked)
    item = ticket(["sm_premium"], "Move", "We are moving from our self-managed instance to GitLab.com and are buying "
                  "Ultimate for it. On GitLab.com the group's pipelines just sit there.")
    t = rules.section("detector")["thresholds"]
    (outcome, _, _, target), a = _blend_with(rules, item, 0.99, 0.99)
    assert a.outcome == "none" and a.problem.commercial_only and a.move.target == a.problem.offering == "saas"
    assert (outcome, target) == ("act", "saas")
    assert _blend_with(rules, item, t["learned_act_over_commercial"] - 0.01, 0.99)[0][0] != "act"


def test_a_plan_or_another_vendor_still_stands_beside_a_stated_destination(rules):
    item = ticket(["sm_premium"], "Move", "We might move to GitLab.com next year and would buy Ultimate for it. On "
                  "GitLab.com the group's pipelines just sit there.")
    (outcome, _, _, _), a = _blend_with(rules, item, 0.99, 0.99)
    assert outcome != "act"


def test_a_move_the_rules_read_but_doubt_is_acted_on_when_the_paid_side_is_named_and_the_vote_sure(rules):
    item = ticket(["sm_premium"], "Moving to SaaS", "We are moving to GitLab.com SaaS, our self-managed server stays "
                  "for the archive. Our users get an error when logging in. Please advise.")
    a = analyse(item, rules)
    if a.outcome != "ask" or a.move.target != "saas":
        pytest.skip(f"the rules read this one differently: {a.outcome} {a.why}")
    (outcome, _, why, target), _ = _blend_with(rules, item, 0.99, 0.99)
    assert (outcome, target) == ("act", "saas") and why.startswith("It is moving to SaaS")
    assert _blend_with(rules, item, 0.7, 0.99)[0][0] == "ask"


def test_the_verdict_is_the_vote_when_the_model_has_one(rules):
    item = ticket(["sm_premium"], "Help", "Our on-prem server will be decommissioned soon. The whole team now works in "
                  "our group on gitlab.com and the pipelines there fail with 'no runners available'.")
    a = analyse(item, rules)
    t = rules.section("detector")["thresholds"]
    assert blend(rules, a, {"migration": 0.99, "move": 0.99, "verdict": 0.1}, t)[0] != "act"
    assert blend(rules, a, {"migration": 0.1, "move": 0.1, "verdict": 0.99}, t)[0] == "act"


def test_findings_name_what_the_rules_read_relative_to_the_paid_offering(rules):
    a = analyse(ticket(["sm_premium"], "Help", "Our on-prem server will be decommissioned soon. The whole team now "
                       "works in our group on gitlab.com and the pipelines there fail with 'no runners available'."),
                rules)
    names = learned.findings(a)
    assert {"prob_unpaid", "paid_named", "left_paid", "move_word"} <= set(names) and "unpaid_alone" not in names
    alone = learned.findings(analyse(ticket(["sm_premium"], "Pipelines", "Pipelines on GitLab.com fail with a 500 "
                                            "error."), rules))
    assert "unpaid_alone" in alone and "paid_named" not in alone


@pytest.mark.parametrize("text, known", [
    ("Pipelines on GitLab.com fail with a 500 error when we push.", True),
    ("Pipelines in unserer Gruppe auf GitLab.com bleiben hängen.", True),
    ("Les pipelines sur GitLab.com échouent avec une erreur 500.", True),
    ("GitLab.comのパイプラインが失敗します。", True),
    ("Pipeline-ok elakadnak a GitLab.com csoportunkban, mióta átköltöztünk.", False),
    ("Пайплайны на GitLab.com падают с ошибкой 500 после переезда.", False),
])
def test_known_language_is_one_the_phrase_rules_were_written_for(rules, text, known):
    assert analyse(ticket(["sm_premium"], "", text), rules).known is known


def test_a_rules_act_in_a_language_they_only_partly_know_needs_a_sure_vote(rules):
    # Polish: the rules read the move words ("przenosimy", "z ... na"), not what could undo them
    item = ticket(["sm_premium"], "Import", "Przenosimy wszystko z naszego serwera self-managed na GitLab.com. Import "
                  "na GitLab.com kończy się błędem 500.")
    t = rules.section("detector")["thresholds"]
    (outcome, _, why, _), a = _blend_with(rules, item, t["learned_keep_act_unknown"] - 0.01, 0.99)
    assert a.outcome == "act" and outcome == "ask" and "only partly know" in why
    assert _blend_with(rules, item, t["learned_keep_act_unknown"], 0.99)[0][0] == "act"


def test_a_failure_alone_in_a_language_the_rules_do_not_know_acts_only_on_a_very_sure_vote(rules):
    item = ticket(["sm_premium"], "", "Pípurnar í hópnum okkar á GitLab.com hrynja með villu 500.")  # Icelandic
    t = rules.section("detector")["thresholds"]
    (outcome, _, why, target), a = _blend_with(rules, item, t["learned_promote_alone"] + 0.01, 0.99)
    assert a.problem.offering == "saas" and (outcome, target) == ("act", "saas")
    assert "in a language the phrase rules do not know" in why
    # (a very sure vote, learned_act_sure_unknown, acts there too)
    below = min(t["learned_promote_alone"], t["learned_act_sure_unknown"]) - 0.01
    assert _blend_with(rules, item, below, 0.99)[0][0] == "ask"


def _blend_vote(rules, item, vote):
    a = analyse(item, rules)
    return blend(rules, a, {"migration": 0.5, "move": 0.5, "verdict": vote}, rules.section("detector")["thresholds"]), a


def test_a_sure_vote_acts_where_the_rules_only_hesitate(rules):
    # the rules read the leaving of the paid side and a failure on GitLab.com, but no sentence joining them: they ask
    item = ticket(["sm_premium"], "Help", "Our on-prem server will be decommissioned soon. The whole team now works in "
                  "our group on gitlab.com and the pipelines there fail with 'no runners available'.")
    t = rules.section("detector")["thresholds"]
    (outcome, conf, why, target), a = _blend_vote(rules, item, t["learned_act_sure"])
    assert a.outcome == "ask" and (outcome, target) == ("act", "saas")
    # (at learned_act_sure == learned_promote the promotion of the unpaid-side failure reads first)
    assert (why.startswith("The learned model is sure") and a.why in why) or "the learned model reads a move there" in why
    assert _blend_vote(rules, item, min(t["learned_act_sure"], t["learned_promote"]) - 0.01)[0][0] == "ask"


@pytest.mark.parametrize("tags, subject, text, comments", [
    # no sign of a move at all, in a language the rules know: a failure on an unpaid offering stays a question
    (["sm_premium"], "Pipelines", "Pipelines on GitLab.com fail with a 500 error.", ()),
    # the destination rests on the agent's question
    (["sm_premium"], "Help", "Pipelines on gitlab.com fail with 'no runners'.",
     (("agent", "Are you migrating from your self-managed instance to GitLab.com?"), ("requester", "Yes."))),
    # what the rules read against a move stands: a hypothetical move
    (["sm_premium"], "Runners", "We might move to GitLab.com someday. Shared runners on GitLab.com do not pick up our "
     "jobs in a test group.", ()),
])
def test_a_sure_vote_never_overrules_what_the_rules_read_against_a_move(rules, tags, subject, text, comments):
    item = ticket(tags, subject, text, comments)
    assert _blend_vote(rules, item, 0.999)[0][0] != "act"


def test_a_sure_vote_over_a_weak_reading_of_the_paid_side_names_the_destination_as_the_problem(rules):
    item = ticket(["sm_premium"], "Runners", "We are moving from our self-managed server to GitLab.com. Our runners on "
                  "the self-managed server do not pick up jobs from GitLab.com.")
    t = rules.section("detector")["thresholds"]
    a = analyse(item, rules)
    assert (a.outcome, a.problem.offering, a.move.target) == ("ask", "self_managed", "saas")
    sure = classify(item, rules, scorer=lambda evs, paid: {"migration": 0.5, "move": 0.5, "verdict": t["learned_act_sure"]})
    assert (sure["outcome"], sure["problem_offering"], sure["target_offering"]) == ("act", "saas", "saas")
    assert "only weakly" in sure["reason"]
    unsure = classify(item, rules, scorer=lambda evs, paid: {"migration": 0.5, "move": 0.5, "verdict": 0.6})
    assert (unsure["outcome"], unsure["problem_offering"]) == ("ask", "self_managed")


def test_a_likely_vote_asks_where_the_rules_read_against_a_move_but_never_acts(rules):
    # the rules read a hypothetical ("might move"): a vote that finds the move likely all the same asks a person
    item = ticket(["sm_premium"], "Runners", "We might move to GitLab.com someday. Shared runners on GitLab.com do not "
                  "pick up our jobs in a test group.")
    t = rules.section("detector")["thresholds"]
    a = analyse(item, rules)
    assert a.outcome == "none" and a.move.hypothetical
    (outcome, _, why, _), _ = _blend_vote(rules, item, t["learned_ask_against"])
    assert outcome == "ask" and why.startswith(a.why) and "against that reading" in why
    assert _blend_vote(rules, item, t["learned_ask_against"] - 0.01)[0][0] == "none"
    assert _blend_vote(rules, item, 0.999)[0][0] == "ask"


def test_the_side_heads_weigh_in_the_verdict_only_when_the_model_has_them():
    names = ["prob_paid", "rules_none"]
    old = learned.stack_features({"migration": 0.5, "move": 0.5}, names)
    assert not any("unpaid" in k or "ppaid" in k for k in old)
    new = learned.stack_features({"migration": 0.5, "move": 0.5, "unpaid": 0.9, "ppaid": 0.1}, names)
    assert new["unpaid"] > 2 and new["prob_paid*unpaid"] == new["unpaid"] and new["ppaid"] < -2


def test_the_everyday_words_of_the_known_languages_are_rules_data_a_rules_file_may_extend(rules):
    from bot.judgement.detect_lexicon import known_words
    packaged = known_words(rules.section("detector"))
    assert {"the", "und", "nous", "pero", "nós", "niet", "nostro"} <= packaged
    data = copy.deepcopy(rules.data)
    data["detector"]["known_words"]["hu"] = ["a", "csoportunkban", "mióta"]
    item = ticket(["sm_premium"], "", "Pipeline-ok elakadnak a GitLab.com csoportunkban, mióta átköltöztünk.")
    assert analyse(item, rules).known is False
    assert analyse(item, Rules(data)).known is True


def test_a_question_the_learned_vote_drops_says_nobody_is_asked(rules):
    # the rules' own reason ends "so a person should say ...": quoted after a drop it must not read as a question
    out = classify(ticket(["sm_premium"], "Question", "Pipelines on GitLab.com fail with a 500 error when we push."),
                   rules)
    assert out["outcome"] == "none"
    assert "nobody is asked" in out["reason"] and "would have asked" in out["reason"]


def _heads(unpaid, ppaid):
    return lambda evs, paid: {"migration": 0.1, "move": 0.1, "unpaid": unpaid, "ppaid": ppaid, "verdict": 0.1}


def test_the_side_heads_place_a_problem_the_rules_do_not(rules):
    # both offerings named alike, the failure with neither: the rules cannot place it
    item = ticket(["sm_premium"], "Frage", "Wir haben GitLab.com und unseren self-managed Server. Die Kollegen sehen "
                  "ihre Projekte nicht mehr.")
    a = analyse(item, rules)
    assert a.problem.offering is None or a.problem.fallback or a.problem.margin < 0.3
    assert classify(item, rules, scorer=_heads(0.9, 0.1))["problem_offering"] == "saas"
    assert classify(item, rules, scorer=_heads(0.1, 0.9))["problem_offering"] == "self_managed"
    # neither head sure: the rules' reading stands
    assert classify(item, rules, scorer=_heads(0.6, 0.4))["problem_offering"] == classify(item, rules, scorer=None)[
        "problem_offering"]


def test_the_side_heads_never_overrule_a_clear_reading(rules):
    item = ticket(["sm_premium"], "Runners", "We are moving from our self-managed server to GitLab.com. On GitLab.com "
                  "the shared runners fail with error 500.")
    assert classify(item, rules, scorer=_heads(0.1, 0.9))["problem_offering"] == "saas"


def test_a_question_with_no_destination_read_names_the_one_other_offering_the_customer_names(rules):
    # the rules read no move and place the problem on the paid side; the vote asks a person: the one offering besides
    # the paid one that the customer names is the likely destination the question offers
    item = ticket(["sm_premium"], "Backup", "Half of our teams already work on GitLab.com. On our self-managed server "
                  "the nightly backup job fails with error 500.")
    out = classify(item, rules, scorer=lambda evs, paid: {"migration": 0.5, "move": 0.5, "verdict": 0.5})
    assert (out["outcome"], out["target_offering"]) == ("ask", "saas")
    # two other offerings named: none is the likely one
    two = ticket(["sm_premium"], "Backup", "Some teams work on GitLab.com, others on a Dedicated tenant. On our "
                 "self-managed server the nightly backup job fails with error 500.")
    out = classify(two, rules, scorer=lambda evs, paid: {"migration": 0.5, "move": 0.5, "verdict": 0.5})
    assert (out["outcome"], out["target_offering"]) == ("ask", None)
