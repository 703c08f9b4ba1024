"""The fake Zendesk sends zen:event-type:organization.tags_changed when a write changes an org's tags (the bot
forgets what it remembers of them), through either way of writing them, and nothing when the tags stay the same."""
from __future__ import annotations

import json

from sandbox.zendesk import ZendeskSandboxConfig, controls_of
from tests.services.conftest import zendesk_sandbox


def org_events(receiver) -> list[dict]:
    bodies = [json.loads(body) for _, body in receiver.got]
    return [b for b in bodies if b["type"] == "zen:event-type:organization.tags_changed"]


def test_org_tag_writes_send_organization_tags_changed(receiver):
    receiver.default_status = 202
    cfg = ZendeskSandboxConfig(webhook_url=receiver.url + "/webhooks/zendesk", webhook_retry_delays=(0.01,))
    with zendesk_sandbox(cfg) as (url, session, cfg, app):
        org = session.post(f"{url}/api/v2/organizations",
                           json={"organization": {"name": "Iota", "tags": ["sm_premium"]}}).json()["organization"]
        session.put(f"{url}/api/v2/organizations/{org['id']}/tags", json={"tags": ["saas_premium"]})
        session.put(f"{url}/api/v2/organizations/{org['id']}/tags", json={"tags": ["saas_premium"]})  # no change
        session.put(f"{url}/api/v2/organizations/{org['id']}",
                    json={"organization": {"tags": ["sm_premium"], "notes": "moved"}})
        assert controls_of(app).webhooks.wait_idle(5)
    events = org_events(receiver)
    assert [(e["event"]["added"]["tags"], e["event"]["removed"]["tags"]) for e in events] == [
        (["saas_premium"], []), ([], ["saas_premium"])]
    first = events[0]
    assert first["subject"] == f"zen:organization:{org['id']}" and first["detail"]["id"] == str(org["id"])
    assert first["detail"]["name"] == "Iota" and len({e["id"] for e in events}) == 2
