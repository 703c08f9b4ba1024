"""How far two people agree on the labels, beside how far the judgement agrees with them.

A second annotator, who read only the labeling rules (../shared/corpus/README.md) and the items without their
labels, labelled a random sample of training tickets and replies (tests/data/second_annotator/). This prints, per
field, the share of items where the second annotator gives the same value as the set's writer, and the same share
for classify() / parse_reply(). If people disagreed often, a target such as "level and date both exact >= 0.95"
would sit above what the labels can support; if they agree, the gap to the target is the judgement's own.

Usage: .venv/bin/python benchmarks/bench_agreement.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.judgement.detect import classify  # noqa: E402
from bot.judgement.reply import parse_reply  # noqa: E402
from bot.rules.loader import load_rules  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SECOND = DATA / "second_annotator"


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def labelled(kind: str) -> dict[str, dict]:
    """Every training item of that kind by id (tests/data only; the sample was drawn from there)."""
    return {item["id"]: item for path in sorted(DATA.glob(f"fresh*_{kind}.jsonl")) for item in read(path)}


def share(pairs: list[tuple], field: str | tuple) -> float:
    fields = field if isinstance(field, tuple) else (field,)
    return sum(all(a[f] == b[f] for f in fields) for a, b in pairs) / len(pairs)


def report(kind: str, fields: list, judge) -> None:
    second = read(SECOND / f"{kind}.jsonl")
    items = labelled(kind)
    rules = load_rules()
    human = [(items[s["id"]]["expect"], s) for s in second]
    machine = [(items[s["id"]]["expect"], judge(items[s["id"]], rules)) for s in second]
    sure = [(e, s) for e, s in human if not s.get("unsure")]
    print(f"\n{kind}: {len(second)} items, {len(second) - len(sure)} marked unsure by the second annotator")
    print(f"{'field':<28}{'2nd annotator':>15}{'  (its sure items)':>19}{'judgement':>11}")
    for field in fields:
        name = "+".join(field) if isinstance(field, tuple) else field
        print(f"{name:<28}{share(human, field):>15.3f}{share(sure, field):>19.3f}{share(machine, field):>11.3f}")


def verdict(item: dict, rules) -> dict:
    out = classify(item, rules)
    return {**out, "offering_migration": out["outcome"] == "act"}


def main() -> int:
    report("replies", ["support_level", "target_date", "date_ambiguous", ("support_level", "target_date")],
           parse_reply)
    report("tickets", ["offering_migration", "problem_offering", "target_offering", "support_level", "target_date"],
           verdict)
    print("\nThe judgement's column is in-sample (these items are training data); first-sight figures are in the"
          " README. For tickets it counts 'act' as true, so an 'ask' on a true ticket counts as a disagreement.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
