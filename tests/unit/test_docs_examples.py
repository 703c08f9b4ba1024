"""The worked `classify` and `parse-reply` examples in docs/INTERFACE.md print what the product prints today:
each documented input line is run through the same judges and must give the documented output line."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.judgement.detect import classify
from bot.judgement.reply import parse_reply

DOC = Path(__file__).resolve().parents[2] / "docs" / "INTERFACE.md"
CLASSIFY = re.compile(r"^\$ echo '(?P<input>\{.*\})' \| migration-bot classify -\n(?P<output>\{.*\})$", re.M)
PARSE_REPLY = re.compile(r"^\$ printf '%s\\n' \\\n(?P<inputs>(?:  '\{.*\}' \\\n)+)  \| migration-bot parse-reply -\n"
                         r"(?P<outputs>(?:\{.*\}\n?)+)", re.M)


def examples() -> list[tuple[str, dict, dict]]:
    text = DOC.read_text(encoding="utf-8")
    found = [("classify", json.loads(m["input"]), json.loads(m["output"])) for m in CLASSIFY.finditer(text)]
    for m in PARSE_REPLY.finditer(text):
        inputs = [json.loads(line.strip()[1:-3]) for line in m["inputs"].splitlines()]
        outputs = [json.loads(line) for line in m["outputs"].splitlines()]
        assert len(inputs) == len(outputs)
        found += [("parse-reply", i, o) for i, o in zip(inputs, outputs)]
    return found


def test_the_document_has_examples_of_both_commands():
    assert {kind for kind, _, _ in examples()} == {"classify", "parse-reply"}


@pytest.mark.parametrize("kind, item, documented", examples(), ids=lambda v: v if isinstance(v, str) else None)
def test_each_documented_example_prints_what_is_documented(rules, kind, item, documented):
    judge = classify if kind == "classify" else parse_reply
    assert judge(item, rules) == documented
