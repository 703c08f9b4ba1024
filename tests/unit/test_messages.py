"""Every message knows where it goes, and customer text in it is made inert for that system."""
from __future__ import annotations

import pytest

from bot.case.messages import DESTINATION, md, plain, replace_block, slack_escape
from bot.rules.loader import load_rules


def test_every_template_has_a_destination():
    assert sorted(set(load_rules().templates) - set(DESTINATION)) == []


@pytest.mark.parametrize("text", ["/close", "x\n/label ~a::b", "@all hi", "[x](https://evil.example)",
                                  "![i](https://evil.example/i.png)", "<script>", "see https://evil.example"])
def test_gitlab_text_is_one_inert_line(text):
    out = md(text)
    assert "\n" not in out and not out.startswith("/")
    assert "](" not in out.replace("\\](", "") and "@all" not in out and "<" not in out
    assert "https://" not in out  # no bare URL GitLab would autolink


def test_zendesk_text_keeps_words_but_no_link_markup():
    out = plain("Acme [x](https://e.example) ![i](u)")
    assert out.startswith("Acme [x]") and "](" not in out and "![" not in out


def test_slack_text_has_no_broadcast_mention_or_link():
    out = slack_escape("<!channel> <@U123> <https://e.example|click>")
    assert "<" not in out and ">" not in out


def test_block_replacement_keeps_every_other_line():
    block = "<!-- offering-migration:start -->\nnew facts\n<!-- offering-migration:end -->\n"
    before = "Ops note above\n<!-- offering-migration:start -->\nold\n<!-- offering-migration:end -->\nbelow"
    assert replace_block(before, block) == "Ops note above\n" + block.rstrip("\n") + "\nbelow"
    assert replace_block("Ops rewrote everything", block) == "Ops rewrote everything\n\n" + block
