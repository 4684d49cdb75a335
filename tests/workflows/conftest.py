"""The workflows run against the embedded fake with a manual clock: no real waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_finetunes import AuthenticatedClient, connect
from openai_finetunes.testing import FakeOpenAI, ManualClock

GOOD = Path(__file__).resolve().parent.parent / "data" / "good" / "chat.jsonl"
MODEL = "gpt-4o-mini-2024-07-18"
JOB_SECONDS = 100.0


class StepClock:
    """The workflows' clock over the fake's ManualClock: sleeping advances the fake.

    ``on_sleep`` runs before each sleep (to interrupt, or to act on the service).
    """

    def __init__(self, manual: ManualClock) -> None:
        self.manual = manual
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[int], None] | None = None

    def monotonic(self) -> float:
        return self.manual.now()

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.on_sleep is not None:
            self.on_sleep(len(self.sleeps))
        self.manual.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


class Recorder(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Records ``METHOD /path`` of every request that reaches the fake."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.requests: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path.removeprefix('/v1')}")
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path.removeprefix('/v1')}")
        return await self.inner.handle_async_request(request)


@pytest.fixture
def fake() -> FakeOpenAI:
    return FakeOpenAI(clock=ManualClock(), job_seconds=JOB_SECONDS)


@pytest.fixture
def clock(fake: FakeOpenAI) -> StepClock:
    assert isinstance(fake.clock, ManualClock)
    return StepClock(fake.clock)


@pytest.fixture
def recorder(fake: FakeOpenAI) -> Recorder:
    return Recorder(fake.transport())


@pytest.fixture
def api(fake: FakeOpenAI, recorder: Recorder) -> AuthenticatedClient:
    return connect("sk-fake-key", base_url=fake.base_url, transport=recorder, max_retries=0)
