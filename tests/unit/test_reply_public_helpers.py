"""The reply parser's modules share helpers through public names only (review 1, section H.1): no module imports
another's private ('_name') helper; the shared ones are public in their home module (reply_world.locale_forms,
collect_forms, last_day_of_month, next_month_end_day; reply_assemble.Token, tokenize, marked_forms;
reply_numberwords.norm_number_word)."""
from __future__ import annotations

import ast
from pathlib import Path

JUDGEMENT = Path(__file__).resolve().parents[2] / "bot" / "judgement"


def test_no_reply_module_imports_a_private_name_of_another():
    private = []
    for path in sorted([*JUDGEMENT.glob("reply*.py"), JUDGEMENT / "textutil.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot.judgement."):
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []


def test_the_shared_helpers_are_public():
    from bot.judgement.reply_assemble import Token, marked_forms, tokenize  # noqa: F401
    from bot.judgement.reply_numberwords import norm_number_word  # noqa: F401
    from bot.judgement.reply_world import collect_forms, last_day_of_month, locale_forms, next_month_end_day  # noqa: F401
