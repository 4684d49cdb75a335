"""Run fine-tuning jobs end to end: ``run_fine_tuning_job()`` and ``cancel_if_running()``.

>>> from openai_finetunes.workflows import run_fine_tuning_job
>>> # result = run_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18")
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._api import (
    acancel_if_running,
    arun_fine_tuning_job,
    await_for_job,
    cancel_if_running,
    run_fine_tuning_job,
    wait_for_job,
)
from ._driver import Clock, SystemClock
from ._flows import PollSchedule
from ._params import RUN_KEY
from ._progress import JobProgress, ProgressDisplay
from ._results import (
    CancelResult,
    FineTuningError,
    FineTuningJobCancelled,
    FineTuningJobFailed,
    FineTuningResult,
    FineTuningTimeout,
    InvalidArgumentError,
)

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
    "CancelResult",
    "Clock",
    "FineTuningError",
    "FineTuningJobCancelled",
    "FineTuningJobFailed",
    "FineTuningResult",
    "FineTuningTimeout",
    "InvalidArgumentError",
    "JobProgress",
    "PollSchedule",
    "ProgressDisplay",
    "SystemClock",
    "TrainingDataError",
    "ValidationReport",
    "acancel_if_running",
    "arun_fine_tuning_job",
    "await_for_job",
    "cancel_if_running",
    "run_fine_tuning_job",
    "validate_training_file",
    "wait_for_job",
]
