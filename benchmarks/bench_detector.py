"""Benchmark of classify() and parse_reply() on labelled sets, next to a "migrat*" keyword trigger.

Usage: .venv/bin/python benchmarks/bench_detector.py [--corpus ../shared/corpus | --set e [--set f ...] |
           --tickets PATH [--replies PATH] | --all-sets] [--details]
First one line per set: the detector's act precision, recall (act + ask), act-only recall, ask rate, false acts and
p50/p95 milliseconds per ticket (in process, rules and models loaded once), beside the keyword trigger's figures.
For a single set, the detailed tables follow (odd ids the tuning half, even ids the held-aside half).
`--set X` reads tests/data/held_out/fresh_X_* if there, else tests/data/fresh_X_*; `--tickets` reads any file (a
set kept outside the repository); `--all-sets` the corpus and every set in tests/data and tests/data/held_out.
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

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
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


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def summary_row(name: str, tickets: list[dict], outs: list[dict], times: list[float]) -> str:
    m = ticket_metrics(tickets, outs, times)
    k = ticket_metrics(tickets, [keyword_baseline(i) for i in tickets], [])
    return (f"{name:<14}{m['n']:>5}{fmt(m['auto_precision']):>8}{fmt(m['recall_auto_ask']):>8}{fmt(m['auto_recall']):>8}"
            f"{fmt(m['ask_rate']):>8}{m['false_acts']:>6}{1000 * percentile(times, 0.5):>8.1f}"
            f"{1000 * percentile(times, 0.95):>8.1f}   |{fmt(k['auto_precision']):>8}{fmt(k['recall_auto_ask']):>8}"
            f"{k['false_acts']:>6}")


SUMMARY_HEADER = (f"{'set':<14}{'n':>5}{'act P':>8}{'rec a+a':>8}{'act R':>8}{'ask':>8}{'false':>6}{'p50 ms':>8}"
                  f"{'p95 ms':>8}   |{'kw P':>8}{'kw rec':>8}{'kw fa':>6}")


def classify_timed(tickets: list[dict], rules) -> tuple[list[dict], list[float]]:
    outs, times = [], []
    for item in tickets:
        start = time.perf_counter()
        outs.append(classify(item, rules))
        times.append(time.perf_counter() - start)
    return outs, times


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


def run(tickets_path: Path, replies_path: Path | None, details: bool, name: str = "set") -> int:
    rules = load_rules()
    # A set may be replies only (or have its tickets elsewhere): then only the reply table is printed.
    tickets = load(tickets_path) if tickets_path and tickets_path.is_file() else []
    replies = load(replies_path) if replies_path and replies_path.is_file() else []
    t_out, t_time = [], []
    if tickets:
        classify(tickets[0], rules)  # load the rules and the learned models once, as a long-running service would
        t_out, t_time = classify_timed(tickets, rules)
        print(SUMMARY_HEADER)
        print(summary_row(name, tickets, t_out, t_time))
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
        if tickets:
            rows[name] = ticket_metrics(*sel(tickets, t_out, t_time, which))
            b_items, b_outs, _ = sel(tickets, base, [], which)
            brows[name] = {k: v for k, v in ticket_metrics(b_items, b_outs, []).items()
                           if k in ("n", "auto_precision", "recall_auto_ask", "auto_recall", "ask_rate", "false_acts")}
        rrows[name] = reply_metrics(*sel(replies, r_out, r_time, which))
    if tickets:
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
    ap.add_argument("--set", action="append", default=[],
                    help="an evaluation set by letter (e.g. 'e' for fresh_e_*), in tests/data/held_out (never tuned "
                         "on) or tests/data; repeat for several")
    ap.add_argument("--tickets", help="any tickets.jsonl (e.g. a blind set kept outside the repository)")
    ap.add_argument("--replies", help="its replies.jsonl, if any")
    ap.add_argument("--all-sets", action="store_true", help="the corpus and every set of tests/data, one line each")
    ap.add_argument("--details", action="store_true", help="list every mismatch and every ask")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    sets: list[tuple[str, Path, Path | None]] = []
    if args.tickets:
        sets.append((Path(args.tickets).stem, Path(args.tickets), Path(args.replies) if args.replies else None))
    for letter in args.set:
        found = [next((d / f"fresh_{letter}_{kind}.jsonl" for d in (DATA / "held_out", DATA)
                       if (d / f"fresh_{letter}_{kind}.jsonl").is_file()), DATA / f"fresh_{letter}_{kind}.jsonl")
                 for kind in ("tickets", "replies")]  # a set's tickets and replies may move to training apart
        sets.append((letter, *found))
    if args.all_sets:
        sets.append(("corpus", corpus / "tickets.jsonl", None))
        for path in sorted(DATA.glob("fresh*_tickets.jsonl")) + sorted((DATA / "held_out").glob("fresh*_tickets.jsonl")):
            label = path.name.removesuffix("_tickets.jsonl").removeprefix("fresh_").removeprefix("fresh")
            sets.append(((label or "fresh") + (" (held out)" if path.parent.name == "held_out" else ""), path, None))
    if not sets:
        sets.append(("corpus", corpus / "tickets.jsonl", corpus / "replies.jsonl"))
    for _, path, replies in sets:
        if not path.is_file() and not (replies and replies.is_file()):
            print(f"no tickets at {path}" + (f" and no replies at {replies}" if replies else ""), file=sys.stderr)
            return 2
    if len(sets) == 1:
        return run(sets[0][1], sets[0][2], args.details, sets[0][0])
    rules = load_rules()
    sets = [s for s in sets if s[1].is_file()]  # the ticket summary; replies-only sets have their own table (one set)
    classify(load(sets[0][1])[0], rules)  # load the rules and the learned models once
    print(SUMMARY_HEADER)
    all_items, all_outs, all_times = [], [], []
    for name, path, _ in sets:
        tickets = load(path)
        outs, times = classify_timed(tickets, rules)
        print(summary_row(name, tickets, outs, times))
        all_items += tickets
        all_outs += outs
        all_times += times
    print(summary_row("all", all_items, all_outs, all_times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
