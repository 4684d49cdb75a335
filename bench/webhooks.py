"""How late a wait ends after the job does: webhooks against polling.

Jobs run on the fake (real time, ``job_seconds`` each). Each is followed by a handle,
either fed by the fake's signed webhooks (a ``WebhookReceiver`` delivering into a
``WebhookInbox``) or polling. A job's end is the moment the fake answered its create
(its lifecycle runs from there; a response hook records it) plus ``job_seconds``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from ._common import MODEL, median

TARGET_SECONDS = 0.5
TRAINING = b"".join(
    b'{"messages": [{"role": "user", "content": "Example %d."}, '
    b'{"role": "assistant", "content": "%d"}]}\n' % (i, i)
    for i in range(10)
)
_SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # a test secret for the fake


async def _follow(
    client: Any, jobs: int, job_seconds: float, inbox: Any, label: str, created: dict[str, float]
) -> tuple[list[float], float]:
    from openai_finetunes.workflows import astart_fine_tuning_job

    async def one(index: int) -> float:
        handle = await astart_fine_tuning_job(
            TRAINING,
            MODEL,
            client=client,
            progress=False,
            metadata={"bench": f"{label}-{index}"},
            webhooks=inbox,
        )
        await handle.result(timeout=job_seconds + 120)
        return time.monotonic() - (created[handle.id] + job_seconds)

    began = time.monotonic()
    late = await asyncio.gather(*(one(i) for i in range(jobs)))
    return list(late), time.monotonic() - began


def _run_mode(
    webhooks: bool, jobs: int, job_seconds: float, *, hint: bool = True
) -> dict[str, Any]:
    from openai_finetunes.testing import FakeOpenAI, SystemClock
    from openai_finetunes.webhooks import WebhookReceiver
    from openai_finetunes.workflows import WebhookInbox

    inbox = WebhookInbox() if webhooks else None
    receiver = WebhookReceiver(inbox.deliver, secret=_SECRET) if inbox is not None else None
    with receiver or contextlib.nullcontext():
        fake = FakeOpenAI(
            clock=SystemClock(),
            job_seconds=job_seconds,
            webhook_url=receiver.url if receiver is not None else None,
            webhook_secret=_SECRET if receiver is not None else None,
            poll_after_ms=None if hint else 0,
        )
        with fake:
            created: dict[str, float] = {}

            def on_answer(operation: str | None, status: int, body: Any) -> None:
                if operation == "createFineTuningJob" and status == 200:
                    created[body["id"]] = time.monotonic()

            fake.add_response_hook(on_answer)
            client = fake.client()
            before = fake.stats().requests_total
            label = "webhooks" if webhooks else f"polling-{hint}"
            late, wall = asyncio.run(_follow(client, jobs, job_seconds, inbox, label, created))
            requests = fake.stats().requests_total - before
    return {
        "client": "openai_finetunes",
        "mode": "webhooks"
        if webhooks
        else ("polling, the fake's hint" if hint else "polling, default schedule (no hint)"),
        "jobs": jobs,
        "job_seconds": job_seconds,
        "median_late_seconds": round(median(late), 3),
        "max_late_seconds": round(max(late), 3),
        "requests_per_job": round(requests / jobs, 2),
        "wall_seconds": round(wall, 2),
    }


def run(quick: bool = False) -> dict[str, Any]:
    jobs, job_seconds = (2, 1.0) if quick else (20, 5.0)
    rows = [
        _run_mode(True, jobs, job_seconds),
        _run_mode(False, jobs, job_seconds),
        _run_mode(False, jobs, job_seconds, hint=False),
    ]
    hooked, _, polled = rows
    # A start costs: a look for the run's job, the upload journal's file, a create, and a
    # look for concurrent starts; then one confirming retrieve. Two more are "a few".
    met = hooked["max_late_seconds"] <= TARGET_SECONDS and hooked["requests_per_job"] <= 8
    return {
        "name": "webhooks",
        "title": f"wait end after the job's end, {jobs} jobs of {job_seconds:g} s",
        "target": f"webhooks: every wait ends <= {TARGET_SECONDS} s after the job; "
        "requests per job <= a start plus a few safety polls",
        "met": None if quick else met,
        "late_ratio_default_polling_over_webhooks": round(
            polled["median_late_seconds"] / max(hooked["median_late_seconds"], 1e-3), 1
        ),
        "rows": rows,
    }
