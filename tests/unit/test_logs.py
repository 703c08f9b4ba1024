"""Log lines carry the case they are about (LOG_FORMAT text and json)."""
from __future__ import annotations

import io
import json
import logging
import sys

import pytest

from bot import logs


@pytest.fixture(autouse=True)
def _restore_root_logger():
    root, dbos = logging.getLogger(), logging.getLogger("dbos")
    handlers, level = list(root.handlers), root.level
    dbos_handlers, dbos_propagate = list(dbos.handlers), dbos.propagate
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    dbos.handlers[:] = dbos_handlers
    dbos.propagate = dbos_propagate


def _emit(fmt: str, case_id: object | None) -> str:
    logs.configure(fmt)
    stream = io.StringIO()
    logging.getLogger().handlers[0].setStream(stream)
    if case_id is None:
        logging.getLogger("bot.test").info("plain")
    else:
        with logs.case_scope(case_id):
            logging.getLogger("bot.test").info("about a case")
    return stream.getvalue().strip()


def test_text_lines_name_the_case_inside_a_case_scope_only():
    assert "[case 42] about a case" in _emit("text", 42)
    assert "[case" not in _emit("text", None)


def test_json_lines_are_objects_with_the_case_id():
    line = json.loads(_emit("json", "7"))
    assert line["case_id"] == "7" and line["message"] == "about a case" and line["level"] == "INFO"
    assert "case_id" not in json.loads(_emit("json", None))
    assert logs.current_case() is None  # the scope ended with its block


# --- structured fields --------------------------------------------------------------------------------------------

def _capture(fmt: str):
    logs.configure(fmt)
    stream = io.StringIO()
    logging.getLogger().handlers[0].setStream(stream)
    return stream


def test_json_lines_give_every_structured_field_its_own_key():
    stream = _capture("json")
    with logs.case_scope(12):
        logging.getLogger("bot.test").info("handled", extra={
            "delivery_id": "zendesk:abc", "source": "zendesk", "event_type": "ticket.created", "outcome": "done",
            "ms": 41, "service": "zendesk", "what": "PUT /api/v2/tickets/9"})
    line = json.loads(stream.getvalue())
    assert {k: line[k] for k in logs.FIELDS} == {
        "delivery_id": "zendesk:abc", "source": "zendesk", "event_type": "ticket.created", "outcome": "done",
        "case_id": "12", "ms": 41, "service": "zendesk", "what": "PUT /api/v2/tickets/9"}
    assert line["message"] == "handled"


def test_an_explicit_case_id_wins_over_the_scope_and_a_clashing_field_keeps_the_record_s_own():
    stream = _capture("json")
    with logs.case_scope(1):
        logging.getLogger("bot.test").info("x", extra={"case_id": "2", "level_name": "ok"})
    line = json.loads(stream.getvalue())
    assert line["case_id"] == "2" and line["level"] == "INFO" and line["level_name"] == "ok"


def test_exceptions_stay_inside_their_one_json_line():
    stream = _capture("json")
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        logging.getLogger("bot.test").exception("failed")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and "ValueError: boom" in json.loads(lines[0])["exception"]


# --- the redaction safety net -------------------------------------------------------------------------------------

