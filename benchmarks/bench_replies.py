"""Reply parser only: per training set of tests/data (fresh*_replies.jsonl), level / date / both exact, guessed dates
and p50/p95 ms per reply; --misses prints each miss (id, expected, got, text head). Never reads tests/data/held_out/.

Usage: .venv/bin/python benchmarks/bench_replies.py [--set zf --set zg ...] [--misses] [--width 300]
       [--search-dates-experiment]

--search-dates-experiment replays the experiment of 2026-12-07 (decided against, figures in the README): dateparser's
search_dates as a last-resort candidate generator on the replies where the parser's grammar finds no date candidate
at all, counting right and wrong days, days where the label is null or ambiguous (guessed dates) and its cost.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.judgement.reply import parse_reply  # noqa: E402
from bot.rules.loader import load_rules  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def sets(names: list[str]) -> list[tuple[str, Path]]:
    out = []
    for p in sorted(DATA.glob("fresh*_replies.jsonl")):  # tests/data only, never held_out/
        name = p.stem[len("fresh_"):-len("_replies")] if p.stem != "fresh_replies" else "base"
        if not names or name in names:
            out.append((name, p))
    return out


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


def search_dates_experiment(items: list[dict], rules) -> None:
    """dateparser.search.search_dates on the text the parser reads (quoted mail cut), where its grammar found no
    candidate at all; hits kept: not a bare number, with a digit, not today."""
    import warnings
    from datetime import datetime

    from dateparser.search import search_dates

    import bot.judgement.reply as reply
    import bot.judgement.reply_dates as reply_dates

    warnings.filterwarnings("ignore")
    found_any = [0]
    original = reply_dates.find_dates

    def counting(*args, **kwargs):
        hits = original(*args, **kwargs)
        found_any[0] += len(hits)
        return hits

    reply_dates.find_dates = counting
    try:
        blank = []
        for it in items:
            found_any[0] = 0
            o = parse_reply(it, rules)
            if o["target_date"] is None and not o["date_ambiguous"] and found_any[0] == 0:
                blank.append(it)
    finally:
        reply_dates.find_dates = original
    counts = {"right": 0, "wrong": 0, "on null label": 0, "on ambiguous label": 0, "no hit": 0}
    times = []
    for it in blank:
        today = datetime.fromisoformat(it["today"][:10])
        newest, _ = reply.split_history(reply.normalise_numbers(it.get("text") or ""))
        text = reply._without_quoted_earlier_words(reply._cut_quoted_history(newest, rules)[: reply.READ_LIMIT], rules)
        t0 = time.perf_counter()
        try:
            hits = search_dates(text, settings={"REQUIRE_PARTS": ["day", "month"], "PREFER_DATES_FROM": "future",
                                                "RELATIVE_BASE": today, "RETURN_AS_TIMEZONE_AWARE": False}) or []
        except Exception:  # noqa: BLE001 (dateparser raises on some scripts)
            hits = []
        times.append(time.perf_counter() - t0)
        hits = [(s, d) for s, d in hits
                if not s.strip().isdigit() and any(ch.isdigit() for ch in s) and d.date() != today.date()]
        e = it["expect"]
        if not hits:
            counts["no hit"] += 1
        elif e["target_date"] is None:
            counts["on ambiguous label" if e["date_ambiguous"] else "on null label"] += 1
        else:
            counts["right" if hits[-1][1].date().isoformat() == e["target_date"] else "wrong"] += 1
    print(f"\nsearch_dates on {len(blank)} replies without a date candidate: {counts}; "
          f"p50 {1000 * pct(times, .5):.1f} ms, p95 {1000 * pct(times, .95):.1f} ms per reply")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--width", type=int, default=300)
    ap.add_argument("--search-dates-experiment", action="store_true")
    args = ap.parse_args()
    rules = load_rules()
    tot = [0, 0, 0, 0, 0]
    times_all: list[float] = []
    print(f"{'set':<8}{'n':>5}{'level':>8}{'date':>8}{'both':>8}{'guess':>7}{'p50ms':>8}{'p95ms':>8}")
    misses = []
    for name, path in sets(args.set):
        items = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        lv = dt = both = guess = 0
        times = []
        for it in items:
            t0 = time.perf_counter()
            o = parse_reply(it, rules)
            times.append(time.perf_counter() - t0)
            e = it["expect"]
            a, b = o["support_level"] == e["support_level"], o["target_date"] == e["target_date"]
            g = o["target_date"] is not None and not b
            lv += a; dt += b; both += a and b; guess += g
            if not (a and b):
                misses.append((name, it, o, g))
        n = len(items)
        tot = [tot[0] + n, tot[1] + lv, tot[2] + dt, tot[3] + both, tot[4] + guess]
        times_all += times
        print(f"{name:<8}{n:>5}{lv / n:>8.3f}{dt / n:>8.3f}{both / n:>8.3f}{guess:>7}"
              f"{1000 * pct(times, .5):>8.1f}{1000 * pct(times, .95):>8.1f}")
    n = tot[0]
    print(f"{'all':<8}{n:>5}{tot[1] / n:>8.3f}{tot[2] / n:>8.3f}{tot[3] / n:>8.3f}{tot[4]:>7}"
          f"{1000 * pct(times_all, .5):>8.1f}{1000 * pct(times_all, .95):>8.1f}   (level {tot[1]}, date {tot[2]}, both {tot[3]})")
    if args.search_dates_experiment:
        search_dates_experiment([json.loads(x) for _, path in sets(args.set)
                                 for x in path.read_text(encoding="utf-8").splitlines() if x.strip()], rules)
    if args.misses:
        for name, it, o, g in misses:
            e = it["expect"]
            print(f"\n{'GUESS ' if g else ''}{it['id']} today={it['today']} tags={it.get('current_tags')}"
                  f"\n  expect {e['support_level']} {e['target_date']} amb={e['date_ambiguous']}"
                  f"\n  got    {o['support_level']} {o['target_date']} amb={o['date_ambiguous']}"
                  f"\n  {it['text'][:args.width]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
