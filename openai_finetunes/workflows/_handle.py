"""A fine-tuning job as a handle: started here or attached by id from anywhere.

Modelled on azure-core's ``LROPoller`` and google-api-core's ``Operation``: ``result()``
waits (``timeout=`` bounds it and the job keeps running when it runs out), ``done()``,
``cancel()``, and the job id is the resume token (``attach(handle.id)`` in another
process, kernel or machine). The sync and async handles share their state and build the
same flows; only the driver that runs them differs.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Literal

from .._deadline import Deadline, OutOfTime
from .._exceptions import OpenAIFinetunesError
from . import _ops
from ._driver import Flow, run_async, run_sync
from ._flows import (
    JobState,
    cancel_flow,
    control_flow,
    events_flow,
    refresh_flow,
    wait_flow,
)
from ._lookups import all_checkpoints
from ._options import WaitOptions, check_timeout
from ._results import (
    CancelResult,
    FineTuningError,
    FineTuningJobError,
    FineTuningResult,
    FineTuningTimeout,
)
from ._status import is_terminal

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from matplotlib.figure import Figure

    from ..models.fine_tuning_job import FineTuningJob
    from ..models.fine_tuning_job_checkpoint import FineTuningJobCheckpoint
    from ..models.fine_tuning_job_event import FineTuningJobEvent

__all__ = ["AsyncFineTuningJobHandle", "FineTuningJobHandle"]

_DASHBOARD = "https://platform.openai.com/finetune/"
_OPENAI_HOST = "api.openai.com"


@contextlib.contextmanager
def typed_outcomes(
    job: Callable[[], FineTuningJob | None],
    deadline: Deadline | None,
    job_id: str | None = None,
) -> Iterator[None]:
    """What escapes a workflow call: a typed error that names the job once one exists.

    When the deadline passed, or cut a retry short, the failure becomes
    ``FineTuningTimeout``. A package error gets ``job_id`` and a note on how to resume;
    anything else is wrapped in ``FineTuningJobError``. Ctrl-C and task cancellation pass
    untouched. ``job_id`` names the job before it has been fetched (``attach``).
    """
    try:
        yield
    except FineTuningError:
        raise
    except Exception as error:
        current = job()
        named = current.id if current is not None else job_id
        if deadline is not None and (deadline.passed or isinstance(error, OutOfTime)):
            cause = error.__cause__ if isinstance(error, OutOfTime) else error
            raise FineTuningTimeout(current, deadline.elapsed(), job_id=named) from cause
        if isinstance(error, OutOfTime):  # a deadline of an outer call: keep its cause
            raise error.__cause__ or error from None
        if named is None:
            raise
        if not isinstance(error, OpenAIFinetunesError):
            raise FineTuningJobError(named, error) from error
        error.job_id = named
        error.add_note(
            f"fine-tuning job {named} keeps running: attach({named!r}) resumes, "
            f"attach({named!r}).cancel() stops it."
        )
        raise


def _done_flow(state: JobState) -> Flow[bool]:
    if not is_terminal(state.job):
        yield from refresh_flow(state)
    return is_terminal(state.job)


def _refreshed(state: JobState) -> Flow[FineTuningJob]:
    yield from refresh_flow(state)
    return state.job


class _Handle:
    """What both handles share: the job as last seen, and the wait settings."""

    def __init__(
        self, state: JobState, options: WaitOptions, deadline: Deadline | None = None
    ) -> None:
        self._state = state
        self._options = options
        # From ``timeout=`` given to start/attach: result() without one waits until then.
        self._deadline = deadline

    @property
    def id(self) -> str:
        """The job id: the token to resume from anywhere with ``attach(id)``."""
        return self._state.id

    @property
    def job(self) -> FineTuningJob:
        """The job as last seen (no request; ``refresh()`` fetches it)."""
        return self._state.job

    @property
    def status(self) -> str:
        """The status as last seen (no request)."""
        return self._state.status

    @property
    def reused(self) -> bool:
        """True when the job was started by an earlier run, or attached by id."""
        return self._state.reused

    def continuation_token(self) -> str:
        """The job id (azure-core's name for it)."""
        return self.id

    def _deadline_of(self, timeout: float | None) -> Deadline | None:
        """``timeout`` from now; without one, the ``timeout=`` of start/attach, which bounds
        the first ``result()`` only (a later one waits as long as it takes)."""
        timeout = check_timeout(timeout)
        if timeout is None:
            deadline, self._deadline = self._deadline, None
            return deadline
        return Deadline.after(timeout, self._options.clock)

    @contextlib.contextmanager
    def _outcomes(self, deadline: Deadline | None) -> Iterator[None]:
        with typed_outcomes(lambda: self._state.job, deadline):
            yield

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.status}>"

    def _repr_html_(self) -> str:
        import html  # notebooks only: importing the workflows stays fast

        state, job = self._state, self._state.job
        base_url = str(getattr(state.client, "_base_url", ""))
        ident = html.escape(self.id)
        if _OPENAI_HOST in base_url:
            ident = f"<a href='{_DASHBOARD}{ident}' target='_blank'>{ident}</a>"
        progress = "-"
        if state.step is not None and state.total_steps:
            progress = f"step {state.step:,} of {state.total_steps:,}"
            if state.train_loss is not None:
                progress += f", loss {state.train_loss:.4f}"
        rows = [
            ("status", html.escape(self.status)),
            ("model", html.escape(job.model)),
            ("progress", html.escape(progress)),
            ("fine-tuned model", f"<code>{html.escape(job.fine_tuned_model or '-')}</code>"),
            ("training file", f"<code>{html.escape(job.training_file)}</code>"),
            ("validation file", f"<code>{html.escape(job.validation_file or '-')}</code>"),
            ("re-attached", "yes" if self.reused else "no"),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{name}</th><td>{value}</td></tr>"
            for name, value in rows
        )
        return f"<table><caption>Fine-tuning job <code>{ident}</code></caption>{body}</table>"


