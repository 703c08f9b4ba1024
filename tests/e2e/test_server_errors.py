"""SPEC: errors as JSON `{"error": ..., "details": [...]}` on every path, also where the HTTP server answers before
the app sees the request: a body declared beyond what the server buffers (413), a malformed Content-Length or
request line (400). Real processes (the Procfile's `web` line and `migration-bot serve`), raw sockets."""
from __future__ import annotations

import json
import socket

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]


def exchange(base: str, head: bytes, body: bytes = b"") -> tuple[int, dict, bytes]:
    """Send one raw request, read the answer until the server closes; (status, headers, body)."""
    host, port = base.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(head + body)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    raw_head, _, payload = data.partition(b"\r\n\r\n")
    lines = raw_head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    return int(lines[0].split()[1]), headers, payload


def assert_json_error(status: int, headers: dict, payload: bytes, expected: int) -> dict:
    assert status == expected, payload
    assert headers.get("content-type", "").startswith("application/json"), (headers, payload)
    doc = json.loads(payload)
    assert isinstance(doc["error"], str) and doc["error"] and isinstance(doc["details"], list), doc
    return doc


def test_a_body_declared_far_beyond_the_limit_gets_a_json_413(web):
    # 5 MB announced: the server refuses it from the headers, before reading it (only a little is sent)
    head = (b"POST /webhooks/zendesk HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 5000000\r\nConnection: close\r\n\r\n")
    doc = assert_json_error(*exchange(web, head, b"{}"), 413)
    assert doc["error"] == "body larger than 1000000 bytes"  # the same words as the app's own 413


def test_a_malformed_content_length_gets_a_json_400(web):
    head = (b"POST /webhooks/gitlab HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: abc\r\nConnection: close\r\n\r\n")
    assert_json_error(*exchange(web, head), 400)
