"""`migration-bot hash-password` reads the password from stdin and prints a hash the status pages accept."""
from __future__ import annotations

import subprocess
import sys

from bot.web.admin.auth import verify_password

CLI = [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())", "hash-password"]


def test_the_printed_hash_verifies_the_password():
    run = subprocess.run(CLI, input="correct horse\n", capture_output=True, text=True, timeout=60)
    assert run.returncode == 0
    (line,) = run.stdout.splitlines()
    assert verify_password("correct horse", line) and not verify_password("wrong", line)


def test_no_password_is_one_clear_line():
    run = subprocess.run(CLI, input="", capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and "standard input" in run.stderr
