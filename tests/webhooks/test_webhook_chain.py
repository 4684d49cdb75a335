"""The whole chain, nothing played: the fake's sender signs and POSTs the job's event, a
`WebhookReceiver` verifies it and delivers it into a `WebhookInbox`, and the handle
waiting on that inbox ends at once, with one confirming retrieve and no polling."""

from __future__ import annotations

import time

from openai_finetunes import connect
from openai_finetunes.testing import FakeOpenAI, SystemClock
from openai_finetunes.webhooks import (
    WebhookEvent,
    WebhookFineTuningJobSucceeded,
    WebhookReceiver,
    generate_secret,
)
from openai_finetunes.workflows import WebhookInbox, start_fine_tuning_job
from tests.workflows.conftest import GOOD, MODEL, Recorder

#: When a handle waiting on webhooks first polls, if no event came (its safety net).
FIRST_SAFETY_POLL = 60.0


def test_the_fakes_event_ends_the_wait_through_the_receiver_and_the_inbox() -> None:
    secret = generate_secret()
    inbox = WebhookInbox()
    arrivals: list[tuple[float, WebhookEvent]] = []

    def deliver(event: WebhookEvent) -> None:
        arrivals.append((time.monotonic(), event))
        inbox.deliver(event)

    with (
        WebhookReceiver(deliver, secret=secret) as receiver,
        FakeOpenAI(
            clock=SystemClock(), job_seconds=1.5, webhook_url=receiver.url, webhook_secret=secret
        ) as fake,
    ):
        recorder = Recorder(fake.transport())
        client = connect("sk-fake-key", base_url=fake.base_url, transport=recorder)
        began = time.monotonic()
        handle = start_fine_tuning_job(GOOD, MODEL, client=client, progress=False, webhooks=inbox)
        recorder.requests.clear()
        result = handle.result(timeout=30)
        ended = time.monotonic()
        assert fake.wait_for_webhooks()
        stats = fake.stats()

    assert result.status == "succeeded"
    ((arrived, event),) = arrivals
    assert isinstance(event, WebhookFineTuningJobSucceeded)
    assert event.data.id == handle.id
    # The job runs 1.5 s; the wait ends right after the event, long before any poll.
    assert ended - began < FIRST_SAFETY_POLL / 6
    assert ended - arrived < 0.5
    assert recorder.requests == [f"GET /fine_tuning/jobs/{handle.id}"]  # the confirming look
    assert (receiver.received, receiver.rejected) == (1, 0)
    assert (stats.webhooks_sent, stats.webhooks_failed) == (1, 0)
