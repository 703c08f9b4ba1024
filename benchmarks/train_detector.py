"""Rebuild the detector's learned models (bot/judgement/models/detector.{json,bin}) and print their figures.

Usage (needs the `train` extra: pip install -e '.[train]'):
    .venv/bin/python benchmarks/train_detector.py          # leave-one-set-out figures, then write the model
    .venv/bin/python benchmarks/train_detector.py --loso   # figures only (also --cv-only), the packaged model is left alone
    .venv/bin/python benchmarks/train_detector.py --loso --grid  # also search the learned_* thresholds (to judge by hand)
                                                                 # and print the nested check (thresholds chosen
                                                                 # without each rules-blind set, scored on it)

Training data: every labelled ticket set the project may tune on: ../shared/corpus/tickets.jsonl and
tests/data/fresh*_tickets.jsonl (never tests/data/held_out/). Deterministic: the features are hashed with crc32,
the solver (lbfgs) has no randomness, and the seed is fixed anyway; the same files give the same bytes.

The model: four text heads (logistic regressions over hashed character 2-5-grams and word 1-2-grams, TF-IDF:
"migration", "move", and where the problem lies relative to the paid side, "unpaid" and "ppaid") and a verdict model over their log-odds and the phrase rules' findings (learned.findings). The verdict model is trained
only on the sets the rules were never tuned on (m onwards, RULES_TUNED below), on the text heads' out-of-set scores:
there the findings are as (un)reliable as on a new set, so it learns how far to trust them.

Leave-one-set-out (LOSO): for each set, the text heads are trained on all the other sets, the verdict model on the
other rules-blind sets, and the set is classified with the full detector (rules + those models + the thresholds of
detector.toml), which is what a blind set would see. The pooled "rules-blind sets" line is the honest proxy of a
first sight; the rules themselves were tuned on the other sets, so those figures flatter them. The thresholds were
chosen on the same pooled out-of-set votes (--grid), so that line is slightly optimistic too. About 2 minutes on a
quiet 2-core machine (15-25 under load, more with --grid).
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
WORDS: tuple[int, int] | None = (1, 2)
WORD_WEIGHT = 0.5
FINDING_WEIGHT = 0.0
STACK_C = 1.0
C = 4.0
# sets the phrase rules were tuned on; every later set (m onwards) was written blind and moved to training for the
# learned models only, so its leave-one-set-out figures are the honest proxy of a first sight (the tuned sets flatter
# the rules), and only those sets train the verdict model
# zf, tp, tr and ts (2026-12-07): the phrase rules were tuned on their kinds (lay wording, move words and from/to
# words in more languages), so they no longer train the verdict model either
# zp and zq (2026-12-07, seventh session): written blind, measured once on arrival, then the phrase rules were tuned on
# their kinds (move words in more of their forms, self-run installations, 'maybe' in more languages)
RULES_TUNED = {"corpus", "fresh", *(f"fresh_{x}" for x in "bcdefghijkl"), "fresh_zf", "fresh_tp", "fresh_tr", "fresh_ts",
               "fresh_zp", "fresh_zq", "fresh_zv", "fresh_zw"}
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


def proto(words, word_weight: float, finding_weight: float) -> learned.LinearHeads:
    """An untrained model holding the feature settings, so training counts exactly what run time will count."""
    meta = {"words": list(words) if words else None, "word_weight": word_weight, "finding_weight": finding_weight}
    return learned.LinearHeads(BUCKETS, NGRAMS[0], NGRAMS[1], array("f"), {}, {}, meta)


def fit(docs: list[tuple[list[dict[int, int]], list[str]]], labels: dict[str, list[tuple[int, bool]]],
        base: learned.LinearHeads) -> learned.LinearHeads:
    """idf over all training documents; one logistic regression per head over the documents it has labels for."""
    df = np.zeros(BUCKETS)
    for blocks, _ in docs:
        for d in blocks:
            df[list(d)] += 1
    n = len(docs)
    idf = np.where(df > 0, np.log((1 + n) / (1 + df)) + 1.0, 0.0).astype(np.float32)
    heads = learned.LinearHeads(BUCKETS, base.ngram_min, base.ngram_max, array("f", idf.tobytes()), {}, {}, base.meta)
    scales = (1.0, float(base.meta.get("word_weight", 1.0)))
    fw = float(base.meta.get("finding_weight", 0.0))
    rows, cols, vals = [], [], []
    for i, (blocks, names) in enumerate(docs):
        out: dict[int, float] = {}
        for d, scale in zip(blocks, scales):
            v = {b: (1.0 + math.log(c)) * float(idf[b]) for b, c in d.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            for b, x in v.items():
                out[b] = out.get(b, 0.0) + scale * x / norm
        if fw:
            for name in names:
                b = zlib.crc32(f"\x03{name}".encode("utf-8")) & (BUCKETS - 1)
                out[b] = out.get(b, 0.0) + fw
        rows += [i] * len(out)
        cols += list(out)
        vals += list(out.values())
    X = csr_matrix((vals, (rows, cols)), shape=(n, BUCKETS))
    coef, intercept = {}, {}
    for head, pairs in labels.items():
        idx = [i for i, _ in pairs]
        clf = LogisticRegression(C=C, max_iter=5000, class_weight="balanced", random_state=SEED)
        clf.fit(X[idx], [y for _, y in pairs])
        coef[head] = array("f", clf.coef_[0].astype(np.float32).tobytes())
        intercept[head] = float(clf.intercept_[0])
    return learned.LinearHeads(BUCKETS, base.ngram_min, base.ngram_max, heads.idf, coef, intercept,
                               {**base.meta, "trained_on": n, "C": C})


def fit_stack(scores: list[dict], names: list[list[str]], truth: list[bool], c: float) -> dict:
    """The verdict model: a logistic regression over learned.stack_features, weights kept by name."""
    rows = [learned.stack_features(sc, nm) for sc, nm in zip(scores, names)]
    keys = sorted({k for r in rows for k in r})
    X = np.array([[r.get(k, 0.0) for k in keys] for r in rows])
    clf = LogisticRegression(C=c, max_iter=5000, random_state=SEED)
    clf.fit(X, truth)
    return {"intercept": round(float(clf.intercept_[0]), 6),
            "weights": {k: round(float(w), 6) for k, w in zip(keys, clf.coef_[0]) if abs(w) > 1e-9},
            "trained_on": len(rows), "C": c}


def head_labels(items: list[dict], analyses: list, idx: list[int]) -> dict[str, list[tuple[int, bool]]]:
    return {
        "migration": [(k, items[i]["expect"]["offering_migration"]) for k, i in enumerate(idx)
                      if analyses[i].paid in SINGLE],
        "move": [(k, items[i]["expect"]["target_offering"] is not None) for k, i in enumerate(idx)],
        # where the problem lies relative to the paid side (learned._SIDE_HEADS): an offering the org does not pay for,
        # or the paid one ("unknown" is neither)
        "unpaid": [(k, items[i]["expect"].get("problem_offering") not in (analyses[i].paid, "unknown", None))
                   for k, i in enumerate(idx) if analyses[i].paid in SINGLE],
        "ppaid": [(k, items[i]["expect"].get("problem_offering") == analyses[i].paid) for k, i in enumerate(idx)
                  if analyses[i].paid in SINGLE],
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
    ap.add_argument("--cv-only", "--loso", action="store_true", dest="cv_only",
                    help="leave-one-set-out figures only, the packaged model is left alone")
    ap.add_argument("--grid", action="store_true", help="search the learned_* thresholds on the out-of-set scores")
    ap.add_argument("--details", action="store_true", help="list the out-of-set errors and asks with their scores")
    ap.add_argument("--dump", help="write the out-of-set scores with the rules' findings as JSON lines here")
    ap.add_argument("--out", default=str(learned.MODEL_DIR))
    ap.add_argument("--C", type=float, default=C, help="inverse regularisation strength (experiments)")
    ap.add_argument("--ngrams", default=f"{NGRAMS[0]},{NGRAMS[1]}", help="character n-gram sizes lo,hi (experiments)")
    ap.add_argument("--words", default=f"{WORDS[0]},{WORDS[1]}" if WORDS else "0",
                    help="word n-gram sizes lo,hi, 0 for none (experiments)")
    ap.add_argument("--word-weight", type=float, default=WORD_WEIGHT, help="scale of the word block (experiments)")
    ap.add_argument("--finding-weight", type=float, default=FINDING_WEIGHT,
                    help="value of each of the rules' findings, 0 for none (experiments)")
    ap.add_argument("--stack-C", type=float, default=STACK_C,
                    help="inverse regularisation of the verdict model, 0 for none (experiments)")
    args = ap.parse_args(argv)
    C, NGRAMS = args.C, tuple(int(x) for x in args.ngrams.split(","))
    words = tuple(int(x) for x in args.words.split(",")) if args.words != "0" else None
    base = proto(words, args.word_weight, args.finding_weight)
    np.random.seed(SEED)
    rules = load_rules()
    t = dict(detector_lexicon(rules).t)
    sets = load_sets(Path(args.corpus))
    items = [it for name in sets for it in sets[name]]
    group = [name for name in sets for _ in sets[name]]
    analyses = [analyse(it, rules) for it in items]
    texts = [learned.model_text(a.evs, a.paid) for a in analyses]
    finds = [learned.findings(a) for a in analyses]
    docs = [(base.counts(x), f) for x, f in zip(texts, finds)]
    non_en = [not english(x) for x in texts]

    # leave one set out: out-of-set probabilities for every ticket
    oof: list[dict | None] = [None] * len(items)
    for name in sets:
        train = [i for i, g in enumerate(group) if g != name]
        heads = fit([docs[i] for i in train], head_labels(items, analyses, train), base)
        for i, g in enumerate(group):
            if g == name:
                oof[i] = heads.predict(texts[i], finds[i])

    # the verdict model over the text heads and the rules' findings, trained only on the rules-blind sets (where the
    # findings are as good as on a new set); each rules-blind set is scored by a verdict model trained without it
    single = [i for i, a in enumerate(analyses) if a.paid in SINGLE]
    blind = [n for n in sets if n not in RULES_TUNED]
    stacks = {}
    if args.stack_C > 0:
        for name in blind + ["*"]:
            train = [i for i in single if group[i] not in RULES_TUNED and group[i] != name]
            stacks[name] = fit_stack([oof[i] for i in train], [finds[i] for i in train],
                                     [items[i]["expect"]["offering_migration"] for i in train], args.stack_C)
        for i in single:
            oof[i] = {**oof[i], "verdict": learned.verdict(stacks.get(group[i], stacks["*"]), oof[i], finds[i])}

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
        idx = [i for i in range(len(items)) if group[i] not in RULES_TUNED]
        print(line("rules-blind sets", figures([items[i] for i in idx], [outs[i] for i in idx]))
              + "   (" + ", ".join(sorted(n.removeprefix("fresh_") for n in sets if n not in RULES_TUNED)) + ")")

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
        # judged on the rules-blind sets pooled (the others flatter the rules): precision >= 0.985 first, then an ask
        # rate <= 0.14 (a margin under the 0.15 target), then act-only recall plus recall with asks. Nested check: for
        # each rules-blind set, the thresholds chosen on the other rules-blind sets, scored on that set
        keys = ("learned_keep_act_unknown", "learned_promote", "learned_ask", "learned_act_sure",
                "learned_act_sure_unknown", "learned_ask_against")
        grid = list(itertools.product([0.8, 0.85, 0.9, 0.95], [0.85, 0.9, 0.95], [0.2, 0.3, 0.4], [0.8, 0.85, 0.9],
                                      [0.85, 0.9, 0.93, 0.96, 0.99], [0.6, 0.8, 1.01]))
        pool = [i for i, g in enumerate(group) if g not in RULES_TUNED]
        blind_sets = sorted({group[i] for i in pool})
        stats = []  # per thresholds, per set: true acts, acts, true found (act or ask), asks, tickets, true
        for values in grid:
            tt = {**t, **dict(zip(keys, values))}
            per = {name: np.zeros(6) for name in blind_sets}
            for i in pool:
                o, y = blend(rules, analyses[i], oof[i], tt)[0], items[i]["expect"]["offering_migration"]
                per[group[i]] += [o == "act" and y, o == "act", o != "none" and y, o == "ask", 1, y]
            stats.append(per)

        def pooled(vec) -> dict:
            tp, acts, hit, asks, n, true = vec
            return {"n": int(n), "act_precision": tp / acts if acts else float("nan"),
                    "recall_act_ask": hit / max(1, true), "act_recall": tp / max(1, true),
                    "ask_rate": asks / max(1, n), "false_acts": int(acts - tp)}

        def rank(k: int, without: str | None = None) -> tuple:
            f = pooled(sum(v for name, v in stats[k].items() if name != without))
            return (min(f["act_precision"], 0.985), -max(0.0, f["ask_rate"] - 0.14), f["act_recall"] + f["recall_act_ask"])

        order = sorted(range(len(grid)), key=rank, reverse=True)
        print("\nBest thresholds on the out-of-set scores, rules-blind sets pooled (" + ", ".join(keys) + ")")
        for k in order[:12]:
            print(grid[k], line("rules-blind", pooled(sum(stats[k].values()))))
        nested = np.zeros(6)
        print("\nNested: thresholds chosen without the set, scored on it")
        for name in blind_sets:
            k = max(range(len(grid)), key=lambda k: rank(k, name))
            nested += stats[k][name]
            print(grid[k], line(name, pooled(stats[k][name])))
        print(line("nested rules-blind", pooled(nested)))
        report(f"The best thresholds {grid[order[0]]}, every set", run({**t, **dict(zip(keys, grid[order[0]]))}, True))

    if args.cv_only:
        return 0
    heads = fit(docs, head_labels(items, analyses, list(range(len(items)))), base)
    heads = learned.LinearHeads(heads.buckets, heads.ngram_min, heads.ngram_max, heads.idf, heads.coef,
                                heads.intercept, {**heads.meta, "sets": sorted(sets), "seed": SEED,
                                                  "stack": stacks.get("*")})
    paths = learned.save(Path(args.out), heads)
    print("\nwrote " + ", ".join(f"{p} ({p.stat().st_size // 1024} KiB)" for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
