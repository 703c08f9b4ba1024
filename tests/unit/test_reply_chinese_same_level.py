"""Chinese 'the level stays as now' ('与现在保持一致', '还是用现在的', '级别照旧'; simplified and traditional) is the
current tier, read from the tags. Wordings invented for the test."""
from __future__ import annotations

import pytest

from tests.unit.conftest import reply


@pytest.mark.parametrize("text", [
    "新平台的支持等级跟现在保持一致。",
    "级别还是用现在的，迁移下个月完成。",
    "級別還是用現在的。",
    "支持级别照旧。",
    "新環境的等級與現在一致。",
])
def test_chinese_same_level_is_the_current_tier(rules, text):
    assert reply(rules, text, tags=("saas_ultimate",), today="2026-12-07")["support_level"] == "ultimate"


def test_a_named_tier_still_wins(rules):
    assert reply(rules, "數據與現在一致，但级别选Premium。", tags=("saas_ultimate",),
                 today="2026-12-07")["support_level"] == "premium"
