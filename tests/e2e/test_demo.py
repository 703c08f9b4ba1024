"""The README's first command: `migration-bot demo` tells the whole story, each line read back from the services."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e


def test_demo_timeline_shows_every_stage(tmp_path):
    out = subprocess.run([sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['demo', '--keep']))"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout
    assert "internal note for the support engineer" in text and "public question to the customer" in text
    assert "'offering_migration'" in text
    parsed = re.search(r"parsed level=(\w+) date=(\d{4}-\d\d-\d\d); opened Support Ops issue #1: .* due (\S+)", text)
    assert parsed and parsed.group(1) == "ultimate" and parsed.group(2) == parsed.group(3)
    assert "Approved saas ultimate support until " + parsed.group(2) in text
    assert re.search(r"ticket #1 aligned: level tags now \['saas_ultimate'\]", text)
    assert re.search(r"ticket #2 aligned: level tags now \['sm_premium'\]", text)
    assert "(not permitted) clicks saas_ultimate: ticket tags unchanged ['saas_ultimate', 'sm_premium']" in text
    assert re.search(r"clicks sm_premium: ticket #3 level tags \['sm_premium'\]; message now says .*Decided by", text)
    assert text.count("reminder note on issue + Slack message") == 2
    assert "(7 days left)" in text and "(1 day left)" in text
    assert re.search(r"org tags \['emea', 'sm_premium'\]; issue closed", text)
    assert "Expired saas ultimate support on " + parsed.group(2) in text
    assert re.search(r"case 1 Crannock Systems: expired", text)
    # --keep says how to look at what the demo left behind, and that works.
    url = re.search(r"DATABASE_URL=(\S+) migration-bot cases", text).group(1)
    cases = subprocess.run([sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['cases']))"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=60,
                           env={**os.environ, "DATABASE_URL": url})
    assert cases.returncode == 0 and '"state": "expired"' in cases.stdout
    shutil.rmtree(url.removeprefix("sqlite:///").rsplit("/", 1)[0], ignore_errors=True)
