"""Fixtures for the CLI tests: the fake service over TCP, and ``main()`` run in process.

Every call through the ``cli`` fixture checks that the API key appears in neither stdout
nor stderr.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from openai_finetunes.cli import main
from openai_finetunes.testing import FakeOpenAI, SystemClock
from tests.cli.helpers import CLI_KEY, Cli, Outcome


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli("run", "x.jsonl", ...)`` -> Outcome(code, out, err)."""

    def run(*argv: str) -> Outcome:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        assert CLI_KEY not in captured.out
        assert CLI_KEY not in captured.err
        return Outcome(code, captured.out, captured.err)

    return run


def _serve(monkeypatch: pytest.MonkeyPatch, job_seconds: float) -> Iterator[FakeOpenAI]:
    with (
        FakeOpenAI(api_key=CLI_KEY, job_seconds=job_seconds, clock=SystemClock()) as fake,
        fake.serve(port=0) as server,
    ):
        monkeypatch.setenv("OPENAI_API_KEY", CLI_KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        yield fake


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A fake whose jobs finish in half a second, served over TCP, named by the env."""
    yield from _serve(monkeypatch, job_seconds=0.5)


@pytest.fixture
def slow_fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A fake whose jobs run for ten minutes: they are still running when looked at."""
    yield from _serve(monkeypatch, job_seconds=600)
