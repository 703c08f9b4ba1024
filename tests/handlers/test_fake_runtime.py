"""The fake runtime stays honest: it offers everything bot.worker.runtime.Runtime offers, and each fake client method
is a real client method with the same parameters (so a handler test cannot pass on a call the real client lacks)."""
from __future__ import annotations

import dataclasses
import inspect

import pytest

from bot.services.gitlab import GitLabClient
from bot.services.slack import SlackClient
from bot.services.zendesk import ZendeskClient
from bot.worker.runtime import Runtime
from tests.handlers.conftest import FakeGitLab, FakeSlack, FakeZendesk


def test_the_fake_runtime_has_every_attribute_of_the_real_one(rt):
    real = {f.name for f in dataclasses.fields(Runtime)} | {n for n in vars(Runtime) if not n.startswith("_")}
    assert sorted(name for name in real if not hasattr(rt, name)) == []


@pytest.mark.parametrize("fake, real", [(FakeZendesk, ZendeskClient), (FakeGitLab, GitLabClient),
                                        (FakeSlack, SlackClient)], ids=["zendesk", "gitlab", "slack"])
def test_each_fake_client_method_is_a_real_one_with_the_same_parameters(fake, real):
    methods = {n for n, v in vars(fake).items() if callable(v) and not n.startswith("_")} - fake.SCENE
    assert fake.WRITES <= methods
    for name in sorted(methods):
        assert hasattr(real, name), f"{real.__name__} has no {name}"
        assert list(inspect.signature(getattr(fake, name)).parameters) == \
            list(inspect.signature(getattr(real, name)).parameters), name
