"""Tests for the shared sandbox plumbing: faults, call log, control routes, webhook delivery, prefixes."""
from __future__ import annotations

import json
from typing import Any

import flask
import pytest
import requests

from sandbox.common import (Controls, FaultInjector, HttpError, ServerThread, apply_prefix, install_controls,
                                set_auth_user)


def _toy_app(controls: Controls) -> flask.Flask:
    app = flask.Flask("toy")
    items: list[str] = []

    def fault_response(kind: str, faults: Any) -> tuple[int, Any, dict[str, str]]:
        if kind == "rate_limit":
            return 429, {"error": "slow down"}, {"Retry-After": str(faults.retry_after)}
        if kind == "down":
            return 503, {"error": "down"}, {}
        return faults.error_status, {"error": "boom"}, {}

    install_controls(app, controls, dump=lambda: {"items": list(items)}, reset=items.clear,
                     identify=lambda req: req.headers.get("X-User"), fault_response=fault_response)

    @app.post("/api/items")
    def add() -> Any:
        set_auth_user("writer")
        item = (flask.request.get_json(silent=True) or {}).get("name")
        if not item:
            raise HttpError(422, {"error": "name missing"})
        items.append(item)
        controls.webhooks.send("item.created", {"name": item}, sign=lambda body: {"X-Sig": str(len(body))},
                               key=item)
        return {"items": items}, 201

    @app.get("/api/items")
    def list_items() -> Any:
        return {"items": items}

    return app


@pytest.fixture()
def toy(receiver):
    controls = Controls("toy", webhook_url=receiver.url + "/hook", retry_delays=(0.01, 0.01))
    with ServerThread(_toy_app(controls)) as srv:
        yield srv.url, controls
    controls.close()


def test_fault_draws_are_reproducible_with_a_seed() -> None:
    a, b = FaultInjector(), FaultInjector()
    for inj in (a, b):
        inj.configure({"error_rate": 0.3, "rate_limit_rate": 0.2, "seed": 7})
    seq_a = [a.draw() for _ in range(200)]
    assert seq_a == [b.draw() for _ in range(200)]
    assert 30 < seq_a.count("error") < 90 and 15 < seq_a.count("rate_limit") < 65
    with pytest.raises(ValueError):
        a.configure({"bogus": 1})


def test_control_routes_state_calls_reset(toy) -> None:
    base, _ = toy
    assert requests.post(base + "/api/items", json={"name": "a"}).status_code == 201
    assert requests.post(base + "/api/items", json={}).json() == {"error": "name missing"}
    assert requests.get(base + "/_sandbox/state").json() == {"items": ["a"]}
    calls = requests.get(base + "/_sandbox/calls").json()
    assert [(c["method"], c["path"], c["status"], c["auth_user"]) for c in calls] == [
        ("POST", "/api/items", 201, "writer"), ("POST", "/api/items", 422, "writer")]
    later = requests.get(base + "/_sandbox/calls", params={"since": calls[-1]["t"] + 1}).json()
    assert later == []
    requests.post(base + "/_sandbox/reset")
    assert requests.get(base + "/_sandbox/state").json() == {"items": []}
    assert requests.get(base + "/_sandbox/calls").json() == []


def test_faults_rate_limit_down_and_errors(toy) -> None:
    base, _ = toy
    r = requests.post(base + "/_sandbox/faults", json={"rate_limit_rate": 1.0, "retry_after": 3})
    assert r.json()["rate_limit_rate"] == 1.0
    limited = requests.get(base + "/api/items")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "3"
    requests.post(base + "/_sandbox/faults", json={"down": True})
    assert requests.get(base + "/api/items").status_code == 503
    assert requests.get(base + "/_sandbox/faults").json()["down"] is True  # control plane stays up
    requests.post(base + "/_sandbox/faults", json={"error_rate": 0.5, "error_status": 502, "seed": 3})
    statuses = [requests.get(base + "/api/items").status_code for _ in range(40)]
    assert set(statuses) == {200, 502}
    requests.post(base + "/_sandbox/faults", json={"error_rate": 0.5, "error_status": 502, "seed": 3})
    assert [requests.get(base + "/api/items").status_code for _ in range(40)] == statuses
    assert requests.post(base + "/_sandbox/faults", json={"nope": 1}).status_code == 400
    faults = [c.get("fault") for c in requests.get(base + "/_sandbox/calls").json()]
    assert "rate_limit" in faults and "down" in faults and "error" in faults


def test_timeout_fault_is_slow_but_cut_short_by_reconfiguring(toy) -> None:
    base, _ = toy
    requests.post(base + "/_sandbox/faults", json={"timeout_rate": 1.0, "timeout_seconds": 30})
    with pytest.raises(requests.Timeout):
        requests.get(base + "/api/items", timeout=0.3)
    requests.post(base + "/_sandbox/faults", json={})
    assert requests.get(base + "/api/items", timeout=5).status_code == 200


def test_webhooks_delivered_in_order_with_retries_and_duplicates(toy, receiver) -> None:
    base, controls = toy
    got, script = receiver.got, receiver.statuses
    script.extend([500, 200])  # first delivery fails once, then succeeds on retry
    for name in ("one", "two", "three"):
        requests.post(base + "/api/items", json={"name": name})
    assert controls.webhooks.wait_idle(5)
    assert [json.loads(body)["name"] for _, body in got] == ["one", "one", "two", "three"]
    assert got[0][0]["X-Sig"] == str(len(got[0][1]))
    first = requests.get(base + "/_sandbox/deliveries").json()[0]
    assert (first["attempts"], first["status"], first["state"]) == (2, 200, "delivered")

    got.clear()
    assert requests.post(base + "/_sandbox/webhook", json={"duplicates": 3}).json()["duplicates"] == 3
    requests.post(base + "/api/items", json={"name": "dup"})
    assert controls.webhooks.wait_idle(5)
    assert [json.loads(body)["name"] for _, body in got] == ["dup"] * 3

    got.clear()
    requests.post(base + "/_sandbox/webhook", json={"enabled": False, "duplicates": 1})
    requests.post(base + "/api/items", json={"name": "quiet"})
    assert controls.webhooks.wait_idle(5) and got == []


def test_failed_delivery_is_recorded_after_retries(toy) -> None:
    base, controls = toy
    requests.post(base + "/_sandbox/webhook", json={"url": "http://127.0.0.1:9/nowhere"})
    requests.post(base + "/api/items", json={"name": "lost"})
    assert controls.webhooks.wait_idle(10)
    rec = requests.get(base + "/_sandbox/deliveries").json()[-1]
    assert rec["state"] == "failed" and rec["attempts"] == 3 and rec["error"]


def test_prefix_mount_keeps_api_and_control_reachable() -> None:
    controls = Controls("toy")
    app = apply_prefix(_toy_app(controls), "/zd")
    with ServerThread(app) as srv:
        assert requests.get(srv.url + "/zd/api/items").json() == {"items": []}
        assert requests.get(srv.url + "/zd/_sandbox/state").status_code == 200
        assert requests.get(srv.url + "/_sandbox/state").status_code == 200
    controls.close()
