"""The fine-tuning flows, written once as generators of steps (see ``_driver``).

Paid resources are created at most once: creates and uploads are sent with transport
retries off, and a failure that may hide an applied request is reconciled by looking the
resource up before sending again (``_reconcile``).
"""

from __future__ import annotations

import logging
import math
import threading
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._exceptions import BadRequestError, NotFoundError, OpenAIFinetunesError
from . import _journal as journal
from . import _ops
from ._driver import Call, Flow, Listen, Operation, Sleep, call, interrupted, listen
from ._lookups import find_file, find_job, jobs_of_run, live_jobs, new_events
from ._options import PollSchedule
from ._progress import JobProgress, ProgressDisplay
from ._reconcile import Reconcile, is_transient
from ._results import (
    CancelResult,
    FineTuningJobCancelled,
    FineTuningJobFailed,
    FineTuningResult,
    FineTuningTimeout,
)
from ._runlock import RunLock
from ._sources import LocalData, RemoteFile
from ._status import NOT_YET_TRAINING, is_terminal

if TYPE_CHECKING:
    from .._deadline import Deadline
    from ..client import AuthenticatedClient
    from ..models.fine_tuning_job import FineTuningJob
    from ..models.fine_tuning_job_event import FineTuningJobEvent
    from ._options import WaitOptions
    from ._params import JobSpec

logger = logging.getLogger("openai_finetunes")

POLL_HINT_HEADER: Final = "openai-poll-after-ms"
#: A hint outside this range (seconds) is clamped: 0 would poll in a busy loop.
POLL_HINT_RANGE: Final = (0.1, 600.0)
# Files are listed newest first. Before uploading, a copy left by a crashed run is among
# the newest few; after an upload whose answer was lost, other uploads may have landed
# since, so that search goes deeper. (pages, page size)
FILE_LOOKUP_BEFORE_UPLOAD: Final = (1, 20)
FILE_LOOKUP_AFTER_FAILURE: Final = (5, 100)

RECONCILE: Final = Reconcile()
DEFAULT_POLLING: Final = PollSchedule()
#: How often a handle waiting for webhooks still looks at its job, in case one is lost.
WEBHOOK_SAFETY_NET: Final = PollSchedule(initial=60.0, maximum=600.0, factor=2.0)


@attrs.define
class JobState:
    """What a handle knows of its job: the last answer, and how far events were read."""

    client: AuthenticatedClient
    job: FineTuningJob
    reused: bool
    started: float
    last_event: str | None = None
    step: int | None = None
    total_steps: int | None = None
    train_loss: float | None = None
    webhooks_seen: int = 0
    _delivered: set[str] = attrs.field(factory=set, repr=False)
    _claims: threading.Lock = attrs.field(factory=threading.Lock, repr=False)

    @property
    def id(self) -> str:
        return self.job.id

    @property
    def status(self) -> str:
        return str(self.job.status)

    def claim(self, event: FineTuningJobEvent) -> bool:
        """Mark ``event`` delivered; False if it already was (two reads at once)."""
        with self._claims:
            if event.id in self._delivered:
                return False
            self._delivered.add(event.id)
            self.last_event = event.id
        data = event.to_dict().get("data")
        if isinstance(data, dict):
            if isinstance(data.get("step"), int):
                self.step = data["step"]
            if isinstance(data.get("total_steps"), int):
                self.total_steps = data["total_steps"]
            if isinstance(data.get("train_loss"), int | float):
                self.train_loss = float(data["train_loss"])
        return True

    def progress(self, now: float) -> JobProgress:
        return JobProgress(
            self.id, self.status, self.step, self.total_steps, self.train_loss, now - self.started
        )


# -- start: look up, upload, create -------------------------------------------------------


