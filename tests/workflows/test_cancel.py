"""cancel_if_running: a cancel request only for a job that has not finished."""

from __future__ import annotations

import pytest

from openai_finetunes import AuthenticatedClient
from openai_finetunes.api.fine_tuning import (
    cancel_fine_tuning_job,
    create_fine_tuning_job,
    pause_fine_tuning_job,
)
from openai_finetunes.models import CreateFineTuningJobRequest
from openai_finetunes.testing import FakeOpenAI
from openai_finetunes.workflows import acancel_if_running, cancel_if_running
from tests.workflows.conftest import GOOD, JOB_SECONDS, MODEL, Recorder


def _job_in(status: str, fake: FakeOpenAI, api: AuthenticatedClient) -> str:
    data = GOOD.read_bytes()
    if status == "failed":
        data = b"".join(data.splitlines(keepends=True)[:9])
    file_id = fake.add_file(data, filename="train.jsonl")["id"]
    job = create_fine_tuning_job.sync(
        client=api,
        body=CreateFineTuningJobRequest.from_dict({"model": MODEL, "training_file": file_id}),
    )
    fraction = {
        "validating_files": 0.0,
        "queued": 0.15,
        "running": 0.5,
        "paused": 0.5,
        "succeeded": 1.0,
        "failed": 1.0,
        "cancelled": 0.5,
    }[status]
    fake.advance(JOB_SECONDS * fraction + 0.01)
    if status == "paused":
        pause_fine_tuning_job.sync(job.id, client=api)
    if status == "cancelled":
        cancel_fine_tuning_job.sync(job.id, client=api)
    return job.id


#: Every status, and whether cancelling a job in it sends a cancel request.
CANCEL_RULES = [
    ("validating_files", True),
    ("queued", True),
    ("running", True),
    ("paused", True),
    ("succeeded", False),
    ("failed", False),
    ("cancelled", False),
]


@pytest.mark.parametrize(("status", "cancels"), CANCEL_RULES)
@pytest.mark.parametrize("use_async", [False, True])
async def test_cancel_only_while_running(
    status: str,
    cancels: bool,
    use_async: bool,
    fake: FakeOpenAI,
    api: AuthenticatedClient,
    recorder: Recorder,
) -> None:
    job_id = _job_in(status, fake, api)
    assert fake.jobs[0]["status"] == status
    recorder.requests.clear()
    result = (
        (await acancel_if_running(job_id, client=api))
        if use_async
        else cancel_if_running(job_id, client=api)
    )
    expected = [f"GET /fine_tuning/jobs/{job_id}"]
    if cancels:
        expected.append(f"POST /fine_tuning/jobs/{job_id}/cancel")
    assert recorder.requests == expected
    assert result.initial_status == status
    assert result.cancelled is cancels
    assert result.final_status == ("cancelled" if cancels else status)
    assert fake.jobs[0]["status"] == result.final_status
