"""Learned part of the detector: linear models over hashed character n-grams, words and the rules' findings.

The phrase rules know the wordings someone wrote down; these models answer the same semantic questions from
character n-grams, which carry over to idioms and languages nobody wrote a rule for ("decommissioning the box",
"siirretyistä", "이전"). Offering mentions found by the rules are replaced by tokens relative to the paid offering
(`zzpaid`, `zzother`, `zzvendor`), so one model serves every paid offering and learns "from zzpaid to zzother"
rather than particular product names.

Text heads (logistic regressions over character 2-5-grams inside words and word 1-2-grams, TF-IDF):
- `migration`: the ticket is an offering migration whose problem is on the unpaid side (the labelled verdict);
- `move`: a move between offerings is stated, whatever the verdict (the labelled target offering is set);
- `unpaid`, `ppaid`: the problem concerns an offering the org does not pay for / the paid one (the labelled
  problem offering relative to the paid side), so the verdict can weigh the text against where the rules place the
  problem, which they read from offering names and failure words they may not know in that language.

The verdict (meta "stack"): a small logistic regression over the text heads' log-odds and what the phrase rules
found, as named features (`findings`: "the problem is on the unpaid side", "the paid offering is named", "a move
word was read", the rules' own verdict, their conjunctions): the text says how a move is worded, the findings say
where the offerings stand, whatever the language. It is trained only on sets the rules were never tuned on, from
the text heads' out-of-set scores, so it learns how far the rules can be trusted on text they have not seen.
(The text heads can also take the findings as features, meta "finding_weight"; measured worse, so 0.)

The weights are a small file in this package (models/), built by benchmarks/train_detector.py from the labelled
sets; nothing is downloaded. They are read once per process, on first use, never at import time.
"""
from __future__ import annotations

import json
import math
import re
import threading
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_NAME = "detector"
_SKIPPED_KINDS = ("agent", "denied")  # an agent's words and a denied question are not the customer's statement


@dataclass(frozen=True)
class LinearHeads:
    """Hashed TF-IDF blocks (sublinear tf, each block l2-normalised and scaled) and one logistic regression per head.

    Blocks: character n-grams inside words (always), word unigrams and bigrams (meta "words" = [lo, hi], weight
    meta "word_weight"), the rules' findings (weight meta "finding_weight", no idf, not normalised)."""

    buckets: int
    ngram_min: int
    ngram_max: int
    idf: array  # float32 per bucket; 0 for buckets never seen in training
    coef: dict[str, array]
    intercept: dict[str, float]
    meta: dict

    def counts(self, text: str) -> list[dict[int, int]]:
        """Hashed counts per block of one model text: [char n-grams, words]."""
        mask = self.buckets - 1
        blocks: list[dict[int, int]] = []
        words = self.meta.get("words")
        for grams in (ngrams(text, self.ngram_min, self.ngram_max),
                      wordgrams(text, int(words[0]), int(words[1])) if words else ()):
            counts: dict[int, int] = {}
            for gram in grams:
                b = zlib.crc32(gram.encode("utf-8")) & mask
                counts[b] = counts.get(b, 0) + 1
            blocks.append(counts)
        return blocks

    def features(self, text: str, findings: tuple[str, ...] | list[str] = ()) -> dict[int, float]:
        idf = self.idf
        out: dict[int, float] = {}
        scales = (1.0, float(self.meta.get("word_weight", 1.0)))
        for counts, scale in zip(self.counts(text), scales):
            vec = {b: (1.0 + math.log(c)) * idf[b] for b, c in counts.items() if idf[b] > 0.0}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            for b, v in vec.items():
                out[b] = out.get(b, 0.0) + scale * v / norm
        fw = float(self.meta.get("finding_weight", 0.0))
        if fw:
            mask = self.buckets - 1
            for name in findings:
                b = zlib.crc32(f"\x03{name}".encode("utf-8")) & mask
                out[b] = out.get(b, 0.0) + fw
        return out

    def predict(self, text: str, findings: tuple[str, ...] | list[str] = ()) -> dict[str, float]:
        """{head: probability} for one model text and the rules' findings."""
        vec = self.features(text, findings)
        out = {}
        for head, coef in self.coef.items():
            z = self.intercept[head] + sum(v * coef[b] for b, v in vec.items())
            out[head] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out


