"""The test harness's port picker: ports for started processes never come from the kernel's ephemeral range."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import free_port


def _ephemeral() -> range:
    where = Path("/proc/sys/net/ipv4/ip_local_port_range")
    if not where.exists():
        pytest.skip("no Linux ephemeral port range to compare with")
    low, high = map(int, where.read_text().split())
    return range(low, high + 1)


def test_ports_are_outside_the_ephemeral_range_and_not_repeated():
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == 50
    assert not [p for p in ports if p in _ephemeral()]


def test_xdist_workers_get_disjoint_blocks(monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    one = free_port()
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw2")
    two = free_port()
    assert abs(one - two) >= 1000
