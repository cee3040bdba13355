"""Every embed test runs without the internet: a connection or a name lookup of anything
but this machine fails the test (PostgreSQL, Redis and fake servers are on 127.0.0.1)."""

from __future__ import annotations

import socket

import pytest

from tests.legal.conftest import fresh_registry, on_commit_at_once  # noqa: F401

LOCAL = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    connect, lookup = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(self, address):
        if isinstance(address, tuple) and address[0] not in LOCAL:
            raise AssertionError(f"a test tried to reach {address!r}")
        return connect(self, address)

    def guarded_lookup(host, *args, **kwargs):
        if host not in LOCAL and host is not None:
            raise AssertionError(f"a test tried to look up {host!r}")
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_lookup)
