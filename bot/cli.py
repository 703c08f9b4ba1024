"""`migration-bot` command line: serve, worker, sandbox, demo, run-due, replay, cases, check-config, setup, migrate,
hash-password, classify, parse-reply.

Errors are one line on stderr, `migration-bot: …`, never a traceback and never a secret. Exit codes: 0 success;
1 the database or a service does not answer, there is no database yet (cases, run-due, replay), or some input lines
failed (classify, parse-reply); 2 a bad argument or a configuration error (check-config: a malformed setting or
rules file; with --strict also a missing setting or a database that does not answer)."""
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

from bot import logs
from bot.errors import BotError, ConfigError

EXIT_FAILED, EXIT_CONFIG = 1, 2


def _settings(args, role: str | None = None):
    from bot.settings import Settings

    settings = Settings.from_env()
    if getattr(args, "port", None) is not None:
        settings = settings.with_overrides(port=args.port)
    if role:
        settings.require(role, getattr(args, "command", None))
    return settings


def _prepare_database(settings, create: bool = True) -> None:
    """Connect (one line when the database does not answer) and apply the migrations. Commands that only read or act
    on what is recorded pass create=False: a missing SQLite file is then an error, not a new empty database."""
    from bot.db.engine import require_existing, upgrade

    if not create:
        require_existing(settings.database_url)
    upgrade(settings.database_url)


def cmd_serve(args) -> int:
    settings = _settings(args, "serve")
    if settings.bot_rules:
        # The web process never reads the rules; a BOT_RULES file is checked here all the same, so a bad one is
        # reported by whichever process the operator starts first. The built-in rules are not compiled for nothing
        # (0.9 s of CPU at every start): the worker checks them as it loads them.
        from bot.rules.loader import load_rules

        load_rules(settings.bot_rules)
    _check_address(args.host, settings.port)
    _prepare_database(settings)
    from bot.web.server import serve

    return serve(settings, workers=args.workers, host=args.host)


