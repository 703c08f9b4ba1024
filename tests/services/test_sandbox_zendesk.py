"""The fake Zendesk driven over real HTTP by zenpy and requests: shapes, semantics, errors, webhooks, faults."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
import requests
from zenpy import Zenpy
from zenpy.lib.api_objects import Comment, Organization, Ticket, User
from zenpy.lib.exception import APIException, RecordNotFoundException

from sandbox.common import ServerThread
from sandbox.zendesk import ZendeskSandboxConfig, controls_of, create_app, state_of
from bot.web.signatures import verify_zendesk


@pytest.fixture()
def sandbox(receiver):
    receiver.default_status = 202  # as the bot accepts a Zendesk webhook
    cfg = ZendeskSandboxConfig(webhook_url=receiver.url + "/webhooks/zendesk", webhook_retry_delays=(0.01,))
    app = create_app(cfg)
    with ServerThread(app) as srv:
        yield srv.url, cfg, app
    controls_of(app).close()


@pytest.fixture()
def zp(sandbox, monkeypatch) -> Zenpy:
    """zenpy pointed at the sandbox: it builds https://{subdomain}.{domain} unless these overrides are set."""
    url, cfg, _ = sandbox
    monkeypatch.setenv("ZENPY_FORCE_SCHEME", "http")
    monkeypatch.setenv("ZENPY_FORCE_NETLOC", url.removeprefix("http://"))
    return Zenpy(subdomain="sandbox", email=cfg.agent_email, token=cfg.agent_token, timeout=5,
                 disable_cache=True)  # zenpy caches objects by id; we want read-after-write


def _auth(cfg: ZendeskSandboxConfig, human: bool = False) -> tuple[str, str]:
    return ((cfg.admin_email, cfg.admin_token) if human else (cfg.agent_email, cfg.agent_token))


def _basic(cfg: ZendeskSandboxConfig, human: bool = False) -> tuple[str, str]:
    email, token = _auth(cfg, human)
    return f"{email}/token", token


def _new_ticket(zp: Zenpy, org_id: int, body: str = "We are moving to SaaS", **kw: Any) -> Ticket:
    audit = zp.tickets.create(Ticket(subject=kw.pop("subject", "Migration question"),
                                     comment=Comment(body=body, public=True),
                                     requester=User(name="Jo Customer", email="jo@acme.test"),
                                     organization_id=org_id, **kw))
    return audit.ticket


def test_zenpy_org_ticket_and_comments(sandbox, zp) -> None:
    _, _, app = sandbox
    state = state_of(app)
    me = zp.users.me()
    assert me.email == "migration-bot@sandbox.example" and me.role == "admin"
    org = zp.organizations.create(Organization(name="Acme", tags=["sm_premium", "partner_managed"]))
    ticket = _new_ticket(zp, org.id, tags=["urgent"])
    assert ticket.organization_id == org.id and ticket.status == "new"
    assert ticket.tags == ["urgent", "sm_premium", "partner_managed"]  # org tags copied onto the ticket
    requester = zp.users(id=ticket.requester_id)
    assert (requester.email, requester.role) == ("jo@acme.test", "end-user")

    ticket.comment = Comment(body="Internal: paid SM, problem SaaS", public=False)
    zp.tickets.update(ticket)
    again = zp.tickets(id=ticket.id)
    again.comment = Comment(body="Which level will you buy?", public=True)
    zp.tickets.update(again)
    comments = list(zp.tickets.comments(ticket.id))
    assert [(c.body, c.public) for c in comments] == [("We are moving to SaaS", True),
                                                      ("Internal: paid SM, problem SaaS", False),
                                                      ("Which level will you buy?", True)]
    assert comments[1].author_id == me.id and comments[0].author_id == requester.id
    assert zp.tickets(id=ticket.id).status == "open"  # an agent's reply opens a new ticket
    assert [c["body"] for c in state.comments(ticket.id)] == [c.body for c in comments]
    assert state.tickets[ticket.id]["description"] == "We are moving to SaaS"


