"""The official ``openai`` package drives the fake over TCP: if it works there, the fake
speaks the protocol as the real service does (shapes, errors, pagination, headers)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from typing import Any, cast

import openai
import pytest

from openai_finetunes import _facts
from openai_finetunes.testing import FakeOpenAI, FakeServer, FaultConfig
from tests.testing.helpers import API_KEY


@pytest.fixture
def client(served: FakeServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(api_key=API_KEY, base_url=served.base_url, max_retries=0, timeout=10) as api:
        yield api


def test_full_fine_tuning_flow(
    fake: FakeOpenAI, client: openai.OpenAI, training_jsonl: bytes
) -> None:
    uploaded = client.files.create(
        file=("train.jsonl", io.BytesIO(training_jsonl)), purpose="fine-tune"
    )
    assert uploaded.bytes == len(training_jsonl)

    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini",
        training_file=uploaded.id,
        suffix="conformance",
        metadata={"suite": "conformance"},
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2}}},
    )
    assert job.status == "validating_files"
    assert job._request_id is not None
    assert job._request_id.startswith("req_")
    polls = 0
    while job.status not in _facts.TERMINAL_JOB_STATUSES:
        fake.advance(5)  # the manual clock stands in for waiting
        job = client.fine_tuning.jobs.retrieve(job.id)
        polls += 1
    assert job.status == "succeeded"
    assert polls == 12
    assert job.fine_tuned_model is not None
    assert job.fine_tuned_model.startswith("ft:gpt-4o-mini-2024-07-18:org-fake:conformance:")
    assert job.trained_tokens

    events = list(client.fine_tuning.jobs.list_events(job.id, limit=25))  # follows has_more
    assert len(events) == len({e.id for e in events})
    assert events[0].message == "The job has successfully completed"
    metrics = [e for e in events if e.type == "metrics"]
    assert metrics
    data = cast("dict[str, Any]", metrics[0].data)
    assert data["step"] == data["total_steps"]

    checkpoints = client.fine_tuning.jobs.checkpoints.list(job.id).data
    assert [c.step_number for c in checkpoints] == [40, 20]
    assert checkpoints[0].fine_tuned_model_checkpoint.endswith(":ckpt-step-40")
    permissions = client.fine_tuning.checkpoints.permissions.create(
        checkpoints[0].fine_tuned_model_checkpoint, project_ids=["proj_conformance"]
    )
    assert [p.project_id for p in permissions.data] == ["proj_conformance"]

    listed = client.fine_tuning.jobs.list(metadata={"suite": "conformance"})
    assert [j.id for j in listed.data] == [job.id]

    results = client.files.content(job.result_files[0]).read()
    assert (
        results.splitlines()[0]
        == b"step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"
    )

    model = client.models.retrieve(job.fine_tuned_model)
    assert model.owned_by == "org-fake"
    assert client.models.delete(job.fine_tuned_model).deleted
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve(job.fine_tuned_model)

    second = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=uploaded.id)
    fake.advance(20)
    assert client.fine_tuning.jobs.pause(second.id).status == "paused"  # type: ignore[comparison-overlap]
    assert client.fine_tuning.jobs.resume(second.id).status == "running"
    cancelled = client.fine_tuning.jobs.cancel(second.id)
    assert cancelled.status == "cancelled"
    with pytest.raises(openai.BadRequestError):
        client.fine_tuning.jobs.cancel(second.id)


def test_errors_map_to_openai_exception_classes(served: FakeServer, client: openai.OpenAI) -> None:
    wrong = openai.OpenAI(api_key="sk-not-the-key", base_url=served.base_url, max_retries=0)
    with wrong, pytest.raises(openai.AuthenticationError) as caught:
        wrong.models.list()
    assert caught.value.status_code == 401
    assert "sk-not-the-key" not in str(caught.value)
    with pytest.raises(openai.NotFoundError) as missing:
        client.fine_tuning.jobs.retrieve("ftjob-doesnotexist0000000000")
    assert missing.value.request_id is not None
    with pytest.raises(openai.BadRequestError) as bad:
        client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file="file-missing")
    assert bad.value.param == "training_file"


def test_uploads_api_with_md5(
    fake: FakeOpenAI, client: openai.OpenAI, training_jsonl: bytes
) -> None:
    upload = client.uploads.create(
        filename="train.jsonl",
        purpose="fine-tune",
        bytes=len(training_jsonl),
        mime_type="text/jsonl",
    )
    half = len(training_jsonl) // 2
    parts = [
        client.uploads.parts.create(upload.id, data=training_jsonl[:half]),
        client.uploads.parts.create(upload.id, data=training_jsonl[half:]),
    ]
    md5 = hashlib.md5(training_jsonl, usedforsecurity=False).hexdigest()
    done = client.uploads.complete(upload.id, part_ids=[p.id for p in parts], md5=md5)
    assert done.status == "completed"
    assert done.file is not None
    assert fake.file_content(done.file.id) == training_jsonl


def test_files_pagination_and_deletion(client: openai.OpenAI) -> None:
    ids = [
        client.files.create(file=(f"f{i}.jsonl", io.BytesIO(b"{}\n")), purpose="fine-tune").id
        for i in range(3)
    ]
    page = client.files.list(limit=2, order="asc")
    assert [f.id for f in page.data] == ids[:2]
    assert [f.id for f in page.iter_pages().__next__().data] == ids[:2]
    assert [f.id for f in client.files.list(limit=2, order="asc")] == ids  # auto-paging
    assert client.files.delete(ids[0]).deleted


def test_official_client_retries_honour_retry_after(
    make_fake: Callable[..., FakeOpenAI],
) -> None:
    fake = make_fake(faults=FaultConfig(rate=1.0, kinds=("rate_limit_429",), retry_after=0.01))
    with (
        fake.serve() as server,
        openai.OpenAI(api_key=API_KEY, base_url=server.base_url, max_retries=2) as api,
        pytest.raises(openai.RateLimitError),
    ):
        api.models.list()
    assert fake.stats().faults == {"rate_limit_429": 3}
