"""The in-process stack the demo runs, wired the operator's way: `setup zendesk|gitlab|slack --apply` registers the
webhook and the hook (the sandbox sends nowhere by itself) and the bot acts on what they deliver."""
from __future__ import annotations

import pytest

from sandbox.stack import Stack
from tests.conftest import MIGRATION, migrated_copy


@pytest.fixture
def stack(tmp_path, migrated_template):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    migrated_copy(migrated_template, url)
    s = Stack(url, via_setup=True).start()
    yield s
    s.stop()


def test_the_setup_commands_wire_the_stack(stack):
    zd_api = stack.sandbox._apps[0].extensions["sandbox_webhooks_api"]
    (hook,) = zd_api.list()
    assert hook["endpoint"] == stack.web.url + "/webhooks/zendesk"
    assert stack.settings.zendesk_webhook_secret == zd_api.secret(hook["id"])["secret"]
    assert stack.sandbox.controls("zendesk").webhooks.settings()["url"] is None  # nothing hand-wired
    assert stack.sandbox.controls("gitlab").webhooks.settings()["url"] is None
    (gl_hook,) = stack.sandbox._apps[1].extensions["sandbox_hooks"].all()
    assert gl_hook["url"] == stack.web.url + "/webhooks/gitlab" and gl_hook["confidential_issues_events"]
    assert "created GitLab label 'offering-migration::approved'" in stack.setup_output["gitlab"]

    org = stack.create_org("Setup Corp", ["sm_premium"])
    ticket = stack.create_ticket(org, *MIGRATION)
    stack.settle()
    assert stack.bot_comments(ticket["id"], public=False), "the bot did not act on the registered webhook's event"
