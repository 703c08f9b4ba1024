"""Rebuild the detector's learned models (bot/judgement/models/detector.{json,bin}) and print their figures.

Usage (needs the `train` extra: pip install -e '.[train]'):
    .venv/bin/python benchmarks/train_detector.py            # leave-one-set-out figures, then write the model
    .venv/bin/python benchmarks/train_detector.py --cv-only  # figures only, the packaged model is left alone
    .venv/bin/python benchmarks/train_detector.py --grid     # also search the learned_* thresholds (to judge by hand)

Training data: every labelled ticket set the project may tune on: ../shared/corpus/tickets.jsonl and
tests/data/fresh*_tickets.jsonl (never tests/data/held_out/). Deterministic: the features are hashed with crc32,
the solver (lbfgs) has no randomness, and the seed is fixed anyway; the same files give the same bytes.

Leave-one-set-out: for each set, the models are trained on all the other sets and the set is classified with the
full detector (rules + those models + the thresholds of detector.toml), which is what a blind set would see; the
rules themselves were tuned on every set but m, so their own figures on the other sets are not blind.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
import zlib
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from bot.judgement import learned  # noqa: E402
from bot.judgement.detect import analyse, blend, classify  # noqa: E402
from bot.judgement.detect_lexicon import detector_lexicon  # noqa: E402
from bot.rules.loader import load_rules  # noqa: E402

SEED = 0
BUCKETS = 1 << 18
NGRAMS = (2, 5)
C = 4.0
SINGLE = ("self_managed", "saas", "dedicated")
EN_WORDS = re.compile(r"\b(the|and|we|our|is|to|on|of|for|with|it|but|are|have)\b", re.I)


def load_sets(corpus: Path) -> dict[str, list[dict]]:
    files = {"corpus": corpus} | {p.name.removesuffix("_tickets.jsonl"): p
                                  for p in sorted((ROOT / "tests" / "data").glob("fresh*_tickets.jsonl"))}
    return {name: [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
            for name, p in files.items()}


def english(text: str) -> bool:
    words = re.findall(r"\w+", text)
    return bool(words) and len(EN_WORDS.findall(text)) / len(words) > 0.12


def counts(text: str) -> dict[int, int]:
    out: dict[int, int] = {}
    for gram in learned.ngrams(text, *NGRAMS):
        b = zlib.crc32(gram.encode("utf-8")) & (BUCKETS - 1)
        out[b] = out.get(b, 0) + 1
    return out


def fit(docs: list[dict[int, int]], labels: dict[str, list[tuple[int, bool]]]) -> learned.LinearHeads:
    """idf over all training documents; one logistic regression per head over the documents it has labels for."""
    df = np.zeros(BUCKETS)
    for d in docs:
        df[list(d)] += 1
    n = len(docs)
    idf = np.where(df > 0, np.log((1 + n) / (1 + df)) + 1.0, 0.0)
    rows, cols, vals = [], [], []
    for i, d in enumerate(docs):
        v = {b: (1.0 + math.log(c)) * idf[b] for b, c in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        rows += [i] * len(v)
        cols += list(v)
        vals += [x / norm for x in v.values()]
    X = csr_matrix((vals, (rows, cols)), shape=(n, BUCKETS))
    coef, intercept = {}, {}
    for head, pairs in labels.items():
        idx = [i for i, _ in pairs]
        clf = LogisticRegression(C=C, max_iter=5000, class_weight="balanced", random_state=SEED)
        clf.fit(X[idx], [y for _, y in pairs])
        coef[head] = array("f", clf.coef_[0].astype(np.float32).tobytes())
        intercept[head] = float(clf.intercept_[0])
    return learned.LinearHeads(BUCKETS, NGRAMS[0], NGRAMS[1], array("f", idf.astype(np.float32).tobytes()),
                               coef, intercept, {"trained_on": n, "C": C})


def head_labels(items: list[dict], analyses: list, idx: list[int]) -> dict[str, list[tuple[int, bool]]]:
    return {
        "migration": [(k, items[i]["expect"]["offering_migration"]) for k, i in enumerate(idx)
                      if analyses[i].paid in SINGLE],
        "move": [(k, items[i]["expect"]["target_offering"] is not None) for k, i in enumerate(idx)],
    }


def figures(items: list[dict], outs: list[dict]) -> dict:
    truth = [i["expect"]["offering_migration"] for i in items]
    acts = [o["outcome"] == "act" for o in outs]
    asks = [o["outcome"] == "ask" for o in outs]
    tp = sum(a and t for a, t in zip(acts, truth))
    return {"n": len(items), "act_precision": tp / sum(acts) if any(acts) else float("nan"),
            "recall_act_ask": sum((a or k) and t for a, k, t in zip(acts, asks, truth)) / max(1, sum(truth)),
            "act_recall": tp / max(1, sum(truth)), "ask_rate": sum(asks) / max(1, len(items)),
            "false_acts": sum(a and not t for a, t in zip(acts, truth))}


def line(name: str, f: dict) -> str:
    return (f"{name:<22}{f['n']:>5}{f['act_precision']:>9.3f}{f['recall_act_ask']:>9.3f}{f['act_recall']:>9.3f}"
            f"{f['ask_rate']:>9.3f}{f['false_acts']:>7}")


HEADER = f"{'set':<22}{'n':>5}{'act prec':>9}{'rec a+a':>9}{'act rec':>9}{'ask':>9}{'false':>7}"


def main(argv: list[str] | None = None) -> int:
    global C, NGRAMS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "tickets.jsonl"))
    ap.add_argument("--cv-only", action="store_true", help="print the figures, do not write the model")
    ap.add_argument("--grid", action="store_true", help="search the learned_* thresholds on the out-of-set scores")
    ap.add_argument("--details", action="store_true", help="list the out-of-set errors and asks with their scores")
    ap.add_argument("--dump", help="write the out-of-set scores with the rules' findings as JSON lines here")
    ap.add_argument("--out", default=str(learned.MODEL_DIR))
    ap.add_argument("--C", type=float, default=C, help="inverse regularisation strength (experiments)")
    ap.add_argument("--ngrams", default=f"{NGRAMS[0]},{NGRAMS[1]}", help="character n-gram sizes lo,hi (experiments)")
    args = ap.parse_args(argv)
    C, NGRAMS = args.C, tuple(int(x) for x in args.ngrams.split(","))
    np.random.seed(SEED)
    rules = load_rules()
    t = dict(detector_lexicon(rules).t)
    sets = load_sets(Path(args.corpus))
    items = [it for name in sets for it in sets[name]]
    group = [name for name in sets for _ in sets[name]]
    analyses = [analyse(it, rules) for it in items]
    texts = [learned.model_text(a.evs, a.paid) for a in analyses]
    docs = [counts(x) for x in texts]
    non_en = [not english(x) for x in texts]

    # leave one set out: out-of-set probabilities for every ticket
    oof: list[dict | None] = [None] * len(items)
    for name in sets:
        train = [i for i, g in enumerate(group) if g != name]
        heads = fit([docs[i] for i in train], head_labels(items, analyses, train))
        for i, g in enumerate(group):
            if g == name:
                oof[i] = heads.predict(texts[i])

    def run(tt: dict, scored: bool) -> list[dict]:
        if tt is not t:  # thresholds under search: only the verdict is needed
            return [{"outcome": blend(rules, a, oof[i], tt)[0]} for i, a in enumerate(analyses)]
        return [classify(it, rules, scorer=(lambda evs, paid, i=i: oof[i]) if scored else None)
                for i, it in enumerate(items)]

    def report(title: str, outs: list[dict]) -> None:
        print(f"\n{title}\n{HEADER}")
        for name in sets:
            idx = [i for i, g in enumerate(group) if g == name]
            print(line(name, figures([items[i] for i in idx], [outs[i] for i in idx])))
        print(line("all", figures(items, outs)))
        idx = [i for i in range(len(items)) if non_en[i]]
        print(line("non-English (all sets)", figures([items[i] for i in idx], [outs[i] for i in idx])))

    report("Rules alone (tuned on every set but m: only m is a first sight)", run(t, False))
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for i, (it, a) in enumerate(zip(items, analyses)):
                fh.write(json.dumps({"id": it["id"], "set": group[i], "truth": it["expect"]["offering_migration"],
                                     "paid": a.paid, "rules": a.outcome, "target": a.move.target,
                                     "problem": a.problem.offering, "margin": a.problem.margin,
                                     "hypothetical": bool(a.move.hypothetical), "blocked": a.move.blocked,
                                     "intra": a.move.intra, "non_english": non_en[i], **(oof[i] or {})}) + "\n")
    loso = run(t, True)
    report("Rules + learned models, leave-one-set-out (each set scored by models trained without it)", loso)
    if args.details:
        for i, (it, o) in enumerate(zip(items, loso)):
            y = it["expect"]["offering_migration"]
            if o["outcome"] == "ask" or (o["outcome"] == "act") != y:
                sc = " ".join(f"{k} {v:.2f}" for k, v in (oof[i] or {}).items())
                print(f"  {it['id']} truth={y} rules={analyses[i].outcome} got={o['outcome']} {sc} | {o['reason'][:150]}")

    if args.grid:
        keys = ("learned_keep_act", "learned_promote", "learned_promote_move", "learned_ask", "learned_drop_ask")
        grid = itertools.product([0.3, 0.4, 0.5], [0.55, 0.6, 0.65, 0.7, 0.8], [0.5, 0.6, 0.7, 0.8, 0.9],
                                 [0.55, 0.6, 0.7], [0.0, 0.3, 0.4, 0.5])
        ranked = []
        for values in grid:
            tt = {**t, **dict(zip(keys, values))}
            outs = run(tt, True)
            per = [figures([items[i] for i, g in enumerate(group) if g == n], [outs[i] for i, g in enumerate(group) if g == n])
                   for n in sets if len(sets[n]) >= 40]
            worst_p = min(f["act_precision"] for f in per if f["act_precision"] == f["act_precision"])
            score = (min(worst_p, 0.98), min(0.95, min(f["recall_act_ask"] for f in per)),
                     -max(0.0, max(f["ask_rate"] for f in per) - 0.15), sum(f["act_recall"] for f in per))
            ranked.append((score, values, figures(items, outs)))
        ranked.sort(key=lambda r: r[0], reverse=True)
        print("\nBest thresholds on the out-of-set scores (" + ", ".join(keys) + ")")
        for score, values, f in ranked[:8]:
            print(values, line("all", f), f"worst set precision {score[0]:.3f}, worst set recall {score[1]:.3f}")

    if args.cv_only:
        return 0
    heads = fit(docs, head_labels(items, analyses, list(range(len(items)))))
    heads = learned.LinearHeads(heads.buckets, heads.ngram_min, heads.ngram_max, heads.idf, heads.coef,
                                heads.intercept, {**heads.meta, "sets": sorted(sets), "seed": SEED})
    paths = learned.save(Path(args.out), heads)
    print("\nwrote " + ", ".join(f"{p} ({p.stat().st_size // 1024} KiB)" for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
