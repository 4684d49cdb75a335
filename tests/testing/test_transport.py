"""The in-process way in: sync and async httpx clients, and the generated client on top."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest

from openai_finetunes import NotFoundError, errors
from openai_finetunes.api.files import create_file, download_file, list_files
from openai_finetunes.api.fine_tuning import (
    cancel_fine_tuning_job,
    create_fine_tuning_checkpoint_permission,
    create_fine_tuning_job,
    list_fine_tuning_checkpoint_permissions,
    list_fine_tuning_events,
    list_fine_tuning_job_checkpoints,
    list_paginated_fine_tuning_jobs,
    pause_fine_tuning_job,
    resume_fine_tuning_job,
    retrieve_fine_tuning_job,
)
from openai_finetunes.api.models import delete_model, retrieve_model
from openai_finetunes.models import (
    CreateFileRequest,
    CreateFileRequestPurpose,
    CreateFineTuningCheckpointPermissionRequest,
    CreateFineTuningJobRequest,
    ListPaginatedFineTuningJobsMetadata,
)
from openai_finetunes.testing import FakeOpenAI, FakeTransport, ManualClock
from openai_finetunes.types import File
from tests.testing.helpers import API_KEY, create_job, upload


def test_transport_is_sync_and_async() -> None:
    transport = FakeOpenAI().transport()
    assert isinstance(transport, FakeTransport)
    assert isinstance(transport, httpx.BaseTransport)
    assert isinstance(transport, httpx.AsyncBaseTransport)


async def test_async_client_runs_the_whole_flow(fake: FakeOpenAI, training_jsonl: bytes) -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    async with httpx.AsyncClient(
        transport=fake.transport(), base_url=fake.base_url, headers=headers
    ) as http:
        uploaded = await http.post(
            "/files", files={"file": ("train.jsonl", training_jsonl)}, data={"purpose": "fine-tune"}
        )
        job = (
            await http.post(
                "/fine_tuning/jobs",
                json={"model": "gpt-4o-mini", "training_file": uploaded.json()["id"]},
            )
        ).json()
        fake.advance(60)
        done = (await http.get(f"/fine_tuning/jobs/{job['id']}")).json()
        assert done["status"] == "succeeded"
        async with http.stream("GET", f"/files/{done['result_files'][0]}/content") as response:
            text = b"".join([chunk async for chunk in response.aiter_bytes()])
        assert text.startswith(b"step,train_loss")


def test_streamed_request_bodies_are_read_without_buffering_first(
    fake: FakeOpenAI, http: httpx.Client
) -> None:
    def body() -> Any:
        yield b'{"filename": "a.jsonl", "purpose": "fine-tune", '
        yield b'"bytes": 3, "mime_type": "text/jsonl"}'

    response = http.post("/uploads", content=body(), headers={"content-type": "application/json"})
    assert response.json()["status"] == "pending"


def test_generated_client_full_flow(fake: FakeOpenAI, training_jsonl: bytes) -> None:
    client = fake.client(max_retries=0)
    uploaded = create_file.sync(
        client=client,
        body=CreateFileRequest(
            file=File(payload=io.BytesIO(training_jsonl), file_name="train.jsonl"),
            purpose=CreateFileRequestPurpose.FINE_TUNE,
        ),
    )
    assert uploaded.bytes_ == len(training_jsonl)
    metadata = {"team": "search"}
    request = CreateFineTuningJobRequest.from_dict(
        {
            "model": "gpt-4o-mini",
            "training_file": uploaded.id,
            "suffix": "gen",
            "metadata": metadata,
        }
    )
    job = create_fine_tuning_job.sync(client=client, body=request)
    assert str(job.status) == "validating_files"

    fake.advance(30)
    paused = pause_fine_tuning_job.sync(job.id, client=client)
    assert str(paused.status) == "paused"  # a status the spec's enum lacks still parses
    assert str(resume_fine_tuning_job.sync(job.id, client=client).status) == "running"
    fake.advance(60)
    done = retrieve_fine_tuning_job.sync(job.id, client=client)
    assert str(done.status) == "succeeded"
    assert isinstance(done.fine_tuned_model, str)

    events = list_fine_tuning_events.sync(job.id, client=client, limit=5)
    assert len(events.data) == 5
    assert events.has_more
    checkpoints = list_fine_tuning_job_checkpoints.sync(job.id, client=client)
    assert len(checkpoints.data) == 3

    filters = ListPaginatedFineTuningJobsMetadata.from_dict(metadata)
    listed = list_paginated_fine_tuning_jobs.sync(client=client, metadata=filters)
    assert [j.id for j in listed.data] == [job.id]

    content = download_file.sync(done.result_files[0], client=client)
    assert content.payload.read().startswith(b"step,")
    assert len(list_files.sync(client=client).data) == 2

    checkpoint = checkpoints.data[0].fine_tuned_model_checkpoint  # has ':' (sent %3A-encoded)
    permission_body = CreateFineTuningCheckpointPermissionRequest(project_ids=["proj_1"])
    create_fine_tuning_checkpoint_permission.sync(checkpoint, client=client, body=permission_body)
    permissions = list_fine_tuning_checkpoint_permissions.sync(checkpoint, client=client)
    assert [p.project_id for p in permissions.data] == ["proj_1"]

    assert retrieve_model.sync(done.fine_tuned_model, client=client).owned_by == "org-fake"
    assert delete_model.sync(done.fine_tuned_model, client=client).deleted

    with pytest.raises(errors.BadRequestError):
        cancel_fine_tuning_job.sync(job.id, client=client)
    with pytest.raises(NotFoundError):
        retrieve_fine_tuning_job.sync("ftjob-unknown", client=client)


async def test_generated_client_async(fake: FakeOpenAI, training_jsonl: bytes) -> None:
    client = fake.client(max_retries=0)
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {API_KEY}"},
    ) as http:
        job = create_job(http, upload(http, training_jsonl))
    fake.advance(60)
    done = await retrieve_fine_tuning_job.asyncio(job["id"], client=client)
    assert str(done.status) == "succeeded"


def test_client_retries_advance_the_manual_clock_instead_of_sleeping(make_fake: Any) -> None:
    from openai_finetunes.testing import FaultConfig

    clock = ManualClock()
    fake = make_fake(
        clock=clock, faults=FaultConfig(rate=1.0, kinds=("rate_limit_429",), retry_after=2)
    )
    client = fake.client(max_retries=2)
    before = clock.now()
    with pytest.raises(errors.RateLimitError):
        retrieve_model.sync("gpt-4o-mini", client=client)
    assert clock.now() - before == 4.0  # two retries, each honouring retry-after: 2
    assert fake.stats().faults == {"rate_limit_429": 3}


def test_repr_never_shows_the_key() -> None:
    fake = FakeOpenAI(api_key="sk-super-secret-key-123")
    assert "sk-super-secret" not in repr(fake)
    assert "sk-super-secret" not in repr(fake.transport())
    assert "sk-super-secret" not in repr(fake.client(max_retries=0))
