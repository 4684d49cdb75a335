"""Issue 9, item 2: a run killed with SIGKILL mid-poll is resumed by running the same call."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import pytest

from openai_finetunes import connect
from openai_finetunes.testing import FakeOpenAI, FakeServer
from openai_finetunes.workflows import RUN_KEY, run_fine_tuning_job
from tests.workflows.conftest import GOOD, MODEL

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

KEY = "sk-kill-resume-key"
CHILD = textwrap.dedent(
    f"""
    from openai_finetunes.workflows import run_fine_tuning_job
    run_fine_tuning_job({str(GOOD)!r}, {MODEL!r}, poll_interval=0.2, progress=False)
    raise SystemExit("the child was expected to be killed before its job finished")
    """
)


@pytest.fixture
def served() -> Iterator[tuple[FakeOpenAI, FakeServer]]:
    # Real time: validating 0.6 s, queued 0.6 s, running 4.8 s.
    with FakeOpenAI(KEY, job_seconds=6.0) as fake, fake.serve(port=0) as server:
        yield fake, server


def _wait_until_running(fake: FakeOpenAI, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60  # a guard against hanging, not a timed assertion
    while time.monotonic() < deadline:
        if any(job["status"] == "running" for job in fake.jobs):
            return
        if child.poll() is not None:
            pytest.fail(f"the child exited early: {child.communicate()}")
        time.sleep(0.05)
    pytest.fail("the child's job never started running")


def test_sigkill_mid_poll_then_rerun_reattaches(served: tuple[FakeOpenAI, FakeServer]) -> None:
    fake, server = served
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": KEY}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_running(fake, child)
        polls_before = fake.stats().requests.get("retrieveFineTuningJob", 0)
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL
    [job] = fake.jobs
    assert job["status"] == "running"  # killed mid-poll: the job had not finished
    assert polls_before >= 1

    client = connect(KEY, base_url=server.base_url)
    result = run_fine_tuning_job(GOOD, MODEL, client=client, poll_interval=0.2, progress=False)

    assert result.reused is True
    assert result.job_id == job["id"]
    assert result.status == "succeeded"
    assert result.fine_tuned_model
    stats = fake.stats()
    assert stats.jobs == 1
    assert stats.requests["createFineTuningJob"] == 1
    assert stats.files_by_purpose["fine-tune"] == 1
    assert fake.jobs[0]["metadata"][RUN_KEY] == job["metadata"][RUN_KEY]
