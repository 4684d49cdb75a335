"""One implementation of each flow, run by a sync or an async driver.

A flow is a generator that yields :class:`Call` and :class:`Sleep` instructions and gets
back results (or has the exception thrown into it). The sync driver uses the generated
``sync_detailed`` functions and ``clock.sleep``; the async driver awaits their
``asyncio_detailed`` twins and ``clock.asleep``. The logic exists once.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any, Protocol, TypeAlias, TypeVar

import attrs

__all__ = ["Call", "Clock", "Flow", "Sleep", "SystemClock", "run_async", "run_sync"]

T = TypeVar("T")


class Clock(Protocol):
    """Time as the workflows see it; tests pass one that moves a fake service's clock."""

    def monotonic(self) -> float: ...
    def sleep(self, seconds: float) -> None: ...
    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    """Real time: ``time.monotonic``, ``time.sleep`` and ``asyncio.sleep``."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        import asyncio  # on first use: sync programs never load it

        await asyncio.sleep(seconds)


@attrs.frozen
class Call:
    """Call ``sync(*args, **kwargs)`` or ``await asyncio(*args, **kwargs)``."""

    sync: Callable[..., Any]
    asyncio: Callable[..., Awaitable[Any]]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Sleep:
    seconds: float


Flow: TypeAlias = Generator[Call | Sleep, Any, T]


def run_sync(flow: Flow[T], clock: Clock) -> T:
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.throw(error) if error is not None else flow.send(value)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        value, error = None, None
        try:
            if isinstance(step, Sleep):
                clock.sleep(step.seconds)
            else:
                value = step.sync(*step.args, **step.kwargs)
        except (Exception, KeyboardInterrupt) as exc:
            error = exc


async def run_async(flow: Flow[T], clock: Clock) -> T:
    import asyncio

    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.throw(error) if error is not None else flow.send(value)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        value, error = None, None
        try:
            if isinstance(step, Sleep):
                await clock.asleep(step.seconds)
            else:
                value = await step.asyncio(*step.args, **step.kwargs)
        except (Exception, KeyboardInterrupt, asyncio.CancelledError) as exc:
            error = exc
