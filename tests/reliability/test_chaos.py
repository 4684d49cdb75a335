"""Issue 9, item 1: concurrent runs against a faulty fake over TCP end with one job each."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bench.chaos import run_chaos
from openai_finetunes import connect
from openai_finetunes.testing import ALL_FAULT_KINDS, FakeOpenAI, ManualClock
from openai_finetunes.workflows import PollSchedule, run_fine_tuning_job, wait_for_job
from tests.workflows.conftest import GOOD, MODEL, StepClock

pytestmark = pytest.mark.slow


def test_twenty_concurrent_runs_under_thirty_percent_faults() -> None:
    report = run_chaos(
        20,
        0.3,
        seed=4,
        job_seconds=2.0,
        client_timeout=1.0,
        slow_seconds=1.5,
        poll_interval=PollSchedule(initial=0.1, maximum=0.5, factor=1.5),
    )
    print(report.render())
    assert report.failures == ()
    assert report.succeeded == report.distinct_models == 20
    assert report.jobs_on_server == 20
    assert report.training_files == 20
    assert report.duplicate_files == 0
    # The common kinds were all met. (``applied_then_lost`` hits only POSTs, a few per
    # run depending on arrival order, so it is not required here; `make chaos` meets it.)
    assert set(ALL_FAULT_KINDS) - {"applied_then_lost"} <= set(report.faults)
    assert report.ok


class _FailFirst(httpx.BaseTransport):
    """Answers 503 to the first ``count`` GETs of each path in ``paths``."""

    def __init__(self, inner: Any, paths: set[str], count: int) -> None:
        self.inner = inner
        self.left = dict.fromkeys(paths, count)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "GET" and self.left.get(path, 0) > 0:
            self.left[path] -= 1
            return httpx.Response(
                503, json={"error": {"message": "overloaded", "type": "server_error"}}
            )
        return self.inner.handle_request(request)


def test_lookups_outlast_more_failures_than_transport_retries() -> None:
    # Three 503s in a row on each lookup (more than the transport's default two retries;
    # here transport retries are off): the flow itself must look again (a failed lookup
    # used to fail the whole run).
    fake = FakeOpenAI(clock=ManualClock(), job_seconds=100)
    assert isinstance(fake.clock, ManualClock)
    clock = StepClock(fake.clock)
    transport = _FailFirst(fake.transport(), {"/v1/fine_tuning/jobs", "/v1/files"}, 3)
    api = connect("sk-fake-key", base_url=fake.base_url, transport=transport, max_retries=0)
    result = run_fine_tuning_job(GOOD, MODEL, client=api, clock=clock, progress=False)
    assert result.status == "succeeded"
    assert transport.left == {"/v1/fine_tuning/jobs": 0, "/v1/files": 0}
    assert fake.stats().jobs == 1

    job_path = f"/v1/fine_tuning/jobs/{result.job_id}"
    transport = _FailFirst(fake.transport(), {job_path}, 3)
    api = connect("sk-fake-key", base_url=fake.base_url, transport=transport, max_retries=0)
    again = wait_for_job(result.job_id, client=api, clock=clock, progress=False)
    assert again.fine_tuned_model == result.fine_tuned_model
    assert transport.left == {job_path: 0}
