"""Finding what a run already made (its job, its uploaded files) and what is new (events).

Each lookup walks a cursor-paginated list one page at a time with the runtime's
:class:`~openai_finetunes._pagination.PageCursor`, the same cursor ``paginate`` uses,
as a flow step per page, so it runs sync or async and stops as soon as it has its answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar

from .._pagination import PageCursor
from ..types import Unset
from . import _ops
from ._driver import Call, Flow, call
from ._params import RUN_KEY
from ._status import is_terminal

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from ..client import AuthenticatedClient
    from ..models.fine_tuning_job import FineTuningJob
    from ..models.fine_tuning_job_checkpoint import FineTuningJobCheckpoint
    from ..models.fine_tuning_job_event import FineTuningJobEvent
    from ..models.open_ai_file import OpenAIFile
    from ._sources import LocalData

__all__ = ["all_checkpoints", "find_file", "find_job", "jobs_of_run", "live_jobs", "new_events"]

ItemT = TypeVar("ItemT")
#: What a scan found: the items before the one it stopped at, and that item.
Scanned: TypeAlias = tuple[list[ItemT], ItemT | None]

PAGE_SIZE: Final = 100
# Jobs of one run key: a handful at most (re-runs with reuse_failed off, duplicates).
JOBS_PAGE: Final = 10


def scan(
    request: Callable[[str | Unset], Call[Any]],
    *,
    stop: Callable[[ItemT], bool] = lambda item: False,
    max_pages: int | None = None,
) -> Flow[Scanned[ItemT]]:
    """Walk a list until ``stop(item)``: the items before it, and the item (or ``None``).

    ``request(after)`` is the step that fetches the page after the cursor ``after``.
    """
    cursor = PageCursor()
    seen: list[ItemT] = []
    pages = 0
    while not cursor.exhausted and (max_pages is None or pages < max_pages):
        page = yield from call(request(cursor.after))
        pages += 1
        for item in cursor.advance(page):
            if stop(item):
                return seen, item
            seen.append(item)
    return seen, None


def _run_key_of(job: FineTuningJob) -> str | None:
    metadata = job.metadata
    if metadata is None or isinstance(metadata, Unset):
        return None
    value = metadata.additional_properties.get(RUN_KEY)
    return value if isinstance(value, str) else None


def jobs_of_run(client: AuthenticatedClient, run_key: str) -> Flow[list[FineTuningJob]]:
    """The jobs tagged with ``run_key``, newest first (one page: a handful at most)."""
    from ..models.list_paginated_fine_tuning_jobs_metadata import (
        ListPaginatedFineTuningJobsMetadata,  # the operation loads it anyway, on first call
    )

    metadata = ListPaginatedFineTuningJobsMetadata()
    metadata.additional_properties[RUN_KEY] = run_key
    listed: Scanned[FineTuningJob] = yield from scan(
        lambda after: Call.to(
            _ops.list_paginated_fine_tuning_jobs,
            client=client,
            limit=JOBS_PAGE,
            metadata=metadata,
            after=after,
        ),
        max_pages=1,
    )
    return [job for job in listed[0] if _run_key_of(job) == run_key]


def find_job(
    client: AuthenticatedClient,
    run_key: str,
    *,
    reuse_failed: bool,
    excluding: Collection[str] = (),
) -> Flow[FineTuningJob | None]:
    """The job an earlier start of this run created: the oldest live one (the one every
    concurrent starter keeps, see ``_flows.settle``), else the newest that succeeded,
    else, with ``reuse_failed``, the newest that failed or was cancelled. Jobs in
    ``excluding`` are not considered."""
    jobs = [job for job in (yield from jobs_of_run(client, run_key)) if job.id not in excluding]
    live = [job for job in jobs if not is_terminal(job)]
    if live:
        return live[-1]
    for job in jobs:  # none is live: each has finished
        if reuse_failed or str(job.status) == "succeeded":
            return job
    return None


def live_jobs(client: AuthenticatedClient, run_key: str) -> Flow[list[FineTuningJob]]:
    """The jobs of ``run_key`` that have not finished."""
    jobs = yield from jobs_of_run(client, run_key)
    return [job for job in jobs if not is_terminal(job)]


def find_file(
    client: AuthenticatedClient, source: LocalData, *, pages: int, page_size: int
) -> Flow[str | None]:
    """The id of an uploaded copy of ``source`` among the newest ``pages`` pages."""
    from ..models.list_files_order import ListFilesOrder  # loaded by the operation anyway

    def same(item: OpenAIFile) -> bool:
        return item.filename == source.upload_name and item.bytes_ == source.size

    listed: Scanned[OpenAIFile] = yield from scan(
        lambda after: Call.to(
            _ops.list_files,
            client=client,
            purpose="fine-tune",
            order=ListFilesOrder.DESC,
            limit=page_size,
            after=after,
        ),
        stop=same,
        max_pages=pages,
    )
    found = listed[1]
    return None if found is None else str(found.id)


def new_events(
    client: AuthenticatedClient, job_id: str, last_seen: str | None, *, background: bool
) -> Flow[list[FineTuningJobEvent]]:
    """Events newer than ``last_seen``, oldest first (the API lists newest first);
    ``background`` for the reads of a wait, which queue behind requests that start jobs."""
    listed: Scanned[FineTuningJobEvent] = yield from scan(
        lambda after: Call.to(
            _ops.list_fine_tuning_events,
            job_id,
            client=client,
            limit=PAGE_SIZE,
            after=after,
            background=background,
        ),
        stop=lambda event: event.id == last_seen,
    )
    return listed[0][::-1]


def all_checkpoints(
    client: AuthenticatedClient, job_id: str
) -> Flow[list[FineTuningJobCheckpoint]]:
    """Every checkpoint of the job, by step (the API lists newest first)."""
    listed: Scanned[FineTuningJobCheckpoint] = yield from scan(
        lambda after: Call.to(
            _ops.list_fine_tuning_job_checkpoints,
            job_id,
            client=client,
            limit=PAGE_SIZE,
            after=after,
        ),
    )
    return sorted(listed[0], key=lambda checkpoint: checkpoint.step_number)
