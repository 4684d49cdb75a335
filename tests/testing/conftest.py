"""Fixtures for the fake-service tests.

Every fake built with ``make_fake`` records each JSON answer; after the test they are
validated against the upstream OpenAPI schema, and a violation fails the test. A
missing ``../shared`` skips that check (``test_schema.py`` fails it when ``CI=true``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from openai_finetunes.testing import FakeOpenAI, FakeServer, ManualClock
from tests.conftest import UPSTREAM
from tests.testing.helpers import API_KEY, ORG, chat_examples
from tests.testing.schema import SchemaChecker, load_subset


@pytest.fixture(scope="session")
def training_jsonl() -> bytes:
    """Twenty valid chat examples."""
    return chat_examples(20)


@pytest.fixture(scope="session")
def schema_checker(pytestconfig: pytest.Config) -> SchemaChecker | None:
    if not UPSTREAM.exists():
        return None
    return SchemaChecker(load_subset(UPSTREAM, getattr(pytestconfig, "cache", None)))


Recorded = list[tuple[str | None, int, Any]]


@pytest.fixture
def make_fake(schema_checker: SchemaChecker | None) -> Iterator[Callable[..., FakeOpenAI]]:
    """Build fakes (ManualClock, test key) whose answers are schema-checked afterwards."""
    fakes: list[FakeOpenAI] = []
    recorded: Recorded = []

    def build(**kwargs: Any) -> FakeOpenAI:
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("organization", ORG)
        kwargs.setdefault("clock", ManualClock())
        fake = FakeOpenAI(**kwargs)
        fake.add_response_hook(lambda op, status, body: recorded.append((op, status, body)))
        fakes.append(fake)
        return fake

    yield build
    for fake in fakes:
        fake.close()
    if schema_checker is not None:
        problems = [
            e for op, status, body in recorded for e in schema_checker.errors(op, status, body)
        ]
        if problems:
            pytest.fail("answers that break the upstream schema:\n" + "\n".join(problems[:20]))


@pytest.fixture
def fake(make_fake: Callable[..., FakeOpenAI]) -> FakeOpenAI:
    return make_fake()


@pytest.fixture
def served(fake: FakeOpenAI) -> Iterator[FakeServer]:
    """``fake`` over TCP."""
    with fake.serve(port=0) as server:
        yield server


@pytest.fixture
def http(fake: FakeOpenAI) -> Iterator[httpx.Client]:
    """A raw httpx client over the fake's transport, authenticated."""
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {API_KEY}"},
    ) as client:
        yield client
