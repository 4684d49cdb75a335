"""run_fine_tuning_job / wait_for_job end to end against the fake, on a manual clock."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_finetunes import AuthenticatedClient, connect
from openai_finetunes._gate import is_low_priority
from openai_finetunes._pagination import paginate
from openai_finetunes.api.fine_tuning import list_fine_tuning_events, retrieve_fine_tuning_job
from openai_finetunes.models import FineTuningJobEvent
from openai_finetunes.testing import FakeOpenAI
from openai_finetunes.workflows import (
    RUN_KEY,
    FineTuningJobCancelled,
    FineTuningJobFailed,
    FineTuningTimeout,
    PollSchedule,
    arun_fine_tuning_job,
    await_for_job,
    cancel_if_running,
    run_fine_tuning_job,
    wait_for_job,
)
from tests.workflows.conftest import GOOD, JOB_SECONDS, MODEL, Recorder, StepClock


def _run(api: AuthenticatedClient, clock: StepClock, source: Any = GOOD, **kwargs: Any) -> Any:
    kwargs.setdefault("progress", False)
    return run_fine_tuning_job(source, MODEL, client=api, clock=clock, **kwargs)


def test_success_returns_the_model_and_the_job(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock, recorder: Recorder
) -> None:
    result = _run(api, clock, suffix="support", seed=7, hyperparameters={"n_epochs": 2})
    assert result.status == "succeeded"
    assert result.fine_tuned_model.startswith(f"ft:{MODEL}:{fake.organization}:support:")
    assert result.trained_tokens
    assert result.trained_tokens > 0
    assert result.result_files
    assert result.result_files[0].startswith("file-")
    assert result.job.id == result.job_id
    assert not result.reused
    [job] = fake.jobs
    assert job["metadata"][RUN_KEY]
    assert job["method"]["supervised"]["hyperparameters"]["n_epochs"] == 2
    # One lookup, one file lookup, one upload, one create, one look for concurrent starts
    # of the same run; then polls.
    assert recorder.requests[:5] == [
        "GET /fine_tuning/jobs",
        "GET /files",
        "POST /files",
        "POST /fine_tuning/jobs",
        "GET /fine_tuning/jobs",
    ]
    # Nobody consumes events (no progress display, no on_event): only the job is polled.
    assert set(recorder.requests[5:]) == {f"GET /fine_tuning/jobs/{result.job_id}"}
    assert fake.stats().files_by_purpose.get("fine-tune") == 1


class _NoHint(Recorder):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.headers.pop("openai-poll-after-ms", None)
        return response


def test_poll_interval_backs_off_to_its_cap(fake: FakeOpenAI, clock: StepClock) -> None:
    # Without the server's hint, the schedule alone decides.
    api = connect(
        "sk-fake-key", base_url=fake.base_url, transport=_NoHint(fake.transport()), max_retries=0
    )
    _run(api, clock, poll_interval=PollSchedule(initial=1.0, maximum=4.0, factor=2.0))
    assert clock.sleeps[:4] == [1.0, 2.0, 4.0, 4.0]
    assert max(clock.sleeps) == 4.0


def test_server_poll_hint_is_honoured(api: AuthenticatedClient, clock: StepClock) -> None:
    _run(api, clock, poll_interval=PollSchedule(initial=1.0, maximum=30.0))
    # The fake hints job_seconds/20 = 5 s while a job is active; the first wait precedes any hint.
    assert clock.sleeps[0] == 1.0
    assert set(clock.sleeps[1:]) == {JOB_SECONDS / 20}


def test_server_side_failure_raises_with_openai_error(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock, tmp_path: Any
) -> None:
    nine = b"".join(GOOD.read_bytes().splitlines(keepends=True)[:9])
    with pytest.raises(FineTuningJobFailed) as raised:
        _run(api, clock, nine, validate=False)
    error = raised.value
    assert error.code == "invalid_training_file"
    assert error.param == "training_file"
    assert error.error_message
    assert "10" in error.error_message
    assert error.job.status == "failed"
    assert error.job_id in str(error)


def test_cancelled_mid_run_raises(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    def cancel_when_running(event: FineTuningJobEvent) -> None:
        if event.type_ == "metrics":
            cancel_if_running(fake.jobs[0]["id"], client=api)

    with pytest.raises(FineTuningJobCancelled) as raised:
        _run(api, clock, on_event=cancel_when_running)
    assert raised.value.job.status == "cancelled"
    assert fake.stats().jobs_by_status == {"cancelled": 1}


def test_timeout_leaves_the_job_running_and_says_how_to_resume(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    with pytest.raises(FineTuningTimeout) as raised:
        _run(api, clock, timeout=30)
    job_id = raised.value.job_id
    assert f"attach({job_id!r}).result()" in str(raised.value)
    assert sum(clock.sleeps) == pytest.approx(30)
    assert fake.jobs[0]["status"] in ("queued", "running")
    resumed = wait_for_job(job_id, client=api, clock=clock, progress=False)
    assert resumed.status == "succeeded"
    assert resumed.reused
    assert fake.stats().jobs == 1


def test_rerun_reattaches_instead_of_paying_twice(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    first = _run(api, clock, suffix="support")
    second = _run(api, clock, suffix="support")
    assert second.reused
    assert second.job_id == first.job_id
    assert fake.stats().jobs == 1
    assert fake.stats().files_by_purpose.get("fine-tune") == 1
    third = _run(api, clock, suffix="other")  # different parameters: a different job
    assert not third.reused
    assert fake.stats().jobs == 2
    assert (
        fake.stats().files_by_purpose.get("fine-tune") == 1
    )  # the same data is not uploaded twice


def test_failed_job_is_not_reused_unless_asked(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    nine = b"".join(GOOD.read_bytes().splitlines(keepends=True)[:9])
    for _ in range(2):
        with pytest.raises(FineTuningJobFailed):
            _run(api, clock, nine, validate=False)
    assert fake.stats().jobs == 2
    with pytest.raises(FineTuningJobFailed):
        _run(api, clock, nine, validate=False, reuse_failed=True)
    assert fake.stats().jobs == 2


def test_interrupt_leaves_job_running_then_rerun_reattaches(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock, caplog: pytest.LogCaptureFixture
) -> None:
    def interrupt(count: int) -> None:
        if count == 3:
            raise KeyboardInterrupt

    clock.on_sleep = interrupt
    with pytest.raises(KeyboardInterrupt) as raised:
        _run(api, clock)
    job_id = fake.jobs[0]["id"]
    # No printing from the library: the hint is a note on the exception, and a warning.
    (note,) = raised.value.__notes__
    assert f"{job_id} keeps running" in note
    assert f"openai-finetunes watch {job_id}" in note
    assert note in caplog.text
    assert fake.jobs[0]["status"] not in ("cancelled", "failed", "succeeded")
    clock.on_sleep = None
    result = _run(api, clock)
    assert result.reused
    assert result.job_id == job_id
    assert fake.stats().jobs == 1


def test_interrupt_with_cancel_on_interrupt_cancels(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock, capsys: pytest.CaptureFixture[str]
) -> None:
    clock.on_sleep = lambda count: (_ for _ in ()).throw(KeyboardInterrupt) if count == 2 else None
    with pytest.raises(KeyboardInterrupt) as raised:
        _run(api, clock, cancel_on_interrupt=True)
    assert fake.jobs[0]["status"] == "cancelled"
    assert raised.value.__notes__ == [
        f"Interrupted: cancelled fine-tuning job {fake.jobs[0]['id']}."
    ]
    assert capsys.readouterr().err == ""


def test_events_are_delivered_once_each_in_order(
    api: AuthenticatedClient, clock: StepClock
) -> None:
    seen: list[FineTuningJobEvent] = []
    result = _run(api, clock, on_event=seen.append)
    everything = list(paginate(list_fine_tuning_events, result.job_id, client=api, limit=7))[::-1]
    assert [e.id for e in seen] == [e.id for e in everything]
    assert len({e.id for e in seen}) == len(seen) > 5
    assert [e.created_at for e in seen] == sorted(e.created_at for e in seen)
    assert any(e.type_ == "metrics" for e in seen)


async def test_async_twin_succeeds_and_reattaches(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    first = await arun_fine_tuning_job(GOOD, MODEL, client=api, clock=clock, progress=False)
    assert first.status == "succeeded"
    again = await arun_fine_tuning_job(GOOD, MODEL, client=api, clock=clock, progress=False)
    assert again.reused
    assert again.job_id == first.job_id
    waited = await await_for_job(first.job_id, client=api, clock=clock, progress=False)
    assert waited.fine_tuned_model == first.fine_tuned_model
    assert fake.stats().jobs == 1


def test_existing_file_id_is_used_without_upload(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock, recorder: Recorder
) -> None:
    file_id = fake.add_file(GOOD.read_bytes(), filename="train.jsonl")["id"]
    result = _run(api, clock, file_id)
    assert result.training_file == file_id
    assert "POST /files" not in recorder.requests


def test_progress_lines_show_status_step_and_loss(
    api: AuthenticatedClient, clock: StepClock, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(api, clock, progress=True)
    err = capsys.readouterr().err
    assert "validating_files" in err
    assert "succeeded" in err
    assert "step " in err
    assert "loss " in err


def test_retrieve_after_success_matches_result(api: AuthenticatedClient, clock: StepClock) -> None:
    result = _run(api, clock)
    job = retrieve_fine_tuning_job.sync(result.job_id, client=api)
    assert job.fine_tuned_model == result.fine_tuned_model
    assert "ft:" in repr(result)
    assert "<table>" in result._repr_html_()


def test_the_fakes_manual_clock_is_a_workflow_clock(fake: FakeOpenAI) -> None:
    # What a user writes to test a notebook offline: no sleeping, no adapter.
    before = fake.clock.now()
    result = run_fine_tuning_job(
        GOOD, MODEL, client=fake.client(), clock=fake.clock, progress=False
    )
    assert result.status == "succeeded"
    assert fake.clock.now() - before >= JOB_SECONDS


def test_events_are_fetched_only_for_a_consumer(
    api: AuthenticatedClient, clock: StepClock, recorder: Recorder
) -> None:
    result = _run(api, clock, on_event=lambda event: None)
    events_path = f"GET /fine_tuning/jobs/{result.job_id}/events"
    polls = recorder.requests.count(f"GET /fine_tuning/jobs/{result.job_id}")
    assert (
        recorder.requests.count(events_path) == polls + 1
    )  # once before the first poll, then after each


class PriorityRecorder(Recorder):
    """Also records whether each request was sent as a low-priority status poll."""

    def __init__(self, inner: Any) -> None:
        super().__init__(inner)
        self.low: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if is_low_priority():
            self.low.append(f"{request.method} {request.url.path.removeprefix('/v1')}")
        return await super().handle_async_request(request)


async def test_only_status_polls_and_their_events_queue_as_low_priority(
    fake: FakeOpenAI, clock: StepClock
) -> None:
    recorder = PriorityRecorder(fake.transport())
    api = connect("sk-fake-key", base_url=fake.base_url, transport=recorder, max_retries=0)
    result = await arun_fine_tuning_job(
        GOOD, MODEL, client=api, clock=clock, progress=False, on_event=lambda event: None
    )
    job = f"/fine_tuning/jobs/{result.job_id}"
    assert recorder.low
    assert set(recorder.low) == {f"GET {job}", f"GET {job}/events"}
    normal = [r for r in recorder.requests if r not in recorder.low]
    # Lookups, the upload and the creation go ahead of other jobs' polls.
    assert normal[:4] == [
        "GET /fine_tuning/jobs",
        "GET /files",
        "POST /files",
        "POST /fine_tuning/jobs",
    ]
    assert not is_low_priority()  # nothing leaks into the caller's context


def test_bytes_are_staged_in_one_temporary_file_that_is_removed(
    api: AuthenticatedClient,
    clock: StepClock,
    fake: FakeOpenAI,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    from openai_finetunes import _uploads

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[list[str]] = []
    upload = _uploads.upload_file

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        return upload(*args, **kwargs)

    monkeypatch.setattr(_uploads, "upload_file", watched)
    polled: list[list[str]] = []
    clock.on_sleep = lambda _: polled.append(sorted(p.name for p in tmp_path.iterdir()))
    result = _run(api, clock, GOOD.read_bytes())
    assert seen[0]
    assert polled
    assert not any(polled)
    assert all(name.startswith("openai-finetunes-") for name in seen[0])
    assert all(not (tmp_path / name).is_dir() for name in seen[0])
    assert list(tmp_path.iterdir()) == []  # nothing left behind
    uploaded = {f["id"]: f for f in fake.files}[result.training_file]
    assert uploaded["filename"].startswith("training.")  # the temporary name is not used
    assert fake.file_content(result.training_file) == GOOD.read_bytes()
