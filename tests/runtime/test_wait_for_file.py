"""``wait_for_file_processed`` (and its async twin) against the fake: a file that takes
time to process, one the service rejects, and a wait that runs out."""

from __future__ import annotations

import math
from typing import Any

import pytest

import openai_finetunes
from openai_finetunes import (
    FileProcessingError,
    FileProcessingTimeout,
    InvalidArgumentError,
    NotFoundError,
    UploadError,
    await_for_file_processed,
    upload_file,
    wait_for_file_processed,
)
from openai_finetunes.api.files import list_files
from openai_finetunes.models import OpenAIFile
from openai_finetunes.testing import FakeOpenAI, ManualClock

TRAINING = b'{"messages": [{"role": "user", "content": "hi"}]}\n'


@pytest.fixture
def fake() -> FakeOpenAI:
    return FakeOpenAI(clock=ManualClock(), file_processing_seconds=12.0)


async def _wait(kind: str, file_id: str, **options: Any) -> OpenAIFile:
    if kind == "sync":
        return wait_for_file_processed(file_id, **options)
    return await await_for_file_processed(file_id, **options)


def _polls(fake: FakeOpenAI) -> int:
    return fake.stats().requests.get("retrieveFile", 0)


def test_the_helpers_are_exported() -> None:
    for name in (
        "wait_for_file_processed",
        "await_for_file_processed",
        "FileProcessingError",
        "FileProcessingTimeout",
    ):
        assert name in openai_finetunes.__all__


def test_waits_until_the_file_is_processed(fake: FakeOpenAI) -> None:
    client = fake.client()
    uploaded = upload_file(TRAINING, client=client, filename="train.jsonl")
    assert str(uploaded.status) == "uploaded"
    started = fake.clock.monotonic()

    ready = wait_for_file_processed(uploaded.id, client=client, poll_interval=5, clock=fake.clock)

    assert ready.id == uploaded.id
    assert str(ready.status) == "processed"
    assert _polls(fake) == 4  # at 0, 5 and 10 s "uploaded"; at 15 s "processed"
    assert fake.clock.monotonic() - started == 15.0


async def test_the_async_twin_waits_too(fake: FakeOpenAI) -> None:
    client = fake.client()
    file_id = fake.add_file(TRAINING)["id"]

    ready = await await_for_file_processed(
        file_id, client=client, poll_interval=4, clock=fake.clock
    )

    assert str(ready.status) == "processed"
    assert _polls(fake) == 4  # 0, 4, 8 "uploaded"; 12 "processed"


def test_a_processed_file_returns_after_one_request() -> None:
    fake = FakeOpenAI(clock=ManualClock())
    file_id = fake.add_file(TRAINING)["id"]

    wait_for_file_processed(file_id, client=fake.client(), clock=fake.clock)

    assert _polls(fake) == 1


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_an_error_status_raises_with_the_status_details(fake: FakeOpenAI, kind: str) -> None:
    file_id = fake.add_file(TRAINING)["id"]
    fake.set_file_status(file_id, "error", "Invalid file format: line 3 is not JSON.")
    client = fake.client()

    with pytest.raises(FileProcessingError) as caught:
        await _wait(kind, file_id, client=client, clock=fake.clock)

    error = caught.value
    assert isinstance(error, UploadError)
    assert (error.file_id, error.status) == (file_id, "error")
    assert error.status_details == "Invalid file format: line 3 is not JSON."
    assert "line 3 is not JSON" in str(error)


def test_an_error_after_some_polls(fake: FakeOpenAI) -> None:
    file_id = fake.add_file(TRAINING)["id"]
    polls = 0

    def fail_on_third(operation: str | None, status: int, body: object) -> None:
        nonlocal polls
        if operation == "retrieveFile":
            polls += 1
            if polls == 2:
                fake.set_file_status(file_id, "error", "Too many examples.")

    fake.add_response_hook(fail_on_third)

    with pytest.raises(FileProcessingError, match="Too many examples"):
        wait_for_file_processed(file_id, client=fake.client(), poll_interval=1, clock=fake.clock)
    assert polls == 3


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_the_timeout_bounds_the_wait(kind: str) -> None:
    fake = FakeOpenAI(clock=ManualClock(), file_processing_seconds=100.0)
    file_id = fake.add_file(TRAINING)["id"]
    client = fake.client()

    with pytest.raises(FileProcessingTimeout) as caught:
        await _wait(kind, file_id, client=client, timeout=20.0, poll_interval=5.0, clock=fake.clock)

    error = caught.value
    assert isinstance(error, TimeoutError)
    assert (error.file_id, error.status) == (file_id, "uploaded")
    assert error.waited == 15.0  # polls at 0, 5, 10, 15; the next would be at the deadline
    assert _polls(fake) == 4
    assert "still uploaded" in str(error)


def test_an_unknown_file_is_not_found(fake: FakeOpenAI) -> None:
    with pytest.raises(NotFoundError):
        wait_for_file_processed("file-missing", client=fake.client(), clock=fake.clock)


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("timeout", -1.0),
        ("timeout", math.nan),
        ("timeout", math.inf),
        ("timeout", "30"),
        ("poll_interval", 0.0),
        ("poll_interval", math.nan),
        ("poll_interval", math.inf),
        ("poll_interval", True),
        ("file_id", ""),
    ],
)
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_bad_arguments_are_refused_before_any_request(
    fake: FakeOpenAI, kind: str, argument: str, value: Any
) -> None:
    options: dict[str, Any] = {"client": fake.client(), "clock": fake.clock, argument: value}
    file_id = options.pop("file_id", "file-x")

    with pytest.raises(InvalidArgumentError) as caught:
        await _wait(kind, file_id, **options)

    assert caught.value.param == argument
    assert _polls(fake) == 0


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_deleted_file_ends_the_wait(fake: FakeOpenAI, kind: str) -> None:
    # The official SDK counts "deleted" as terminal; this waited out the 30 minutes.
    file_id = fake.add_file(TRAINING)["id"]
    fake.set_file_status(file_id, "deleted")

    with pytest.raises(FileProcessingError, match="deleted before it was processed") as caught:
        await _wait(kind, file_id, client=fake.client(), clock=fake.clock)

    assert (caught.value.file_id, caught.value.status) == (file_id, "deleted")
    assert _polls(fake) == 1


def test_the_fakes_listing_reports_the_processing_status(fake: FakeOpenAI) -> None:
    fake.add_file(TRAINING)
    client = fake.client()

    assert [str(f.status) for f in list_files.sync(client=client).data] == ["uploaded"]
    assert [f["status"] for f in fake.files] == ["uploaded"]
    fake.advance(12)
    assert [str(f.status) for f in list_files.sync(client=client).data] == ["processed"]
    assert [f["status"] for f in fake.files] == ["processed"]
