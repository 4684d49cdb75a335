"""Flows are written once, as generators of typed steps; a driver runs them sync or async.

A flow yields :class:`Call` (an operation to invoke) and :class:`Sleep` steps and gets
each result back, or has the exception thrown into it. :func:`run_sync` invokes the
generated ``sync`` functions and ``clock.sleep``; :func:`run_async` awaits their
``asyncio`` twins and ``clock.asleep``. The drivers are the only place where sync and
async differ, so no flow has an ``a``-prefixed twin.

Why this rather than writing async once and deriving sync (httpcore's unasync)? Deriving
needs a code-generation step for hand-written code on top of the one we already run for
the client, and sync programs would still load asyncio. Here the flow's logic is plain
Python, testable step by step, and a sync caller never imports asyncio.

Each step says how it is sent: ``once`` turns the transport's retries off (the flow
reconciles a failure itself, see ``_reconcile``), ``background`` marks a routine status
poll that queues behind requests that start jobs (see ``_gate``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Awaitable, Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeAlias, TypeVar, cast

import attrs

from .._deadline import Deadline, deadline_scope
from .._gate import low_priority
from .._retry import retries_disabled

if TYPE_CHECKING:
    from .._clock import Clock
    from ._inbox import WebhookInbox

__all__ = [
    "Call",
    "Flow",
    "Listen",
    "Operation",
    "Sleep",
    "call",
    "interrupted",
    "listen",
    "run_async",
    "run_sync",
]

T = TypeVar("T")


class Operation(Protocol):
    """A generated operation module (``create_fine_tuning_job``, ...) or the same shape."""

    @property
    def sync(self) -> Callable[..., Any]: ...
    @property
    def asyncio(self) -> Callable[..., Awaitable[Any]]: ...


@attrs.frozen
class Call(Generic[T]):
    """Invoke ``sync(*args, **kwargs)``, or ``await asyncio(*args, **kwargs)``."""

    sync: Callable[..., T]
    asyncio: Callable[..., Awaitable[T]]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = attrs.field(factory=dict)
    once: bool = False
    """Send exactly once: no transport retries (the flow reconciles failures)."""
    background: bool = False
    """A routine poll: it yields the connection pool to requests that start jobs."""

    @classmethod
    def to(
        cls,
        operation: Operation,
        *args: Any,
        once: bool = False,
        background: bool = False,
        **kwargs: Any,
    ) -> Call[Any]:
        return cls(
            operation.sync, operation.asyncio, args, kwargs, once=once, background=background
        )

    @classmethod
    def detailed(
        cls, operation: Any, *args: Any, background: bool = False, **kwargs: Any
    ) -> Call[Any]:
        """The operation's ``*_detailed`` functions: the whole response, headers included."""
        return cls(
            operation.sync_detailed, operation.asyncio_detailed, args, kwargs, background=background
        )

    @contextlib.contextmanager
    def sending(self) -> Iterator[None]:
        with contextlib.ExitStack() as stack:
            if self.once:
                stack.enter_context(retries_disabled())
            if self.background:
                stack.enter_context(low_priority())
            yield


@attrs.frozen
class Sleep:
    seconds: float


@attrs.frozen
class Listen:
    """Wait up to ``seconds`` for a webhook delivery for ``job_id`` beyond the ``after``
    already seen; the result is the job's delivery count (see ``WebhookInbox``)."""

    inbox: WebhookInbox
    job_id: str
    seconds: float
    after: int


Step: TypeAlias = "Call[Any] | Sleep | Listen"
Flow: TypeAlias = Generator[Step, Any, T]


def call(step: Call[T]) -> Flow[T]:
    """``result = yield from call(step)``: a step with its result typed."""
    return cast(T, (yield step))


def listen(step: Listen) -> Flow[int]:
    """``count = yield from listen(step)``: the job's webhook deliveries so far."""
    return cast(int, (yield step))


def interrupted(error: BaseException) -> bool:
    """Ctrl-C, or the cancellation of an async task (asyncio is loaded if one can exist)."""
    asyncio = sys.modules.get("asyncio")
    return isinstance(error, KeyboardInterrupt) or (
        asyncio is not None and isinstance(error, asyncio.CancelledError)
    )


@attrs.frozen
class _Done(Generic[T]):
    value: T


def _advance(flow: Flow[T], value: Any, error: BaseException | None) -> Step | _Done[T]:
    try:
        return flow.throw(error) if error is not None else flow.send(value)
    except StopIteration as stop:
        return _Done(stop.value)


def run_sync(flow: Flow[T], clock: Clock, deadline: Deadline | None = None) -> T:
    """Run ``flow`` to its end in this thread, every request bounded by ``deadline``."""
    with deadline_scope(deadline):
        return _run_sync(flow, clock)


async def run_async(flow: Flow[T], clock: Clock, deadline: Deadline | None = None) -> T:
    """Run ``flow`` to its end in the running event loop, bounded by ``deadline``."""
    with deadline_scope(deadline):
        return await _run_async(flow, clock)


def _run_sync(flow: Flow[T], clock: Clock) -> T:
    value: Any = None
    error: BaseException | None = None
    while not isinstance(step := _advance(flow, value, error), _Done):
        value, error = None, None
        try:
            if isinstance(step, Sleep):
                clock.sleep(step.seconds)
            elif isinstance(step, Listen):
                value = step.inbox.wait(step.job_id, step.seconds, after=step.after, clock=clock)
            else:
                with step.sending():
                    value = step.sync(*step.args, **step.kwargs)
        except BaseException as exc:  # handed to the flow, which re-raises what it can't handle
            error = exc
    return step.value


async def _run_async(flow: Flow[T], clock: Clock) -> T:
    value: Any = None
    error: BaseException | None = None
    while not isinstance(step := _advance(flow, value, error), _Done):
        value, error = None, None
        try:
            if isinstance(step, Sleep):
                await clock.asleep(step.seconds)
            elif isinstance(step, Listen):
                value = await step.inbox.await_(
                    step.job_id, step.seconds, after=step.after, clock=clock
                )
            else:
                with step.sending():
                    value = await step.asyncio(*step.args, **step.kwargs)
        except BaseException as exc:  # handed to the flow, which re-raises what it can't handle
            error = exc
    return step.value