SECRET_SHAPES = [
    ("slack bot token", "calling with xoxb-1111-2222-AbCdEfGhIj failed", "xoxb-1111-2222-AbCdEfGhIj"),
    ("slack configuration token", "manifest call with xoxe.xoxp-1-Mi0yLTMyNTg0 refused", "Mi0yLTMyNTg0"),
    ("slack workflow token", "step ran with xwfp-77-WorkflowTok", "WorkflowTok"),
    ("slack user token in a dict", "{'token': 'xoxp-99-88-secretvalue'}", "secretvalue"),
    ("bearer header", "headers={'Authorization': 'Bearer s3cr3t-bearer-value'}", "s3cr3t-bearer-value"),
    ("basic header", "Authorization: Basic YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46YWJj", "YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46YWJj"),
    ("query token", "GET https://gitlab.example/api/v4/user?private_token=glpat-abcdefgh123&x=1", "abcdefgh123"),
    ("token= in a form", "body was token=legacy-verification-token&team=T1", "legacy-verification-token"),
    ("zendesk basic user", "auth=('agent@example.com/token:zdTok3nValue', '')", "zdTok3nValue"),
    ("json api_token", '{"api_token": "zd-api-token-value"}', "zd-api-token-value"),
    ("gitlab header", "PRIVATE-TOKEN: glpat-abcdefghijklmnop", "abcdefghijklmnop"),
    ("webhook token header", "X-Gitlab-Token: hook-token-value", "hook-token-value"),
    ("slack webhook url", "posting to https://hooks.slack.com/services/T000/B000/XXXXsecret failed",
     "XXXXsecret"),
    ("response_url", '{"response_url": "https://hooks.slack.com/actions/T1/123/abcDEF"}', "abcDEF"),
    ("response_url elsewhere", "response_url=http://127.0.0.1:9/slack/respond/abc123zz", "abc123zz"),
    ("database password", "connecting to postgresql://bot:dbpa55word@db:5432/bot", "dbpa55word"),
    ("signing secret", "SLACK_SIGNING_SECRET=8f742231b10e8888abcd99yyy", "8f742231b10e8888abcd99yyy"),
]


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("what, message, secret", SECRET_SHAPES, ids=[s[0] for s in SECRET_SHAPES])
def test_token_like_values_never_reach_the_output(fmt, what, message, secret):
    stream = _capture(fmt)
    logging.getLogger("bot.test").warning("%s", message, extra={"detail": message})
    try:
        raise RuntimeError(message)
    except RuntimeError:
        logging.getLogger("bot.test").exception("failed")
    out = stream.getvalue()
    assert secret not in out and "***" in out


def test_ordinary_text_is_left_alone():
    stream = _capture("text")
    logging.getLogger("bot.test").info("ticket 42 moved to saas_premium; tokens are counted; see response time")
    assert "ticket 42 moved to saas_premium; tokens are counted; see response time" in stream.getvalue()


def test_the_settings_secrets_are_masked_whatever_their_shape():
    from base64 import b64encode

    from bot.settings import Settings

    settings = Settings(zendesk_email="bot@example.com", zendesk_api_token="plainZendeskTok",
                        gitlab_webhook_token="hookhookhook", slack_signing_secret="signsignsign",
                        database_url="postgresql://bot:DbSecretPw@db/bot", admin_users="ann:$scrypt$abcdefgh")
    logs.register_secrets(logs.secret_values(settings))
    basic = b64encode(b"bot@example.com/token:plainZendeskTok").decode()
    stream = _capture("json")
    logging.getLogger("bot.test").info("plainZendeskTok hookhookhook signsignsign %s DbSecretPw $scrypt$abcdefgh",
                                       basic)
    out = stream.getvalue()
    for secret in ("plainZendeskTok", "hookhookhook", "signsignsign", basic, "DbSecretPw", "$scrypt$abcdefgh"):
        assert secret not in out


# --- through the real code paths ----------------------------------------------------------------------------------

def _runtime(tmp_path, **overrides):
    from bot.db.engine import upgrade
    from bot.services.base import RetryPolicy
    from bot.settings import Settings
    from bot.worker.runtime import build_runtime

    url = f"sqlite:///{tmp_path / 'bot.db'}"
    upgrade(url)
    settings = Settings(database_url=url, zendesk_url="https://acme.zendesk.example", zendesk_email="bot@acme.example",
                        zendesk_api_token="ZdApiTokenValue1", gitlab_url="https://gitlab.example",
                        gitlab_token="glpat-GitlabTokenValue", gitlab_project="ops/migrations",
                        slack_api_url="https://slack.example/api", slack_bot_token="xoxb-1-2-SlackBotTokenValue",
                        **overrides)
    return build_runtime(settings, retry=RetryPolicy(attempts=2, base_delay=0, max_delay=0, jitter=False))


