"""The job handle: start, attach, result, cancel, events, from here or another process."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_finetunes import (
    AuthenticatedClient,
    BadRequestError,
    NotFoundError,
    connect,
    paginate,
)
from openai_finetunes.api.fine_tuning import list_fine_tuning_events
from openai_finetunes.models import FineTuningJobEvent
from openai_finetunes.testing import FakeOpenAI, SystemClock
from openai_finetunes.workflows import (
    RUN_KEY,
    AsyncFineTuningJobHandle,
    FineTuningJobError,
    FineTuningJobHandle,
    FineTuningTimeout,
    InvalidArgumentError,
    aattach,
    astart_fine_tuning_job,
    attach,
    start_fine_tuning_job,
)
from tests.workflows.conftest import GOOD, JOB_SECONDS, MODEL, Recorder, StepClock
from tests.workflows.test_cancel import CANCEL_RULES, _job_in

ROOT = Path(__file__).resolve().parents[2]


def _start(api: AuthenticatedClient, clock: StepClock, **kwargs: Any) -> FineTuningJobHandle:
    kwargs.setdefault("progress", False)
    return start_fine_tuning_job(GOOD, MODEL, client=api, clock=clock, **kwargs)


def test_start_returns_at_once_and_result_follows_the_job(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock, recorder: Recorder
) -> None:
    handle = _start(api, clock)
    assert isinstance(handle, FineTuningJobHandle)
    assert handle.status == "validating_files"
    assert not handle.reused
    assert clock.sleeps == []  # nothing waited for
    assert recorder.requests[-2:] == ["POST /fine_tuning/jobs", "GET /fine_tuning/jobs"]
    assert handle.id == fake.jobs[0]["id"] == handle.continuation_token()
    assert not handle.done()
    result = handle.result()
    assert result.job_id == handle.id
    assert result.fine_tuned_model == fake.jobs[0]["fine_tuned_model"]
    assert handle.status == "succeeded"
    assert handle.job.fine_tuned_model == result.fine_tuned_model
    requests = len(recorder.requests)
    assert handle.done()
    assert handle.result() == result  # a finished handle answers without a request
    assert len(recorder.requests) == requests


def test_result_timeout_leaves_the_job_running_and_a_later_result_completes(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    handle = _start(api, clock)
    with pytest.raises(FineTuningTimeout) as raised:
        handle.result(timeout=JOB_SECONDS / 4)
    assert raised.value.job_id == handle.id
    assert fake.jobs[0]["status"] not in ("succeeded", "failed", "cancelled")
    assert sum(clock.sleeps) == pytest.approx(JOB_SECONDS / 4)
    assert handle.result().status == "succeeded"
    assert fake.stats().jobs == 1


def test_start_timeout_is_the_default_deadline_of_result(
    api: AuthenticatedClient, clock: StepClock
) -> None:
    handle = _start(api, clock, timeout=10)
    with pytest.raises(FineTuningTimeout, match=r"after 10s"):
        handle.result()
    assert handle.result(timeout=JOB_SECONDS * 2).status == "succeeded"


def test_a_rerun_of_start_returns_the_same_job(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    first = _start(api, clock)
    second = _start(api, clock)
    assert second.id == first.id
    assert second.reused
    assert fake.stats().jobs == 1


@pytest.mark.parametrize(("status", "cancels"), CANCEL_RULES)
def test_cancel_follows_the_cancel_rules(
    status: str,
    cancels: bool,
    fake: FakeOpenAI,
    api: AuthenticatedClient,
    recorder: Recorder,
) -> None:
    job_id = _job_in(status, fake, api)
    handle = attach(job_id, client=api, progress=False)
    recorder.requests.clear()
    outcome = handle.cancel()
    expected = [f"GET /fine_tuning/jobs/{job_id}"]  # the handle's job may be stale: look first
    if cancels:
        expected.append(f"POST /fine_tuning/jobs/{job_id}/cancel")
    assert recorder.requests == expected
    assert (outcome.initial_status, outcome.cancelled) == (status, cancels)
    assert handle.status == outcome.final_status == fake.jobs[0]["status"]


def test_events_are_delivered_once_across_events_and_result(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    seen: list[FineTuningJobEvent] = []
    handle = _start(api, clock, on_event=seen.append)
    fake.advance(JOB_SECONDS / 2)
    early = handle.events()
    assert early
    assert handle.events() == []
    handle.result()
    late = handle.events()
    assert seen
    assert late == []
    delivered = [e.id for e in early + seen]
    everything = paginate(list_fine_tuning_events, handle.id, client=api, limit=7)
    assert delivered == [e.id for e in everything][::-1]  # each once, oldest first
    # Delivery is per handle: a second one on the same job reads them all.
    again = attach(handle.id, client=api, progress=False).events()
    assert [e.id for e in again] == delivered


def test_pause_resume_checkpoints_metrics_and_card(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    handle = _start(api, clock)
    fake.advance(JOB_SECONDS / 2)
    assert handle.refresh().status == "running"
    assert handle.pause().status == "paused" == handle.status
    assert handle.resume().status == "running"
    handle.result()
    checkpoints = handle.checkpoints()
    assert checkpoints
    assert [c.step_number for c in checkpoints] == sorted(c.step_number for c in checkpoints)
    assert all(c.fine_tuning_job_id == handle.id for c in checkpoints)
    table = handle.metrics()
    assert len(table) > 0
    card = handle._repr_html_()
    assert handle.id in card
    assert "succeeded" in card
    assert str(handle.job.fine_tuned_model) in card
    assert repr(handle) == f"<FineTuningJobHandle {handle.id} succeeded>"


def test_attach_checks_the_id_before_any_request(
    api: AuthenticatedClient, recorder: Recorder
) -> None:
    with pytest.raises(InvalidArgumentError, match="job_id"):
        attach("job-1", client=api)
    assert recorder.requests == []
    with pytest.raises(NotFoundError):
        attach("ftjob-doesnotexist", client=api)


def test_unknown_keywords_are_refused(api: AuthenticatedClient, recorder: Recorder) -> None:
    with pytest.raises(InvalidArgumentError, match=r"epochs: start_fine_tuning_job\(\) takes no"):
        start_fine_tuning_job(GOOD, MODEL, client=api, epochs=3)  # type: ignore[call-arg]
    with pytest.raises(InvalidArgumentError, match=r"suffix: attach\(\) takes no"):
        attach("ftjob-abc", client=api, suffix="x")  # type: ignore[call-arg]
    assert recorder.requests == []


async def test_the_async_handle_makes_the_same_requests_as_the_sync_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def session(use_async: bool) -> tuple[FakeOpenAI, Recorder, AuthenticatedClient, StepClock]:
        from openai_finetunes.testing import ManualClock

        # A machine of its own for each: no upload journal or run lock in common.
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / f"cache-{use_async}"))
        fake = FakeOpenAI(clock=ManualClock(), job_seconds=JOB_SECONDS)
        recorder = Recorder(fake.transport())
        api = connect("sk-fake-key", base_url=fake.base_url, transport=recorder, max_retries=0)
        return fake, recorder, api, StepClock(fake.clock)  # type: ignore[arg-type]

    fake, recorder, api, sync_clock = session(False)
    handle = start_fine_tuning_job(GOOD, MODEL, client=api, clock=sync_clock, progress=False)
    fake.advance(JOB_SECONDS / 2)
    sync_outcome = (handle.events(), handle.result(), handle.checkpoints(), handle.cancel())
    other = attach(handle.id, client=api, progress=False)
    sync_requests, sync_stats = recorder.requests, fake.stats().requests

    fake, recorder, api, async_clock = session(True)
    ahandle = await astart_fine_tuning_job(
        GOOD, MODEL, client=api, clock=async_clock, progress=False
    )
    assert isinstance(ahandle, AsyncFineTuningJobHandle)
    fake.advance(JOB_SECONDS / 2)
    async_outcome = (
        await ahandle.events(),
        await ahandle.result(),
        await ahandle.checkpoints(),
        await ahandle.cancel(),
    )
    aother = await aattach(ahandle.id, client=api, progress=False)

    def ids(value: str) -> str:
        return value.replace(handle.id, "JOB").replace(ahandle.id, "JOB")

    assert [ids(r) for r in recorder.requests] == [ids(r) for r in sync_requests]
    assert fake.stats().requests == sync_stats
    assert len(async_outcome[0]) == len(sync_outcome[0])
    assert async_outcome[1].status == sync_outcome[1].status == "succeeded"
    assert len(async_outcome[2]) == len(sync_outcome[2])
    assert async_outcome[3].cancelled is sync_outcome[3].cancelled is False
    assert aother.status == other.status == "succeeded"
    assert await aother.done()


# -- across processes, over TCP -----------------------------------------------------------


@pytest.fixture
def served() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key="sk-fake-key", clock=SystemClock(), job_seconds=3.0) as fake:
        yield fake


def _python(code: str, base_url: str) -> str:
    env = {**os.environ, "OPENAI_API_KEY": "sk-fake-key", "OPENAI_BASE_URL": base_url}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_job_started_in_one_process_is_finished_from_another(served: FakeOpenAI) -> None:
    with served.serve(port=0) as server:
        job_id = _python(
            f"""
            from openai_finetunes.workflows import start_fine_tuning_job
            handle = start_fine_tuning_job({str(GOOD)!r}, {MODEL!r}, progress=False)
            print(handle.id)
            """,
            server.base_url,
        )
        assert served.jobs[0]["status"] not in ("succeeded", "failed", "cancelled")
        model = _python(
            f"""
            from openai_finetunes.workflows import attach
            handle = attach({job_id!r}, poll_interval=0.2, progress=False)
            early = [e.id for e in handle.events()]
            result = handle.result(timeout=60)
            late = [e.id for e in handle.events()]  # not consumed by a silent result()
            print(result.fine_tuned_model, len(early) > 0, len(late) > 0, set(early).isdisjoint(late))
            """,
            server.base_url,
        )
    assert model.split() == [served.jobs[0]["fine_tuned_model"], "True", "True", "True"]
    assert served.stats().jobs == 1


# -- once a job exists, every failure names it ----------------------------------------------


def test_a_failing_callback_is_wrapped_with_the_job_id(
    api: AuthenticatedClient, clock: StepClock
) -> None:
    def broken(event: FineTuningJobEvent) -> None:
        raise ValueError("my callback is broken")

    handle = _start(api, clock, on_event=broken)
    with pytest.raises(FineTuningJobError) as raised:
        handle.result()
    assert raised.value.job_id == handle.id
    assert isinstance(raised.value.__cause__, ValueError)
    assert f"attach({handle.id!r})" in str(raised.value)


def test_a_service_error_after_create_carries_the_job_id(
    fake: FakeOpenAI, clock: StepClock
) -> None:
    class Refusing(httpx.BaseTransport):
        """Answers 400 to every look at a job once one exists."""

        def __init__(self) -> None:
            self.inner = fake.transport()

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.method == "GET" and "/fine_tuning/jobs/ftjob-" in request.url.path:
                body = {"error": {"message": "nope", "type": "invalid_request_error"}}
                return httpx.Response(400, json=body, request=request)
            return self.inner.handle_request(request)

    api = connect("sk-fake-key", base_url=fake.base_url, transport=Refusing(), max_retries=0)
    handle = start_fine_tuning_job(GOOD, MODEL, client=api, clock=clock, progress=False)
    with pytest.raises(BadRequestError) as raised:
        handle.result()
    assert raised.value.job_id == handle.id
    assert any(f"attach({handle.id!r})" in note for note in raised.value.__notes__)


def test_a_new_job_reuses_the_upload_even_after_many_other_uploads(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock, recorder: Recorder
) -> None:
    first = _start(api, clock)
    for n in range(25):  # more than one page of the newest files
        fake.add_file(f'{{"n": {n}}}\n'.encode(), filename=f"other-{n}.jsonl")
    recorder.requests.clear()
    second = _start(api, clock, attach=False)  # a new job on the same data
    assert second.id != first.id
    assert second.job.training_file == first.job.training_file
    assert "POST /files" not in recorder.requests
    # The run's jobs (to tell a lost create from earlier ones), then the journal's file.
    assert recorder.requests[:2] == [
        "GET /fine_tuning/jobs",
        f"GET /files/{first.job.training_file}",
    ]


def test_a_journal_entry_for_a_deleted_file_falls_back_to_uploading(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock, recorder: Recorder
) -> None:
    from openai_finetunes.api.files import delete_file

    first = _start(api, clock)
    delete_file.sync(first.job.training_file, client=api)
    recorder.requests.clear()
    second = _start(api, clock, attach=False)
    assert recorder.requests.count("POST /files") == 1
    assert second.job.training_file != first.job.training_file


def test_attach_false_after_a_lost_create_answer_tracks_the_new_job(
    fake: FakeOpenAI, clock: StepClock
) -> None:
    class LosingCreate(httpx.BaseTransport):
        """The first create is applied, but its answer is lost on the way back."""

        def __init__(self) -> None:
            self.inner = fake.transport()
            self.lost = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = self.inner.handle_request(request)
            if (request.method, request.url.path) == ("POST", "/v1/fine_tuning/jobs"):
                if self.lost == 1:
                    self.lost += 1
                    raise httpx.ReadError("connection reset", request=request)
                self.lost += 1
            return response

    api = connect("sk-fake-key", base_url=fake.base_url, transport=LosingCreate(), max_retries=0)
    first = start_fine_tuning_job(GOOD, MODEL, client=api, clock=clock, progress=False)
    second = start_fine_tuning_job(
        GOOD, MODEL, client=api, clock=clock, progress=False, attach=False
    )
    assert fake.stats().jobs == 2
    assert second.id != first.id  # the job the lost answer created, not the earlier one
    assert second.id in {job["id"] for job in fake.jobs}


def test_waiting_for_the_run_lock_respects_the_timeout(
    api: AuthenticatedClient, clock: StepClock
) -> None:
    import fcntl

    from openai_finetunes.workflows import _runlock

    first = start_fine_tuning_job(GOOD, MODEL, client=api, clock=clock, progress=False)
    run_key = first.job.metadata.additional_properties[RUN_KEY]  # type: ignore[union-attr]
    holder = (_runlock.lock_directory() / f"{run_key}.lock").open("ab")
    fcntl.flock(holder.fileno(), fcntl.LOCK_EX)  # another process, stuck mid-start
    try:
        began = time.monotonic()
        with pytest.raises(FineTuningTimeout) as raised:
            start_fine_tuning_job(GOOD, MODEL, client=api, progress=False, timeout=0.5)
        assert time.monotonic() - began < 1.5
        assert raised.value.job_id is None
    finally:
        holder.close()


@pytest.mark.parametrize("hint", ["0", "-5", "inf", "nan", "1e300"])
def test_a_wild_poll_hint_is_kept_within_bounds(
    fake: FakeOpenAI, clock: StepClock, hint: str
) -> None:
    class Hinting(httpx.BaseTransport):
        def __init__(self) -> None:
            self.inner = fake.transport()

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = self.inner.handle_request(request)
            if request.method == "GET" and "/fine_tuning/jobs/ftjob-" in request.url.path:
                response.headers["openai-poll-after-ms"] = hint
            return response

    api = connect("sk-fake-key", base_url=fake.base_url, transport=Hinting(), max_retries=0)
    handle = start_fine_tuning_job(GOOD, MODEL, client=api, clock=clock, progress=False)
    assert handle.result().status == "succeeded"
    assert min(clock.sleeps) >= 0.1
    assert max(clock.sleeps) <= 600


def test_the_start_timeout_bounds_the_first_result_only(
    api: AuthenticatedClient, clock: StepClock
) -> None:
    handle = _start(api, clock, timeout=10)
    with pytest.raises(FineTuningTimeout):
        handle.result()
    assert handle.result().status == "succeeded"  # a later result() waits as long as it takes


def test_a_job_kept_by_an_exception_is_scrubbed_of_echoed_keys() -> None:
    from openai_finetunes.models import FineTuningJob
    from openai_finetunes.workflows import FineTuningJobFailed
    from tests import payloads

    key = "sk-proj-" + "Z" * 40
    job = FineTuningJob.from_dict(
        payloads.job(status="failed", error={"code": "x", "message": f"bad key {key}"})
    )
    failed = FineTuningJobFailed(job)
    assert key not in str(failed.job.to_dict())
    assert key not in repr(failed.job)


async def test_events_read_concurrently_are_delivered_once(fake: FakeOpenAI) -> None:
    with fake.serve(port=0) as server:
        api = connect("sk-fake-key", base_url=server.base_url)
        handle = await astart_fine_tuning_job(GOOD, MODEL, client=api, progress=False)
        fake.advance(JOB_SECONDS)
        first, second = await asyncio.gather(handle.events(), handle.events())
    ids = [event.id for event in first + second]
    assert ids
    assert len(ids) == len(set(ids))


def test_a_callback_that_raises_leaves_the_rest_of_the_events_for_later(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    calls: list[str] = []

    def fragile(event: FineTuningJobEvent) -> None:
        calls.append(event.id)
        if len(calls) == 2:
            raise ValueError("boom")

    handle = _start(api, clock, on_event=fragile)
    fake.advance(JOB_SECONDS / 2)
    with pytest.raises(FineTuningJobError):
        handle.result()
    rest = handle.events()
    delivered = calls + [event.id for event in rest]
    everything = [e.id for e in paginate(list_fine_tuning_events, handle.id, client=api, limit=100)]
    assert delivered == everything[::-1]  # nothing lost, nothing twice


async def test_an_async_start_does_not_stall_the_event_loop_on_a_large_file(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    line = GOOD.read_bytes().splitlines(keepends=True)[0]
    big = tmp_path / "big.jsonl"
    big.write_bytes(line * (20 * 1024 * 1024 // len(line)))  # ~20 MiB: a second of local work
    api = fake.client(max_retries=0)
    gaps: list[float] = []
    running = True

    async def tick() -> None:
        last = time.monotonic()
        while running:
            await asyncio.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    began = time.monotonic()
    handle = await astart_fine_tuning_job(big, MODEL, client=api, progress=False)
    took = time.monotonic() - began
    running = False
    await ticker
    assert handle.id == fake.jobs[0]["id"]
    assert took > 0.3  # there was local work to hide
    assert max(gaps) < 0.25  # the loop kept running meanwhile