def _check_address(host: str, port: int) -> None:
    """One line, before anything starts, when serve could not listen there (gunicorn would retry for seconds and
    print a line per try): an unknown host, an address not on this machine, a port in use."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            probe.bind(address)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port} (serve --host/--port, PORT): "
                          f"{exc.strerror or exc}") from None


def _stop_event() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def _runtime(args, role: str = "worker", create: bool = True):
    settings = _settings(args, role)
    _prepare_database(settings, create=create)
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
    rt = _runtime(args, create=False)
    rt.clock = lambda: as_of
    results = worker.run_due(rt, as_of)
    workflows.shutdown()
    print(json.dumps({"as_of": as_of.isoformat(), "ran": len(results), "results": results}))
    return 0


def cmd_replay(args) -> int:
    from bot.worker import loop as worker
    from bot.worker import workflows

    rt = _runtime(args, create=False)
    result = worker.replay(rt)
    workflows.shutdown()
    print(json.dumps(result, default=str))
    return 0


def cmd_cases(args) -> int:
    from bot.case.store import Store
    from bot.db.engine import make_engine, make_sessionmaker

    settings = _settings(args)
    _prepare_database(settings, create=False)
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
    """Every problem at once, one line each on stderr: malformed settings, the rules file, settings `serve` or
    `worker` need (an error with --strict), and with --strict the database. The report goes to stdout when the
    settings could be read."""
    from bot.db.engine import DatabaseUnavailable, check_connection, sqlite_file
    from bot.rules.loader import load_rules
    from bot.settings import Settings

    settings, problems = Settings.check_env()
    rules = None
    try:
        rules = load_rules(settings.bot_rules or None)
    except ConfigError as exc:
        problems.append(str(exc))
    needed_by: dict[str, list[str]] = {}
    for role in ("serve", "worker"):
        for var in settings.missing(role):
            needed_by.setdefault(var, []).append(f"`{role}`")
    missing = [f"{var}: required for {' and '.join(roles)} but not set" for var, roles in needed_by.items()]
    database, database_problem = "not checked (--strict connects to it)", None
    if args.strict and not any(p.startswith("DATABASE_URL") for p in problems):
        file = sqlite_file(settings.database_url)
        if file and not os.path.exists(file):
            database = (f"no database at {os.path.abspath(file)} yet; `migration-bot migrate`, `serve` or `worker` "
                        f"creates it")
        else:
            try:
                check_connection(settings.database_url)
                database = "connected"
            except DatabaseUnavailable as exc:
                database = database_problem = str(exc)
    if not problems:
        print(json.dumps({"settings": settings.redacted(), "rules": settings.bot_rules or "built-in",
                          "offerings": sorted(rules.offerings), "missing": missing, "database": database},
                         default=str, indent=2))
    if problems or args.strict:
        for problem in problems + missing:
            _error(f"configuration error: {problem}")
        if database_problem:
            _error(database_problem)
    failed = problems or (args.strict and (missing or database_problem))
    return EXIT_CONFIG if failed else 0


def _error(message: str) -> None:
    """A command's failure: one line on stderr, a JSON object under LOG_FORMAT=json (log shippers read these lines
    too, and this is the line that matters most), secrets masked either way."""
    print(logs.error_line(f"migration-bot: {message}"), file=sys.stderr)


def _json_lines(path: str, func: Callable[[dict], dict], out: TextIO) -> int:
    try:
        stream = sys.stdin if path in ("-", None) else open(path, encoding="utf-8")
    except OSError as exc:
        _error(f"{exc.strerror or exc}: {path}")
        return 2
    bad = 0
    with stream:
        for line in stream:
            item = None
            try:
                if not line.strip():
                    raise ValueError("empty line")
                item = json.loads(line.lstrip("\ufeff"))  # a byte-order mark, as Windows tools write
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


def _valid(item: dict, schema: str) -> dict:
    """A line the judge cannot read as meant (a missing ticket or text, tags that are not a list, a `today` that is
    no day) is the caller's mistake: an error line naming each wrong field, never a verdict on nothing."""
    from bot.web.payloads import problems

    found = problems(schema, item, limit=5, sep=".", whole="(line)")
    if found:
        raise ValueError("; ".join(found))
    return item


def cmd_classify(args) -> int:
    from bot.judgement.detect import classify
    from bot.rules.loader import load_rules

    rules = load_rules(_rules_path(args), setting=_rules_setting(args))
    return _json_lines(args.file, lambda item: classify(_valid(item, "offline/ticket_line.json"), rules), sys.stdout)


def cmd_parse_reply(args) -> int:
    from bot.judgement.reply import parse_reply
    from bot.rules.loader import load_rules

    rules = load_rules(_rules_path(args), setting=_rules_setting(args))
    return _json_lines(args.file, lambda item: parse_reply(_valid(item, "offline/reply_line.json"), rules), sys.stdout)


def _rules_path(args) -> str | None:
    import os

    # Offline commands need no other setting, so only BOT_RULES is read here.
    return args.rules or os.environ.get("BOT_RULES") or None


def _rules_setting(args) -> str:
    """What an error about the rules file names: the flag when the path came from it."""
    return "--rules" if args.rules else "BOT_RULES"


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


def cmd_hash_password(args) -> int:
    from bot.web.admin.auth import hash_password

    # The password comes on stdin, never as an argument: arguments show in `ps` and shell history.
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise ConfigError("hash-password: no password on standard input")
    print(hash_password(password))
    return 0


def cmd_setup(args) -> int:
    from bot.setup.command import setup

    if args.reset_token and args.service != "gitlab":
        raise ConfigError("--reset-token: only `setup gitlab` has a token to re-send")
    # An operator at a terminal wants the outcome, not each retry: a service that does not answer ends in one line.
    services = logging.getLogger("bot.services")
    level = services.level
    services.setLevel(logging.ERROR)
    try:
        return setup(args.service, _settings(args), apply=args.apply, out=sys.stdout, err=sys.stderr,
                     reset_token=args.reset_token)
    finally:
        services.setLevel(level)


