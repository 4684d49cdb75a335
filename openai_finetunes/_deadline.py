"""One deadline per call: ``timeout=`` bounds everything the call does.

A workflow call with ``timeout=`` opens a :class:`Deadline` scope; inside it the retry
transport caps each request's own timeouts by what remains, skips a retry whose back-off
would outlast it, and refuses to start a request once it has passed. Without this a
5-second ``timeout=`` against a failing server took 90 s: three retries of requests that
each had their own 60 s timeout.

The deadline lives in a context variable, so it follows the call into the transport
without being passed through the generated functions, and concurrent async tasks each
keep their own.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
from collections.abc import Iterator

import attrs

from ._clock import Clock, SystemClock
from ._exceptions import InvalidArgumentError, OpenAIFinetunesError

__all__ = ["Deadline", "OutOfTime", "check_timeout", "current_deadline", "deadline_scope"]

_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "openai_finetunes_deadline", default=None
)


@attrs.frozen
class Deadline:
    """A point in time on ``clock``'s monotonic scale.

    >>> deadline = Deadline.after(30.0)
    >>> 29.0 < deadline.remaining() <= 30.0
    True
    """

    at: float
    clock: Clock = attrs.field(factory=SystemClock, eq=False, repr=False)
    started: float | None = None
    """When the time began to count (``after`` sets it)."""

    @classmethod
    def after(cls, seconds: float, clock: Clock | None = None) -> Deadline:
        clock = clock or SystemClock()
        now = clock.monotonic()
        return cls(now + seconds, clock, now)

    def elapsed(self) -> float:
        """Seconds since the time began to count (0 when unknown)."""
        return 0.0 if self.started is None else self.clock.monotonic() - self.started

    def remaining(self) -> float:
        """Seconds left; 0 once it has passed."""
        return max(0.0, self.at - self.clock.monotonic())

    @property
    def passed(self) -> bool:
        return self.remaining() <= 0.0

    def allows(self, seconds: float) -> bool:
        """Whether waiting ``seconds`` still leaves time to act afterwards."""
        return seconds < self.remaining()


class OutOfTime(OpenAIFinetunesError, TimeoutError):
    """Internal: a retry was given up because the deadline would pass before it. The
    workflows turn it into ``FineTuningTimeout``; ``__cause__`` is the last failure."""


def current_deadline() -> Deadline | None:
    """The innermost deadline of this call, if any."""
    return _current.get()


@contextlib.contextmanager
def deadline_scope(deadline: Deadline | None) -> Iterator[None]:
    """Make ``deadline`` current inside the block (an outer, earlier deadline still wins)."""
    outer = _current.get()
    if deadline is None or (outer is not None and outer.remaining() <= deadline.remaining()):
        yield
        return
    token = _current.set(deadline)
    try:
        yield
    finally:
        _current.reset(token)


def check_timeout(timeout: object) -> float | None:
    """``timeout=`` of any call: ``None`` (no limit) or a finite number of seconds >= 0
    (0: out of time at once), else `InvalidArgumentError`, before any request.

    >>> check_timeout(30)
    30.0
    >>> check_timeout(float("nan"))
    Traceback (most recent call last):
    ...
    openai_finetunes._exceptions.InvalidArgumentError: timeout: expected None or a finite number of seconds, got nan
    """
    if timeout is None:
        return None
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
    ):
        raise InvalidArgumentError(
            "timeout", f"expected None or a finite number of seconds, got {timeout!r}"
        )
    if timeout < 0:
        raise InvalidArgumentError("timeout", f"must be >= 0 seconds, got {timeout!r}")
    return float(timeout)
