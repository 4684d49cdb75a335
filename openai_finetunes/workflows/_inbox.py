"""Webhook events handed to waiting job handles: finish as soon as the job does.

Your webhook endpoint verifies each request (``openai_finetunes.webhooks.unwrap``) and
drops the event into a :class:`WebhookInbox`; every handle waiting with
``webhooks=inbox`` on that job wakes at once, confirms with one retrieve, and returns.
Without an event a handle still polls, but only as a slow safety net (a lost delivery
costs minutes, not the job).

One inbox serves any number of handles, threads and event loops: events are kept per
job id until a waiter takes them, so an event that arrives before anyone waits is not
lost, and an event for another job never wakes the wrong handle.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from .._clock import Clock, SystemClock

if TYPE_CHECKING:
    import asyncio

__all__ = ["WebhookInbox"]

_JOB_ID_PREFIX: Final = "ftjob-"
_FINE_TUNING_EVENTS: Final = "fine_tuning.job."
#: Jobs remembered at most; the oldest are forgotten first (an endpoint may run for months).
MAX_JOBS: Final = 10_000


def _job_id_of(event: object) -> str | None:
    """The fine-tuning job an event is about (a job id, a webhook event model, or its
    JSON); ``None`` for an event about anything else (a batch, a response)."""
    if isinstance(event, str):
        return event if event.startswith(_JOB_ID_PREFIX) else None
    if isinstance(event, Mapping):
        kind, data = event.get("type"), event.get("data")
    else:  # a parsed event: the generated models say ``type_``, others ``type``
        kind = getattr(event, "type_", getattr(event, "type", None))
        data = getattr(event, "data", None)
    if not str(kind).startswith(_FINE_TUNING_EVENTS):
        return None
    job_id: Any = data.get("id") if isinstance(data, Mapping) else getattr(data, "id", None)
    return job_id if isinstance(job_id, str) and job_id.startswith(_JOB_ID_PREFIX) else None


class WebhookInbox:
    """Fine-tuning webhook events, waiting for the handles of their jobs.

    Deliveries are counted per job; a waiter says how many it has seen and wakes for
    the next, so every handle on a job wakes, and none wakes twice for one event.

    >>> inbox = WebhookInbox()
    >>> inbox.deliver({"type": "fine_tuning.job.succeeded", "data": {"id": "ftjob-abc"}})
    'ftjob-abc'
    >>> inbox.wait("ftjob-abc", 0)  # deliveries so far
    1
    >>> inbox.wait("ftjob-abc", 0, after=1)  # nothing new
    1
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._counts: dict[str, int] = {}
        self._futures: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]]] = {}

    def deliver(self, event: object) -> str | None:
        """Hand over a verified event (or a job id), from any thread; returns its job id,
        or ``None`` for an event that names no fine-tuning job (it is ignored)."""
        job_id = _job_id_of(event)
        if job_id is None:
            return None
        with self._condition:
            self._counts[job_id] = self._counts.pop(job_id, 0) + 1  # now the newest
            if len(self._counts) > MAX_JOBS:
                del self._counts[next(iter(self._counts))]
            waiting = self._futures.pop(job_id, [])
            self._condition.notify_all()
        for loop, future in waiting:
            try:
                loop.call_soon_threadsafe(_settle, future)
            except RuntimeError:  # that waiter's event loop has closed meanwhile
                continue
        return job_id

    def count(self, job_id: str) -> int:
        """Deliveries for ``job_id`` so far."""
        with self._condition:
            return self._counts.get(job_id, 0)

    def wait(
        self, job_id: str, timeout: float, *, after: int = 0, clock: Clock | None = None
    ) -> int:
        """Wait up to ``timeout`` seconds for delivery number ``after + 1`` for ``job_id``;
        return the number of deliveries so far (more than ``after`` if one came).

        On a real clock this blocks until then. A test clock (such as the fake's
        ``ManualClock``) is moved on by ``timeout`` instead, and the count read afterwards:
        moving the fake's time is what makes it deliver.
        """
        if clock is not None and not isinstance(clock, SystemClock):
            if self.count(job_id) <= after:
                clock.sleep(timeout)
            return self.count(job_id)
        with self._condition:
            self._condition.wait_for(lambda: self._counts.get(job_id, 0) > after, timeout)
            return self._counts.get(job_id, 0)

    async def await_(
        self, job_id: str, timeout: float, *, after: int = 0, clock: Clock | None = None
    ) -> int:
        """Async :meth:`wait`: the event loop runs on while the handle waits."""
        import asyncio

        if clock is not None and not isinstance(clock, SystemClock):
            if self.count(job_id) <= after:
                await clock.asleep(timeout)
            return self.count(job_id)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._condition:
            if self._counts.get(job_id, 0) > after:
                return self._counts[job_id]
            self._futures.setdefault(job_id, []).append((loop, future))
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            pass
        finally:  # timed out, woken or cancelled: never leave a dead waiter behind
            with self._condition:
                entries = self._futures.get(job_id, [])
                if (loop, future) in entries:
                    entries.remove((loop, future))
                if not entries:
                    self._futures.pop(job_id, None)
        return self.count(job_id)

    def __repr__(self) -> str:
        with self._condition:
            return f"WebhookInbox(jobs={len(self._counts)})"


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
