"""`FakeStats`: what the fake holds and what it saw, for assertions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["FakeStats"]


def _frozen_dict(value: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(value.items()))


@attrs.frozen(kw_only=True)
class FakeStats:
    """A snapshot of the fake: stored objects, requests by operationId, injected faults.

    ``duplicate_files`` counts stored files whose purpose and bytes repeat an earlier
    file's (a retried upload); with ``jobs`` it answers "did retries create duplicates?".
    With webhooks on, ``webhooks_sent`` counts acknowledged deliveries,
    ``webhooks_failed`` failed attempts (each retried) and ``webhooks_given_up``
    deliveries abandoned after the last attempt.

    >>> stats = fake.stats()  # doctest: +SKIP
    >>> stats.jobs, stats.duplicate_files, stats.requests["createFineTuningJob"]  # doctest: +SKIP
    (1, 0, 1)
    """

    jobs: int
    jobs_by_status: dict[str, int] = attrs.field(converter=_frozen_dict)
    files: int
    files_by_purpose: dict[str, int] = attrs.field(converter=_frozen_dict)
    duplicate_files: int
    uploads: int
    uploads_by_status: dict[str, int] = attrs.field(converter=_frozen_dict)
    fine_tuned_models: int
    events: int
    requests: dict[str, int] = attrs.field(converter=_frozen_dict)
    faults: dict[str, int] = attrs.field(converter=_frozen_dict)
    webhooks_sent: int = 0
    webhooks_failed: int = 0
    webhooks_given_up: int = 0

    @property
    def requests_total(self) -> int:
        return sum(self.requests.values())

    @property
    def faults_total(self) -> int:
        return sum(self.faults.values())

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        data["requests_total"] = self.requests_total
        data["faults_total"] = self.faults_total
        return data