def start_flow(
    client: AuthenticatedClient,
    spec: JobSpec,
    training: LocalData | RemoteFile,
    validation: LocalData | RemoteFile | None,
    *,
    attach: bool,
    reuse_failed: bool,
) -> Flow[tuple[FineTuningJob, bool]]:
    """The run's job, and whether an earlier run had already created it.

    The run lock keeps other processes of this machine out from the lookup until the
    job exists; ``settle`` covers starters on other machines.
    """
    run_key = spec.run_key(training.identity, validation.identity if validation else None)
    lock = RunLock(run_key)
    try:
        yield from lock.acquire()
        if attach:
            job = yield from RECONCILE.run(
                lambda: find_job(client, run_key, reuse_failed=reuse_failed),
                what="looking up the job",
            )
            if job is not None:
                logger.info(
                    "re-attaching to %s (%s), started by an earlier run", job.id, job.status
                )
                return job, True
        earlier = set() if attach else (yield from _ids_of_run(client, run_key))
        training_id = yield from ensure_file(client, training)
        validation_id = (yield from ensure_file(client, validation)) if validation else None
        body = spec.request(training_id, validation_id, run_key)
        job = yield from RECONCILE.run(
            lambda: call(Call.to(_ops.create_fine_tuning_job, client=client, body=body, once=True)),
            look=lambda: find_job(client, run_key, reuse_failed=False, excluding=earlier),
            what="creating the job",
        )
    finally:
        lock.release()
    logger.info("fine-tuning job %s: %s", job.id, job.status)
    if not attach:
        return job, False
    try:
        kept = yield from settle(client, run_key, job)
    except OpenAIFinetunesError as error:
        # The job exists and is paid for: keep track of it rather than fail the start.
        logger.warning("could not settle concurrent starts of %s's run: %s", job.id, error)
        return job, False
    except BaseException as error:
        if interrupted(error):
            error.add_note(f"fine-tuning job {job.id} was created; attach({job.id!r}) follows it.")
        raise
    return kept, kept.id != job.id


def _ids_of_run(client: AuthenticatedClient, run_key: str) -> Flow[set[str]]:
    """The run's jobs before a create with attach=False: they are not ours, so a create
    whose answer was lost is looked for among the jobs that were not there before."""
    jobs = yield from RECONCILE.run(
        lambda: jobs_of_run(client, run_key), what="listing the run's jobs"
    )
    return {job.id for job in jobs}


def settle(client: AuthenticatedClient, run_key: str, mine: FineTuningJob) -> Flow[FineTuningJob]:
    """After a create, the one job every starter of this run keeps.

    Starters on other machines may each have created a job. Each lists the live jobs of
    the run key and keeps the oldest in the service's own order (the list is newest
    first). Any starter sees every job created before its own, so all of them agree: the
    first job created is kept, and a starter whose job came later cancels it while it
    has not started training (nothing is billed yet). ``created_at`` alone would not do:
    it counts whole seconds, and concurrent starts share one.
    """
    live = yield from RECONCILE.run(
        lambda: live_jobs(client, run_key), what="looking for other starts of this run"
    )
    if mine.id not in {job.id for job in live}:
        # The list lags behind our create: it cannot tell our job's place. Keeping ours
        # risks a second live job; cancelling it could leave none.
        return mine
    kept = live[-1]
    if kept.id == mine.id:
        return mine
    if str(mine.status) not in NOT_YET_TRAINING:
        logger.warning(
            "fine-tuning job %s duplicates %s of the same run but is already %s; keeping it",
            mine.id,
            kept.id,
            mine.status,
        )
        return mine
    logger.info("another start of this run created %s first; cancelling %s", kept.id, mine.id)
    yield from cancel_current(JobState(client, mine, reused=False, started=0.0))
    return kept


def ensure_file(client: AuthenticatedClient, source: LocalData | RemoteFile) -> Flow[str]:
    """The id of ``source`` on the service, uploading it only if no copy is there."""
    if isinstance(source, RemoteFile):
        return source.file_id
    existing = yield from _recorded_file(client, source)
    if existing is None:
        pages, page_size = FILE_LOOKUP_BEFORE_UPLOAD
        existing = yield from RECONCILE.run(
            lambda: find_file(client, source, pages=pages, page_size=page_size),
            what="looking up the file",
        )
    if existing is not None:
        logger.info("reusing uploaded file %s (%s)", existing, source.upload_name)
        journal.remember(client, source, existing)
        return existing
    from .. import _uploads  # only runs that upload need it

    upload = Call(
        _uploads.upload_file,
        _uploads.aupload_file,
        (source.path,),
        {"client": client, "filename": source.upload_name},
        once=True,
    )
    pages, page_size = FILE_LOOKUP_AFTER_FAILURE
    file_id = yield from RECONCILE.run(
        lambda: _file_id(upload),
        look=lambda: find_file(client, source, pages=pages, page_size=page_size),
        what=f"uploading {source.name}",
    )
    journal.remember(client, source, file_id)
    return file_id


