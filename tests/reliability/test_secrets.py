"""Issue 9, item 5: the API key never shows up in anything a user or a log can see."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from openai_finetunes import connect
from openai_finetunes._exceptions import APIConnectionError, APIError, AuthenticationError
from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
from openai_finetunes.testing import FakeOpenAI, FakeServer, FaultConfig
from openai_finetunes.workflows import (
    PollSchedule,
    arun_fine_tuning_job,
    cancel_if_running,
    run_fine_tuning_job,
    wait_for_job,
)
from tests.workflows.conftest import GOOD, MODEL

pytestmark = pytest.mark.slow

CANARY = "sk-SECRET-canary-7f3a9b2c1d"
#: Fragments that would betray a partly masked or re-encoded key.
FRAGMENTS = (CANARY, "canary-7f3a9b", "SECRET-canary")
LOGGERS = ("openai_finetunes", "openai_finetunes.testing", "httpx", "httpcore")
POLL = PollSchedule(initial=0.05, maximum=0.2, factor=1.5)

CliRunner = Callable[[Sequence[str]], tuple[int, str, str]]


@pytest.fixture
def served() -> Iterator[FakeServer]:
    # A few faults, so that retries, reconciliations and their log lines happen too.
    faults = FaultConfig(
        rate=0.15,
        seed=5,
        kinds=("status_503", "rate_limit_429", "drop", "applied_then_lost"),
        retry_after=0.05,
    )
    with FakeOpenAI(CANARY, job_seconds=0.5, faults=faults) as fake, fake.serve() as server:
        yield server


@pytest.fixture
def refusing() -> Iterator[FakeServer]:
    """A fake that expects another key: every request with the canary gets a 401."""
    with FakeOpenAI("sk-a-different-key") as fake, fake.serve() as server:
        yield server


def _describe(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    if isinstance(error, APIError) and error.request is not None:
        texts += [repr(error.request), repr(error.request.headers)]
    return texts


def _cli_runner(capsys: pytest.CaptureFixture[str]) -> CliRunner:
    try:
        from openai_finetunes.cli import main
    except ImportError:
        main = None
    if main is not None:

        def in_process(argv: Sequence[str]) -> tuple[int, str, str]:
            capsys.readouterr()
            status = main(list(argv))
            out = capsys.readouterr()
            return status, out.out, out.err

        return in_process

    def subprocess_runner(argv: Sequence[str]) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "openai_finetunes", *argv],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if "No module named" in done.stderr:
            pytest.skip(f"the CLI is not available yet: {done.stderr.strip()}")
        return done.returncode, done.stdout, done.stderr

    return subprocess_runner


def test_the_key_appears_nowhere(
    served: FakeServer,
    refusing: FakeServer,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)
    monkeypatch.setenv("OPENAI_BASE_URL", served.base_url)
    seen: list[str] = []

    # The workflows, sync and async, from the environment's key.
    client = connect()
    seen += [str(client), repr(client)]
    result = run_fine_tuning_job(GOOD, MODEL, client=client, poll_interval=POLL, progress=True)
    seen += [str(result), repr(result), repr(result.job), str(result.job.to_dict())]
    other = tmp_path / "other.jsonl"
    other.write_bytes(GOOD.read_bytes().replace(b"concise", b"terse"))
    aresult = asyncio.run(
        arun_fine_tuning_job(other, MODEL, poll_interval=POLL, progress=False, suffix="canary")
    )
    seen += [str(aresult), repr(aresult)]
    seen += [repr(wait_for_job(result.job_id, poll_interval=POLL, progress=False))]
    seen += [repr(cancel_if_running(result.job_id))]

    # Errors: a 401 from a service expecting another key, through the generated client
    # and through a workflow, and a refused connection.
    wrong = connect(CANARY, base_url=refusing.base_url, max_retries=0)
    with pytest.raises(AuthenticationError) as caught:
        retrieve_fine_tuning_job.sync(result.job_id, client=wrong)
    seen += _describe(caught.value)
    with pytest.raises(AuthenticationError) as caught:
        run_fine_tuning_job(GOOD, MODEL, client=wrong, progress=False)
    seen += _describe(caught.value)
    nowhere = connect(CANARY, base_url="http://127.0.0.1:9/v1", max_retries=0)
    with pytest.raises(APIConnectionError) as refused:
        retrieve_fine_tuning_job.sync(result.job_id, client=nowhere)
    seen += _describe(refused.value)

    # The command line, against the service and against the one that refuses the key.
    cli = _cli_runner(capsys)
    outcomes = [
        cli(["jobs"]),
        cli(["--json", "files"]),
        cli(["run", str(GOOD), "--model", MODEL]),
    ]
    monkeypatch.setenv("OPENAI_BASE_URL", refusing.base_url)
    outcomes.append(cli(["jobs"]))
    assert [status for status, _, _ in outcomes][:3] == [0, 0, 0]
    assert outcomes[-1][0] != 0  # the 401 was reported as a failure...
    assert outcomes[-1][2].strip()  # ...on stderr
    for _, out, err in outcomes:
        seen += [out, err]

    # Everything printed and everything logged at DEBUG by the client, httpx, httpcore
    # and the fake itself.
    printed = capsys.readouterr()
    seen += [printed.out, printed.err, caplog.text]
    seen += [repr(record.args) for record in caplog.records]
    loggers = {record.name.split(".")[0] for record in caplog.records}
    assert {"openai_finetunes", "httpx", "httpcore"} <= loggers
    assert any(record.name == "openai_finetunes.testing" for record in caplog.records)
    assert any(record.levelno == logging.DEBUG for record in caplog.records)

    haystack = "\n".join(seen)
    leaks = [fragment for fragment in FRAGMENTS if fragment in haystack]
    assert leaks == [], _context(haystack)


def _context(haystack: str) -> str:
    index = haystack.find("canary")
    return haystack[max(0, index - 200) : index + 200]