def ngrams(text: str, lo: int, hi: int):
    """Character n-grams inside word boundaries (each word padded with one space), as scikit-learn's char_wb."""
    for word in text.lower().split():
        word = f" {word} "
        length = len(word)
        for n in range(lo, min(hi, length) + 1):
            for i in range(length - n + 1):
                yield word[i : i + n]


_WORD = re.compile(r"\w+")


def wordgrams(text: str, lo: int, hi: int):
    """Word n-grams (lo..hi words) within each line, marked apart from the character n-grams."""
    for line in text.lower().split("\n"):
        words = _WORD.findall(line)
        for n in range(lo, hi + 1):
            for i in range(len(words) - n + 1):
                yield "\x02" + " ".join(words[i : i + n])


MARGIN = 0.3  # the rules' problem_margin when the features were defined; fixed so the features do not move with it


def findings(a) -> list[str]:
    """Names for what the phrase rules found in one ticket (a detect.Analysis), relative to its paid offering."""
    paid, move, problem = a.paid, a.move, a.problem
    prob = problem.offering
    named = {m.offering for ev in a.evs for m in ev.mentions if ev.clause.kind not in _SKIPPED_KINDS}
    move_word = any((ev.move or ev.leave) and not ev.hypothetical and not ev.no_move for ev in a.evs
                    if ev.clause.kind not in _SKIPPED_KINDS)
    place = "none" if prob is None else "paid" if prob == paid else "unpaid"
    sure = problem.margin >= MARGIN and not problem.fallback
    against = bool(move.hypothetical) or move.blocked or move.intra or move.vendor_src > 0 or problem.commercial_only
    out = [f"rules_{a.outcome}", f"prob_{place}", f"prob_{place}_{'sure' if sure else 'weak'}"]
    flags = {
        "target": move.target is not None, "target_is_prob": move.target is not None and move.target == prob,
        "left_paid": move.left_paid, "hypothetical": bool(move.hypothetical), "blocked": move.blocked,
        "intra": move.intra, "vendor": move.vendor_src > 0, "implicit": move.implicit, "hearsay": move.hearsay,
        "commercial": problem.commercial_only, "failure_word": problem.has_problem, "technical": problem.has_technical,
        "paid_named": paid in named, "other_named": bool(named - {paid, "vendor"}), "move_word": move_word,
        "src_paid": move.src.get(paid, 0.0) > 0, "against": against,
    }
    out += [k for k, v in flags.items() if v]
    for k in ("target", "left_paid", "paid_named", "move_word", "against", "failure_word"):
        if flags[k]:
            out.append(f"prob_{place}&{k}")
    if place == "unpaid" and not flags["paid_named"] and not flags["move_word"] and not flags["target"]:
        out.append("unpaid_alone")
    if not a.known:
        out.append("unknown_lang")  # the rules may miss the words that make or undo a move: trust the text more
    return out


def model_text(evs, paid: str) -> str:
    """The customer's clauses, offering mentions replaced by their relation to the paid offering."""
    lines = []
    for ev in evs:
        kind = ev.clause.kind
        if kind in _SKIPPED_KINDS:
            continue
        text, parts, pos = ev.text, [], 0
        for m in ev.mentions:
            if m.start < pos:
                continue
            token = "zzvendor" if m.offering == "vendor" else "zzpaid" if m.offering == paid else "zzother"
            parts += [text[pos : m.start], f" {token} "]
            pos = m.end
        parts.append(text[pos:])
        lines.append(("zzquoted " if kind == "quoted" else "") + "".join(parts))
    return "\n".join(lines)


