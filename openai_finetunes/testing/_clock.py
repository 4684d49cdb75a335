"""A manual clock that tests advance; the ``Clock`` protocol and ``SystemClock`` are the runtime's
(``openai_finetunes._clock``), re-exported here for the fake's users."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from .._clock import Clock, SystemClock

__all__ = ["DEFAULT_START", "Clock", "ManualClock", "SystemClock"]

#: Where a `ManualClock` starts: 2025-01-01T00:00:00Z, so timestamps look real.
DEFAULT_START = 1_735_689_600.0


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
        self._listeners: tuple[Callable[[float], object], ...] = ()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move time forward by ``seconds`` (>= 0) and return the new time."""
        if seconds < 0:
            raise ValueError(f"a clock cannot go backwards (seconds={seconds})")
        with self._lock:
            self._now += seconds
            now = self._now
        for listener in self._listeners:
            listener(now)
        return now

    def add_listener(self, listener: Callable[[float], object]) -> Callable[[], None]:
        """Call ``listener(now)`` after every `advance`; returns a function that stops it.

        The fake uses it to deliver webhooks the moment time crosses a job's end. A
        listener runs in the advancing thread and must be quick.

        >>> clock = ManualClock(start=0.0)
        >>> stop = clock.add_listener(print)
        >>> clock.advance(5)
        5.0
        5.0
        >>> stop()
        """
        with self._lock:
            self._listeners = (*self._listeners, listener)

        def remove() -> None:
            with self._lock:
                self._listeners = tuple(x for x in self._listeners if x is not listener)

        return remove

    async def async_advance(self, seconds: float) -> None:
        """``advance`` for async sleep hooks (such as a retry policy's ``async_sleep``)."""
        self.advance(seconds)

    # Pass ``clock=fake.clock`` to the workflows and their polls advance the fake
    # instead of sleeping.
    def monotonic(self) -> float:
        return self.now()

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        self.advance(seconds)
        await asyncio.sleep(0)  # let other tasks run, as a real sleep would

    def __repr__(self) -> str:
        return f"ManualClock(now={self.now()!r})"