def test_secrets_in_failing_calls_never_reach_the_log(tmp_path):
    """Error bodies that echo credentials the client does not know (another token, Slack's bearer response_url),
    a bug whose message quotes a payload, a retried call: every line is JSON and no secret is in any."""
    import responses

    from bot.worker.workflows import _durably

    rt = _runtime(tmp_path)
    rt.zendesk.sleep = rt.slack.sleep = lambda _: None
    leaked = ["xoxp-9-9-LeakedUserToken", "OtherLeakedToken", "abcResponseUrlSecret", "ZdApiTokenValue1",
              "xoxb-1-2-SlackBotTokenValue", "SlackBotTokenValue"]
    hook = "https://hooks.slack.com/actions/T1/42/abcResponseUrlSecret"
    stream = _capture("json")
    gave_up = []
    with responses.RequestsMock() as mock:
        mock.get("https://acme.zendesk.example/api/v2/tickets/9", status=503,
                 json={"error": "Unavailable", "description": "retry token=OtherLeakedToken (xoxp-9-9-LeakedUserToken)"})
        mock.get("https://acme.zendesk.example/api/v2/tickets/9", json={"ticket": {"id": 9}})
        mock.post(hook, status=404, body=f"no_such_url {hook} for ZdApiTokenValue1")
        with logs.case_scope(5):
            assert rt.zendesk.get_ticket(9) == {"id": 9}  # retried once: the retry is logged with the error

            def respond(_):
                rt.slack.respond(hook, {"text": "hi"})

            def bug(_):
                raise KeyError(f"payload {{'token': 'xoxb-1-2-SlackBotTokenValue', 'response_url': '{hook}'}}")

            _durably("event", respond, "slack:1", lambda *a: gave_up.append(a), 1, 0, 0, 0)
            _durably("event", bug, "slack:2", lambda *a: gave_up.append(a), 1, 0, 0, 0)
    lines = [json.loads(x) for x in stream.getvalue().splitlines()]
    messages = " | ".join(x["message"] + x.get("exception", "") for x in lines)
    assert "attempt 1 failed (zendesk: 503" in messages and "event slack:1 failed: slack: 404" in messages
    assert "KeyError" in messages
    assert sum(x["level"] == "ERROR" for x in lines) == 2 and all(x.get("case_id") == "5" for x in lines)
    assert len(gave_up) == 2
    for secret in leaked:
        assert secret not in stream.getvalue(), secret


def test_one_line_per_write_names_the_service_what_and_the_case(tmp_path):
    import responses
    import sqlalchemy as sa

    rt = _runtime(tmp_path)
    stream = _capture("json")
    with responses.RequestsMock() as mock:
        mock.put("https://acme.zendesk.example/api/v2/tickets/9", json={"ticket": {"id": 9}})
        mock.get("https://acme.zendesk.example/api/v2/tickets/9", json={"ticket": {"id": 9}})
        with logs.case_scope(7):
            rt.zendesk.get_ticket(9)  # a read: no write line
            rt.zendesk.add_comment(9, "Thanks, token=not-a-secret-but-masked", public=False)
        rt.zendesk.add_comment(9, "outside any case", public=False)
    writes = [json.loads(x) for x in stream.getvalue().splitlines() if '"what"' in x]
    assert [(w["service"], w["what"], w.get("case_id"), w["message"]) for w in writes] == [
        ("zendesk", "PUT /api/v2/tickets/9", "7", "write zendesk PUT /api/v2/tickets/9"),
        ("zendesk", "PUT /api/v2/tickets/9", None, "write zendesk PUT /api/v2/tickets/9")]
    assert "not-a-secret" not in stream.getvalue()  # the payload (customer text) stays out of the line
    with rt.engine.connect() as conn:  # the audit row of the write names its case too
        rows = conn.execute(sa.text("SELECT case_id FROM audit WHERE action = 'write' ORDER BY id")).scalars().all()
    assert rows == [7, None]


def test_a_dry_run_write_is_logged_as_planned(tmp_path):
    rt = _runtime(tmp_path, dry_run=True)
    stream = _capture("text")
    with logs.case_scope(3):
        rt.slack.post_message("C1", "hello xoxb-1-2-SlackBotTokenValue")
    out = stream.getvalue()
    assert "[case 3] planned write slack POST chat.postMessage" in out
    assert "SlackBotTokenValue" not in out


