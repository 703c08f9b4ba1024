"""Aggregates clause evidence into a move (source, destination) and a problem location, with their evidence."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.judgement.detect_evidence import ClauseEvidence
from bot.judgement.detect_lexicon import DetectorLexicon


@dataclass
class MoveFinding:
    target: str | None
    strength: float
    dest: dict[str, float]
    src: dict[str, float]
    vendor_src: float
    hypothetical: dict[str, float]
    blocked: bool
    intra: bool
    snippet: str | None  # the clause that names the destination best
    intra_offering: str | None = None  # where a move inside one offering happens ("new hardware" for self-managed)
    implicit: bool = False  # the destination was only inferred (no "to X", no source named): not enough to act alone
    left_paid: bool = False  # a stated (not hypothetical) leaving of the paid offering, whatever the destination
    hearsay: bool = False  # the destination rests only on an agent question the requester said yes to


@dataclass
class ProblemFinding:
    offering: str | None
    scores: dict[str, float]
    margin: float
    snippet: str | None
    has_problem: bool
    has_technical: bool
    commercial_only: bool
    fallback: bool = False
    why: list[str] = field(default_factory=list)
    snippets: list[str] = field(default_factory=list)  # clauses about the problem offering, best first
    ranks: dict[str, float] = field(default_factory=dict)
    statement: str | None = None  # the first failure sentence of the subject/description, for context

    def snippet_besides(self, other: str | None) -> str | None:
        """The best problem clause that is not `other` (the clause already quoted for the move)."""
        if not self.snippets:
            return None
        if self.snippets[0] != other:
            return self.snippets[0]
        top = self.ranks.get(other, 0.0)
        # a runner-up far weaker than the sentence itself (a bare mention in the subject) would mislead
        return next((s for s in self.snippets[1:] if self.ranks.get(s, 0.0) >= 0.3 * top), None)


def _substance(text: str) -> float:
    """How much a clause says: a bare offering name or a two-word fragment makes a poor quote."""
    words = len(text.split()) if " " in text.strip() else len(text.strip()) // 3  # Japanese: no spaces
    return 1.0 if words >= 4 else 0.3 if words <= 2 else 0.6


def _best(scores: dict[str, float], exclude: set[str] = frozenset()) -> str | None:
    cands = {k: v for k, v in scores.items() if k not in exclude and v > 0}
    return max(cands, key=cands.get) if cands else None


def find_move(evs: list[ClauseEvidence], paid: str, offerings: set[str], lex: DetectorLexicon) -> MoveFinding:
    """Which offering the customer is moving to, from the clauses that talk about a move."""
    dest: dict[str, float] = defaultdict(float)
    src: dict[str, float] = defaultdict(float)
    hyp: dict[str, float] = defaultdict(float)
    best_clause: dict[str, tuple[float, str]] = {}
    vendor_src = 0.0
    blocked: set[str] = set()
    global_block = False
    any_move = False
    intra_seen: str | None = None  # a move described as staying inside one offering (new hardware, upgrade, Helm)
    explicit: set[str] = set()  # destinations stated with a cue ("to X", "destination is X")
    firsthand: set[str] = set()  # destinations credited from the requester's own words
    left_paid = False

    def credit(off: str, amount: float, ev: ClauseEvidence) -> None:
        dest[off] += amount
        if ev.clause.kind != "answered":
            firsthand.add(off)
        rank = amount * _substance(ev.text)
        if rank > best_clause.get(off, (0.0, ""))[0]:
            best_clause[off] = (rank, ev.text)

    recent: list[str] = []  # offerings named in the previous clauses, for "we moved our repos there"
    # a clause that moves or leaves something, by position: "Into our group on GitLab.com. We're leaving our
    # server behind." names the destination next to the move, in a clause of its own
    moving_at = {i for i, ev in enumerate(evs) if (ev.move or ev.leave) and not ev.hypothetical and not ev.no_move}
    beside: set[str] = set()
    for idx, ev in enumerate(evs):
        w = ev.weight
        offs = [m for m in ev.mentions if m.offering != "vendor" and not m.negated]
        named = {m.offering for m in offs}
        before, recent = recent, [m.offering for m in offs] or recent
        if ev.no_move:
            if not named or paid in named:
                global_block = True
            blocked |= named - {paid}
            continue
        is_move = ev.move or ev.leave
        if is_move and ev.intra_move and len(named) <= 1:
            intra_seen = next(iter(named), paid)  # "we moved it to new hardware", "upgraded our X from 17.3 to 17.5": no change of offering
            continue
        role_words = [m for m in offs if m.role_word and m.role]
        if not is_move and not role_words:
            if paid in offerings and not ev.question and {idx - 1, idx + 1} & moving_at:
                for m in offs:
                    if m.role == "dst" and m.offering != paid:
                        credit(m.offering, 0.8 * w * m.weight, ev)
                        beside.add(m.offering)  # a destination pieced together from two sentences: ask, never act
            continue
        if ev.hypothetical or (ev.question and is_move and not ev.problem):
            for m in offs:
                if m.role != "src":
                    hyp[m.offering] += w * m.weight
            continue
        if not is_move:
            for m in role_words:
                if m.role == "dst":
                    credit(m.offering, w * m.weight, ev)
                    explicit.add(m.offering)
                else:
                    src[m.offering] += w * m.weight
            continue
        any_move = True
        cued_dst = [m for m in ev.mentions if m.role == "dst"]
        cued_src = {m.offering for m in ev.mentions if m.role == "src" and not m.negated}
        for m in ev.mentions:
            if m.negated:
                continue
            role = m.role
            if role is None and cued_dst and m.start < cued_dst[0].start and m.offering != cued_dst[0].offering:
                role = "src"  # "migrating our X to Y": the object is the source
            elif role is None and not cued_dst and cued_src and m.offering not in cued_src | {"vendor"}:
                role = "dst"  # "leaving X for Y", "de X a Y", "our new Y: we leave X": the other place is the destination
            elif role is None and ev.leave and not cued_dst and not m.new:
                role = "src"
            if role is None:
                continue
            if m.offering == "vendor":
                vendor_src += w if role == "src" else 0.0
            elif role == "dst":
                credit(m.offering, w * m.weight, ev)
                if m.role == "dst" or cued_src or ev.leave:
                    explicit.add(m.offering)
            else:
                src[m.offering] += w * m.weight
        if ev.leave and paid in cued_src | named and not cued_dst and not ev.question:
            left_paid = True  # "our self-managed box is being retired": the destination may follow in another sentence
        if ev.anaphor_dest and not cued_dst and not any(m.role == "dst" for m in offs):
            for off in {o for o in before if o != paid and o not in named}:
                credit(off, 0.8 * w, ev)  # "... on gitlab.com. We just moved our repos there from our server"
        if not any(m.role for m in ev.mentions) and len(named) == 1:
            only = next(iter(named))
            if paid in offerings and only != paid:
                credit(only, 0.8 * w, ev)  # "the new group on gitlab.com where we're moving everything to"
            elif only == paid:
                src[only] += 0.5 * w
    if any_move:
        for ev in evs:
            if ev.hypothetical or ev.no_move or (ev.intra_move and len({m.offering for m in ev.mentions}) <= 1):
                continue
            for m in ev.mentions:
                if m.offering == "vendor" or m.negated:
                    continue
                # "the new instance is our own self-managed GitLab": a new/destination place named in another clause
                named_dest = ev.dst_ref and not ev.src_ref and m.role != "src"
                if m.new or named_dest:
                    credit(m.offering, lex.w["new_dest"] * ev.weight * m.weight, ev)
    if paid in offerings:
        cands = {o: s for o, s in dest.items() if o != paid and o not in blocked}
    else:
        top_src = _best(src)
        cands = {o: s for o, s in dest.items() if o != top_src and o not in blocked}
    if global_block:
        cands = {}
    target = _best(cands)
    strength = cands.get(target, 0.0) if target else 0.0
    if target and strength < lex.t["move_weak"]:
        target = None
    if target and paid in offerings:
        strength += lex.w["leave_paid"] * min(src.get(paid, 0.0), 1.5)
    intra = target is None and (dest.get(paid, 0.0) > 0 or intra_seen is not None)
    # A destination that is only inferred, in a ticket that never names the paid side, is no proof of a move
    # between offerings: the customer may simply use another offering too ("our self-managed test box").
    paid_named = any(m.offering == paid for ev in evs for m in ev.mentions)
    implicit = bool(target) and target not in explicit and (not paid_named or target in beside)
    return MoveFinding(target, strength, dict(dest), dict(src), vendor_src, dict(hyp), global_block or bool(blocked),
                       intra, best_clause.get(target, (0, None))[1] if target else None,
                       intra_seen if intra and not dest.get(paid, 0.0) else paid, implicit,
                       left_paid and intra_seen is None and not vendor_src, bool(target) and target not in firsthand)


def find_problem(evs: list[ClauseEvidence], move: MoveFinding, paid: str, offerings: set[str],
                 lex: DetectorLexicon) -> ProblemFinding:
    """Which offering the problem statement is about: mentions near failure words, source/destination roles."""
    w_ = lex.w
    scores: dict[str, float] = defaultdict(float)
    ranked_clauses: dict[str, dict[str, float]] = defaultdict(dict)
    dst_off = move.target or _best(move.dest)
    src_off = paid if paid in offerings else _best(move.src)

    def add(off: str, amount: float, ev: ClauseEvidence) -> None:
        scores[off] += amount
        # the quoted evidence should state the failure, not merely name the offering ("Dedicated")
        rank = amount * _substance(ev.text) * (1.5 if ev.problem else 1.0)
        if rank > 0:
            ranked_clauses[off][ev.text] = max(ranked_clauses[off].get(ev.text, 0.0), rank)

    prev_located: list[str] = []
    for ev in evs:
        w = ev.weight * (w_["hypothetical_topic"] if ev.hypothetical else 1.0)
        offs = [m for m in ev.mentions if m.offering != "vendor"]
        # "On the new instance, runners register fine but every job stays pending": the "but" half happens there too
        inherited, prev_located = (prev_located if ev.clause.joined else []), [m.offering for m in offs if m.located]
        if ev.problem and not offs and not ev.not_yet:
            for off in set(inherited):
                add(off, w_["problem_boost"] * w, ev)
        if ev.not_yet and not ev.problem:  # "GitLab.com is not involved yet"; not "X: jobs pending, none ran yet"
            for m in offs:
                add(m.offering, -w_["not_yet_penalty"] * w, ev)
            continue
        base = w_["problem_boost"] if ev.problem else (-w_["ok_penalty"] if ev.ok else w_["mention_topic"])
        for m in offs:
            sign = -abs(base) if m.negated else base
            in_move = ev.move or ev.leave
            if in_move and (m.role == "src" or not ev.problem):
                mult = w_["role_topic"]  # "moving from X to Y": context of the move, not where it fails
            elif (m.role_word or ev.src_ref or ev.dst_ref) and not ev.problem:
                mult = w_["role_topic"]  # "X is only the source"
            elif m.located:
                mult = w_["located_boost"]
            else:
                mult = 1.0
            if ev.clause.aside and not ev.problem:
                mult *= w_["aside_topic"]  # "(Omnibus, 17.2)" describes, it does not locate
            add(m.offering, sign * mult * m.weight * w, ev)
        if not offs and (ev.problem or ev.ok):
            sign = 1.0 if ev.problem else -w_["ok_penalty"]
            role_off = None
            if ev.export and not ev.imports:
                role_off = src_off
            elif ev.imports and not ev.export:
                role_off = dst_off
            elif ev.dst_ref and not ev.src_ref:
                role_off = dst_off
            elif ev.src_ref and not ev.dst_ref:
                role_off = src_off
            if role_off:
                add(role_off, sign * w_["role_problem"] * w, ev)
        if ev.problem:
            for off in ev.intrinsic:
                add(off, w_["intrinsic"] * w, ev)
    has_problem = any(ev.problem for ev in evs)
    has_technical = any(ev.technical for ev in evs)
    no_problem = any(ev.no_problem for ev in evs)
    # Buying is the question only when the problem statement itself (subject, description) is commercial;
    # "we'll buy Premium once we're done" in a comment is background.
    stated = [ev for ev in evs if ev.clause.kind in ("subject", "description")] or evs
    # A failure stated only in clauses about the buying itself, with no technical noun in them ("the checkout fails
    # at the payment step", "cannot link our subscription in the customers portal"), is that commercial question,
    # not a technical problem on an offering.
    technical_failure = any(ev.problem and not (ev.commercial and not ev.technical) for ev in evs)
    commercial_only = no_problem or (any(ev.commercial for ev in stated) and not technical_failure)
    ranked = sorted(((v, k) for k, v in scores.items() if k in offerings), reverse=True)
    offering, margin, fallback = None, 0.0, False
    if ranked and ranked[0][0] > 0:
        top = ranked[0][0]
        second = max(ranked[1][0], 0.0) if len(ranked) > 1 else 0.0
        offering, margin = ranked[0][1], (top - second) / (top + second)
    presales = not has_problem and not has_technical and move.target is None and move.hypothetical and not move.dest
    if presales:
        offering, margin = None, 0.0
    elif offering is None and (has_problem or has_technical) and paid in offerings:
        offering, margin, fallback = paid, 0.0, True
    found = ranked_clauses.get(offering, {}) if offering else {}
    snippets = sorted(found, key=found.get, reverse=True)
    return ProblemFinding(offering, dict(scores), margin, snippets[0] if snippets else None, has_problem, has_technical,
                          commercial_only, fallback, snippets=snippets, ranks=dict(found),
                          statement=next((ev.text for ev in stated if ev.problem and len(ev.text.split()) >= 3), None))
