"""Send once; after a failure that may hide an applied request, look before sending again.

A create whose answer was lost may still have created the job (and started the bill).
The transport's own retries never replay such a POST (see ``_retry``); the flows send it
with retries off and recover here: wait, look the resource up (by the run key for jobs,
by the digest-bearing name for files, by status for a cancel), and send again only when
it is not there. Reads are recovered the same way, without the lookup: they are safe to
repeat, and a few transport retries are not enough for a lookup whose answer decides
between reusing and paying again (under a 30% fault rate one GET in ~40 fails three
times in a row).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from .._deadline import OutOfTime, current_deadline
from .._exceptions import (
    APIConnectionError,
    APIStatusError,
    ConflictError,
    InternalServerError,
    RateLimitError,
)
from .._retry import RetryPolicy
from ._driver import Flow, Sleep

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Reconcile", "is_transient"]

logger = logging.getLogger("openai_finetunes")

T = TypeVar("T")

# Failures after which a request may or may not have been applied, or that are worth
# waiting out.
_TRANSIENT: Final = (APIConnectionError, InternalServerError, RateLimitError, ConflictError)


def is_transient(error: BaseException) -> bool:
    return isinstance(error, _TRANSIENT) or (
        isinstance(error, APIStatusError) and error.status_code == 408
    )


@attrs.frozen
class Reconcile:
    """How persistently a flow recovers: ``attempts`` tries, ``backoff`` between them.

    >>> Reconcile().attempts
    8
    """

    attempts: int = 8
    backoff: RetryPolicy = attrs.field(
        factory=lambda: RetryPolicy(initial_delay=1.0, max_delay=30.0)
    )

    def run(
        self,
        act: Callable[[], Flow[T]],
        *,
        look: Callable[[], Flow[T | None]] | None = None,
        what: str,
    ) -> Flow[T]:
        """Run ``act``; after a transient failure, wait, then run ``look`` (itself
        recovered) and return what it finds, or ``act`` again when it finds nothing.
        ``look=None`` (reads) runs ``act`` again straight away."""
        attempt = 0
        while True:
            try:
                return (yield from act())
            except Exception as error:
                if not is_transient(error) or attempt + 1 >= self.attempts:
                    raise
                response = error.response if isinstance(error, APIStatusError) else None
                delay = self.backoff.delay(attempt, response)
                deadline = current_deadline()
                if deadline is not None and not deadline.allows(delay):
                    raise OutOfTime(what) from error  # no time left to try again
                logger.info("%s failed (%s); will try again", what, error)
                yield Sleep(delay)
                attempt += 1
            if look is not None:
                found = yield from self.run(look, what=f"checking on {what}")
                if found is not None:
                    return found