class FineTuningJobHandle(_Handle):
    """A fine-tuning job: ``start_fine_tuning_job(...)`` or ``attach(job_id)`` returns one.

    >>> # handle = start_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18")
    >>> # handle.id -> 'ftjob-abc123'    (attach('ftjob-abc123') anywhere else)
    >>> # handle.result(timeout=600).fine_tuned_model
    """

    def _run(self, flow: Flow[Any], deadline: Deadline | None = None) -> Any:
        with self._outcomes(deadline):
            return run_sync(flow, self._options.clock, deadline)

    def refresh(self) -> FineTuningJob:
        """Fetch the job; returns it (also ``handle.job``)."""
        job: FineTuningJob = self._run(_refreshed(self._state))
        return job

    def done(self) -> bool:
        """Whether the job has finished (one request unless it already had)."""
        done: bool = self._run(_done_flow(self._state))
        return done

    def result(self, timeout: float | None = None) -> FineTuningResult:
        """Wait for the job to finish and return its result.

        Raises ``FineTuningJobFailed``, ``FineTuningJobCancelled``, or
        ``FineTuningTimeout`` after ``timeout`` seconds (the job keeps running; call
        ``result()`` again to go on waiting).
        """
        deadline = self._deadline_of(timeout)
        result: FineTuningResult = self._run(
            wait_flow(self._state, self._options, deadline), deadline
        )
        return result

    def cancel(self) -> CancelResult:
        """Cancel the job unless it has finished (no request is sent for a finished job)."""
        outcome: CancelResult = self._run(cancel_flow(self._state))
        return outcome

    def pause(self) -> FineTuningJob:
        """Pause a running job (training stops, billing with it; ``resume()`` goes on)."""
        job: FineTuningJob = self._run(control_flow(self._state, _ops.pause_fine_tuning_job))
        return job

    def resume(self) -> FineTuningJob:
        """Resume a paused job."""
        job: FineTuningJob = self._run(control_flow(self._state, _ops.resume_fine_tuning_job))
        return job

    def events(self) -> list[FineTuningJobEvent]:
        """Events not delivered yet (by this or ``result()``), oldest first."""
        events: list[FineTuningJobEvent] = self._run(events_flow(self._state))
        return events

    def checkpoints(self) -> list[FineTuningJobCheckpoint]:
        """The job's checkpoints, by step."""
        checkpoints: list[FineTuningJobCheckpoint] = self._run(
            all_checkpoints(self._state.client, self.id)
        )
        return checkpoints

    def metrics(
        self, *, source: Literal["auto", "results", "events", "checkpoints"] = "auto"
    ) -> Any:
        """What :func:`openai_finetunes.metrics.metrics_table` returns for this job."""
        from ..metrics import metrics_table

        with self._outcomes(None):
            return metrics_table(self.job, client=self._state.client, source=source)

    def plot(self, path: str | None = None) -> Figure:
        """Plot loss and token accuracy (:func:`openai_finetunes.metrics.plot_metrics`)."""
        from ..metrics import plot_metrics

        with self._outcomes(None):
            return plot_metrics(self.job, client=self._state.client, path=path)

    def download_results(
        self, directory: str | os.PathLike[str], *, timeout: float | None = None
    ) -> list[Path]:
        """Save the job's result files (``step_metrics.csv``) in ``directory``; their paths.

        Each is streamed to disk under its own name (its id when it has none); the
        directory is created if missing. An unfinished job is fetched first, and may have
        no result files yet (``[]``). ``timeout`` bounds the whole call, that fetch
        included (``APITimeoutError``). Errors name the job (``job_id``).
        """
        from .._deadline import deadline_scope
        from .._downloads import download_job_results

        with self._outcomes(None):
            limit = check_timeout(timeout)
            with deadline_scope(None if limit is None else Deadline.after(limit)):
                if not is_terminal(self.job):
                    run_sync(_refreshed(self._state), self._options.clock)
                return download_job_results(self._state.client, self.job, directory)


