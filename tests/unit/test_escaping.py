"""Customer text made inert for the systems it reaches: Slack mrkdwn (slack_escape) and GitLab Markdown table
cells (md), with no markup, mention or reference surviving and nothing lost."""
from __future__ import annotations

import re

import pytest

from bot.case.messages import md, slack_escape
from tests.conftest import HOSTILE
from tests.conftest import HOSTILE_NAMES as NAMES


@pytest.mark.parametrize("text", HOSTILE, ids=NAMES)
def test_slack_escape_leaves_no_markup(text):
    out = slack_escape(text)
    assert "<" not in out and ">" not in out
    # Every & is now the start of one of the three entities Slack knows, so none of the input's entities survive.
    assert re.fullmatch(r"(?:[^&]|&amp;|&lt;|&gt;)*", out, flags=re.S)
    unescaped = out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert unescaped == text  # nothing lost: the reader sees exactly what the customer wrote


@pytest.mark.parametrize("text", HOSTILE, ids=NAMES)
def test_md_keeps_text_inside_its_table_cell(text):
    out = md(text)
    assert "\n" not in out and "\r" not in out, "a line break would end the table row or start a quick action"
    assert "<" not in out, "HTML from a customer must not render"
    assert re.search(r"(?<!\\)\|", out) is None, "an unescaped pipe would open a new table column"
    assert re.search(r"@(?!\u200b)", out) is None, "a bare @ would mention a GitLab user"


@pytest.mark.parametrize("ref", ["#1", "!2", "~offering-migration::approved", "%\"v1\"", "$3"])
def test_md_neutralises_gitlab_references(ref):
    """md() promises 'no mentions or references'; a bare #1 links (and notifies) another issue."""
    out = md(f"see {ref} please")
    assert ref not in out
