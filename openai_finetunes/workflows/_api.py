"""The public workflow functions, sync and async."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

import attrs

from .._config import connect
from ..client import AuthenticatedClient
from ..models.fine_tuning_job_event import FineTuningJobEvent
from ._driver import Clock, Flow, SystemClock, run_async, run_sync
from ._flows import PollSchedule, WaitOptions, cancel_flow, run_flow, wait_for_job_flow
from ._params import JobSpec, check_job_id
from ._progress import ProgressDisplay, make_display
from ._results import CancelResult, FineTuningResult
from ._sources import DataSource, LocalData, RemoteFile, resolve_source

__all__ = [
    "acancel_if_running",
    "arun_fine_tuning_job",
    "await_for_job",
    "cancel_if_running",
    "run_fine_tuning_job",
    "wait_for_job",
]

EventCallback = Callable[[FineTuningJobEvent], object]


@attrs.frozen
class _Prepared:
    client: AuthenticatedClient
    spec: JobSpec
    training: LocalData | RemoteFile
    validation: LocalData | RemoteFile | None


@contextmanager
def _prepare(
    training_file: DataSource,
    model: str,
    *,
    client: AuthenticatedClient | None,
    validation_file: DataSource | None,
    method: Any,
    hyperparameters: Mapping[str, Any] | None,
    suffix: str | None,
    seed: int | None,
    metadata: Mapping[str, str] | None,
    integrations: Sequence[Mapping[str, Any]] | None,
    validate: bool,
) -> Iterator[_Prepared]:
    """Everything that can be checked locally, before the first request."""
    spec = JobSpec.build(
        model,
        method=method,
        hyperparameters=hyperparameters,
        suffix=suffix,
        seed=seed,
        metadata=metadata,
        integrations=integrations,
    )
    with ExitStack() as stack:
        training = stack.enter_context(resolve_source(training_file, "training_file"))
        validation = (
            stack.enter_context(resolve_source(validation_file, "validation_file"))
            if validation_file is not None
            else None
        )
        if validate:
            from ..validation import validate_training_file  # only runs that validate need it

            for data in (training, validation):
                if isinstance(data, LocalData):
                    report = validate_training_file(
                        data.path, method=spec.method_type, n_epochs=spec.n_epochs, name=data.name
                    )
                    report.raise_for_problems()
        yield _Prepared(client or connect(), spec, training, validation)


def _options(
    clock: Clock | None,
    poll_interval: float | PollSchedule | None,
    timeout: float | None,
    progress: bool | ProgressDisplay,
    on_event: EventCallback | None,
    cancel_on_interrupt: bool,
) -> WaitOptions:
    clock = clock or SystemClock()
    if timeout is not None and timeout < 0:
        raise ValueError(f"timeout must be >= 0 seconds, got {timeout!r}")
    return WaitOptions(
        clock=clock,
        schedule=PollSchedule.from_argument(poll_interval),
        timeout=timeout,
        display=make_display(progress),
        on_event=on_event,
        cancel_on_interrupt=cancel_on_interrupt,
        started=clock.monotonic(),
    )


@contextmanager
def _planned_run(arguments: dict[str, Any]) -> Iterator[tuple[Flow[FineTuningResult], Clock]]:
    """The run flow for the arguments of ``run_fine_tuning_job`` (or its async twin)."""
    a = arguments
    options = _options(
        a["clock"],
        a["poll_interval"],
        a["timeout"],
        a["progress"],
        a["on_event"],
        a["cancel_on_interrupt"],
    )
    with _prepare(
        a["training_file"],
        a["model"],
        client=a["client"],
        validation_file=a["validation_file"],
        method=a["method"],
        hyperparameters=a["hyperparameters"],
        suffix=a["suffix"],
        seed=a["seed"],
        metadata=a["metadata"],
        integrations=a["integrations"],
        validate=a["validate"],
    ) as prepared:
        flow = run_flow(
            prepared.client,
            prepared.spec,
            prepared.training,
            prepared.validation,
            options,
            attach=a["attach"],
            reuse_failed=a["reuse_failed"],
        )
        yield flow, options.clock


def run_fine_tuning_job(
    training_file: DataSource,
    model: str,
    *,
    client: AuthenticatedClient | None = None,
    validation_file: DataSource | None = None,
    method: Any = None,
    hyperparameters: Mapping[str, Any] | None = None,
    suffix: str | None = None,
    seed: int | None = None,
    metadata: Mapping[str, str] | None = None,
    integrations: Sequence[Mapping[str, Any]] | None = None,
    poll_interval: float | PollSchedule | None = None,
    timeout: float | None = None,
    on_event: EventCallback | None = None,
    progress: bool | ProgressDisplay = True,
    validate: bool = True,
    attach: bool = True,
    reuse_failed: bool = False,
    cancel_on_interrupt: bool = False,
    clock: Clock | None = None,
) -> FineTuningResult:
    """Fine-tune ``model`` on ``training_file`` and wait for the result.

    Validates the data locally, uploads it (streaming), creates the job, polls until it
    finishes and returns the result. ``training_file``/``validation_file``: a path, bytes,
    a binary file object, or the id of an uploaded file (``file-...``).

    Safe to re-run: the job is tagged with a digest of the data and parameters, and a
    re-run (the same notebook cell, or the same call after a crash) re-attaches to that
    job instead of paying for another. ``attach=False`` always creates a new job; a job
    that failed or was cancelled is only reused with ``reuse_failed=True``.

    Raises :class:`FineTuningJobFailed` (with OpenAI's code/message/param),
    :class:`FineTuningJobCancelled`, or :class:`FineTuningTimeout` after ``timeout``
    seconds (the job keeps running; resume with :func:`wait_for_job`). Bad data raises
    ``TrainingDataError`` and bad arguments ``InvalidArgumentError``, before any request.

    >>> from openai_finetunes.workflows import run_fine_tuning_job
    >>> # result = run_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18", suffix="support")
    >>> # result.fine_tuned_model -> 'ft:gpt-4o-mini-2024-07-18:my-org:support:AbC123'
    """
    with _planned_run(locals()) as (flow, run_clock):
        return run_sync(flow, run_clock)


async def arun_fine_tuning_job(
    training_file: DataSource,
    model: str,
    *,
    client: AuthenticatedClient | None = None,
    validation_file: DataSource | None = None,
    method: Any = None,
    hyperparameters: Mapping[str, Any] | None = None,
    suffix: str | None = None,
    seed: int | None = None,
    metadata: Mapping[str, str] | None = None,
    integrations: Sequence[Mapping[str, Any]] | None = None,
    poll_interval: float | PollSchedule | None = None,
    timeout: float | None = None,
    on_event: EventCallback | None = None,
    progress: bool | ProgressDisplay = True,
    validate: bool = True,
    attach: bool = True,
    reuse_failed: bool = False,
    cancel_on_interrupt: bool = False,
    clock: Clock | None = None,
) -> FineTuningResult:
    """Async twin of :func:`run_fine_tuning_job` (top-level ``await`` works in Jupyter).

    >>> # result = await arun_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18")
    """
    with _planned_run(locals()) as (flow, run_clock):
        return await run_async(flow, run_clock)


def wait_for_job(
    job_id: str,
    *,
    client: AuthenticatedClient | None = None,
    poll_interval: float | PollSchedule | None = None,
    timeout: float | None = None,
    on_event: EventCallback | None = None,
    progress: bool | ProgressDisplay = True,
    cancel_on_interrupt: bool = False,
    clock: Clock | None = None,
) -> FineTuningResult:
    """Attach to an existing job (from another process, a crashed kernel, the dashboard)
    and wait for it like :func:`run_fine_tuning_job` does.

    >>> # result = wait_for_job("ftjob-abc123")
    """
    job_id = check_job_id(job_id)
    options = _options(clock, poll_interval, timeout, progress, on_event, cancel_on_interrupt)
    return run_sync(wait_for_job_flow(client or connect(), job_id, options), options.clock)


async def await_for_job(
    job_id: str,
    *,
    client: AuthenticatedClient | None = None,
    poll_interval: float | PollSchedule | None = None,
    timeout: float | None = None,
    on_event: EventCallback | None = None,
    progress: bool | ProgressDisplay = True,
    cancel_on_interrupt: bool = False,
    clock: Clock | None = None,
) -> FineTuningResult:
    """Async twin of :func:`wait_for_job`: ``result = await await_for_job("ftjob-abc123")``."""
    job_id = check_job_id(job_id)
    options = _options(clock, poll_interval, timeout, progress, on_event, cancel_on_interrupt)
    return await run_async(wait_for_job_flow(client or connect(), job_id, options), options.clock)


def cancel_if_running(job_id: str, *, client: AuthenticatedClient | None = None) -> CancelResult:
    """Cancel the job only while it has not finished (validating_files, queued, running,
    paused, or any status the API adds later); a finished job gets no cancel request.

    >>> # cancel_if_running("ftjob-abc123") -> CancelResult(initial_status='running',
    >>> #     final_status='cancelled', cancelled=True, ...)
    """
    job_id = check_job_id(job_id)
    return run_sync(cancel_flow(client or connect(), job_id), SystemClock())


async def acancel_if_running(
    job_id: str, *, client: AuthenticatedClient | None = None
) -> CancelResult:
    """Async twin of :func:`cancel_if_running`."""
    job_id = check_job_id(job_id)
    return await run_async(cancel_flow(client or connect(), job_id), SystemClock())