def cmd_migrate(args) -> int:
    settings = _settings(args)
    _prepare_database(settings)
    print("database schema is up to date")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line (SPEC: CLI errors are one line naming what is wrong), exit 2."""

    def error(self, message: str):  # argparse's signature; exits
        command = self.prog.removeprefix("migration-bot").strip()
        where = f"{command}: " if command else ""
        self.exit(EXIT_CONFIG, f"migration-bot: {where}{message} (see `{self.prog} --help`)\n")


def _whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` (up to `high`); anything else is the one-line usage error."""
    span = f"of at least {low}" if high is None else f"from {low} to {high}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"must be a whole number {span}, got {text!r}")
        return value
    return parse


def build_parser() -> argparse.ArgumentParser:
    from bot.case.machine import State

    parser = _Parser(prog="migration-bot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="run the web process (gunicorn)")
    p.add_argument("--host", default="0.0.0.0",
                   help="address to listen on (default 0.0.0.0, every interface, as platforms route to; "
                        "127.0.0.1 for this machine only)")
    p.add_argument("--port", type=_whole_number(1, 65535), help="port to listen on (default: PORT, else 8000)")
    p.add_argument("--workers", type=_whole_number(1), default=None, help="worker processes (default WEB_CONCURRENCY, else 2)")
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
    states = [state.value for state in State]
    p.add_argument("--state", choices=states, metavar="STATE", help=f"only cases in this state: {', '.join(states)}")
    p.set_defaults(func=cmd_cases)
    p = sub.add_parser("check-config", help="validate settings, the rules file and (--strict) the database",
                       description="Validate the settings and the rules file without starting anything. Every "
                                   "problem is listed at once, one line each on stderr; exits 2 when there is any, "
                                   "0 otherwise. Settings that `serve` or `worker` need but lack are listed in the "
                                   "report and count as problems only with --strict.")
    p.add_argument("--strict", action="store_true",
                   help="also exit 2 when a setting `serve` or `worker` needs is missing, and connect to the "
                        "database (exit 2 when it does not answer)")
    p.set_defaults(func=cmd_check_config)
    p = sub.add_parser("setup", help="plan (and with --apply make) the Zendesk webhook, GitLab labels and hook, or "
                                     "print the Slack app manifest",
                       description="Compare what the service has with what the bot needs, from BOT_PUBLIC_URL and "
                                   "the service's settings, and print the plan; nothing changes without --apply. "
                                   "Running it again after --apply finds nothing to change.")
    p.add_argument("service", choices=("zendesk", "gitlab", "slack"))
    p.add_argument("--apply", action="store_true", help="make the changes (zendesk: then print the signing secret)")
    p.add_argument("--reset-token", action="store_true",
                   help="gitlab: send GITLAB_WEBHOOK_TOKEN to the existing hook even when nothing else differs "
                        "(GitLab never shows a hook's token, so the plan cannot see a stale one)")
    p.set_defaults(func=cmd_setup)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("hash-password", help="read a password on stdin, print its hash for BOT_ADMIN_USERS"
                   ).set_defaults(func=cmd_hash_password)
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
            _error(str(exc))
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
    # A malformed LOG_FORMAT is reported with the other settings; logging falls back to text meanwhile.
    from bot.settings import Settings

    log_format = Settings.check_env()[0].log_format
    logs.configure(log_format if log_format in ("text", "json") else "text")
    try:
        return args.func(args) or 0
    except ConfigError as exc:
        _error(f"configuration error: {exc}")
        return EXIT_CONFIG
    except BotError as exc:  # the database does not answer (bot.db.engine.DatabaseUnavailable), a service fails
        _error(str(exc))
        return EXIT_FAILED
    except BrokenPipeError:
        if args.func not in (cmd_classify, cmd_parse_reply, cmd_cases):
            raise
        # `migration-bot cases | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
