"""Schemathesis against schemas/openapi.yaml, driving the real Flask app in process (signed and unsigned cases)."""
from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.conftest import ROOT, SECRETS, slack_headers, zendesk_headers

SCHEMA = schemathesis.openapi.from_path(ROOT / "schemas" / "openapi.yaml")
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
WEBHOOKS = ["/webhooks/zendesk", "/webhooks/gitlab", "/slack/interactions"]
EXAMPLES = {GenerationMode.POSITIVE: 150, GenerationMode.NEGATIVE: 100}
# The probes take no parameter, header or body (schemas/openapi.yaml): every positive case is the same bare GET, and
# what else hypothesis draws (signing, a repeat, a Slack payload) is used for the webhooks only. A few cases show
# what 150 copies of one request did.
PROBE_EXAMPLES = 5


def _raw_body(case) -> bytes | None:
    """The exact bytes to send (and sign), or None to let schemathesis serialise an unusual negative body."""
    body = case.body
    media = case.media_type or ""
    try:
        if media.endswith("json"):
            return json.dumps(body).encode()
        if media == "application/x-www-form-urlencoded" and isinstance(body, dict):
            return urlencode({k: v if isinstance(v, (str, int, float)) else json.dumps(v) for k, v in body.items()}
                             ).encode()
    except (TypeError, ValueError):
        return None
    return None


def _signed_headers(path: str, raw: bytes) -> dict:
    """Valid credentials for `raw`, signed now with the test secrets the app fixture uses (the case keeps its own
    Content-Type)."""
    if path == "/webhooks/gitlab":
        return {"X-Gitlab-Token": SECRETS["gitlab_webhook_token"], "X-Gitlab-Event-UUID": str(uuid.uuid4())}
    headers = zendesk_headers(raw) if path == "/webhooks/zendesk" else slack_headers(raw)
    del headers["Content-Type"]
    return headers


# A share of Slack cases carry a plausible block_actions payload, so the signed path reaches validation and the inbox.
block_actions = st.fixed_dictionaries({
    "type": st.just("block_actions"),
    "trigger_id": st.text(min_size=1, max_size=40),
    "user": st.fixed_dictionaries({"id": st.text(min_size=1, max_size=20)}),
    "actions": st.lists(st.fixed_dictionaries({"action_id": st.one_of(st.just("mb_0"), st.text(max_size=10)),
                                               "value": st.text(max_size=20)}), min_size=1, max_size=2),
})


def _run(app, path: str, method: str, mode: GenerationMode, examples: int | None = None) -> list[int]:
    operation = SCHEMA[path][method]
    seen: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode), sign=st.integers(0, 3), again=st.booleans(),
           slack_payload=st.one_of(st.none(), block_actions))
    @settings(max_examples=examples or EXAMPLES[mode], deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case, sign, again, slack_payload):
        if path == "/slack/interactions" and slack_payload is not None and isinstance(case.body, dict):
            case.body = {**case.body, "payload": json.dumps(slack_payload)}
        raw = _raw_body(case) if path in WEBHOOKS else None
        kwargs: dict = {}
        if raw is not None:
            kwargs["data"] = raw
            if sign:  # three cases in four carry valid credentials
                kwargs["headers"] = _signed_headers(path, raw)
        for _ in range(2 if sign and again else 1):
            response = case.call(app=app, **kwargs)
            seen.append(response.status_code)
            case.validate_response(response, checks=CHECKS)

    check()
    return seen


@pytest.mark.parametrize("path", WEBHOOKS)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_webhooks_conform_to_openapi(app, path, mode):
    seen = _run(app, path, "POST", mode)
    # Signing a share of the cases must get past the signature check, or the run proved little.
    assert any(code != 401 for code in seen), sorted(set(seen))
    if mode is GenerationMode.POSITIVE:
        assert any(200 <= code < 300 for code in seen), sorted(set(seen))


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_probes_conform_to_openapi(app, path):
    operation = SCHEMA[path]["GET"].definition.raw
    assert not operation.get("parameters") and "requestBody" not in operation  # else PROBE_EXAMPLES is too few
    assert set(_run(app, path, "GET", GenerationMode.POSITIVE, PROBE_EXAMPLES)) == {200}


def test_document_lists_every_route(app):
    """Every public route of the app is documented (and nothing else)."""
    routes = {(rule.rule, method) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method.upper()) for path, item in SCHEMA.raw_schema["paths"].items() for method in item}
    assert routes == documented


def test_error_responses_are_documented_for_every_webhook():
    for path in WEBHOOKS:
        responses = SCHEMA.raw_schema["paths"][path]["post"]["responses"]
        assert {"400", "401", "413", "415"} <= set(responses), path
