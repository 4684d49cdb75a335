"""The one notion of time in the package: what the workflows wait on and the fake runs on.

A clock gives wall-clock time (``now``: the timestamps the fake service writes),
monotonic time (``monotonic``: deadlines and elapsed time) and sleeping, sync and async.
Tests pass ``ManualClock`` from ``openai_finetunes.testing``: sleeping advances it, so a
job that takes an hour on the fake finishes in milliseconds.
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """Time as the SDK sees it.

    >>> clock: Clock = SystemClock()
    >>> clock.monotonic() <= clock.monotonic()
    True
    """

    def now(self) -> float:
        """Unix seconds."""
        ...

    def monotonic(self) -> float:
        """Seconds that never go backwards (for deadlines and elapsed time)."""
        ...

    def sleep(self, seconds: float) -> None: ...

    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    """Real time: ``time.time``, ``time.monotonic``, ``time.sleep`` and ``asyncio.sleep``.

    >>> SystemClock().now() > 1.7e9
    True
    """

    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        import asyncio  # on first use: sync programs never load it

        await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"
