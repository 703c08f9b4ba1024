"""Learned part of the detector: linear models over hashed character n-grams of the customer's clauses.

The phrase rules know the wordings someone wrote down; these models answer the same semantic questions from
character n-grams, which carry over to idioms and languages nobody wrote a rule for ("decommissioning the box",
"siirretyistä", "이전"). Offering mentions found by the rules are replaced by tokens relative to the paid offering
(`zzpaid`, `zzother`, `zzvendor`), so one model serves every paid offering and learns "from zzpaid to zzother"
rather than particular product names.

Heads (each a logistic regression over the same features):
- `migration`: the ticket is an offering migration whose problem is on the unpaid side (the labelled verdict);
- `move`: a move between offerings is stated, whatever the verdict (the labelled target offering is set).

The weights are a small file in this package (models/), built by benchmarks/train_detector.py from the labelled
sets; nothing is downloaded. They are read once per process, on first use, never at import time.
"""
from __future__ import annotations

import json
import math
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
    """Hashed n-gram TF-IDF (sublinear tf, l2-normalised) and one logistic regression per head."""

    buckets: int
    ngram_min: int
    ngram_max: int
    idf: array  # float32 per bucket; 0 for buckets never seen in training
    coef: dict[str, array]
    intercept: dict[str, float]
    meta: dict

    def features(self, text: str) -> dict[int, float]:
        counts: dict[int, int] = {}
        mask = self.buckets - 1
        for gram in ngrams(text, self.ngram_min, self.ngram_max):
            b = zlib.crc32(gram.encode("utf-8")) & mask
            counts[b] = counts.get(b, 0) + 1
        idf = self.idf
        vec = {b: (1.0 + math.log(c)) * idf[b] for b, c in counts.items() if idf[b] > 0.0}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {b: v / norm for b, v in vec.items()}

    def predict(self, text: str) -> dict[str, float]:
        """{head: probability} for one model text."""
        vec = self.features(text)
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
    """{head: probability} for a ticket's clause evidence, relative to the paid offering."""
    return model().predict(model_text(evs, paid))
