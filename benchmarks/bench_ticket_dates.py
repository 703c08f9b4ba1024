"""The detector's target dates (reply_dates.choose_date runs inside classify) over the training tickets of tests/data:
exact and wrong (a non-null date that is not the label) per set; the reply parser's changes must keep 'wrong' at its
level. Never reads tests/data/held_out/. Usage: .venv/bin/python benchmarks/bench_ticket_dates.py [--wrong]"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.judgement.detect import classify  # noqa: E402
from bot.rules.loader import load_rules  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def main() -> int:
    rules = load_rules()
    exact = wrong = n = 0
    for p in sorted(DATA.glob("fresh*_tickets.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            got, want = classify(item, rules).get("target_date"), item["expect"].get("target_date")
            n += 1
            exact += got == want
            if got is not None and got != want:
                wrong += 1
                if "--wrong" in sys.argv:
                    print(f"WRONG {item['id']}: expect {want} got {got}")
    print(f"tickets {n}: target_date exact {exact}, wrong {wrong}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
