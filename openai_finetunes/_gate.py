"""Admission of async requests to the connection pool, foreground work first.

When thousands of requests want a hundred connections, the order they are let in decides
how long the whole batch takes. Work that starts something (a lookup, an upload, a job
creation) goes before routine status polls: a poll that waits a little costs nothing, a
job that is created late finishes late. Polls run inside :func:`low_priority`.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio

__all__ = ["PriorityGate", "is_low_priority", "low_priority"]

_low_priority: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "openai_finetunes_low_priority", default=False
)


@contextlib.contextmanager
def low_priority() -> Iterator[None]:
    """Let requests made inside the block wait behind other waiting requests.

    Only the async client's pool gate reads it; the order of requests already admitted,
    and sync clients, are unaffected.

    >>> with low_priority():
    ...     pass  # e.g. a status poll that can wait for job creations to go first
    """
    token = _low_priority.set(True)
    try:
        yield
    finally:
        _low_priority.reset(token)


def is_low_priority() -> bool:
    return _low_priority.get()


class PriorityGate:
    """A semaphore of ``limit`` slots with two FIFO queues, normal before low priority.

    A released slot is handed straight to the next waiter, so a newcomer cannot overtake
    the queue. Belongs to one event loop.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit!r}")
        self._free = limit
        self._queues: tuple[deque[asyncio.Future[None]], deque[asyncio.Future[None]]] = (
            deque(),
            deque(),
        )

    @property
    def waiting(self) -> int:
        return sum(len(queue) for queue in self._queues)

    async def acquire(self, *, low: bool = False) -> None:
        if self._free > 0:  # free slots only exist while nobody waits (see release)
            self._free -= 1
            return
        import asyncio

        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._queues[low]
        queue.append(future)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # the slot was handed over as we were cancelled: pass it on
            else:
                with contextlib.suppress(ValueError):  # release() may have dropped it
                    queue.remove(future)
            raise

    def release(self) -> None:
        for queue in self._queues:
            while queue:
                future = queue.popleft()
                if not future.done():
                    future.set_result(None)
                    return
        self._free += 1
