"""Every setting the bot reads (bot/settings.py ENV_NAMES) is in the README's table and in docs/INTERFACE.md's, so an
operator never meets a variable only in the code (a newcomer found seven missing from INTERFACE.md)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import ENV_NAMES

ROOT = Path(__file__).resolve().parents[2]
TABLE_ROWS = {name: [line for line in (ROOT / name).read_text(encoding="utf-8").splitlines() if line.startswith("|")]
              for name in ("README.md", "docs/INTERFACE.md")}


@pytest.mark.parametrize("doc", sorted(TABLE_ROWS))
@pytest.mark.parametrize("var", sorted(set(ENV_NAMES.values())))
def test_the_setting_has_a_row(doc, var):
    assert any(f"`{var}`" in row for row in TABLE_ROWS[doc]), f"{var} has no row in {doc}'s tables"
