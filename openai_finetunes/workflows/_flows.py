"""The fine-tuning flows, written once as generators (see ``_driver``).

Paid resources are created at most once: create requests are sent with transport retries
off, and after any failure that may hide an applied request (a lost response, a 5xx, a
timeout) the flow looks the resource up (by its run-key metadata for jobs, by its
digest-bearing name for files) before trying again.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any, Final, TypeVar

import attrs

from .. import _facts
from .._exceptions import (
    APIConnectionError,
    APIStatusError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    RateLimitError,
)
from .._gate import low_priority
from .._retry import RetryPolicy, retries_disabled
from ..api.files import list_files
from ..api.fine_tuning import (
    cancel_fine_tuning_job,
    create_fine_tuning_job,
    list_fine_tuning_events,
    list_paginated_fine_tuning_jobs,
    retrieve_fine_tuning_job,
)
from ..client import AuthenticatedClient
from ..models.fine_tuning_job import FineTuningJob
from ..models.fine_tuning_job_event import FineTuningJobEvent
from ..models.list_files_order import ListFilesOrder
from ..models.list_paginated_fine_tuning_jobs_metadata import ListPaginatedFineTuningJobsMetadata
from ..types import UNSET, Unset
from ._driver import Call, Clock, Flow, Sleep
from ._params import RUN_KEY, JobSpec
from ._progress import JobProgress, ProgressDisplay, SilentDisplay
from ._results import (
    CancelResult,
    FineTuningJobCancelled,
    FineTuningJobFailed,
    FineTuningResult,
    FineTuningTimeout,
)
from ._sources import LocalData, RemoteFile

logger = logging.getLogger("openai_finetunes")

POLL_HINT_HEADER: Final = "openai-poll-after-ms"
CREATE_ATTEMPTS: Final = 8
# Files are listed newest first. Before uploading, a copy left by a crashed run is among
# the newest few; after an upload whose answer was lost, other uploads may have landed
# since, so that search goes deeper. (pages, page size)
FILE_LOOKUP_BEFORE_UPLOAD: Final = (1, 20)
FILE_LOOKUP_AFTER_FAILURE: Final = (5, 100)
EVENTS_PAGE: Final = 100
# Failures after which a request may or may not have been applied, or that are worth
# waiting out: the flow reconciles (looks up) and tries again.
_TRANSIENT: Final = (APIConnectionError, InternalServerError, RateLimitError, ConflictError)
_BACKOFF: Final = RetryPolicy(initial_delay=1.0, max_delay=30.0)

T = TypeVar("T")


def _interrupted(error: BaseException) -> bool:
    """Ctrl-C, or the cancellation of an async task (asyncio is loaded if one can exist)."""
    asyncio = sys.modules.get("asyncio")
    return isinstance(error, KeyboardInterrupt) or (
        asyncio is not None and isinstance(error, asyncio.CancelledError)
    )


def _transient(error: BaseException) -> bool:
    return isinstance(error, _TRANSIENT) or (
        isinstance(error, APIStatusError) and error.status_code == 408
    )


def _backoff(attempt: int, error: BaseException) -> float:
    response = error.response if isinstance(error, APIStatusError) else None
    return _BACKOFF.delay(attempt, response)


def _once(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        with retries_disabled():
            return function(*args, **kwargs)

    return call


def _aonce(function: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    async def call(*args: Any, **kwargs: Any) -> Any:
        with retries_disabled():
            return await function(*args, **kwargs)

    return call


def _polling(call: Call) -> Call:
    """``call`` as a routine status poll: it queues behind work that starts jobs."""

    def sync(*args: Any, **kwargs: Any) -> Any:
        with low_priority():
            return call.sync(*args, **kwargs)

    async def asyncio(*args: Any, **kwargs: Any) -> Any:
        with low_priority():
            return await call.asyncio(*args, **kwargs)

    return Call(sync, asyncio, call.args, call.kwargs)


def _persistently(lookup: Callable[[], Flow[T]], what: str) -> Flow[T]:
    """Run a read-only ``lookup`` flow, starting it over after transient failures.

    Transport retries alone (a few tries) are not enough for a lookup whose answer decides
    between re-using and paying again: under a 30% fault rate one in ~40 GETs fails three
    times in a row, and the whole run would fail with it. Reads are safe to repeat.
    """
    attempt = 0
    while True:
        try:
            return (yield from lookup())
        except Exception as error:
            if not _transient(error) or attempt + 1 >= CREATE_ATTEMPTS:
                raise
            logger.info("%s failed (%s); will try again", what, error)
            yield Sleep(_backoff(attempt, error))
            attempt += 1


def _single(call: Call) -> Flow[Any]:
    return (yield call)


def _op(module: Any, *args: Any, detailed: bool = False, **kwargs: Any) -> Call:
    if detailed:
        return Call(module.sync_detailed, module.asyncio_detailed, args, kwargs)
    return Call(module.sync, module.asyncio, args, kwargs)


@attrs.frozen(kw_only=True)
class PollSchedule:
    """Adaptive poll interval: ``initial`` seconds, multiplied by ``factor`` after each
    poll up to ``maximum``. A server hint (``openai-poll-after-ms``) wins when present."""

    initial: float = 1.0
    maximum: float = 30.0
    factor: float = 1.5

    @classmethod
    def from_argument(cls, poll_interval: float | PollSchedule | None) -> PollSchedule:
        if poll_interval is None:
            return cls()
        if isinstance(poll_interval, PollSchedule):
            return poll_interval
        if poll_interval <= 0:
            raise ValueError(f"poll_interval must be positive, got {poll_interval!r}")
        return cls(initial=poll_interval, maximum=poll_interval, factor=1.0)


@attrs.define
class WaitOptions:
    clock: Clock
    schedule: PollSchedule
    timeout: float | None
    display: ProgressDisplay
    on_event: Callable[[FineTuningJobEvent], object] | None
    cancel_on_interrupt: bool
    started: float

    @property
    def wants_events(self) -> bool:
        return self.on_event is not None or not isinstance(self.display, SilentDisplay)


# -- run: look up, upload, create, wait ---------------------------------------------------


def run_flow(
    client: AuthenticatedClient,
    spec: JobSpec,
    training: LocalData | RemoteFile,
    validation: LocalData | RemoteFile | None,
    options: WaitOptions,
    *,
    attach: bool,
    reuse_failed: bool,
) -> Flow[FineTuningResult]:
    run_key = spec.run_key(training.identity, validation.identity if validation else None)
    job = None
    if attach:
        job = yield from _persistently(
            lambda: find_job(client, run_key, reuse_failed=reuse_failed), "looking up the job"
        )
    reused = job is not None
    if job is None:
        training_id = yield from ensure_file(client, training)
        validation_id = (yield from ensure_file(client, validation)) if validation else None
        job = yield from create_job(client, spec, training_id, validation_id, run_key)
    else:
        logger.info("re-attaching to %s (%s), started by an earlier run", job.id, job.status)
    return (yield from wait_flow(client, job, options, reused=reused))


def find_job(
    client: AuthenticatedClient, run_key: str, *, reuse_failed: bool
) -> Flow[FineTuningJob | None]:
    """The newest job this run started before (newest first), unless it failed or was
    cancelled and ``reuse_failed`` is off."""
    metadata = ListPaginatedFineTuningJobsMetadata()
    metadata.additional_properties[RUN_KEY] = run_key
    page = yield _op(list_paginated_fine_tuning_jobs, client=client, limit=10, metadata=metadata)
    jobs: list[FineTuningJob] = [
        job for job in page.data if _metadata_value(job, RUN_KEY) == run_key
    ]
    for job in jobs:
        if str(job.status) not in ("failed", "cancelled") or reuse_failed:
            return job
    return None


def _metadata_value(job: FineTuningJob, key: str) -> str | None:
    metadata = job.metadata
    if metadata is None or isinstance(metadata, Unset):
        return None
    value = metadata.additional_properties.get(key)
    return value if isinstance(value, str) else None


def ensure_file(client: AuthenticatedClient, source: LocalData | RemoteFile) -> Flow[str]:
    """The id of ``source`` on the service, uploading it only if no copy is there."""
    if isinstance(source, RemoteFile):
        return source.file_id
    from .._uploads import aupload_file, upload_file  # only runs that upload need it

    existing = yield from _persistently(
        lambda: find_file(client, source, *FILE_LOOKUP_BEFORE_UPLOAD), "looking up the file"
    )
    if existing:
        logger.info("reusing uploaded file %s (%s)", existing, source.upload_name)
        return existing
    attempt = 0
    while True:
        try:
            uploaded = yield Call(
                _once(upload_file),
                _aonce(aupload_file),
                (source.path,),
                {"client": client, "filename": source.upload_name},
            )
            return str(uploaded.id)
        except Exception as error:
            if not _transient(error) or attempt + 1 >= CREATE_ATTEMPTS:
                raise
            yield Sleep(_backoff(attempt, error))
            attempt += 1
            existing = yield from _persistently(
                lambda: find_file(client, source, *FILE_LOOKUP_AFTER_FAILURE),
                "looking up the file",
            )
            if existing:
                return existing


def find_file(
    client: AuthenticatedClient, source: LocalData, pages: int, page_size: int
) -> Flow[str | None]:
    after: str | Unset = UNSET
    for _ in range(pages):
        page = yield _op(
            list_files,
            client=client,
            purpose="fine-tune",
            order=ListFilesOrder.DESC,
            limit=page_size,
            after=after,
        )
        for item in page.data:
            if item.filename == source.upload_name and item.bytes_ == source.size:
                return str(item.id)
        if not page.has_more or not page.data:
            return None
        after = page.data[-1].id
    return None


def create_job(
    client: AuthenticatedClient,
    spec: JobSpec,
    training_id: str,
    validation_id: str | None,
    run_key: str,
) -> Flow[FineTuningJob]:
    body = spec.request(training_id, validation_id, run_key)
    attempt = 0
    while True:
        try:
            job: FineTuningJob = yield Call(
                _once(create_fine_tuning_job.sync),
                _aonce(create_fine_tuning_job.asyncio),
                (),
                {"client": client, "body": body},
            )
            logger.info("created fine-tuning job %s", job.id)
            return job
        except Exception as error:
            if not _transient(error) or attempt + 1 >= CREATE_ATTEMPTS:
                raise
            logger.info(
                "creating the job failed (%s); checking whether it was created anyway", error
            )
            yield Sleep(_backoff(attempt, error))
            attempt += 1
            existing = yield from _persistently(
                lambda: find_job(client, run_key, reuse_failed=False), "looking up the job"
            )
            if existing is not None:
                return existing


# -- wait: poll with events and progress --------------------------------------------------


@attrs.define
class _Follower:
    """Incremental event delivery and the progress they imply."""

    last_seen: str | None = None
    step: int | None = None
    total_steps: int | None = None
    train_loss: float | None = None

    def observe(self, event: FineTuningJobEvent) -> None:
        self.last_seen = event.id
        data = event.to_dict().get("data")
        if isinstance(data, dict):
            if isinstance(data.get("step"), int):
                self.step = data["step"]
            if isinstance(data.get("total_steps"), int):
                self.total_steps = data["total_steps"]
            if isinstance(data.get("train_loss"), int | float):
                self.train_loss = float(data["train_loss"])


def new_events(
    client: AuthenticatedClient, job_id: str, last_seen: str | None
) -> Flow[list[FineTuningJobEvent]]:
    """Events newer than ``last_seen``, oldest first (the API lists newest first)."""
    newest_first: list[FineTuningJobEvent] = []
    after: str | Unset = UNSET
    while True:
        page = yield _polling(
            _op(list_fine_tuning_events, job_id, client=client, limit=EVENTS_PAGE, after=after)
        )
        for event in page.data:
            if event.id == last_seen:
                return newest_first[::-1]
            newest_first.append(event)
        if not page.has_more or not page.data:
            return newest_first[::-1]
        after = page.data[-1].id


def _poll_hint(headers: Any) -> float | None:
    value = headers.get(POLL_HINT_HEADER) if headers is not None else None
    try:
        return max(0.0, float(value) / 1000) if value is not None else None
    except ValueError:
        return None


def wait_flow(
    client: AuthenticatedClient, job: FineTuningJob, options: WaitOptions, *, reused: bool = False
) -> Flow[FineTuningResult]:
    follower = _Follower()
    clock = options.clock
    interval = options.schedule.initial
    hint: float | None = None
    try:
        while True:
            # Events feed the progress display and on_event; with neither, they are not
            # fetched at all, which halves the requests of a job followed silently.
            if options.wants_events:
                try:
                    for event in (yield from new_events(client, job.id, follower.last_seen)):
                        follower.observe(event)
                        if options.on_event is not None:
                            options.on_event(event)
                except Exception as error:
                    if not _transient(error):
                        raise
                    logger.info("could not fetch events for %s (%s); will try again", job.id, error)
            status = str(job.status)
            elapsed = clock.monotonic() - options.started
            options.display.update(
                JobProgress(
                    job.id,
                    status,
                    follower.step,
                    follower.total_steps,
                    follower.train_loss,
                    elapsed,
                )
            )
            if status in _facts.TERMINAL_JOB_STATUSES:
                break
            wait = hint if hint is not None else interval
            if options.timeout is not None:
                remaining = options.started + options.timeout - clock.monotonic()
                if remaining <= 0:
                    raise FineTuningTimeout(job, options.timeout)
                wait = min(wait, remaining)
            yield Sleep(wait)
            interval = min(interval * options.schedule.factor, options.schedule.maximum)
            try:
                response = yield _polling(
                    _op(retrieve_fine_tuning_job, job.id, client=client, detailed=True)
                )
            except Exception as error:
                if not _transient(error):
                    raise
                logger.info("polling %s failed (%s); will try again", job.id, error)
                continue
            job, hint = response.parsed, _poll_hint(response.headers)
    except BaseException as interrupt:
        if not _interrupted(interrupt):
            raise
        if options.cancel_on_interrupt:
            yield from cancel_flow(client, job.id)
            print(f"\nInterrupted: cancelled fine-tuning job {job.id}.", file=sys.stderr)
        else:
            print(
                f"\nInterrupted: fine-tuning job {job.id} keeps running on the service. "
                f"Re-attach with wait_for_job({job.id!r}) or by re-running the same call; "
                f"stop it with cancel_if_running({job.id!r}).",
                file=sys.stderr,
            )
        raise
    finally:
        options.display.close()
    status = str(job.status)
    if status == "failed":
        raise FineTuningJobFailed(job)
    if status == "cancelled":
        raise FineTuningJobCancelled(job)
    return FineTuningResult.from_job(
        job, reused=reused, elapsed=clock.monotonic() - options.started
    )


def wait_for_job_flow(
    client: AuthenticatedClient, job_id: str, options: WaitOptions
) -> Flow[FineTuningResult]:
    job = yield from _persistently(
        lambda: _single(_op(retrieve_fine_tuning_job, job_id, client=client)),
        f"retrieving {job_id}",
    )
    return (yield from wait_flow(client, job, options, reused=True))


# -- cancel -------------------------------------------------------------------------------


def cancel_flow(client: AuthenticatedClient, job_id: str) -> Flow[CancelResult]:
    """Cancel only a job that has not finished; a finished job is left as it is."""
    job = yield _op(retrieve_fine_tuning_job, job_id, client=client)
    initial = str(job.status)
    if initial in _facts.TERMINAL_JOB_STATUSES:
        return CancelResult(job_id, initial, initial, cancelled=False)
    attempt = 0
    while True:
        try:
            job = yield _op(cancel_fine_tuning_job, job_id, client=client)
            return CancelResult(job_id, initial, str(job.status), cancelled=True)
        except BadRequestError:
            # It finished between our look and the cancel: report what it became.
            job = yield _op(retrieve_fine_tuning_job, job_id, client=client)
            return CancelResult(job_id, initial, str(job.status), cancelled=False)
        except Exception as error:
            if not _transient(error) or attempt + 1 >= CREATE_ATTEMPTS:
                raise
            yield Sleep(_backoff(attempt, error))
            attempt += 1
            job = yield _op(retrieve_fine_tuning_job, job_id, client=client)
            if str(job.status) in _facts.TERMINAL_JOB_STATUSES:
                return CancelResult(
                    job_id, initial, str(job.status), cancelled=str(job.status) == "cancelled"
                )