def _recorded_file(client: AuthenticatedClient, source: LocalData) -> Flow[str | None]:
    """The journal's file for ``source``, if the service still has it, as uploaded."""
    file_id = journal.recall(client, source)
    if file_id is None:
        return None
    try:
        found = yield from RECONCILE.run(
            lambda: call(Call.to(_ops.retrieve_file, file_id, client=client)),
            what=f"looking up {file_id}",
        )
    except NotFoundError:
        journal.forget(client, source)
        return None
    if found.filename != source.upload_name or found.bytes_ != source.size:
        journal.forget(client, source)
        return None
    return file_id


def _file_id(upload: Call[Any]) -> Flow[str]:
    uploaded = yield from call(upload)
    return str(uploaded.id)


# -- the job's state ------------------------------------------------------------------------


def refresh_flow(state: JobState, *, background: bool = False) -> Flow[float | None]:
    """Fetch the job into ``state``; the server's poll hint (seconds), if it sent one."""
    response = yield from RECONCILE.run(
        lambda: call(
            Call.detailed(
                _ops.retrieve_fine_tuning_job, state.id, client=state.client, background=background
            )
        ),
        what=f"retrieving {state.id}",
    )
    state.job = response.parsed
    return _poll_hint(response.headers)


def _poll_hint(headers: Any) -> float | None:
    """The server's ``openai-poll-after-ms``, in seconds, within sane bounds."""
    value = headers.get(POLL_HINT_HEADER) if headers is not None else None
    try:
        seconds = float(value) / 1000 if value is not None else None
    except ValueError:
        return None
    if seconds is None or not math.isfinite(seconds):
        return None
    return min(max(seconds, POLL_HINT_RANGE[0]), POLL_HINT_RANGE[1])


def events_flow(state: JobState, *, background: bool = False) -> Flow[list[FineTuningJobEvent]]:
    """Events not yet delivered, oldest first; each is delivered once per handle."""
    events = yield from _fetch_events(state, background=background)
    return [event for event in events if state.claim(event)]


def _fetch_events(state: JobState, *, background: bool) -> Flow[list[FineTuningJobEvent]]:
    """Events newer than the last delivered one (some may be claimed meanwhile)."""
    return (
        yield from RECONCILE.run(
            lambda: new_events(state.client, state.id, state.last_event, background=background),
            what=f"reading events of {state.id}",
        )
    )


def control_flow(state: JobState, operation: Operation) -> Flow[FineTuningJob]:
    """Pause or resume (``operation``); the job as the service answered."""
    state.job = yield from call(Call.to(operation, state.id, client=state.client))
    return state.job


def cancel_flow(state: JobState) -> Flow[CancelResult]:
    """Cancel only a job that has not finished; a finished job is left as it is."""
    yield from refresh_flow(state)
    return (yield from cancel_current(state))


def cancel_current(state: JobState) -> Flow[CancelResult]:
    """:func:`cancel_flow` for a state fetched just now."""
    initial = state.status
    if is_terminal(state.job):
        return CancelResult(state.id, initial, initial, cancelled=False)
    try:
        state.job = yield from RECONCILE.run(
            lambda: call(
                Call.to(_ops.cancel_fine_tuning_job, state.id, client=state.client, once=True)
            ),
            look=lambda: _if_finished(state),
            what=f"cancelling {state.id}",
        )
    except BadRequestError:
        # It finished between our look and the cancel: report what it became.
        yield from refresh_flow(state)
        return CancelResult(state.id, initial, state.status, cancelled=False)
    return CancelResult(state.id, initial, state.status, cancelled=state.status == "cancelled")


