"""How a job is waited on: the poll schedule and what is shown or called meanwhile.

Checked when built, before any request: a bad ``poll_interval`` or ``on_event`` found
only after the job is created would crash a run that is already being paid for.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

import attrs

from .._clock import Clock, SystemClock
from .._deadline import check_timeout  # one rule for every timeout=, re-exported here
from ._inbox import WebhookInbox
from ._progress import ProgressDisplay, SilentDisplay, make_display
from ._results import InvalidArgumentError

if TYPE_CHECKING:
    from ..models.fine_tuning_job_event import FineTuningJobEvent

__all__ = ["EventCallback", "PollSchedule", "WaitOptions", "check_timeout"]

EventCallback: TypeAlias = "Callable[[FineTuningJobEvent], object]"

#: Longest single wait between polls a caller may ask for (a day).
_MAX_INTERVAL = 86_400.0


def _positive_seconds(value: object, param: str, *, maximum: float = _MAX_INTERVAL) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentError(param, f"expected a number of seconds, got {value!r}")
    if not math.isfinite(value) or not 0 < value <= maximum:
        raise InvalidArgumentError(
            param, f"must be a finite number of seconds in (0, {maximum:g}], got {value!r}"
        )
    return float(value)


@attrs.frozen(kw_only=True)
class PollSchedule:
    """Adaptive poll interval: ``initial`` seconds, multiplied by ``factor`` after each
    poll up to ``maximum``. A server hint (``openai-poll-after-ms``) wins when present.

    >>> PollSchedule(initial=2.0, maximum=60.0).next(2.0)
    3.0
    """

    initial: float = 1.0
    maximum: float = 30.0
    factor: float = 1.5

    def __attrs_post_init__(self) -> None:
        _positive_seconds(self.initial, "poll_interval.initial")
        _positive_seconds(self.maximum, "poll_interval.maximum")
        if not (
            isinstance(self.factor, int | float) and math.isfinite(self.factor) and self.factor >= 1
        ):
            raise InvalidArgumentError(
                "poll_interval.factor", f"must be a finite number >= 1, got {self.factor!r}"
            )

    def next(self, interval: float) -> float:
        return min(interval * self.factor, self.maximum)

    @classmethod
    def from_argument(cls, poll_interval: float | PollSchedule | None) -> PollSchedule:
        if poll_interval is None:
            return cls()
        if isinstance(poll_interval, PollSchedule):
            return poll_interval
        seconds = _positive_seconds(poll_interval, "poll_interval")
        return cls(initial=seconds, maximum=seconds, factor=1.0)


def _check_display(progress: object) -> bool | ProgressDisplay:
    if isinstance(progress, bool):
        return progress
    if callable(getattr(progress, "update", None)) and callable(getattr(progress, "close", None)):
        return progress  # type: ignore[return-value]
    raise InvalidArgumentError(
        "progress", f"expected True, False or a display with update() and close(), got {progress!r}"
    )


def _check_clock(clock: object) -> Clock:
    if clock is None:
        return SystemClock()
    # Waiting needs only these three of the Clock protocol's methods.
    if not all(callable(getattr(clock, name, None)) for name in ("monotonic", "sleep", "asleep")):
        raise InvalidArgumentError(
            "clock", f"expected a Clock (monotonic(), sleep() and asleep()), got {clock!r}"
        )
    return clock  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class WaitOptions:
    """How to follow a job: checked when built (``WaitOptions.build``).

    >>> WaitOptions.build(poll_interval=5).schedule.initial
    5.0
    """

    schedule: PollSchedule | None = None
    """The poll schedule asked for; ``None``: the default (with webhooks, a slow safety net)."""
    progress: bool | ProgressDisplay = True
    on_event: EventCallback | None = None
    cancel_on_interrupt: bool = False
    clock: Clock = attrs.field(factory=SystemClock)
    webhooks: WebhookInbox | None = None
    """Where webhook events for the job arrive; polling then only backs them up."""

    @classmethod
    def build(
        cls,
        *,
        poll_interval: float | PollSchedule | None = None,
        progress: bool | ProgressDisplay = True,
        on_event: EventCallback | None = None,
        cancel_on_interrupt: bool = False,
        clock: Clock | None = None,
        webhooks: WebhookInbox | None = None,
    ) -> WaitOptions:
        if on_event is not None and not callable(on_event):
            raise InvalidArgumentError("on_event", f"expected a callable or None, got {on_event!r}")
        if not isinstance(cancel_on_interrupt, bool):
            raise InvalidArgumentError(
                "cancel_on_interrupt", f"expected True or False, got {cancel_on_interrupt!r}"
            )
        if webhooks is not None and not isinstance(webhooks, WebhookInbox):
            raise InvalidArgumentError(
                "webhooks", f"expected a WebhookInbox or None, got {type(webhooks).__name__}"
            )
        return cls(
            webhooks=webhooks,
            schedule=None if poll_interval is None else PollSchedule.from_argument(poll_interval),
            progress=_check_display(progress),
            on_event=on_event,
            cancel_on_interrupt=cancel_on_interrupt,
            clock=_check_clock(clock),
        )

    @property
    def wants_events(self) -> bool:
        """Events are fetched only when something consumes them: it halves the requests
        of a job followed silently."""
        silent = self.progress is False or isinstance(self.progress, SilentDisplay)
        return self.on_event is not None or not silent

    def display(self) -> ProgressDisplay:
        return make_display(self.progress)