def test_zenpy_tags_org_notes_and_org_tags_api(sandbox, zp) -> None:
    url, cfg, app = sandbox
    org = zp.organizations.create(Organization(name="Beta", notes="first line"))
    ticket = _new_ticket(zp, org.id)
    assert list(zp.tickets.add_tags(ticket.id, ["offering_migration", "saas_premium"])) == [
        "offering_migration", "saas_premium"]
    assert list(zp.tickets.delete_tags(ticket.id, ["saas_premium"])) == ["offering_migration"]
    org.notes = "first line\nApproved saas premium support until 2030-01-01"
    org.organization_fields = {"plan": "x"}
    updated = zp.organizations.update(org)
    assert updated.notes.endswith("2030-01-01") and updated.organization_fields == {"plan": "x"}
    assert state_of(app).organizations[org.id]["notes"] == updated.notes

    tags_url = f"{url}/api/v2/organizations/{org.id}/tags"
    auth = _basic(cfg)
    assert requests.post(tags_url, json={"tags": ["sm_ultimate"]}, auth=auth).status_code == 201
    assert requests.put(tags_url, json={"tags": ["saas_ultimate"]}, auth=auth).json() == {
        "tags": ["sm_ultimate", "saas_ultimate"]}
    assert requests.delete(tags_url, params={"tags": "sm_ultimate"}, auth=auth).json() == {"tags": ["saas_ultimate"]}
    assert requests.get(tags_url, auth=auth).json() == {"tags": ["saas_ultimate"]}
    assert zp.organizations(id=org.id).tags == ["saas_ultimate"]


def test_zenpy_search(sandbox, zp) -> None:
    org = zp.organizations.create(Organization(name="Gamma", tags=["dedicated_ultimate"]))
    other = zp.organizations.create(Organization(name="Delta"))
    first = _new_ticket(zp, org.id, body="Kubernetes operator fails on SaaS")
    second = _new_ticket(zp, org.id, body="Billing question")
    third = _new_ticket(zp, other.id, body="SaaS login broken")
    second.status = "solved"
    zp.tickets.update(second)
    assert {t.id for t in zp.search(type="ticket", organization_id=org.id)} == {first.id, second.id}
    assert [t.id for t in zp.search(type="ticket", organization_id=org.id, status_less_than="solved")] == [first.id]
    assert {t.id for t in zp.search("saas", type="ticket")} == {first.id, third.id}
    assert [t.id for t in zp.search(type="ticket", tags="dedicated_ultimate", status="open")] == []
    assert [o.id for o in zp.search(type="organization", tags="dedicated_ultimate")] == [org.id]


def test_errors_map_to_zenpy_exceptions(sandbox, zp) -> None:
    url, cfg, _ = sandbox
    with pytest.raises(RecordNotFoundException):
        zp.tickets(id=424242)
    bad = Zenpy(subdomain="sandbox", email=cfg.agent_email, token="wrong", timeout=5)
    with pytest.raises(APIException) as exc:
        bad.users.me()
    assert exc.value.response.status_code == 401
    assert exc.value.response.json() == {"error": "Couldn't authenticate you"}
    zp.organizations.create(Organization(name="Epsilon"))
    with pytest.raises(APIException) as dup:
        zp.organizations.create(Organization(name="Epsilon"))
    assert dup.value.response.status_code == 422
    assert dup.value.response.json()["error"] == "RecordInvalid"
    ticket = _new_ticket(zp, zp.organizations.create(Organization(name="Zeta")).id)
    stale = ticket.updated_at
    requests.put(f"{url}/api/v2/tickets/{ticket.id}/tags", json={"tags": ["x"]}, auth=_basic(cfg))
    ticket.safe_update, ticket.updated_stamp = True, stale
    ticket.status = "pending"
    with pytest.raises(APIException) as conflict:
        zp.tickets.update(ticket)
    assert conflict.value.response.status_code == 409
    assert conflict.value.response.json()["error"] == "UpdateConflict"


def test_tags_api_and_safe_update_with_requests(sandbox, zp) -> None:
    url, cfg, _ = sandbox
    auth = _basic(cfg)
    ticket = _new_ticket(zp, zp.organizations.create(Organization(name="Eta", tags=["sm_premium"])).id)
    tags_url = f"{url}/api/v2/tickets/{ticket.id}/tags.json"
    show = requests.get(f"{url}/api/v2/tickets/{ticket.id}.json", auth=auth).json()["ticket"]
    stamp = show["updated_at"]
    set_resp = requests.post(tags_url, json={"tags": ["a", "b"], "safe_update": True, "updated_stamp": stamp},
                             auth=auth)
    assert set_resp.status_code == 201 and set_resp.json() == {"tags": ["a", "b"]}
    stale = requests.put(tags_url, json={"tags": ["c"], "safe_update": "true", "updated_stamp": stamp}, auth=auth)
    assert stale.status_code == 409 and stale.json()["error"] == "UpdateConflict"
    fresh = requests.get(f"{url}/api/v2/tickets/{ticket.id}", auth=auth).json()["ticket"]["updated_at"]
    assert fresh > stamp  # every write moves the stamp, even within one second
    ok = requests.put(tags_url, json={"tags": ["c"], "safe_update": "true", "updated_stamp": fresh}, auth=auth)
    assert ok.json() == {"tags": ["a", "b", "c"]}
    assert requests.delete(tags_url, json={"tags": ["a"]}, auth=auth).json() == {"tags": ["b", "c"]}
    upd = requests.put(f"{url}/api/v2/tickets/{ticket.id}", auth=auth, json={"ticket": {
        "additional_tags": ["d"], "remove_tags": ["b"], "status": "closed"}})
    assert upd.json()["ticket"]["tags"] == ["c", "d"] and upd.json()["ticket"]["status"] == "closed"
    closed = requests.put(tags_url, json={"tags": ["e"]}, auth=auth)
    assert closed.status_code == 422 and closed.json()["details"]["status"]
    many = requests.get(f"{url}/api/v2/tickets/show_many.json", params={"ids": f"{ticket.id},999"}, auth=auth)
    assert [t["id"] for t in many.json()["tickets"]] == [ticket.id]


