"""Seeded fault injection: what a flaky network and an overloaded service do to clients."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterable
from typing import Final, Literal

import attrs

__all__ = ["ALL_FAULT_KINDS", "FaultConfig", "FaultInjector", "FaultKind"]

FaultKind = Literal[
    "status_500",
    "status_502",
    "status_503",
    "rate_limit_429",
    "drop",
    "slow",
    "applied_then_lost",
]

ALL_FAULT_KINDS: Final[tuple[FaultKind, ...]] = (
    "status_500",
    "status_502",
    "status_503",
    "rate_limit_429",
    "drop",
    "slow",
    "applied_then_lost",
)
#: Faults that answer with an error status (the request is not applied).
STATUS_FAULTS: Final = {
    "status_500": 500,
    "status_502": 502,
    "status_503": 503,
    "rate_limit_429": 429,
}
#: Faults after which the request was applied although the client saw no answer.
APPLIED_FAULTS: Final = frozenset({"slow", "applied_then_lost"})


def _to_kinds(value: Iterable[FaultKind]) -> tuple[FaultKind, ...]:
    return tuple(value)


def _check_kinds(
    instance: FaultConfig, attribute: attrs.Attribute[tuple[FaultKind, ...]], value: object
) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValueError("kinds must be a non-empty tuple of fault kinds")
    unknown = [kind for kind in value if kind not in ALL_FAULT_KINDS]
    if unknown:
        raise ValueError(f"unknown fault kinds {unknown}; known: {', '.join(ALL_FAULT_KINDS)}")


@attrs.frozen(kw_only=True)
class FaultConfig:
    """Which faults to inject, how often, and with which seed (so runs repeat exactly).

    ``rate`` is the probability that a request under ``/v1`` gets a fault; its kind is
    then drawn uniformly from ``kinds`` (``applied_then_lost`` only for POSTs). Admin
    requests under ``/_fake/`` never get one.

    ``slow`` answers after ``slow_seconds`` over TCP (set it above the client's timeout);
    in process it raises ``httpx.ReadTimeout`` at once. Either way the request was applied.

    >>> FaultConfig(rate=0.3, seed=1, kinds=("status_503", "drop")).rate
    0.3
    """

    rate: float = attrs.field(
        default=0.0, validator=[attrs.validators.ge(0), attrs.validators.le(1)]
    )
    seed: int = 0
    kinds: tuple[FaultKind, ...] = attrs.field(
        default=ALL_FAULT_KINDS, converter=_to_kinds, validator=_check_kinds
    )
    slow_seconds: float = attrs.field(default=10.0, validator=attrs.validators.ge(0))
    #: Seconds sent in ``retry-after`` on 429 (``retry-after-ms`` carries the same wait).
    retry_after: float = attrs.field(default=1.0, validator=attrs.validators.ge(0))


class FaultInjector:
    """Draws faults for requests in arrival order, deterministically for a given seed."""

    def __init__(self, config: FaultConfig | None) -> None:
        self.config = config
        self._rng = random.Random(config.seed if config else 0)  # noqa: S311 - not security
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def draw(self, method: str) -> FaultKind | None:
        config = self.config
        if config is None or config.rate <= 0:
            return None
        kinds = [k for k in config.kinds if k != "applied_then_lost" or method == "POST"]
        with self._lock:
            # Always draw twice so the sequence of decisions does not depend on the method.
            hit = self._rng.random() < config.rate
            pick = self._rng.random()
            if not hit or not kinds:
                return None
            kind = kinds[int(pick * len(kinds))]
            self._counts[kind] += 1
            return kind

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)
