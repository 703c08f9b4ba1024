"""classify: is this ticket an offering migration whose problem sits on the unpaid side? (pure, no I/O)"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from bot.errors import ConfigError
from bot.judgement.detect_evidence import evidence
from bot.judgement.detect_lexicon import detector_lexicon
from bot.judgement.detect_score import MoveFinding, ProblemFinding, find_move, find_problem
from bot.judgement.reply import item_today
from bot.judgement.reply_dates import choose_date, find_dates
from bot.judgement.reply_levels import level_lexicon, ticket_level
from bot.judgement.reply_lexicon import date_lexicon


def _quote(text: str | None, limit: int = 90) -> str:
    """' ("clause")', shortened at a word boundary with an ellipsis; empty for no clause."""
    if not text:
        return ""
    text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))  # "pending ." where an aside was lifted out
    if len(text) > limit:
        cut = text[: limit + 1]
        space = cut.rfind(" ")
        # no space to cut at (Japanese, a long URL): cut at the limit
        text = (cut[:space] if space >= limit // 2 else cut[:limit]).rstrip(" ,;:-") + "…"
    return f' ("{text}")'


def _problem_quote(problem: ProblemFinding, move: MoveFinding) -> str:
    """Quote a clause other than the one quoted for the move; say so when the one sentence states both."""
    other = problem.snippet_besides(move.snippet)
    if other and len(other.split()) < 4 and problem.statement and problem.statement not in (other, move.snippet):
        # "On GitLab.com." answers where; the failure itself was stated earlier
        return f'{_quote(problem.statement)[:-1]}; "{" ".join(other.split())}")'
    if other:
        return _quote(other)
    return " (stated in the same sentence)" if problem.snippet else ""


def _paid_phrase(rules, paid: str, tags: list[str]) -> str:
    level_tags = [t for t in tags if t in rules.level_tags]
    if paid == "none":
        return "The organization has no support-level tag, so it pays for no offering"
    if paid == "both":
        return f"The organization pays for more than one offering ({', '.join(level_tags)})"
    return f"The organization pays for {rules.label(paid)} ({', '.join(level_tags)})"


def _confidence_act(move: MoveFinding, problem: ProblemFinding, t: dict) -> float:
    move_part = min(1.0, 0.55 + move.strength / 5.0)
    top = problem.scores.get(problem.offering, 0.0)
    problem_part = min(1.0, 0.5 + 0.5 * problem.margin) * min(1.0, 0.4 + top / 4.0)
    return round(move_part * problem_part, 3)


def _decide(rules, paid: str, move: MoveFinding, problem: ProblemFinding, lex) -> tuple[str, float, str]:
    t = lex.t
    label = rules.label
    offerings = set(rules.offerings)
    prob = problem.offering
    if paid not in offerings:
        return "none", 0.97, "Only a single paid offering can be the source of an offering migration."
    if move.target is None:
        hinted = _best_hint(move, paid)
        if prob and prob != paid and hinted == prob and not move.blocked and problem.has_problem:
            return "ask", 0.5, (f"The problem seems to concern {label(prob)}{_quote(problem.snippet)}, "
                                f"but a move there is only hinted at, not stated.")
        if move.intra:
            return "none", 0.9, f"The move described stays within {label(move.intra_offering or paid)}."
        if move.vendor_src > 0:
            return "none", 0.9, "The move described is an import from another vendor, not a change of offering."
        if move.blocked:
            return "none", 0.9, "The customer says there is no move away from the paid offering."
        if move.hypothetical:
            return "none", 0.85, "A move is only mentioned as a possibility, not decided."
        if _left_for_problem_side(move, problem, paid, t):
            return "ask", 0.5, (f"The customer is leaving {label(paid)}, and the problem concerns {label(prob)}"
                                f"{_quote(problem.snippet)}, but no sentence states a move to it.")
        if _problem_on_unpaid_side(move, problem, paid, t):
            return "ask", 0.4, (f"The problem concerns {label(prob)}{_quote(problem.snippet)}, which the organization "
                                f"does not pay for; no move there is stated in words the bot knows, so a person should "
                                f"say whether the customer is moving.")
        where = f" and the problem concerns {label(prob)}{_quote(problem.snippet)}" if prob else ""
        return "none", 0.9 if prob == paid else 0.8, f"No move between offerings is described{where}."
    moving = f"It is moving to {label(move.target)}{_quote(move.snippet)}"
    if problem.commercial_only:
        return "none", 0.85, f"{moving}, but the ticket is a commercial question with no technical problem."
    if prob is None:
        return "ask", 0.45, f"{moving}, but the text does not say on which offering the problem is."
    if prob == paid:
        conf = round(0.5 + 0.45 * problem.margin, 3)
        why = f"{moving}, but the problem is on the paid {label(paid)} side{_problem_quote(problem, move)}."
        if problem.margin >= t["problem_margin"] or problem.fallback:
            return "none", conf, why
        return "ask", 0.5, why.replace("but the problem is on", "and the problem looks to be on")
    conf = _confidence_act(move, problem, t)
    why = f"{moving}; the problem is on {label(prob)}{_problem_quote(problem, move)}."
    if move.hearsay:
        return "ask", min(conf, 0.5), f"{why} Only the agent's question, confirmed by the customer, names the destination."
    if move.implicit:
        return "ask", min(conf, 0.5), (f"{why} The ticket never names {label(paid)} as the side being left, "
                                      f"so the move between offerings is only inferred.")
    if conf >= t["act_confidence"]:
        return "act", conf, why
    return "ask", conf, why + " The evidence is not strong enough to act alone."


def _left_for_problem_side(move: MoveFinding, problem: ProblemFinding, paid: str, t: dict) -> bool:
    """Leaving the paid offering in one sentence, a clear problem on another offering in the next: worth asking."""
    prob = problem.offering
    return (move.left_paid and prob is not None and prob != paid and problem.has_problem and not problem.fallback
            and not problem.commercial_only and problem.margin >= t["problem_margin"])


def _problem_on_unpaid_side(move: MoveFinding, problem: ProblemFinding, paid: str, t: dict) -> bool:
    """A clear failure on an offering the org does not pay for: most often a move worded in a way the rules miss.
    Asking costs a click; staying silent costs the customer the support it was promised."""
    prob = problem.offering
    return (prob is not None and prob != paid and problem.has_problem and not problem.fallback
            and not problem.commercial_only and problem.margin >= t["problem_margin"] and move.vendor_src == 0)


_KANA = re.compile(r"[\u3040-\u30ff]")
_CUSTOMER_KINDS = ("subject", "description", "comment")  # the customer's own words, not quotes or agents' questions
_WORDS = re.compile(r"\w+")


_TECHNICAL = re.compile(r"\S*\d\S*|\S+[./@:\\]\S+")  # hostnames, paths, URLs, versions, error codes: no language
_SHORT = 20  # fewer words than this: too few to judge by the share of everyday words (terse English has few)


def known_language(evs, everyday: frozenset) -> bool:
    """Whether the customer wrote in a language the phrase rules know (`everyday`: their everyday words, the rules'
    detector.known_words). Text mostly in another
    script is not; a short text is when it holds one everyday word or only ASCII words, so the rules' caution holds
    for terse English full of hostnames and error codes."""
    text = " ".join(ev.text for ev in evs if ev.clause.kind in _CUSTOMER_KINDS)
    if _KANA.search(text):
        return True
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if sum(c > "\u024f" for c in letters) / len(letters) >= 0.3:  # beyond the Latin alphabets
        return False
    words = _WORDS.findall(_TECHNICAL.sub(" ", text).lower())
    known = sum(w in everyday for w in words)
    if len(words) < _SHORT:  # one everyday word, or plain ASCII (terse English), is enough
        return known > 0 or all(w.isascii() for w in words)
    return known / len(words) >= 0.12


def _best_hint(move: MoveFinding, paid: str) -> str | None:
    hints = {o: s for o, s in {**move.dest, **move.hypothetical}.items() if o != paid and s > 0}
    return max(hints, key=hints.get) if hints else None


def check_rules(rules) -> None:
    """Compile the detector and reply vocabularies now; a bad pattern raises ConfigError naming it."""
    try:
        detector_lexicon(rules)
        date_lexicon(rules)
        level_lexicon(rules)
    except re.error as exc:
        raise ConfigError(f"BOT_RULES: detector/reply: invalid regular expression ({exc}): {str(exc.pattern)[:80]!r}") from exc
    except KeyError as exc:
        raise ConfigError(f"BOT_RULES: detector/reply: missing key {exc}") from exc


@dataclass
class Analysis:
    """What the rules found in one ticket, before the learned models weigh in."""

    paid: str
    evs: list
    move: MoveFinding
    problem: ProblemFinding
    outcome: str
    confidence: float
    why: str
    known: bool = True  # written in a language the phrase rules know (known_language)


def analyse(item: dict, rules) -> Analysis:
    lex = detector_lexicon(rules)
    org_tags = list((item.get("org") or {}).get("tags") or [])
    return _analysis(evidence(item, lex), rules.paid_offering(org_tags), rules, lex)


def _analysis(evs: list, paid: str, rules, lex) -> Analysis:
    """The rules' reading of a ticket's clause evidence for an org paying for `paid` (the evidence depends on the
    ticket's text alone; the paid offering enters here)."""
    offerings = set(rules.offerings)
    move = find_move(evs, paid, offerings, lex)
    problem = find_problem(evs, move, paid, offerings, lex)
    return Analysis(paid, evs, move, problem, *_decide(rules, paid, move, problem, lex), known=known_language(evs, lex.known_words))


def _default_scorer(t: dict) -> Callable | None:
    """The packaged learned models, unless the rules switch them off (thresholds.learned = 0)."""
    if not t.get("learned", 1):
        return None
    from bot.judgement import learned  # numpy-free; the weights are read on first use

    return learned.score_analysis


def _judge(rules, a: Analysis, scorer: Callable | None, t: dict):
    """(the learned models' scores or None, blend()'s (outcome, confidence, why, target)): the one path from the rules'
    reading to the outcome, for classify() and outcomes_for_offerings()."""
    scores = None
    if scorer and a.paid in rules.offerings:
        scores = scorer(a) if getattr(scorer, "wants_analysis", False) else scorer(a.evs, a.paid)
    return scores, blend(rules, a, scores, t)


def outcomes_for_offerings(item: dict, offerings: Iterable[str], rules,
                           scorer: Callable | None | str = "default") -> Iterator[tuple[str, str]]:
    """(offering, outcome) for each paid offering in `offerings`, in that order and lazily: the "outcome" classify()
    returns for `item` with an org paying for that offering alone (the item's own org tags are not read). The clause
    evidence depends on the ticket's text alone, so it is read once, when the first offering is asked for; nothing
    classify() adds after the outcome (tier, date, problem side, reason) is computed. `scorer` as for classify()."""
    lex = detector_lexicon(rules)
    if scorer == "default":
        scorer = _default_scorer(lex.t)
    evs = None
    for paid in offerings:
        if evs is None:
            evs = evidence(item, lex)
        yield paid, _judge(rules, _analysis(evs, paid, rules, lex), scorer, lex.t)[1][0]


def _vote_limits(a: Analysis, known: bool) -> tuple[bool, bool, bool]:
    """(read_against, doubted, paid_named): what the rules read that no vote overrules, and whether the customer named
    the paid offering."""
    problem, move, paid = a.problem, a.move, a.paid
    # What the rules did read about a move stands: a hypothetical, a move inside one offering, an import from another
    # vendor, "we are not moving", a commercial question, and a destination taken from an agent's question: the
    # models never turn those into an "act".
    read_against = (bool(move.hypothetical) or move.blocked or move.intra or move.vendor_src > 0
                    or problem.commercial_only
                    or any(ev.imports or ev.move for ev in a.evs if any(m.offering == "vendor" for m in ev.mentions))
                    # "all teams now push to the new self-managed instance on Kubernetes": a place inside the paid
                    # offering, with no other offering named anywhere
                    or (move.target is None and _inside_paid_only(a)))
    # an inferred destination may be acted on when the vote is sure; a move that rests on an agent's words never, nor,
    # in a language the rules know, a destination read without the paid side ever named ("we are moving to
    # GitLab.com SaaS", the rules' doubt stands)
    paid_named = any(m.offering == paid for ev in a.evs if ev.clause.kind in _CUSTOMER_KINDS for m in ev.mentions)
    doubted = (move.hearsay or (move.implicit and any(ev.clause.kind == "answered" and (ev.move or ev.leave)
                                                      for ev in a.evs))
               or (move.target is not None and known and not paid_named))
    return read_against, doubted, paid_named


def _inside_paid_only(a: Analysis) -> bool:
    """A clause read as a move inside one offering (new servers, Kubernetes, an upgrade) naming the paid offering, in a
    ticket that names no other offering."""
    named = {m.offering for ev in a.evs for m in ev.mentions if m.offering != "vendor" and not m.negated}
    return named == {a.paid} and any(ev.intra_move and a.paid in {m.offering for m in ev.mentions} for ev in a.evs)


def blend(rules, a: Analysis, scores: dict[str, float] | None, t: dict) -> tuple[str, float, str, str | None]:
    """(outcome, confidence, why, target) from the rules' verdict and the learned models' probabilities: the rules
    and the vote (_blend_vote), then a sure vote acts where the rules only hesitated (_sure_vote)."""
    outcome, confidence, why, target = _blend_vote(rules, a, scores, t)
    if outcome != "act" and scores is not None and a.paid in rules.offerings:
        return _sure_vote(rules, a, scores, t) or (outcome, confidence, why, target)
    return outcome, confidence, why, target


def _sure_vote(rules, a: Analysis, scores: dict[str, float], t: dict) -> tuple[str, float, str, str | None] | None:
    """An "act" where the rules hesitated (a move too weakly worded, a problem placed on the paid side only weakly, a
    failure on the unpaid side with the paid side named) and the verdict model is sure (learned_act_sure; in a
    language the rules do not know, learned_act_sure_unknown). What the rules read against a move, a destination
    resting on an agent's question, and in a language the rules know a ticket with no sign of a move at all (no move
    or leaving word, no destination, the paid side never named), stay as they were."""
    vote = scores.get("verdict", scores["migration"])
    known = a.known
    if vote < t["learned_act_sure" if known else "learned_act_sure_unknown"]:
        return None
    read_against, doubted, paid_named = _vote_limits(a, known)
    problem, move, paid, label = a.problem, a.move, a.paid, rules.label
    prob = problem.offering
    unpaid = prob is not None and prob != paid
    weak_paid = (prob == paid and move.target is not None
                 and (problem.margin < t["problem_margin"] or problem.fallback))
    move_word = any((ev.move or ev.leave) and not ev.hypothetical and not ev.no_move
                    for ev in a.evs if ev.clause.kind in _CUSTOMER_KINDS)
    signs = move.target is not None or move.left_paid or paid_named or move_word
    if _stated_destination_holds(a, scores, t):
        read_against, doubted = False, False
    if read_against or doubted or not (unpaid or weak_paid) or not (signs or not known):
        return None
    side = move.target or prob
    where = (f"the problem on {label(side)}" if unpaid
             else f"the problem on {label(side)} rather than on the paid side, where the rules place it only weakly")
    return "act", round(vote, 3), (f"The learned model is sure of a move between offerings with {where} ({vote:.2f}), "
                                   f"so the bot acts where the phrase rules alone would not; they read: {a.why}"), side


def _stated_destination_holds(a: Analysis, scores: dict[str, float], t: dict) -> bool:
    """A destination the rules read in the customer's own words, with the problem placed surely on it (not the paid
    side), outweighs two of their doubts when the verdict model is very sure: that the paid side is never named (one
    offering is paid for, so a move to another is a move from it: "we are moving to GitLab.com", "moving our
    repositories to the new dedicated tenant"; learned_act_sure_unnamed) and that the ticket reads as a commercial
    question only (the failure said in words the problem rules do not know, beside a price or tier word;
    learned_act_over_commercial). Anything else read against a move (a plan, a move inside one offering, another
    vendor, "we stay"), and a destination taken from an agent's question, still stand."""
    move, problem, paid = a.move, a.problem, a.paid
    if move.target is None or move.target == paid or problem.offering != move.target or move.hearsay:
        return False
    if problem.fallback or problem.margin < t["problem_margin"]:
        return False
    if move.implicit and any(ev.clause.kind == "answered" and (ev.move or ev.leave) for ev in a.evs):
        return False  # the move rests on the customer's "yes" to an agent's question
    vote = scores.get("verdict", scores["migration"])
    against = (bool(move.hypothetical), move.blocked, move.intra, move.vendor_src > 0,
               any(ev.imports or ev.move for ev in a.evs if any(m.offering == "vendor" for m in ev.mentions)))
    if any(against):
        return False
    if problem.commercial_only:
        return vote >= t.get("learned_act_over_commercial", 1.01)
    return vote >= t.get("learned_act_sure_unnamed", 1.01)


def _blend_vote(rules, a: Analysis, scores: dict[str, float] | None, t: dict) -> tuple[str, float, str, str | None]:
    """(outcome, confidence, why, target) from the rules' verdict and the learned models' probabilities.

    The rules explain; the models vote. The vote is the verdict model's probability (the text heads weighed with the
    rules' findings; the text's "migration" head where a model has no verdict). An "act" needs the rules and the
    vote to agree, or a problem the rules place on an unpaid offering, some sign of a move, and a sure vote; the
    middle band asks a person.
    """
    label, prob, paid = rules.label, a.problem.offering, a.paid
    target = a.move.target
    if scores is None or paid not in rules.offerings:
        return a.outcome, a.confidence, a.why, target
    mig, mv = scores["migration"], scores["move"]
    vote = scores.get("verdict", mig)
    known = a.known
    if a.outcome == "act":
        # in a language the phrase rules know, they act unless the vote doubts it; elsewhere they read the move words
        # but may miss what undoes them (a quote request, a plan), so the vote must be sure as well
        if vote >= t["learned_keep_act" if known else "learned_keep_act_unknown"]:
            return "act", round(0.5 * a.confidence + 0.5 * vote, 3), a.why, target
        if not known and vote >= t["learned_keep_act"]:
            return "ask", 0.5, (f"{a.why} The ticket is in a language the phrase rules only partly know and the learned "
                                f"model is not sure enough of such a move ({vote:.2f}), so a person should confirm."), target
        return "ask", 0.5, (f"{a.why} The learned model finds such a move unlikely ({vote:.2f}), so a person should "
                            f"confirm."), target
    problem, move = a.problem, a.move
    model = f"(learned model: {vote:.2f}; move {mv:.2f}, migration {mig:.2f})"
    read_against, doubted, paid_named = _vote_limits(a, known)
    # the failure words may be in a language the rules do not know: the offering's place is enough here
    unpaid = prob is not None and prob != paid and not problem.fallback and problem.margin >= t["problem_margin"]
    if not read_against and not doubted and unpaid and vote >= t["learned_promote"] and mv >= t["learned_promote_move"]:
        where = f"the problem is on {label(prob)}{_quote(problem.snippet)}, which the organization does not pay for"
        if move.target:
            why = f"It is moving to {label(move.target)}{_quote(move.snippet)}; {where} {model}."
            return "act", round(vote, 3), why, move.target
        if move.left_paid:
            why = f"The customer is leaving {label(paid)}, and {where}; the learned model reads a move there {model}."
            return "act", round(vote, 3), why, prob
        if paid_named:
            why = (f"The problem is on {label(prob)}{_quote(problem.snippet)}, which the organization does not pay "
                   f"for, the ticket names {label(paid)} as well, and it reads as a move from there {model}, though "
                   f"no phrase rule names the move.")
            return "act", round(vote, 3), why, prob
        if vote >= t["learned_promote_alone"] and not known:
            why = (f"The problem is on {label(prob)}{_quote(problem.snippet)}, which the organization does not pay "
                   f"for, and the ticket, in a language the phrase rules do not know, reads as a move there from "
                   f"{label(paid)} {model}.")
            return "act", round(vote, 3), why, prob
        # No rule read any move and the paid offering is not even named, in a language the rules know (or with a
        # vote short of sure): a model alone then also "finds" a move in a plain failure on the unpaid side
        # ("pipelines on GitLab.com fail"), which the labeling rules call no migration. Acting would tell a
        # customer they are moving when they never said so.
        why = (f"The problem is on {label(prob)}{_quote(problem.snippet)}, which the organization does not pay for, "
               f"and the learned model reads a move there from {label(paid)} {model}, but no phrase rule names the "
               f"move, so a person should say.")
        return "ask", round(min(vote, 0.5), 3), why, None
    # A 'none' the vote finds likely asks a person. Where the rules place the failure on the paid side too: in a
    # language they half know, the source named in the move ("SaaS:sta", "z naszego serwera") reads as the place of
    # the failure (learned_ask). Where they read something against a move (a plan, a move inside one offering, another
    # vendor, "we stay", buying), it may be a word they took the wrong way, in a language they half know or beside a
    # move stated as well: a higher bar (learned_ask_against), and never an act over such a reading.
    bar = t.get("learned_ask_against", 1.01) if read_against else t["learned_ask"]
    if a.outcome == "none" and vote >= bar:
        likely = target or (prob if prob is not None and prob != paid else None)  # the unpaid side named
        against = " against that reading" if read_against else ""
        return "ask", round(vote, 3), (f"{a.why} Yet the learned model finds a move between offerings with the problem "
                                       f"on the unpaid side likely ({vote:.2f}){against}, so a person should say."), likely
    # in a language the rules do not know, the text's "move" head is the only reader of the move words: a question it
    # backs stays a question
    if a.outcome == "ask" and vote < t["learned_drop_ask"] and (known or mv < t["learned_keep_ask_move"]):
        return "none", round(1.0 - vote, 3), (f"The learned model finds a move between offerings with the problem on "
                                              f"the unpaid side unlikely ({vote:.2f}), so nobody is asked; the rules alone "
                                              f"would have asked: {a.why}"), target
    return a.outcome, a.confidence, a.why, target


_OLDEST_TARGET_DAYS = 365  # a move's completion date at most this long before the ticket's day


def _definite(choice, today) -> bool:
    # a completion date years back is a version number ("our 15.11.13 instance") or history, not this move's
    return bool(choice.value) and not choice.ambiguous and (today - choice.value).days <= _OLDEST_TARGET_DAYS


def _yearless_quarter(text: str | None, dates) -> bool:
    """Whether the chosen day is a numbered quarter's end whose year the text leaves out ("completion by end of Q1",
    "Abschluss bis Ende Q1", "第1四半期末"): a ticket does not say which year's quarter it means (nor whether the
    calendar's or the customer's fiscal year), so it states no day; asking beats a guessed one. "End of Q1 2027" and
    "by the end of this quarter" name their day."""
    return bool(text) and any(not m.groupdict().get("y") for rx in dates.quarter for m in rx.finditer(text))


def _sentences(texts: list[str], joined: list[bool]) -> list[str]:
    """A message's clauses put back into sentences (a clause split off at 'but' or a question goes with the one before)."""
    return [" ".join(texts[i] for i in group) for group in _sentence_groups(joined)]


def _sentence_groups(joined: list[bool]) -> list[list[int]]:
    """The indexes of a message's clauses, grouped into sentences (see _sentences)."""
    out: list[list[int]] = []
    for i, cont in enumerate(joined):
        if cont and out:
            out[-1].append(i)
        else:
            out.append([i])
    return out


_FAR_AHEAD_DAYS = 300  # a day without its year resolved this far ahead is one already past ("done on 28 November")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<![\d.])'\d\d\b")


def _day_of(newer: tuple[str, bool] | None) -> str | None:
    """The day of the newest message that names one, or none."""
    return None if newer is None else newer[0]


def _about_the_move(evs, lex) -> bool:
    """Whether the clauses of a day's sentence speak of the move: a move or leaving word, an offering or the new or
    old side named, or a cutover word (detector.cutover_pattern)."""
    return any(ev.move or ev.leave or ev.dst_ref or ev.src_ref or lex.cutover.search(ev.text)
               or any(m.offering != "vendor" for m in ev.mentions) for ev in evs)


def _other_day(before: str, lex) -> bool:
    """The words before a day make it no completion day (detector.other_day_pattern: a person away until it, the new
    place ready by it, the old side still running until it), unless a cutover word (detector.cutover_pattern) stands
    between those words and the day: "the old server stays until the cutover on 18 January" names the cutover's day."""
    pos = 0
    while (m := lex.other_day.search(before, pos)) is not None:
        if not lex.cutover.search(m.group()):
            return True
        pos = m.start() + 1  # a later cue, after the cutover word, may still hold
    return False


def _cued_days(sentence: str, today, dates, lex) -> list[tuple]:
    """(day, cutover word before it) for every day of the sentence its own words name a completion day."""
    out = []
    prev = 0
    for h in find_dates(sentence, today, dates):
        piece = sentence[prev : h.end]
        before = sentence[max(prev, h.start - 60) : h.start]
        prev = h.end
        choice = choose_date([piece], today, dates, require_cue=True)
        if _definite(choice, today) and choice.value == h.value:
            out.append((h.value, bool(lex.cutover.search(before))))
    return out


def _ticket_date(evs, today, dates, lex) -> str | None:
    """The move's completion date in the customer's own words, or None where they do not settle on one.

    The newest message that names a completion day wins ("completion has slipped to 30 June" in a later comment
    replaces the description's day, whatever words it slips with), except over an older message's day that a
    cutover word stands with: a newer day without one may be a step of the move, not its end ("the first import
    batch finished on 2 December"), so the ticket has no date. Where the sentence of that day names another
    completion day, the one a cutover word stands with wins ("wave 1 must be done by X and the final cutover is Y",
    "the cutover is Y, with a rollback window until Z": Y); with no such single day the ticket has none: asking the
    customer beats taking the interim one."""
    messages: list[tuple[list[str], list[bool], list]] = []
    previous = None
    for ev in evs:
        kind = ev.clause.kind
        if kind in ("quoted", "answered"):
            continue
        part = "comment" if kind == "comment" else "agent" if kind in ("agent", "denied") else "opening"
        if part != previous:
            messages.append(([], [], []))
            previous = part
        messages[-1][0].append(ev.text)
        messages[-1][1].append(bool(ev.clause.joined))
        messages[-1][2].append(ev)
    newer = None  # (day, a cutover word stands with it) of the newest message that names one
    for texts, joined, clause_evs in reversed(messages):
        choice = choose_date(texts, today, dates, require_cue=True)
        if choice.ambiguous or (choice.value and _yearless_quarter(choice.text, dates)):
            return _day_of(newer)
        if not _definite(choice, today):
            continue
        day, cut = choice.value, False
        said = choice.text.lower() if choice.text else None
        group = next((g for g in _sentence_groups(joined) if said and said in " ".join(texts[i] for i in g).lower()),
                     None)
        sentence = " ".join(texts[i] for i in group) if group is not None else None
        if group is not None and day < today and not _about_the_move([clause_evs[i] for i in group], lex):
            # "It was done on 28 November": a day past, its sentence naming no move, may be a step of it
            return _day_of(newer)
        if sentence is not None and _other_day(sentence.lower()[: max(0, sentence.lower().find(said))], lex):
            # "Sam is away until the panto finishes on 3 January", "the new place should be ready by 11 January"
            return _day_of(newer)
        if said and lex.unnamed_month_end.match(said.strip()):
            return _day_of(newer)
        if said and not _YEAR.search(said) and ((day < today and re.search(r"\d", said))
                                                 or (day - today).days > _FAR_AHEAD_DAYS):
            # a day without its year that is already past ("Der Umzug wurde am 27. November durchgeführt"; not "last
            # Sunday", which needs none), or read
            # as next year's because it is ("over the weekend of 21 November he moved everything", "11月底已经切换"):
            # the move's history told in passing, not a day the ticket sets
            return _day_of(newer)
        if sentence is not None:
            days = _cued_days(sentence, today, dates, lex)
            cut = any(c for d, c in days if d == day)
            if len({d for d, _ in days} | {day}) > 1:
                cutover = {d for d, c in days if c}
                if len(cutover) != 1:
                    return _day_of(newer)
                day, cut = next(iter(cutover)), True
            elif lex.step_day.search(sentence.lower()[: max(0, sentence.lower().find(said))]):
                # "cutover for phase 3 is 22 January": a numbered step's own day, not the move's end
                return _day_of(newer)
        if newer is None:
            newer = (day.isoformat(), cut)
            if cut:
                return newer[0]
            continue
        # an older message's cutover day against a newer day no cutover word stands with ('the first import batch
        # finished on 2 December', 'the dry run was done on 1 December'): which one is the move's is unclear, and
        # asking the customer beats a guess; an older day without a cutover word gives way to the newer one
        return None if cut and day.isoformat() != newer[0] else newer[0]
    return _day_of(newer)


_SIDE_SURE = 0.8  # the learned side heads' probability that places a problem the rules place only weakly or not at all


def _problem_side(a: Analysis, scores: dict | None, target: str | None, rules, t: dict) -> str | None:
    """The offering the problem is about: the rules' reading, or where they read none or only weakly (no offering, the
    paid one by default, a small margin), the learned side heads' when one is sure and the other not: the paid
    offering ("ppaid"), or the unpaid one ("unpaid": the move's destination, else the one other offering named)."""
    prob, paid = a.problem.offering, a.paid
    weak = prob is None or a.problem.fallback or a.problem.margin < t["problem_margin"]
    if scores is None or paid not in rules.offerings or not weak or "ppaid" not in scores or "unpaid" not in scores:
        return prob
    if scores["ppaid"] >= _SIDE_SURE and scores["unpaid"] < 0.5:
        return paid
    if scores["unpaid"] >= _SIDE_SURE and scores["ppaid"] < 0.5:
        if target and target != paid:
            return target
        named = {m.offering for ev in a.evs for m in ev.mentions if m.offering not in ("vendor", paid) and not m.negated}
        return next(iter(named)) if len(named) == 1 else prob
    return prob


def _one_other_named(a: Analysis) -> str | None:
    """The one offering other than the paid one that the customer's own words name (not negated), else None."""
    named = {m.offering for ev in a.evs if ev.clause.kind in _CUSTOMER_KINDS for m in ev.mentions
             if m.offering not in ("vendor", a.paid) and not m.negated}
    return next(iter(named)) if len(named) == 1 else None


def classify(item: dict, rules, scorer: Callable | None | str = "default") -> dict:
    """{"id", "outcome", "confidence", "problem_offering", "paid_offering", "target_offering", "support_level",
    "target_date", "reason"} for one ticket in the corpus/webhook item format.

    `scorer(evs, paid) -> {"migration": p, "move": p[, "verdict": p]}` (or `scorer(analysis)` when the scorer has
    `wants_analysis`): the learned models; None for the rules alone."""
    lex = detector_lexicon(rules)
    dates = date_lexicon(rules)  # built once per rules object, also when this ticket needs no date
    a = analyse(item, rules)
    paid, move, problem, evs = a.paid, a.move, a.problem, a.evs
    org_tags = list((item.get("org") or {}).get("tags") or [])
    if scorer == "default":
        scorer = _default_scorer(lex.t)
    scores, (outcome, confidence, why, target) = _judge(rules, a, scorer, lex.t)
    # an "ask" built on leaving the paid side, or one the learned vote finds likely, names the problem's offering as
    # the likely destination
    likely = move.left_paid or (scores is not None and scores.get("verdict", scores["migration"]) >= lex.t["learned_ask"])
    target = target or (problem.offering if outcome == "ask" and likely and paid in rules.offerings
                        and problem.offering != paid else None)
    if outcome == "ask" and target is None and paid in rules.offerings:
        # nothing else names a destination: the one offering besides the paid one the customer names is the likely one
        # (on the labelled sets right for every true ticket asked about this way)
        target = _one_other_named(a)
    level = date_text = None
    if move.target:  # a tier or date only where the rules read the move itself: an inferred move names none
        # a tier once held ("we previously had Starter", detector.once_held_pattern) is not the tier to buy: the words
        # from such a cue to the end of its clause part are left out
        newest = [lex.once_held.sub(" ", ev.text) for ev in evs if ev.clause.kind not in ("quoted", "answered")]
        level = ticket_level(newest, rules).level
        date_text = _ticket_date(evs, item_today(item), dates, lex)
    reason = f"{_paid_phrase(rules, paid, org_tags)}. {why}"
    problem_offering = _problem_side(a, scores, target, rules, lex.t) or "unknown"
    if outcome == "act" and target and problem.offering == paid:  # a sure vote over a weak reading of the paid side
        problem_offering = target
    return {
        "id": item.get("id"),
        "outcome": outcome,
        "confidence": float(confidence),
        "problem_offering": problem_offering,
        "paid_offering": paid,
        "target_offering": target,
        "support_level": level,
        "target_date": date_text,
        "reason": reason,
    }
