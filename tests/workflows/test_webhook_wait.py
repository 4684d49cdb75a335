"""Waiting on webhooks: the wait ends when the job's event arrives; polling only backs it up."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest

from openai_finetunes import AuthenticatedClient, connect
from openai_finetunes.testing import FakeOpenAI, SystemClock
from openai_finetunes.workflows import (
    InvalidArgumentError,
    WebhookInbox,
    astart_fine_tuning_job,
    attach,
    start_fine_tuning_job,
)
from tests.workflows.conftest import GOOD, MODEL, Recorder, StepClock

TERMINAL = ("succeeded", "failed", "cancelled")


# -- the inbox ----------------------------------------------------------------------------


def test_deliveries_are_counted_per_job_and_wake_only_their_waiters() -> None:
    inbox = WebhookInbox()
    assert inbox.deliver({"type": "fine_tuning.job.succeeded", "data": {"id": "ftjob-a"}}) == (
        "ftjob-a"
    )
    assert inbox.deliver({"type": "batch.completed", "data": {}}) is None  # no job: ignored
    assert inbox.wait("ftjob-a", 0) == 1
    assert inbox.wait("ftjob-a", 0.05, after=1) == 1  # nothing new: waits, then says so
    assert inbox.wait("ftjob-b", 0.05) == 0
    waiters: list[int] = []
    threads = [
        threading.Thread(target=lambda: waiters.append(inbox.wait("ftjob-b", 5))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    inbox.deliver("ftjob-c")  # another job: wakes nobody
    time.sleep(0.05)
    assert waiters == []
    began = time.monotonic()
    inbox.deliver("ftjob-b")
    for thread in threads:
        thread.join(5)
    assert waiters == [1, 1]  # every handle on the job wakes
    assert time.monotonic() - began < 1


async def test_async_waiters_wake_from_another_thread() -> None:
    inbox = WebhookInbox()
    timer = threading.Timer(0.1, inbox.deliver, args=("ftjob-x",))
    began = time.monotonic()
    timer.start()
    assert await inbox.await_("ftjob-x", 5) == 1
    assert time.monotonic() - began < 1
    assert await inbox.await_("ftjob-x", 0.05, after=1) == 1  # timed out, nothing new


# -- handles waiting on webhooks ----------------------------------------------------------


@pytest.fixture
def served() -> Iterator[tuple[FakeOpenAI, AuthenticatedClient, Recorder]]:
    with FakeOpenAI(clock=SystemClock(), job_seconds=1.5) as fake:
        recorder = Recorder(fake.transport())
        client = connect("sk-fake-key", base_url=fake.base_url, transport=recorder)
        yield fake, client, recorder


def _deliver_when_finished(fake: FakeOpenAI, inbox: WebhookInbox) -> list[float]:
    """Play the service: send the job's webhook at its terminal transition."""
    finished: list[float] = []

    def watch() -> None:
        while not fake.jobs or fake.jobs[0]["status"] not in TERMINAL:
            time.sleep(0.01)
        finished.append(time.monotonic())
        inbox.deliver({"type": "fine_tuning.job.succeeded", "data": {"id": fake.jobs[0]["id"]}})

    threading.Thread(target=watch, daemon=True).start()
    return finished


def test_the_wait_ends_when_the_webhook_arrives(
    served: tuple[FakeOpenAI, AuthenticatedClient, Recorder],
) -> None:
    fake, client, recorder = served
    inbox = WebhookInbox()
    finished = _deliver_when_finished(fake, inbox)
    handle = start_fine_tuning_job(GOOD, MODEL, client=client, progress=False, webhooks=inbox)
    recorder.requests.clear()
    result = handle.result(timeout=30)
    ended = time.monotonic()
    assert result.status == "succeeded"
    assert ended - finished[0] < 0.5
    # No polling before the event (the safety net is a minute away): one confirming look.
    assert recorder.requests == [f"GET /fine_tuning/jobs/{handle.id}"]