def test_comment_pagination_cursor_and_offset(sandbox, zp) -> None:
    url, cfg, _ = sandbox
    ticket = _new_ticket(zp, zp.organizations.create(Organization(name="Theta")).id)
    for i in range(4):
        requests.put(f"{url}/api/v2/tickets/{ticket.id}", auth=_basic(cfg),
                     json={"ticket": {"comment": {"body": f"note {i}", "public": False}}})
    first = requests.get(f"{url}/api/v2/tickets/{ticket.id}/comments", params={"page[size]": 2},
                         auth=_basic(cfg)).json()
    assert len(first["comments"]) == 2 and first["meta"]["has_more"] is True
    rest = requests.get(first["links"]["next"], auth=_basic(cfg)).json()
    last = requests.get(rest["links"]["next"], auth=_basic(cfg)).json()
    bodies = [c["body"] for page in (first, rest, last) for c in page["comments"]]
    assert bodies == ["We are moving to SaaS"] + [f"note {i}" for i in range(4)] and not last["meta"]["has_more"]
    offset = requests.get(f"{url}/api/v2/tickets/{ticket.id}/comments", params={"per_page": 3, "page": 2},
                          auth=_basic(cfg)).json()
    assert [c["body"] for c in offset["comments"]] == ["note 2", "note 3"]
    assert offset["count"] == 5 and offset["next_page"] is None and offset["previous_page"]


def _envelopes(got: list[tuple[dict[str, str], bytes]], secret: str) -> list[dict[str, Any]]:
    now = datetime.now(timezone.utc)
    out = []
    for headers, body in got:
        verify_zendesk(secret, headers.get("X-Zendesk-Webhook-Signature-Timestamp"),
                       headers.get("X-Zendesk-Webhook-Signature"), body, now)
        assert headers["User-Agent"] == "Zendesk Webhook" and headers["X-Zendesk-Webhook-Id"]
        out.append(json.loads(body))
    return out


def test_webhooks_are_signed_ordered_and_shaped(sandbox, zp, receiver) -> None:
    url, cfg, app = sandbox
    got = receiver.got
    org = zp.organizations.create(Organization(name="Iota", tags=["sm_premium"]))
    ticket = _new_ticket(zp, org.id)
    requests.put(f"{url}/api/v2/tickets/{ticket.id}", auth=_basic(cfg, human=True), json={"ticket": {
        "comment": {"body": "Premium, 2030-01-01", "public": True, "author_id": ticket.requester_id}}})
    zp.tickets.add_tags(ticket.id, ["offering_migration"])
    requests.put(f"{url}/api/v2/tickets/{ticket.id}", auth=_basic(cfg), json={"ticket": {"status": "pending"}})
    assert controls_of(app).webhooks.wait_idle(5)
    envs = _envelopes(got, cfg.webhook_secret)
    assert [e["type"] for e in envs] == ["zen:event-type:ticket.created", "zen:event-type:ticket.comment_added",
                                         "zen:event-type:ticket.tags_changed", "zen:event-type:ticket.status_changed"]
    created, commented, tagged, status = envs
    assert {k: status["event"][k] for k in ("current", "previous")} == {"current": "PENDING", "previous": "NEW"}
    assert status["detail"]["status"] == "PENDING"
    assert created["subject"] == f"zen:ticket:{ticket.id}" and created["account_id"] == cfg.account_id
    assert created["zendesk_event_version"] == "2022-11-06" and len({e["id"] for e in envs}) == 4
    detail = created["detail"]
    assert detail["id"] == str(ticket.id) and detail["organization_id"] == str(org.id)
    assert detail["requester_id"] == str(ticket.requester_id) and detail["status"] == "NEW"
    assert detail["actor_id"] == str(state_of(app).bot_user["id"]) and detail["tags"] == ["sm_premium"]
    assert detail["description"] == "We are moving to SaaS" and detail["via"]["channel"]
    comment = commented["event"]["comment"]
    assert comment["author"] == {"id": str(ticket.requester_id), "is_staff": False, "name": "Jo Customer"}
    assert comment["is_public"] is True and comment["body"] == "Premium, 2030-01-01"
    assert isinstance(comment["id"], str)
    assert commented["detail"]["actor_id"] == str(state_of(app).admin_user["id"])
    assert tagged["event"]["tags_added"] == ["offering_migration"] and tagged["event"]["tags_removed"] == []
    deliveries = requests.get(f"{url}/_sandbox/deliveries").json()
    assert [d["state"] for d in deliveries] == ["delivered"] * 4 and deliveries[0]["status"] == 202


