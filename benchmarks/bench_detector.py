"""Benchmark of classify() and parse_reply() on the labelled corpus, next to a "migrat*" keyword trigger.

Usage: .venv/bin/python benchmarks/bench_detector.py [--corpus ../shared/corpus | --set e] [--details]
Odd ids are the tuning half, even ids the held-aside half; every table is printed for all, odd and even.
`--set X` reads the project's own evaluation set tests/data/fresh_X_{tickets,replies}.jsonl instead.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.judgement.detect import classify  # noqa: E402
from bot.judgement.reply import parse_reply  # noqa: E402
from bot.rules.loader import load_rules  # noqa: E402

FIELDS = ("problem_offering", "paid_offering", "target_offering", "support_level", "target_date")
KEYWORD = re.compile(r"\bmigrat\w*", re.IGNORECASE)


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def half(item: dict) -> str:
    return "odd" if int(re.sub(r"\D", "", item["id"])) % 2 else "even"


def keyword_baseline(item: dict) -> dict:
    """What a Zendesk trigger on "migrat*" in subject, description or comments would do: act or nothing."""
    t = item["ticket"]
    text = " ".join([t.get("subject") or "", t.get("description") or ""] + [c["body"] for c in t.get("comments") or []])
    out = {f: None for f in FIELDS}
    out.update(outcome="act" if KEYWORD.search(text) else "none", problem_offering="unknown", paid_offering=None)
    return out


def ticket_metrics(items: list[dict], outs: list[dict], times: list[float]) -> dict:
    truth = [i["expect"]["offering_migration"] for i in items]
    acts = [o["outcome"] == "act" for o in outs]
    asks = [o["outcome"] == "ask" for o in outs]
    tp_act = sum(a and t for a, t in zip(acts, truth))
    m = {
        "n": len(items),
        "auto_precision": tp_act / sum(acts) if any(acts) else float("nan"),
        "recall_auto_ask": sum((a or k) and t for a, k, t in zip(acts, asks, truth)) / max(1, sum(truth)),
        "auto_recall": tp_act / max(1, sum(truth)),
        "ask_rate": sum(asks) / len(items),
        "false_acts": sum(a and not t for a, t in zip(acts, truth)),
    }
    for f in FIELDS:
        m[f] = sum(o.get(f) == i["expect"][f] for o, i in zip(outs, items)) / len(items)
    m["invented"] = sum(
        (o.get(f) is not None and i["expect"][f] is None) for o, i in zip(outs, items) for f in ("support_level", "target_date")
    )
    m["wrong_values"] = sum(
        (o.get(f) is not None and i["expect"][f] is not None and o.get(f) != i["expect"][f])
        for o, i in zip(outs, items) for f in ("support_level", "target_date")
    )
    m["ms_mean"] = 1000 * sum(times) / len(times) if times else float("nan")
    m["ms_max"] = 1000 * max(times) if times else float("nan")
    return m


def reply_metrics(items: list[dict], outs: list[dict], times: list[float]) -> dict:
    e = [i["expect"] for i in items]
    lvl = [o["support_level"] == x["support_level"] for o, x in zip(outs, e)]
    dt = [o["target_date"] == x["target_date"] for o, x in zip(outs, e)]
    amb = [o["date_ambiguous"] == x["date_ambiguous"] for o, x in zip(outs, e)]
    n = len(items)
    if not n:  # a ticket-only corpus
        return {"n": 0}
    return {
        "n": n, "level": sum(lvl) / n, "date": sum(dt) / n, "ambiguity": sum(amb) / n,
        "level_and_date": sum(a and b for a, b in zip(lvl, dt)) / n,
        "all_three": sum(a and b and c for a, b, c in zip(lvl, dt, amb)) / n,
        "guessed_dates": sum(o["target_date"] is not None and o["target_date"] != x["target_date"] for o, x in zip(outs, e)),
        "invented_levels": sum(o["support_level"] is not None and x["support_level"] is None for o, x in zip(outs, e)),
        "ms_mean": 1000 * sum(times) / n, "ms_max": 1000 * max(times),
    }


def fmt(v) -> str:
    if isinstance(v, float):
        return "  n/a" if v != v else f"{v:6.3f}"
    return f"{v:>6}"


def table(title: str, rows: dict[str, dict]) -> None:
    keys = list(next(iter(rows.values())).keys())
    print(f"\n{title}")
    print(f"{'metric':<18}" + "".join(f"{name:>14}" for name in rows))
    for k in keys:
        print(f"{k:<18}" + "".join(f"{fmt(r.get(k, float('nan'))):>14}" for r in rows.values()))


def run(corpus: Path, details: bool, prefix: str = "") -> int:
    rules = load_rules()
    replies_path = corpus / f"{prefix}replies.jsonl"
    tickets, replies = load(corpus / f"{prefix}tickets.jsonl"), load(replies_path) if replies_path.is_file() else []
    classify(tickets[0], rules)  # warm the compiled rules once, as a long-running service would
    t_out, t_time = [], []
    for item in tickets:
        start = time.perf_counter()
        t_out.append(classify(item, rules))
        t_time.append(time.perf_counter() - start)
    base = [keyword_baseline(i) for i in tickets]
    r_out, r_time = [], []
    for item in replies:
        start = time.perf_counter()
        r_out.append(parse_reply(item, rules))
        r_time.append(time.perf_counter() - start)

    def sel(items, outs, times, which):
        idx = [k for k, i in enumerate(items) if which == "all" or half(i) == which]
        return [items[k] for k in idx], [outs[k] for k in idx], [times[k] for k in idx] if times else []

    rows, brows, rrows = {}, {}, {}
    for which, name in (("all", "all"), ("odd", "tune(odd)"), ("even", "held(even)")):
        rows[name] = ticket_metrics(*sel(tickets, t_out, t_time, which))
        b_items, b_outs, _ = sel(tickets, base, [], which)
        brows[name] = {k: v for k, v in ticket_metrics(b_items, b_outs, []).items()
                       if k in ("n", "auto_precision", "recall_auto_ask", "auto_recall", "ask_rate", "false_acts")}
        rrows[name] = reply_metrics(*sel(replies, r_out, r_time, which))
    table("Ticket detector (classify)", rows)
    table("Keyword baseline (Zendesk trigger on 'migrat*' -> act)", brows)
    if replies:
        table("Reply parser (parse_reply)", rrows)
    if details:
        print("\nTicket mismatches:")
        for i, o in zip(tickets, t_out):
            e = i["expect"]
            wrong = [f for f in FIELDS if o[f] != e[f]]
            bad_outcome = (o["outcome"] == "act") != e["offering_migration"] or (o["outcome"] == "none" and e["offering_migration"])
            if wrong or bad_outcome or o["outcome"] == "ask":
                print(f"  {i['id']} [{half(i)}] exp={e['offering_migration']} got={o['outcome']}({o['confidence']:.2f}) "
                      + " ".join(f"{f}:{o[f]}!={e[f]}" for f in wrong))
                print(f"      {o['reason']}")
        print("\nReply mismatches:")
        for i, o in zip(replies, r_out):
            e = i["expect"]
            if (o["support_level"], o["target_date"], o["date_ambiguous"]) != (e["support_level"], e["target_date"], e["date_ambiguous"]):
                print(f"  {i['id']} got {o['support_level']} {o['target_date']} {o['date_ambiguous']} "
                      f"exp {e['support_level']} {e['target_date']} {e['date_ambiguous']} | {o['reason']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"))
    ap.add_argument("--set", help="one of the project's evaluation sets in tests/data (e.g. 'e' for fresh_e_*); "
                                  "held-out sets, never tuned on, are in tests/data/held_out")
    ap.add_argument("--details", action="store_true", help="list every mismatch and every ask")
    args = ap.parse_args(argv)
    corpus, prefix = Path(args.corpus), ""
    if args.set:
        data, prefix = Path(__file__).resolve().parent.parent / "tests" / "data", f"fresh_{args.set}_"
        corpus = data / "held_out" if (data / "held_out" / f"{prefix}tickets.jsonl").is_file() else data
    if not (corpus / f"{prefix}tickets.jsonl").is_file():
        print(f"no tickets at {corpus / (prefix + 'tickets.jsonl')}", file=sys.stderr)
        return 2
    return run(corpus, args.details, prefix)


if __name__ == "__main__":
    sys.exit(main())