def save(directory: Path, heads: LinearHeads) -> list[Path]:
    """Write the model as <name>.json (sizes, intercepts, figures) and <name>.bin (float32 arrays)."""
    directory.mkdir(parents=True, exist_ok=True)
    names = sorted(heads.coef)
    meta = {**heads.meta, "buckets": heads.buckets, "ngram": [heads.ngram_min, heads.ngram_max], "heads": names,
            "intercept": {h: heads.intercept[h] for h in names}, "layout": ["idf", *names]}
    blob = array("f", heads.idf)
    for h in names:
        blob.extend(heads.coef[h])
    js, bn = directory / f"{MODEL_NAME}.json", directory / f"{MODEL_NAME}.bin"
    js.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    with bn.open("wb") as fh:
        blob.tofile(fh)
    return [js, bn]


def load(directory: Path = MODEL_DIR) -> LinearHeads:
    meta = json.loads((directory / f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
    n = int(meta["buckets"])
    blob = array("f")
    with (directory / f"{MODEL_NAME}.bin").open("rb") as fh:
        blob.fromfile(fh, n * len(meta["layout"]))
    parts = {name: blob[i * n : (i + 1) * n] for i, name in enumerate(meta["layout"])}
    return LinearHeads(n, int(meta["ngram"][0]), int(meta["ngram"][1]), parts["idf"],
                       {h: parts[h] for h in meta["heads"]}, {h: float(v) for h, v in meta["intercept"].items()}, meta)


_LOCK = threading.Lock()
_MODEL: LinearHeads | None = None


def model() -> LinearHeads:
    """The packaged model, read on first use and kept for the life of the process."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = load()
    return _MODEL


def score(evs, paid: str) -> dict[str, float]:
    """{head: probability} for a ticket's clause evidence alone (no findings), relative to the paid offering."""
    return model().predict(model_text(evs, paid))


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1.0 - 1e-4)
    return math.log(p / (1.0 - p))


def stack_features(scores: dict[str, float], names: list[str]) -> dict[str, float]:
    """Inputs of the verdict model: the text heads' log-odds, the rules' findings, and the log-odds of the text heads
    that judge the whole ticket ("migration") or where its problem lies ("unpaid", "ppaid") beside the findings that
    change how far they can be trusted (the rules' own reading of the problem's side, their verdict, the language)."""
    mig = _logit(scores["migration"])
    out = {"migration": mig, "move": _logit(scores["move"])}
    side = {h: _logit(scores[h]) for h in _SIDE_HEADS if h in scores}
    out.update(side)
    for name in names:
        out[name] = 1.0
        if name in _STACK_CROSS:
            out[f"{name}*migration"] = mig
            for h, z in side.items():
                out[f"{name}*{h}"] = z
    return out


# text heads on the problem's side, relative to the paid offering (labelled problem_offering): "unpaid" (an offering
# the org does not pay for), "ppaid" (the paid one); models trained before them have neither
_SIDE_HEADS = ("unpaid", "ppaid")
_STACK_CROSS = {"rules_act", "rules_ask", "prob_unpaid", "prob_paid", "paid_named", "move_word", "target", "against",
                "unpaid_alone", "left_paid", "unknown_lang"}


def verdict(stack: dict, scores: dict[str, float], names: list[str]) -> float:
    """The verdict model (a logistic regression trained on sets the phrase rules were never tuned on): how likely the
    ticket is an offering migration with the problem on the unpaid side, from the text heads and the rules' findings."""
    w = stack["weights"]
    z = stack["intercept"] + sum(v * w.get(k, 0.0) for k, v in stack_features(scores, names).items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def score_analysis(a) -> dict[str, float]:
    """{head: probability} for a ticket the rules have analysed (detect.Analysis): the text heads and, when the model
    has one, the verdict over them and the rules' findings."""
    m = model()
    names = findings(a)
    scores = m.predict(model_text(a.evs, a.paid), names)
    if m.meta.get("stack"):
        scores["verdict"] = verdict(m.meta["stack"], scores, names)
    return scores


score_analysis.wants_analysis = True  # classify() passes it the rules' Analysis, not (evs, paid)