def attach_flow(client: AuthenticatedClient, job_id: str, started: float) -> Flow[JobState]:
    """The state of an existing job, fetched."""
    job = yield from RECONCILE.run(
        lambda: call(Call.to(_ops.retrieve_fine_tuning_job, job_id, client=client)),
        what=f"retrieving {job_id}",
    )
    return JobState(client, job, reused=True, started=started)


def _if_finished(state: JobState) -> Flow[FineTuningJob | None]:
    yield from refresh_flow(state)
    return state.job if is_terminal(state.job) else None


# -- wait: poll with events and progress --------------------------------------------------


def wait_flow(
    state: JobState, options: WaitOptions, deadline: Deadline | None
) -> Flow[FineTuningResult]:
    """Follow the job until it finishes (or ``deadline``, on ``options.clock``)."""
    display = options.display()
    try:
        yield from _follow(state, options, display, deadline)
    except BaseException as error:
        if interrupted(error):
            yield from _on_interrupt(state, options, error)
        raise
    finally:
        display.close()
    return _outcome(state, options)


def _follow(
    state: JobState,
    options: WaitOptions,
    display: ProgressDisplay,
    deadline: Deadline | None,
) -> Flow[None]:
    clock = options.clock
    inbox = options.webhooks
    # With webhooks the event ends the wait; polling is only a safety net for a lost one.
    schedule = options.schedule or (DEFAULT_POLLING if inbox is None else WEBHOOK_SAFETY_NET)
    interval = schedule.initial
    hint: float | None = None
    while True:
        if options.wants_events:
            yield from _deliver_events(state, options)
        display.update(state.progress(clock.monotonic()))
        if is_terminal(state.job):
            return
        wait = hint if hint is not None and inbox is None else interval
        if deadline is not None:
            remaining = deadline.remaining()
            if remaining <= 0:
                raise FineTuningTimeout(state.job, deadline.elapsed())
            wait = min(wait, remaining)
        if inbox is None:
            yield Sleep(wait)
            interval = schedule.next(interval)
        else:
            seen = state.webhooks_seen
            state.webhooks_seen = yield from listen(Listen(inbox, state.id, wait, seen))
            # After an event whose job does not look finished yet (the service's answer
            # may lag behind its event), look again soon instead of a safety-net while.
            woke = state.webhooks_seen > seen
            interval = DEFAULT_POLLING.initial if woke else schedule.next(interval)
        hint = yield from refresh_flow(state, background=True)


def _deliver_events(state: JobState, options: WaitOptions) -> Flow[None]:
    try:
        events = yield from _fetch_events(state, background=True)
    except Exception as error:
        if not is_transient(error):
            raise
        logger.info("could not fetch events for %s (%s); will try again", state.id, error)
        return
    for event in events:
        # Claimed one at a time: a callback that raises leaves the rest for later.
        if state.claim(event) and options.on_event is not None:
            options.on_event(event)


def _on_interrupt(state: JobState, options: WaitOptions, error: BaseException) -> Flow[None]:
    if options.cancel_on_interrupt:
        yield from cancel_flow(state)
        note = f"Interrupted: cancelled fine-tuning job {state.id}."
    else:
        note = (
            f"Interrupted: fine-tuning job {state.id} keeps running on the service. Re-attach "
            f"with attach({state.id!r}) or `openai-finetunes watch {state.id}`; stop it with "
            f"attach({state.id!r}).cancel() or `openai-finetunes cancel {state.id}`."
        )
    logger.warning("%s", note)
    error.add_note(note)


def _outcome(state: JobState, options: WaitOptions) -> FineTuningResult:
    status = state.status
    if status == "cancelled":
        raise FineTuningJobCancelled(state.job)
    if status != "succeeded":  # failed, or a finished status this client does not know
        raise FineTuningJobFailed(state.job)
    return FineTuningResult.from_job(
        state.job, reused=state.reused, elapsed=options.clock.monotonic() - state.started
    )