def test_webhook_duplicates_and_disable(sandbox, zp, receiver) -> None:
    url, cfg, app = sandbox
    got = receiver.got
    requests.post(f"{url}/_sandbox/webhook", json={"duplicates": 3})
    _new_ticket(zp, zp.organizations.create(Organization(name="Kappa")).id)
    assert controls_of(app).webhooks.wait_idle(5)
    envs = _envelopes(got, cfg.webhook_secret)
    assert len(envs) == 3 and len({e["id"] for e in envs}) == 1
    assert len({h["X-Zendesk-Webhook-Invocation-Id"] for h, _ in got}) == 3
    got.clear()
    requests.post(f"{url}/_sandbox/webhook", json={"enabled": False})
    _new_ticket(zp, zp.organizations.create(Organization(name="Lambda")).id)
    assert controls_of(app).webhooks.wait_idle(5) and got == []


def test_faults_errors_rate_limits_and_down(sandbox, zp) -> None:
    url, cfg, _ = sandbox
    me = f"{url}/api/v2/users/me.json"
    requests.post(f"{url}/_sandbox/faults", json={"error_rate": 0.4, "seed": 11})
    first = [requests.get(me, auth=_basic(cfg)).status_code for _ in range(30)]
    requests.post(f"{url}/_sandbox/faults", json={"error_rate": 0.4, "seed": 11})
    assert [requests.get(me, auth=_basic(cfg)).status_code for _ in range(30)] == first
    assert set(first) == {200, 500}
    requests.post(f"{url}/_sandbox/faults", json={"rate_limit_rate": 1.0, "retry_after": 7})
    limited = requests.get(me, auth=_basic(cfg))
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "7"
    assert limited.json()["error"] == "APIRateLimitExceeded"
    requests.post(f"{url}/_sandbox/faults", json={"down": True})
    assert requests.get(me, auth=_basic(cfg)).status_code == 503
    with pytest.raises(APIException):
        zp.users.me()
    requests.post(f"{url}/_sandbox/faults", json={})
    assert zp.users.me().email == cfg.agent_email
    calls = requests.get(f"{url}/_sandbox/calls").json()
    assert calls[-1]["auth_user"] == cfg.agent_email and calls[-1]["status"] == 200
    assert sum(1 for c in calls if c["status"] == 500) == first.count(500) * 2


def test_state_reset_prefix_and_unauthenticated(receiver) -> None:
    cfg = ZendeskSandboxConfig(prefix="/zd", webhook_url=None)
    app = create_app(cfg)
    with ServerThread(app) as srv:
        base = srv.url + "/zd"
        assert requests.get(base + "/api/v2/users/me").status_code == 401
        org = requests.post(base + "/api/v2/organizations.json", auth=_basic(cfg, human=True),
                            json={"organization": {"name": "Mu", "tags": ["saas_premium"]}}).json()
        assert org["organization"]["url"] == f"{base}/api/v2/organizations/{org['organization']['id']}.json"
        dump = requests.get(base + "/_sandbox/state").json()
        assert [o["name"] for o in dump["organizations"]] == ["Mu"]
        assert requests.get(base + "/_sandbox/calls").json()[-1]["auth_user"] == cfg.admin_email
        requests.post(base + "/_sandbox/reset")
        assert state_of(app).organizations == {} and len(state_of(app).users) == 2
        assert requests.get(base + "/api/v2/nothing", auth=_basic(cfg)).json()["error"] == "InvalidEndpoint"
    controls_of(app).close()