def test_the_delivery_line_names_the_cases_its_handling_touched():
    stream = _capture("json")
    log = logging.getLogger("bot.worker.workflows")
    with logs.delivery_scope() as cases:
        with logs.case_scope(4):
            logging.getLogger("handlers.zendesk").info("inside")
        with logs.case_scope(9), logs.case_scope(4):
            pass
    logs.log_delivery(log, delivery_id="zendesk:1", source="zendesk", event_type="ticket.created",
                      outcome="asked the customer", ms=37.9, case_ids=cases)
    with logs.delivery_scope() as none:
        pass
    logs.log_delivery(log, delivery_id="zendesk:2", source="zendesk", event_type="ticket.created",
                      outcome="not a migration", ms=3, case_ids=none)
    first, second = [json.loads(x) for x in stream.getvalue().splitlines()[1:]]
    assert {k: first[k] for k in ("delivery_id", "source", "event_type", "outcome", "case_id", "ms")} == {
        "delivery_id": "zendesk:1", "source": "zendesk", "event_type": "ticket.created",
        "outcome": "asked the customer", "case_id": "4,9", "ms": 37}
    assert "case_id" not in second and second["message"].endswith("ms=3 case=-")
    logs.configure("text")
    stream = io.StringIO()
    logging.getLogger().handlers[0].setStream(stream)
    logs.log_delivery(log, delivery_id="gitlab:u", source="gitlab", event_type="Issue Hook", outcome="approved",
                      ms=5, case_ids=["4"])
    assert "handled delivery=gitlab:u source=gitlab type=Issue Hook outcome='approved' ms=5 case=4" in stream.getvalue()


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_gunicorn_s_own_lines_follow_the_chosen_format(fmt, capsys):
    from gunicorn.config import Config

    from bot.web.gunicorn_logger import GunicornLogger

    logs.configure(fmt)
    cfg = Config()
    cfg.set("logger_class", "bot.web.gunicorn_logger.GunicornLogger")
    assert cfg.logger_class is GunicornLogger
    logger = GunicornLogger(cfg)
    logger.info("Starting gunicorn %s with token=%s", "27", "gunicornSecretValue")
    logger.setup(cfg)  # a reload sets the handlers up again: still one line, still the bot's format
    logger.error("Worker (pid:%s) exited", 42)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and "gunicornSecretValue" not in "".join(lines)
    if fmt == "json":
        first, second = map(json.loads, lines)
        assert first["logger"] == "gunicorn.error" and first["message"].startswith("Starting gunicorn 27")
        assert second["level"] == "ERROR"
    else:
        assert " INFO gunicorn.error: Starting gunicorn 27" in lines[0]


def test_without_configure_gunicorn_takes_log_format_from_the_settings(monkeypatch):
    monkeypatch.setattr(logs, "_CHOSEN", [])
    monkeypatch.setenv("LOG_FORMAT", "json")
    assert logs.chosen_format() == "json"
    monkeypatch.setenv("LOG_FORMAT", "yaml")
    assert logs.chosen_format() == "text"


def test_dbos_own_lines_follow_the_chosen_format(capsys):
    from dbos._logger import dbos_logger, init_logger

    logs.configure("json")
    init_logger()  # what DBOS() does when it starts: adds its own console handler unless one is there
    dbos_logger.warning("Recovering %d workflows", 2)
    lines = capsys.readouterr().err.splitlines()
    assert [json.loads(x)["message"] for x in lines] == ["Recovering 2 workflows"]


def test_the_handler_writes_to_the_stderr_of_the_moment_not_the_one_at_configure_time(monkeypatch):
    # A CLI run inside a test configured logging while stderr was a capture that is closed later; a worker started
    # afterwards in the same process must still log (it died with "I/O operation on closed file").
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    logs.configure("text")
    first.close()
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    logging.getLogger("bot.test").warning("still heard")
    assert "still heard" in second.getvalue()


def test_the_safety_net_keeps_the_bots_own_words_about_a_setting():
    assert logs.redact("ZENDESK_API_TOKEN: required for `serve` but not set") == \
        "ZENDESK_API_TOKEN: required for `serve` but not set"
    assert logs.redact("GITLAB_TOKEN: must be set") == "GITLAB_TOKEN: must be set"
    assert logs.redact("gitlab_token: glXk29sd8f7") == "gitlab_token: ***"


def test_a_dead_letter_reason_keeps_no_secret():
    from bot.db.inbox import storable

    logs.register_secrets(["zd-api-token-4711"])
    reason = storable("ApiError: slack: 404: POST response_url: https://hooks.slack.com/actions/T1/2/abc said "
                      "{'token': 'xoxb-1-2-secret', 'auth': 'zd-api-token-4711'}")
    assert "xoxb-1-2-secret" not in reason and "zd-api-token-4711" not in reason and "hooks.slack.com/actions/T1" not in reason
    assert reason.startswith("ApiError: slack: 404: POST")
