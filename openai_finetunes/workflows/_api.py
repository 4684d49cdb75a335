"""The public entry points: start or attach a job handle, and the one-call shortcuts.

``run_fine_tuning_job(...)`` is ``start_fine_tuning_job(...).result()``,
``wait_for_job(id)`` is ``attach(id).result()`` and ``cancel_if_running(id)`` is
``attach(id).cancel()``; each has an ``a``-prefixed async twin.

The keyword arguments are declared once, as the typed dicts :class:`WaitArguments` and
:class:`JobArguments` (PEP 692), and turned into frozen, checked objects (``JobSpec``,
``WaitOptions``) before the first request.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

import attrs

from .._clock import SystemClock
from .._config import connect
from .._deadline import Deadline
from ..client import AuthenticatedClient
from ._driver import Flow, run_async, run_sync
from ._flows import JobState, attach_flow, cancel_current, start_flow
from ._handle import AsyncFineTuningJobHandle, FineTuningJobHandle, typed_outcomes
from ._options import EventCallback, PollSchedule, WaitOptions, check_timeout
from ._params import JobSpec, check_job_id
from ._results import CancelResult, FineTuningResult, InvalidArgumentError
from ._sources import DataSource, LocalData, resolve_source

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from .._clock import Clock
    from ..models.fine_tuning_job import FineTuningJob
    from ._inbox import WebhookInbox
    from ._progress import ProgressDisplay

logger = logging.getLogger("openai_finetunes")

__all__ = [
    "JobArguments",
    "WaitArguments",
    "aattach",
    "acancel_if_running",
    "arun_fine_tuning_job",
    "astart_fine_tuning_job",
    "attach",
    "await_for_job",
    "cancel_if_running",
    "run_fine_tuning_job",
    "start_fine_tuning_job",
    "wait_for_job",
]


class WaitArguments(TypedDict, total=False):
    """How a job is followed (``attach``, ``wait_for_job`` and the start functions).

    ``client``: a configured client (default: ``connect()``, from ``OPENAI_API_KEY``).
    ``poll_interval``: seconds between polls, or a :class:`PollSchedule` (default: 1 s,
    growing by 1.5x to 30 s; the server's ``openai-poll-after-ms`` hint wins).
    ``timeout``: seconds ``result()`` waits, counted from this call; then
    ``FineTuningTimeout`` (the job keeps running).
    ``on_event``: called with each new event, oldest first.
    ``progress``: ``True`` (a bar or plain lines), ``False``, or a ``ProgressDisplay``.
    ``cancel_on_interrupt``: cancel the job on Ctrl-C (by default it keeps running).
    ``clock``: the time source (tests pass the fake's ``ManualClock``).
    ``webhooks``: a :class:`WebhookInbox` your webhook endpoint feeds: ``result()`` then
    ends as soon as the job's event arrives (one retrieve confirms it), and polls only
    as a safety net.
    """

    client: AuthenticatedClient | None
    poll_interval: float | PollSchedule | None
    timeout: float | None
    on_event: EventCallback | None
    progress: bool | ProgressDisplay
    cancel_on_interrupt: bool
    clock: Clock | None
    webhooks: WebhookInbox | None


class JobArguments(WaitArguments, total=False):
    """The job and how it is started, on top of :class:`WaitArguments`.

    ``validation_file``: like ``training_file``. ``method``: ``"supervised"`` (default),
    ``"dpo"``, ``"reinforcement"`` or the API's method object. ``hyperparameters``,
    ``suffix``, ``seed``, ``metadata``, ``integrations``: as in the API.
    ``validate``: check the data locally first (default). ``attach``: re-attach to the
    job an earlier identical run started (default); ``reuse_failed``: even if it failed
    or was cancelled.
    """

    validation_file: DataSource | None
    method: Any
    hyperparameters: Mapping[str, Any] | None
    suffix: str | None
    seed: int | None
    metadata: Mapping[str, str] | None
    integrations: Sequence[Mapping[str, Any]] | None
    validate: bool
    attach: bool
    reuse_failed: bool


def _check_keywords(given: Mapping[str, object], allowed: Any, caller: str) -> None:
    # **arguments accepts any keyword at run time; the typed dict lists the real ones.
    unknown = sorted(set(given) - allowed.__optional_keys__)
    if unknown:
        raise InvalidArgumentError(unknown[0], f"{caller}() takes no such keyword argument")


def _client(value: object) -> AuthenticatedClient | None:
    if value is not None and not isinstance(value, AuthenticatedClient):
        raise InvalidArgumentError(
            "client",
            f"expected an AuthenticatedClient (from connect()), got {type(value).__name__}",
        )
    return value


def _flag(arguments: Mapping[str, object], name: str, default: bool) -> bool:
    value = arguments.get(name, default)
    if not isinstance(value, bool):
        raise InvalidArgumentError(name, f"expected True or False, got {value!r}")
    return value


@attrs.frozen
class _Waiting:
    """Checked wait arguments."""

    client: AuthenticatedClient | None
    options: WaitOptions
    deadline: Deadline | None
    started: float

    @classmethod
    def check(cls, arguments: WaitArguments, caller: str, allowed: Any = WaitArguments) -> _Waiting:
        _check_keywords(arguments, allowed, caller)
        options = WaitOptions.build(
            poll_interval=arguments.get("poll_interval"),
            progress=arguments.get("progress", True),
            on_event=arguments.get("on_event"),
            cancel_on_interrupt=arguments.get("cancel_on_interrupt", False),
            clock=arguments.get("clock"),
            webhooks=arguments.get("webhooks"),
        )
        timeout = check_timeout(arguments.get("timeout"))
        return cls(
            client=_client(arguments.get("client")),
            options=options,
            deadline=None if timeout is None else Deadline.after(timeout, options.clock),
            started=options.clock.monotonic(),
        )

    def state(self, client: AuthenticatedClient, job: FineTuningJob, reused: bool) -> JobState:
        return JobState(client, job, reused=reused, started=self.started)

    def outcomes(self, job_id: str | None = None) -> AbstractContextManager[None]:
        """Typed errors (``FineTuningTimeout`` once the deadline is spent) before a handle
        exists; ``job_id`` for a job being attached."""
        return typed_outcomes(lambda: None, self.deadline, job_id)


@attrs.frozen
class _Start:
    """Checked arguments of a start: the job spec, the data sources, how to wait."""

    waiting: _Waiting
    spec: JobSpec
    training_file: DataSource
    validation_file: DataSource | None
    validate: bool
    attach: bool
    reuse_failed: bool

    @classmethod
    def check(
        cls, training_file: DataSource, model: str, arguments: JobArguments, caller: str
    ) -> _Start:
        waiting = _Waiting.check(arguments, caller, JobArguments)
        spec = JobSpec.build(
            model,
            method=arguments.get("method"),
            hyperparameters=arguments.get("hyperparameters"),
            suffix=arguments.get("suffix"),
            seed=arguments.get("seed"),
            metadata=arguments.get("metadata"),
            integrations=arguments.get("integrations"),
        )
        return cls(
            waiting=waiting,
            spec=spec,
            training_file=training_file,
            validation_file=arguments.get("validation_file"),
            validate=_flag(arguments, "validate", True),
            attach=_flag(arguments, "attach", True),
            reuse_failed=_flag(arguments, "reuse_failed", False),
        )

    @contextmanager
    def flow(self) -> Iterator[tuple[AuthenticatedClient, Flow[tuple[FineTuningJob, bool]]]]:
        """Resolve and validate the data (local work), then the flow that starts the job."""
        with ExitStack() as stack:
            training = stack.enter_context(resolve_source(self.training_file, "training_file"))
            validation = None
            if self.validation_file is not None:
                validation = stack.enter_context(
                    resolve_source(self.validation_file, "validation_file")
                )
            if self.validate:
                self._validate(training, validation)
            for data in (training, validation):
                if isinstance(data, LocalData):
                    data.digest  # noqa: B018 - hashed here, where the rest of the local work is
            client = self.waiting.client or connect()
            yield (
                client,
                start_flow(
                    client,
                    self.spec,
                    training,
                    validation,
                    attach=self.attach,
                    reuse_failed=self.reuse_failed,
                ),
            )

    def _validate(self, training: object, validation: object) -> None:
        from ..validation import validate_training_file  # only runs that validate need it

        for index, data in enumerate((training, validation)):
            if isinstance(data, LocalData):
                report = validate_training_file(
                    data.path,
                    method=self.spec.method_type,
                    n_epochs=self.spec.n_epochs,
                    name=data.name,
                    model=self.spec.model,
                )
                if index == 0 and report.estimated_cost is not None:  # training is billed
                    logger.info("%s: %s", data.name, report.estimated_cost.describe())
                report.raise_for_problems()


# -- start and attach ---------------------------------------------------------------------


def start_fine_tuning_job(
    training_file: DataSource, model: str, **arguments: Unpack[JobArguments]
) -> FineTuningJobHandle:
    """Validate the data, upload it and create the job; return its handle at once.

    ``training_file``: a path, bytes, a binary file object, or an uploaded file's id
    (``file-...``). The keyword arguments are :class:`JobArguments`.

    Safe to re-run: the job is tagged with a digest of the data and parameters, and a
    re-run (the same notebook cell, or the same call after a crash) re-attaches to that
    job instead of paying for another (``attach=False`` always creates one).
    Bad data raises ``TrainingDataError`` and bad arguments ``InvalidArgumentError``,
    before any request.

    >>> # handle = start_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18", suffix="support")
    >>> # handle.id -> 'ftjob-abc123';  handle.result().fine_tuned_model
    """
    start = _Start.check(training_file, model, arguments, "start_fine_tuning_job")
    waiting = start.waiting
    with start.flow() as (client, flow), waiting.outcomes():
        job, reused = run_sync(flow, waiting.options.clock, waiting.deadline)
    return FineTuningJobHandle(
        waiting.state(client, job, reused), waiting.options, waiting.deadline
    )


async def astart_fine_tuning_job(
    training_file: DataSource, model: str, **arguments: Unpack[JobArguments]
) -> AsyncFineTuningJobHandle:
    """Async twin of :func:`start_fine_tuning_job`; the handle's methods are awaitable.

    >>> # handle = await astart_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18")
    """
    import asyncio

    start = _Start.check(training_file, model, arguments, "astart_fine_tuning_job")
    waiting = start.waiting
    with ExitStack() as stack:
        # Reading, validating and hashing the data run in a worker thread: a large file
        # must not stall the event loop for seconds.
        client, flow = await asyncio.to_thread(stack.enter_context, start.flow())
        with waiting.outcomes():
            job, reused = await run_async(flow, waiting.options.clock, waiting.deadline)
    return AsyncFineTuningJobHandle(
        waiting.state(client, job, reused), waiting.options, waiting.deadline
    )


def attach(job_id: str, **arguments: Unpack[WaitArguments]) -> FineTuningJobHandle:
    """The handle of an existing job, from any process: ``attach("ftjob-abc123").result()``.

    The keyword arguments are :class:`WaitArguments`.
    """
    job_id = check_job_id(job_id)
    waiting = _Waiting.check(arguments, "attach")
    client = waiting.client or connect()
    with waiting.outcomes(job_id):
        state = run_sync(
            attach_flow(client, job_id, waiting.started), waiting.options.clock, waiting.deadline
        )
    return FineTuningJobHandle(state, waiting.options, waiting.deadline)


async def aattach(job_id: str, **arguments: Unpack[WaitArguments]) -> AsyncFineTuningJobHandle:
    """Async twin of :func:`attach`."""
    job_id = check_job_id(job_id)
    waiting = _Waiting.check(arguments, "aattach")
    client = waiting.client or connect()
    with waiting.outcomes(job_id):
        state = await run_async(
            attach_flow(client, job_id, waiting.started), waiting.options.clock, waiting.deadline
        )
    return AsyncFineTuningJobHandle(state, waiting.options, waiting.deadline)


# -- the one-call shortcuts ---------------------------------------------------------------


def run_fine_tuning_job(
    training_file: DataSource, model: str, **arguments: Unpack[JobArguments]
) -> FineTuningResult:
    """Fine-tune ``model`` on ``training_file`` and wait for the result:
    ``start_fine_tuning_job(...).result()``.

    Raises :class:`FineTuningJobFailed` (with OpenAI's code/message/param),
    :class:`FineTuningJobCancelled`, or :class:`FineTuningTimeout` once ``timeout``
    seconds have passed since the call (the job keeps running; ``attach(job_id)``
    resumes, and so does re-running the same call).

    >>> from openai_finetunes.workflows import run_fine_tuning_job
    >>> # result = run_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18", suffix="support")
    >>> # result.fine_tuned_model -> 'ft:gpt-4o-mini-2024-07-18:my-org:support:AbC123'
    """
    return start_fine_tuning_job(training_file, model, **arguments).result()


async def arun_fine_tuning_job(
    training_file: DataSource, model: str, **arguments: Unpack[JobArguments]
) -> FineTuningResult:
    """Async twin of :func:`run_fine_tuning_job` (top-level ``await`` works in Jupyter).

    >>> # result = await arun_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18")
    """
    handle = await astart_fine_tuning_job(training_file, model, **arguments)
    return await handle.result()


def wait_for_job(job_id: str, **arguments: Unpack[WaitArguments]) -> FineTuningResult:
    """Wait for an existing job (from another process, a crashed kernel, the dashboard):
    ``attach(job_id).result()``.

    >>> # result = wait_for_job("ftjob-abc123")
    """
    return attach(job_id, **arguments).result()


async def await_for_job(job_id: str, **arguments: Unpack[WaitArguments]) -> FineTuningResult:
    """Async twin of :func:`wait_for_job`: ``result = await await_for_job("ftjob-abc123")``."""
    handle = await aattach(job_id, **arguments)
    return await handle.result()


def cancel_if_running(job_id: str, *, client: AuthenticatedClient | None = None) -> CancelResult:
    """Cancel the job only while it has not finished (validating_files, queued, running,
    paused, or any status the API adds later); a finished job gets no cancel request:
    ``attach(job_id).cancel()`` in one look at the job instead of two.

    >>> # cancel_if_running("ftjob-abc123") -> CancelResult(initial_status='running',
    >>> #     final_status='cancelled', cancelled=True, ...)
    """
    job_id = check_job_id(job_id)
    api = _client(client) or connect()
    with typed_outcomes(lambda: None, None, job_id):
        return run_sync(_cancel(api, job_id), SystemClock())


async def acancel_if_running(
    job_id: str, *, client: AuthenticatedClient | None = None
) -> CancelResult:
    """Async twin of :func:`cancel_if_running`."""
    job_id = check_job_id(job_id)
    api = _client(client) or connect()
    with typed_outcomes(lambda: None, None, job_id):
        return await run_async(_cancel(api, job_id), SystemClock())


def _cancel(client: AuthenticatedClient, job_id: str) -> Flow[CancelResult]:
    state = yield from attach_flow(client, job_id, 0.0)
    return (yield from cancel_current(state))