async def test_the_async_wait_ends_when_the_webhook_arrives(
    served: tuple[FakeOpenAI, AuthenticatedClient, Recorder],
) -> None:
    fake, client, recorder = served
    inbox = WebhookInbox()
    finished = _deliver_when_finished(fake, inbox)
    handle = await astart_fine_tuning_job(
        GOOD, MODEL, client=client, progress=False, webhooks=inbox
    )
    recorder.requests.clear()
    result = await handle.result(timeout=30)
    assert result.status == "succeeded"
    assert time.monotonic() - finished[0] < 0.5
    assert recorder.requests == [f"GET /fine_tuning/jobs/{handle.id}"]


def test_a_lost_webhook_is_caught_by_the_slow_safety_net(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock, recorder: Recorder
) -> None:
    handle = start_fine_tuning_job(
        GOOD, MODEL, client=api, clock=clock, progress=False, webhooks=WebhookInbox()
    )
    recorder.requests.clear()
    assert handle.result().status == "succeeded"  # no event ever came
    assert clock.sleeps == [60.0, 120.0]  # a minute, then two: the job took 100 s
    assert recorder.requests == [f"GET /fine_tuning/jobs/{handle.id}"] * 2


def test_webhooks_must_be_an_inbox(api: AuthenticatedClient, recorder: Recorder) -> None:
    with pytest.raises(InvalidArgumentError, match="webhooks"):
        attach("ftjob-abc", client=api, webhooks=asyncio.Queue())  # type: ignore[typeddict-item]
    assert recorder.requests == []


def test_only_fine_tuning_job_events_count_and_the_memory_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openai_finetunes.workflows import _inbox

    inbox = WebhookInbox()
    assert inbox.deliver({"type": "batch.completed", "data": {"id": "batch_1"}}) is None
    assert inbox.deliver({"type": "response.completed", "data": {"id": "resp_1"}}) is None
    assert inbox.deliver("batch_1") is None
    assert inbox.count("batch_1") == 0
    monkeypatch.setattr(_inbox, "MAX_JOBS", 3)
    for n in range(5):
        inbox.deliver(f"ftjob-{n}")
    assert [inbox.count(f"ftjob-{n}") for n in range(5)] == [0, 0, 1, 1, 1]  # oldest forgotten


async def test_a_cancelled_async_waiter_does_not_stop_the_others() -> None:
    inbox = WebhookInbox()

    def other_loop() -> None:
        async def wait_then_give_up() -> None:
            task = asyncio.create_task(inbox.await_("ftjob-z", 30))
            await asyncio.sleep(0.05)
            task.cancel()

        asyncio.run(wait_then_give_up())  # its loop is closed afterwards

    threading.Thread(target=other_loop).start()
    await asyncio.sleep(0.2)
    timer = threading.Timer(0.1, inbox.deliver, args=("ftjob-z",))
    timer.start()
    began = time.monotonic()
    assert await inbox.await_("ftjob-z", 5) == 1
    assert time.monotonic() - began < 1  # woken by the delivery, not by the timeout


def test_an_event_ahead_of_the_service_is_followed_by_quick_looks(
    fake: FakeOpenAI, api: AuthenticatedClient, clock: StepClock
) -> None:
    inbox = WebhookInbox()
    handle = start_fine_tuning_job(
        GOOD, MODEL, client=api, clock=clock, progress=False, webhooks=inbox
    )
    inbox.deliver({"type": "fine_tuning.job.succeeded", "data": {"id": handle.id}})  # early
    assert handle.result().status == "succeeded"
    assert clock.sleeps[:3] == [1.0, 2.0, 4.0]  # not the minute-long safety net


def test_an_explicit_poll_interval_is_the_safety_net(
    api: AuthenticatedClient, clock: StepClock
) -> None:
    handle = start_fine_tuning_job(
        GOOD,
        MODEL,
        client=api,
        clock=clock,
        progress=False,
        webhooks=WebhookInbox(),
        poll_interval=25,
    )
    handle.result()
    assert set(clock.sleeps) == {25.0}
