"""`migration-bot` command line: serve, worker, sandbox, demo, run-due, replay, cases, check-config, classify, parse-reply."""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from datetime import datetime, timezone
from typing import Callable, TextIO

from bot.errors import ConfigError


def _settings(args, role: str | None = None):
    from bot.settings import Settings

    settings = Settings.from_env()
    if getattr(args, "port", None):
        settings = settings.with_overrides(port=args.port)
    if role:
        settings.require(role)
    return settings


def _prepare_database(settings) -> None:
    from bot.db.engine import upgrade

    upgrade(settings.database_url)


def cmd_serve(args) -> int:
    settings = _settings(args, "serve")
    from bot.rules.loader import load_rules

    load_rules(settings.bot_rules or None)
    _prepare_database(settings)
    from bot.web.server import serve

    return serve(settings, workers=args.workers)


def _stop_event() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def _runtime(args, role: str = "worker"):
    settings = _settings(args, role)
    _prepare_database(settings)
    from bot.worker.runtime import build_runtime

    return build_runtime(settings)


def cmd_worker(args) -> int:
    from bot.worker import loop as worker

    rt = _runtime(args)
    worker.run(rt, _stop_event())
    return 0


def cmd_run_due(args) -> int:
    from bot.worker import loop as worker
    from bot.worker import workflows

    try:
        as_of = datetime.fromisoformat(args.as_of.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"--as-of: not an ISO-8601 instant: {args.as_of!r}") from None
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=timezone.utc)
    rt = _runtime(args)
    rt.clock = lambda: as_of
    results = worker.run_due(rt, as_of)
    workflows.shutdown()
    print(json.dumps({"as_of": as_of.isoformat(), "ran": len(results), "results": results}))
    return 0


def cmd_replay(args) -> int:
    from bot.worker import loop as worker
    from bot.worker import workflows

    rt = _runtime(args)
    result = worker.replay(rt)
    workflows.shutdown()
    print(json.dumps(result, default=str))
    return 0


def cmd_cases(args) -> int:
    from bot.case.store import Store
    from bot.db.engine import make_engine, make_sessionmaker

    settings = _settings(args)
    _prepare_database(settings)
    store = Store(make_sessionmaker(make_engine(settings.database_url)))
    for case in store.list_cases(args.state):
        tickets = [t.ticket_id for t in store.tickets(case.id)]
        print(json.dumps({"id": case.id, "org_id": case.org_id, "org_name": case.org_name, "state": case.state,
                          "paid_offering": case.paid_offering, "target_offering": case.target_offering,
                          "support_level": case.support_level,
                          "target_date": case.target_date.isoformat() if case.target_date else None,
                          "issue_url": case.issue_url, "tickets": tickets}))
    return 0


def cmd_check_config(args) -> int:
    from bot.rules.loader import load_rules

    settings = _settings(args)
    rules = load_rules(settings.bot_rules or None)
    missing = []
    for role in ("serve", "worker"):
        try:
            settings.require(role)
        except ConfigError as exc:
            missing.append(str(exc))
    print(json.dumps({"settings": settings.redacted(), "rules": settings.bot_rules or "built-in",
                      "offerings": sorted(rules.offerings), "missing": missing}, default=str, indent=2))
    if missing and args.strict:
        raise ConfigError(missing[0])
    return 0


def _json_lines(path: str, func: Callable[[dict], dict], out: TextIO) -> int:
    try:
        stream = sys.stdin if path in ("-", None) else open(path, encoding="utf-8")
    except OSError as exc:
        print(f"migration-bot: {exc.strerror or exc}: {path}", file=sys.stderr)
        return 2
    bad = 0
    with stream:
        for line in stream:
            item = None
            try:
                if not line.strip():
                    raise ValueError("empty line")
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("a line must be a JSON object")
                result = func(item)
            except Exception as exc:  # noqa: BLE001 - one bad line gives an error line, never ends the stream
                bad += 1
                item_id = item.get("id") if isinstance(item, dict) else None
                result = {"id": item_id, "error": f"{type(exc).__name__}: {exc}"}
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            out.flush()
    return 1 if bad else 0


def cmd_classify(args) -> int:
    from bot.judgement.detect import classify
    from bot.rules.loader import load_rules

    rules = load_rules(_rules_path(args))
    return _json_lines(args.file, lambda item: classify(item, rules), sys.stdout)


def cmd_parse_reply(args) -> int:
    from bot.judgement.reply import parse_reply
    from bot.rules.loader import load_rules

    rules = load_rules(_rules_path(args))
    return _json_lines(args.file, lambda item: parse_reply(item, rules), sys.stdout)


def _rules_path(args) -> str | None:
    import os

    # Offline commands need no other setting, so only BOT_RULES is read here.
    return args.rules or os.environ.get("BOT_RULES") or None


def _plugin(name: str) -> Callable:
    """A command another installed package adds (the sandbox adds `sandbox` and `demo`)."""
    from importlib.metadata import entry_points

    found = entry_points(group="migration_bot.commands", name=name)
    if not found:
        raise ConfigError(f"`{name}` needs the sandbox package, which is not installed")
    return next(iter(found)).load()


def cmd_sandbox(args) -> int:
    return _plugin("sandbox")(args.rest)


def cmd_demo(args) -> int:
    return _plugin("demo")(args)


def cmd_migrate(args) -> int:
    settings = _settings(args)
    _prepare_database(settings)
    print("database schema is up to date")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="migration-bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="run the web process (gunicorn)")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_serve)
    sub.add_parser("worker", help="run workflows until stopped").set_defaults(func=cmd_worker)
    p = sub.add_parser("sandbox", help="local Zendesk, GitLab and Slack servers")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_sandbox)
    p = sub.add_parser("demo", help="a scripted migration end to end against the sandbox")
    p.add_argument("--keep", action="store_true", help="keep the demo database afterwards")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("run-due", help="run scheduled actions as if at an instant, then exit")
    p.add_argument("--as-of", required=True)
    p.set_defaults(func=_one_shot(cmd_run_due))
    sub.add_parser("replay", help="re-run dead-lettered events and actions").set_defaults(func=_one_shot(cmd_replay))
    p = sub.add_parser("cases", help="list migration cases and their states")
    p.add_argument("--state")
    p.set_defaults(func=cmd_cases)
    p = sub.add_parser("check-config", help="validate settings and the rules file")
    p.add_argument("--strict", action="store_true", help="exit 1 when serve or worker settings are missing")
    p.set_defaults(func=cmd_check_config)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    for name, func in (("classify", cmd_classify), ("parse-reply", cmd_parse_reply)):
        p = sub.add_parser(name, help=f"{name} JSON lines offline")
        p.add_argument("file", nargs="?", default="-")
        p.add_argument("--rules", help="rules file (default: BOT_RULES or built-in)")
        p.set_defaults(func=func)
    return parser


def _one_shot(func):
    """One-shot commands end with one line, not a traceback, when a service cannot be reached."""
    def run(args) -> int:
        from bot.errors import ApiError

        try:
            return func(args)
        except ApiError as exc:
            print(f"migration-bot: {exc}", file=sys.stderr)
            return 1
    return run


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["sandbox"]:
        # The sandbox has its own options; hand them over untouched.
        try:
            return _plugin("sandbox")(argv[1:])
        except ConfigError as exc:
            print(f"migration-bot: {exc}", file=sys.stderr)
            return 2
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # "already at head" is not news
    try:
        return args.func(args) or 0
    except ConfigError as exc:
        print(f"migration-bot: configuration error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        if args.func not in (cmd_classify, cmd_parse_reply, cmd_cases):
            raise
        # `migration-bot cases | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
