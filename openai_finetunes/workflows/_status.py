"""What a job's status means: finished, or not yet training. One place, from the spec.

The status sets come from ``_facts`` (read from the spec). A status the spec does not
list yet (one the API added later) is judged by the job itself: finished once
``finished_at`` is set, otherwise still going, with a warning once per job.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final

from .. import _facts

if TYPE_CHECKING:
    from ..models.fine_tuning_job import FineTuningJob

__all__ = ["NOT_YET_TRAINING", "is_terminal"]

logger = logging.getLogger("openai_finetunes")

# The statuses before training starts (the spec lists them in order): nothing billed yet.
NOT_YET_TRAINING: Final = frozenset(_facts.JOB_STATUSES[: _facts.JOB_STATUSES.index("running")])
# The service answers `paused` (the spec has pause/resume) though its status enum lacks it.
_UNLISTED_ACTIVE: Final = frozenset({"paused"})
_warned_unknown: set[str] = set()  # job ids already warned about an unknown status


def is_terminal(job: FineTuningJob) -> bool:
    """Whether ``job`` has finished. A status this client does not know (one the API added
    later) is finished when ``finished_at`` is set; otherwise the job is waited on, with a
    warning once per job."""
    status = str(job.status)
    if status in _facts.TERMINAL_JOB_STATUSES:
        return True
    if status in _facts.JOB_STATUSES or status in _UNLISTED_ACTIVE:
        return False
    if isinstance(job.finished_at, int | float):
        return True
    if job.id not in _warned_unknown:
        _warned_unknown.add(job.id)
        logger.warning(
            "fine-tuning job %s reports status %r, which this client does not know; it is "
            "treated as still running until the service sets finished_at",
            job.id,
            status,
        )
    return False
