"""Fixtures for the runtime tests (the helpers live in ``tests/runtime/_support.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from openai_finetunes import AuthenticatedClient, connect
from tests.conftest import API_KEY, BASE_URL
from tests.runtime._support import LoopbackServer, SleepRecorder, recording_policy


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def retry_client(sleeps: SleepRecorder) -> AuthenticatedClient:
    """Like the ``client`` fixture, but retrying up to 3 times with recorded sleeps."""
    return connect(
        API_KEY,
        base_url=BASE_URL,
        organization="org-acme",
        project="proj_abc123",
        retry_policy=recording_policy(sleeps),
    )


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