class AsyncFineTuningJobHandle(_Handle):
    """The awaitable twin of :class:`FineTuningJobHandle`, with the same names.

    >>> # handle = await astart_fine_tuning_job("train.jsonl", "gpt-4o-mini-2024-07-18")
    >>> # result = await handle.result()
    """

    async def _run(self, flow: Flow[Any], deadline: Deadline | None = None) -> Any:
        with self._outcomes(deadline):
            return await run_async(flow, self._options.clock, deadline)

    async def refresh(self) -> FineTuningJob:
        """Fetch the job; returns it (also ``handle.job``)."""
        job: FineTuningJob = await self._run(_refreshed(self._state))
        return job

    async def done(self) -> bool:
        """Whether the job has finished (one request unless it already had)."""
        done: bool = await self._run(_done_flow(self._state))
        return done

    async def result(self, timeout: float | None = None) -> FineTuningResult:
        """Wait for the job to finish; see :meth:`FineTuningJobHandle.result`."""
        deadline = self._deadline_of(timeout)
        result: FineTuningResult = await self._run(
            wait_flow(self._state, self._options, deadline), deadline
        )
        return result

    async def cancel(self) -> CancelResult:
        """Cancel the job unless it has finished."""
        outcome: CancelResult = await self._run(cancel_flow(self._state))
        return outcome

    async def pause(self) -> FineTuningJob:
        """Pause a running job."""
        job: FineTuningJob = await self._run(control_flow(self._state, _ops.pause_fine_tuning_job))
        return job

    async def resume(self) -> FineTuningJob:
        """Resume a paused job."""
        job: FineTuningJob = await self._run(control_flow(self._state, _ops.resume_fine_tuning_job))
        return job

    async def events(self) -> list[FineTuningJobEvent]:
        """Events not delivered yet (by this or ``result()``), oldest first."""
        events: list[FineTuningJobEvent] = await self._run(events_flow(self._state))
        return events

    async def checkpoints(self) -> list[FineTuningJobCheckpoint]:
        """The job's checkpoints, by step."""
        checkpoints: list[FineTuningJobCheckpoint] = await self._run(
            all_checkpoints(self._state.client, self.id)
        )
        return checkpoints

    async def metrics(
        self, *, source: Literal["auto", "results", "events", "checkpoints"] = "auto"
    ) -> Any:
        """What ``metrics_table`` returns for this job (read in a worker thread)."""
        import asyncio

        from ..metrics import metrics_table

        with self._outcomes(None):
            return await asyncio.to_thread(
                metrics_table, self.job, client=self._state.client, source=source
            )

    async def plot(self, path: str | None = None) -> Figure:
        """Plot loss and token accuracy (the data is read in a worker thread)."""
        import asyncio

        from ..metrics import metrics_table, plot_metrics

        with self._outcomes(None):
            rows = await asyncio.to_thread(
                metrics_table, self.job, client=self._state.client, as_frame=False
            )
        return plot_metrics(
            rows, path=path, title=f"{self.id} ({len(rows):,} steps, {rows.source})"
        )

    async def download_results(
        self, directory: str | os.PathLike[str], *, timeout: float | None = None
    ) -> list[Path]:
        """Save the job's result files in ``directory``; see :meth:`FineTuningJobHandle.download_results`."""
        from .._deadline import deadline_scope
        from .._downloads import adownload_job_results

        with self._outcomes(None):
            limit = check_timeout(timeout)
            with deadline_scope(None if limit is None else Deadline.after(limit)):
                if not is_terminal(self.job):
                    await run_async(_refreshed(self._state), self._options.clock)
                return await adownload_job_results(self._state.client, self.job, directory)
