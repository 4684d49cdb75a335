"""Clocks for the fake service: the real one, and a manual one that tests advance."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Protocol, runtime_checkable

__all__ = ["DEFAULT_START", "Clock", "ManualClock", "SystemClock"]

#: Where a `ManualClock` starts: 2025-01-01T00:00:00Z, so timestamps look real.
DEFAULT_START = 1_735_689_600.0


@runtime_checkable
class Clock(Protocol):
    """Anything with ``now()`` returning Unix seconds."""

    def now(self) -> float: ...


class SystemClock:
    """Wall-clock time (``time.time()``).

    >>> SystemClock().now() > 1.7e9
    True
    """

    def now(self) -> float:
        return time.time()

    # The workflows' clock protocol (``openai_finetunes.workflows.Clock``).
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


class ManualClock:
    """A clock that only moves when told to: jobs progress by ``advance()``, never by sleeping.

    >>> clock = ManualClock(start=100.0)
    >>> clock.advance(30)
    130.0
    >>> clock.now()
    130.0
    """

    def __init__(self, start: float = DEFAULT_START) -> None:
        self._now = float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move time forward by ``seconds`` (>= 0) and return the new time."""
        if seconds < 0:
            raise ValueError(f"a clock cannot go backwards (seconds={seconds})")
        with self._lock:
            self._now += seconds
            return self._now

    async def async_advance(self, seconds: float) -> None:
        """``advance`` for async sleep hooks (such as a retry policy's ``async_sleep``)."""
        self.advance(seconds)

    # The workflows' clock protocol: pass ``clock=fake.clock`` to ``run_fine_tuning_job``
    # and its polls advance the fake instead of sleeping.
    def monotonic(self) -> float:
        return self.now()

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        self.advance(seconds)
        await asyncio.sleep(0)  # let other tasks run, as a real sleep would

    def __repr__(self) -> str:
        return f"ManualClock(now={self.now()!r})"
