"""Fine-tuning jobs as handles, and the one-call shortcuts built on them.

``start_fine_tuning_job(...)`` validates, uploads and creates a job and returns a
:class:`FineTuningJobHandle` at once; ``attach(job_id)`` returns the same handle from any
other process. ``handle.result()``, ``.done()``, ``.cancel()``, ``.events()``,
``.metrics()``... ``run_fine_tuning_job``, ``wait_for_job`` and ``cancel_if_running`` are
the one-call forms; every function has an ``a``-prefixed async twin.

>>> from openai_finetunes.workflows import run_fine_tuning_job, start_fine_tuning_job
>>> # handle = start_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18")
>>> # result = handle.result()
"""

import importlib
from typing import TYPE_CHECKING, Any

from .._clock import Clock, SystemClock
from ._api import (
    JobArguments,
    WaitArguments,
    aattach,
    acancel_if_running,
    arun_fine_tuning_job,
    astart_fine_tuning_job,
    attach,
    await_for_job,
    cancel_if_running,
    run_fine_tuning_job,
    start_fine_tuning_job,
    wait_for_job,
)
from ._handle import AsyncFineTuningJobHandle, FineTuningJobHandle
from ._inbox import WebhookInbox
from ._options import EventCallback, PollSchedule, WaitOptions
from ._params import RUN_KEY, JobSpec, check_job_id
from ._progress import JobProgress, ProgressDisplay
from ._results import (
    CancelResult,
    FineTuningError,
    FineTuningJobCancelled,
    FineTuningJobError,
    FineTuningJobFailed,
    FineTuningResult,
    FineTuningTimeout,
    InvalidArgumentError,
)
from ._sources import DataSource

# The validator is loaded on first use (PEP 562): importing the workflows stays fast.
_FROM_VALIDATION = ("TrainingDataError", "ValidationReport", "validate_training_file")


def __getattr__(name: str) -> Any:
    if name not in _FROM_VALIDATION:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("..validation", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from ..validation import TrainingDataError, ValidationReport, validate_training_file

__all__ = [
    "RUN_KEY",
    "AsyncFineTuningJobHandle",
    "CancelResult",
    "Clock",
    "DataSource",
    "EventCallback",
    "FineTuningError",
    "FineTuningJobCancelled",
    "FineTuningJobError",
    "FineTuningJobFailed",
    "FineTuningJobHandle",
    "FineTuningResult",
    "FineTuningTimeout",
    "InvalidArgumentError",
    "JobArguments",
    "JobProgress",
    "JobSpec",
    "PollSchedule",
    "ProgressDisplay",
    "SystemClock",
    "TrainingDataError",
    "ValidationReport",
    "WaitArguments",
    "WaitOptions",
    "WebhookInbox",
    "aattach",
    "acancel_if_running",
    "arun_fine_tuning_job",
    "astart_fine_tuning_job",
    "attach",
    "await_for_job",
    "cancel_if_running",
    "check_job_id",
    "run_fine_tuning_job",
    "start_fine_tuning_job",
    "validate_training_file",
    "wait_for_job",
]
