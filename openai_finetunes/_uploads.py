"""``upload_file``: stream a file of any size (up to 8 GB) in constant memory.

Up to 512 MB the file goes through createFile as one multipart request; above that through
the Uploads API in 64 MB parts, several in flight at once, completed with the file's md5.
Every part is a window over the file on disk, so a retried part re-sends the same bytes.

``wait_for_file_processed`` waits until the service has processed an uploaded file (the
official SDK's ``files.wait_for_processing``), within one deadline.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import hashlib
import io
import math
import mimetypes
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, Final, TypeAlias, cast

import attrs

from . import _facts
from ._clock import Clock, SystemClock
from ._deadline import Deadline, check_timeout, current_deadline, deadline_scope
from ._exceptions import APITimeoutError, InvalidArgumentError, OpenAIFinetunesError
from ._sources import LocalData, SourceProblem, local_source
from .api.files import create_file, retrieve_file
from .api.uploads import add_upload_part, cancel_upload, complete_upload, create_upload
from .client import AuthenticatedClient
from .models.add_upload_part_request import AddUploadPartRequest
from .models.complete_upload_request import CompleteUploadRequest
from .models.create_file_request import CreateFileRequest
from .models.create_file_request_purpose import CreateFileRequestPurpose
from .models.create_upload_request import CreateUploadRequest
from .models.create_upload_request_purpose import CreateUploadRequestPurpose
from .models.open_ai_file import OpenAIFile
from .models.open_ai_file_status import OpenAIFileStatus
from .models.upload import Upload
from .types import File

__all__ = [
    "FileProcessingError",
    "FileProcessingTimeout",
    "FileSource",
    "UploadError",
    "aupload_file",
    "await_for_file_processed",
    "upload_file",
    "wait_for_file_processed",
]

FileSource: TypeAlias = "str | os.PathLike[str] | bytes | IO[bytes]"
ProgressCallback: TypeAlias = Callable[[int, int], None]

PART_CONCURRENCY: Final = 4
_CHUNK: Final = 1024 * 1024
#: The official SDK's defaults for ``files.wait_for_processing``.
PROCESSING_TIMEOUT: Final = 30 * 60.0
PROCESSING_POLL_INTERVAL: Final = 5.0
#: Terminal statuses other than ``processed`` (``deleted`` is not in the spec's enum).
_NEVER_PROCESSED: Final = frozenset({OpenAIFileStatus.ERROR.value, "deleted"})


class UploadError(OpenAIFinetunesError, ValueError):
    """The file cannot be uploaded: empty, too large, unreadable, or not a file."""


class FileProcessingError(UploadError):
    """The file will never be processed: its status is ``error`` (the service could not
    process it) or ``deleted`` (it was deleted first).

    ``file`` is the file object; ``status`` that status; ``status_details`` the service's
    reason, if it gave one.
    """

    def __init__(self, file: OpenAIFile) -> None:
        self.file = file
        self.file_id = file.id
        self.status = str(file.status)
        details = file.status_details if isinstance(file.status_details, str) else None
        self.status_details = details
        if self.status == "deleted":
            message = f"file {file.id} was deleted before it was processed"
            if details:
                message += f": {details}"
        else:
            message = (
                f"file {file.id} could not be processed (status {self.status}): "
                f"{details or 'the service gave no details'}"
            )
        super().__init__(message)


class FileProcessingTimeout(OpenAIFinetunesError, TimeoutError):
    """``timeout=`` ran out while the file was still being processed (the service goes on).

    ``status`` is the last status seen (``None`` before any answer); ``waited`` is seconds.
    """

    def __init__(self, file_id: str, status: str | None, waited: float) -> None:
        self.file_id = file_id
        self.status = status
        self.waited = waited
        super().__init__(
            f"file {file_id} is still {status or 'not seen'} after {waited:.3g}s; call "
            f"wait_for_file_processed({file_id!r}) again to keep waiting."
        )


def upload_file(
    source: FileSource,
    purpose: str = "fine-tune",
    *,
    client: AuthenticatedClient | None = None,
    filename: str | None = None,
    progress: ProgressCallback | None = None,
    part_size: int = _facts.UPLOAD_PART_MAX_BYTES,
    max_single_request: int = _facts.CREATE_FILE_MAX_BYTES,
) -> OpenAIFile:
    """Upload ``source`` (a path, bytes or a binary file object) and return the file object.

    ``progress(bytes_sent, total)`` is called as bytes leave the client. Problems that can
    be seen locally (no such path, a directory, an empty file, over 8 GB) raise
    :class:`UploadError` before any request.

    >>> from openai_finetunes import upload_file
    >>> # uploaded = upload_file("train.jsonl", client=client)
    >>> # uploaded.id -> 'file-...'
    """
    # Local checks first: a bad file is reported before a missing key or any request.
    with _prepare(source, filename, purpose) as prepared:
        client = client if client is not None else _connect()
        reporter = _Progress(prepared.size, progress)
        if prepared.size <= max_single_request:
            with _Window(prepared.path, 0, prepared.size, reporter) as window:
                body = _create_file_body(prepared, purpose, window)
                return create_file.sync(client=client, body=body)
        return _multipart_upload(client, prepared, purpose, part_size, reporter)


async def aupload_file(
    source: FileSource,
    purpose: str = "fine-tune",
    *,
    client: AuthenticatedClient | None = None,
    filename: str | None = None,
    progress: ProgressCallback | None = None,
    part_size: int = _facts.UPLOAD_PART_MAX_BYTES,
    max_single_request: int = _facts.CREATE_FILE_MAX_BYTES,
) -> OpenAIFile:
    """Async twin of :func:`upload_file`: ``uploaded = await aupload_file("train.jsonl")``."""
    # Local checks first: a bad file is reported before a missing key or any request.
    with _prepare(source, filename, purpose) as prepared:
        client = client if client is not None else _connect()
        reporter = _Progress(prepared.size, progress)
        if prepared.size <= max_single_request:
            with _Window(prepared.path, 0, prepared.size, reporter) as window:
                body = _create_file_body(prepared, purpose, window)
                return await create_file.asyncio(client=client, body=body)
        return await _amultipart_upload(client, prepared, purpose, part_size, reporter)


# -- waiting for processing ------------------------------------------------------------


def wait_for_file_processed(
    file_id: str,
    *,
    client: AuthenticatedClient | None = None,
    timeout: float | None = PROCESSING_TIMEOUT,
    poll_interval: float = PROCESSING_POLL_INTERVAL,
    clock: Clock | None = None,
) -> OpenAIFile:
    """Poll ``retrieve_file`` until the file is ``processed``, and return it.

    The other terminal statuses (the official SDK's) raise :class:`FileProcessingError`:
    ``error``, with the service's ``status_details``, and ``deleted``. ``timeout``
    (seconds >= 0, ``None``: no limit) bounds the whole wait, requests and retries
    included; once the next poll would come after it, :class:`FileProcessingTimeout` is
    raised. ``poll_interval`` is seconds > 0. Bad arguments raise ``InvalidArgumentError``
    before any request. ``clock`` is for tests (``ManualClock``).

    >>> from openai_finetunes import upload_file, wait_for_file_processed
    >>> # uploaded = upload_file("train.jsonl", client=client)
    >>> # ready = wait_for_file_processed(uploaded.id, client=client, timeout=300)
    """
    client = client if client is not None else _connect()
    clock = clock if clock is not None else SystemClock()
    waiting = _Waiting(file_id, timeout, poll_interval, clock)
    with deadline_scope(waiting.deadline):
        while True:
            with waiting.request():
                file = retrieve_file.sync(file_id, client=client)
            if waiting.settled(file):
                return file
            clock.sleep(waiting.next_delay())


async def await_for_file_processed(
    file_id: str,
    *,
    client: AuthenticatedClient | None = None,
    timeout: float | None = PROCESSING_TIMEOUT,
    poll_interval: float = PROCESSING_POLL_INTERVAL,
    clock: Clock | None = None,
) -> OpenAIFile:
    """Async twin of :func:`wait_for_file_processed`:
    ``ready = await await_for_file_processed(file_id)``."""
    client = client if client is not None else _connect()
    clock = clock if clock is not None else SystemClock()
    waiting = _Waiting(file_id, timeout, poll_interval, clock)
    with deadline_scope(waiting.deadline):
        while True:
            with waiting.request():
                file = await retrieve_file.asyncio(file_id, client=client)
            if waiting.settled(file):
                return file
            await clock.asleep(waiting.next_delay())


class _Waiting:
    """The state of one wait: its deadline, the last status seen, and the decisions."""

    def __init__(
        self, file_id: str, timeout: float | None, poll_interval: float, clock: Clock
    ) -> None:
        if not isinstance(file_id, str) or not file_id.strip():
            raise InvalidArgumentError(
                "file_id", f"must be a file id like 'file-abc123', got {file_id!r}"
            )
        timeout = check_timeout(timeout)
        if (
            isinstance(poll_interval, bool)
            or not isinstance(poll_interval, int | float)
            or not math.isfinite(poll_interval)
            or poll_interval <= 0
        ):
            raise InvalidArgumentError(
                "poll_interval", f"must be a finite number of seconds > 0, got {poll_interval!r}"
            )
        self.file_id = file_id
        self.poll_interval = float(poll_interval)
        self.deadline = None if timeout is None else Deadline.after(timeout, clock)
        self.started = clock.monotonic()
        self.clock = clock
        self.status: str | None = None

    def _timeout(self) -> FileProcessingTimeout:
        waited = self.clock.monotonic() - self.started
        return FileProcessingTimeout(self.file_id, self.status, waited)

    @contextlib.contextmanager
    def request(self) -> Iterator[None]:
        """A request that the deadline cut short is the wait's timeout."""
        try:
            yield
        except APITimeoutError as error:
            deadline = current_deadline()
            if deadline is not None and deadline.passed:
                raise self._timeout() from error
            raise

    def settled(self, file: OpenAIFile) -> bool:
        self.status = str(file.status)
        if file.status == OpenAIFileStatus.PROCESSED:
            return True
        if self.status in _NEVER_PROCESSED:
            raise FileProcessingError(file)
        return False

    def next_delay(self) -> float:
        deadline = current_deadline()  # this wait's, or an earlier one of an outer call
        if deadline is not None and not deadline.allows(self.poll_interval):
            raise self._timeout()
        return self.poll_interval


# -- the Uploads API path -------------------------------------------------------------


def _multipart_upload(
    client: AuthenticatedClient,
    prepared: LocalData,
    purpose: str,
    part_size: int,
    reporter: _Progress,
) -> OpenAIFile:
    ranges = list(_part_ranges(prepared.size, part_size))  # checked before any request
    upload = create_upload.sync(client=client, body=_create_upload_body(prepared, purpose))
    try:
        failed = threading.Event()

        def send(start_length: tuple[int, int]) -> str:
            if failed.is_set():  # another part failed: the upload is being cancelled
                raise _Skipped
            start, length = start_length
            try:
                with _Window(prepared.path, start, length, reporter) as window:
                    body = AddUploadPartRequest(
                        data=File(payload=cast(BinaryIO, window), file_name="part")
                    )
                    return add_upload_part.sync(upload.id, client=client, body=body).id
            except BaseException:
                failed.set()
                raise

        pool = ThreadPoolExecutor(max_workers=PART_CONCURRENCY)
        try:
            # Each part runs in a copy of the caller's context (retries_disabled() applies).
            futures = [pool.submit(contextvars.copy_context().run, send, r) for r in ranges]
            concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_EXCEPTION)
            _raise_first_error(futures)
            part_ids = [future.result() for future in futures]
        finally:
            # After a failure, parts not yet started are dropped rather than sent.
            pool.shutdown(wait=True, cancel_futures=True)
        body = CompleteUploadRequest(part_ids=part_ids, md5=_md5(prepared.path))
        completed = complete_upload.sync(upload.id, client=client, body=body)
    except BaseException:
        _cancel_quietly(lambda: cancel_upload.sync(upload.id, client=client))
        raise
    return _uploaded_file(completed)


class _Skipped(Exception):
    """A part not sent because another one failed (never escapes: the failure does)."""


def _raise_first_error(
    futures: Sequence[concurrent.futures.Future[str]] | Sequence[asyncio.Future[str]],
) -> None:
    """Raise the error of the first failed part (in file order), if any."""
    for future in futures:
        if future.done() and not future.cancelled():
            error = future.exception()
            if error is not None and not isinstance(error, _Skipped):
                future.result()


async def _amultipart_upload(
    client: AuthenticatedClient,
    prepared: LocalData,
    purpose: str,
    part_size: int,
    reporter: _Progress,
) -> OpenAIFile:
    ranges = list(_part_ranges(prepared.size, part_size))  # checked before any request
    upload = await create_upload.asyncio(client=client, body=_create_upload_body(prepared, purpose))
    try:
        limit = asyncio.Semaphore(PART_CONCURRENCY)
        failed = False

        async def send(start: int, length: int) -> str:
            nonlocal failed
            async with limit:
                if failed:  # another part failed: the upload is being cancelled
                    raise _Skipped
                try:
                    with _Window(prepared.path, start, length, reporter) as window:
                        body = AddUploadPartRequest(
                            data=File(payload=cast(BinaryIO, window), file_name="part")
                        )
                        part = await add_upload_part.asyncio(upload.id, client=client, body=body)
                        return part.id
                except BaseException:
                    failed = True
                    raise

        tasks = [asyncio.ensure_future(send(s, n)) for s, n in ranges]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            _raise_first_error(tasks)
            part_ids = [task.result() for task in tasks]
        finally:
            # After a failure (or a cancellation), stop the other parts before the upload
            # is cancelled, and collect their errors so none goes unretrieved.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        md5 = await asyncio.to_thread(_md5, prepared.path)
        completed = await complete_upload.asyncio(
            upload.id, client=client, body=CompleteUploadRequest(part_ids=part_ids, md5=md5)
        )
    except BaseException:
        # The original error matters more than the cleanup's.
        with contextlib.suppress(Exception):
            await cancel_upload.asyncio(upload.id, client=client)
        raise
    return _uploaded_file(completed)


def _connect() -> AuthenticatedClient:
    from ._config import connect

    return connect()


def _create_file_body(prepared: LocalData, purpose: str, window: _Window) -> CreateFileRequest:
    return CreateFileRequest(
        file=File(
            payload=cast(BinaryIO, window),
            file_name=prepared.name,
            mime_type=_mime(prepared.name),
        ),
        purpose=CreateFileRequestPurpose(purpose),
    )


def _create_upload_body(prepared: LocalData, purpose: str) -> CreateUploadRequest:
    if purpose not in _facts.UPLOAD_PURPOSES:
        raise UploadError(
            f"purpose {purpose!r} cannot be used with the Uploads API (files over 512 MB)"
        )
    return CreateUploadRequest(
        filename=prepared.name,
        purpose=CreateUploadRequestPurpose(purpose),
        bytes_=prepared.size,
        mime_type=_mime(prepared.name),
    )


def _uploaded_file(completed: Upload) -> OpenAIFile:
    if not isinstance(completed.file, OpenAIFile):
        raise UploadError(f"upload {completed.id} completed without a file object")
    return completed.file


def _cancel_quietly(cancel: Callable[[], object]) -> None:
    # The original error matters more than the cleanup's.
    with contextlib.suppress(Exception):
        cancel()


def _part_ranges(size: int, part_size: int) -> Iterator[tuple[int, int]]:
    if not 0 < part_size <= _facts.UPLOAD_PART_MAX_BYTES:
        raise UploadError(f"part_size must be between 1 and {_facts.UPLOAD_PART_MAX_BYTES} bytes")
    for start in range(0, size, part_size):
        yield start, min(part_size, size - start)


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _mime(filename: str) -> str:
    if filename.endswith(".jsonl"):
        return "text/jsonl"
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


# -- local checks and sources ---------------------------------------------------------


@contextmanager
def _prepare(source: FileSource, filename: str | None, purpose: str) -> Iterator[LocalData]:
    """``source`` as a file on disk, checked (bytes and streams go to a temporary file)."""
    if purpose not in _facts.FILE_PURPOSES:
        raise UploadError(
            f"unknown purpose {purpose!r}; expected one of {', '.join(_facts.FILE_PURPOSES)}"
        )
    # Parts are read concurrently and re-read on retry, so they need a real file.
    with local_source(source, "source", error=_upload_error) as data:
        prepared = attrs.evolve(data, name=filename) if filename else data
        _check_size(prepared)
        yield prepared


def _upload_error(problem: SourceProblem) -> UploadError:
    return UploadError(f"cannot upload {problem.reason}")


def _check_size(prepared: LocalData) -> None:
    if prepared.size == 0:
        raise UploadError(f"{prepared.name}: the file is empty")
    if prepared.size > _facts.UPLOAD_MAX_BYTES:
        raise UploadError(
            f"{prepared.name}: {prepared.size:,} bytes is over the {_facts.UPLOAD_MAX_BYTES:,}-byte (8 GB) "
            "limit of the Uploads API"
        )


class _Progress:
    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total = total
        self.callback = callback
        self.sent = 0
        self._lock = threading.Lock()

    def add(self, count: int) -> None:
        if self.callback is None or count <= 0:
            return
        # The callback runs under the lock: parts report from several threads, and the
        # values must reach the caller in increasing order.
        with self._lock:
            self.sent = min(self.total, self.sent + count)
            self.callback(self.sent, self.total)


class _Window(io.RawIOBase):
    """A read-only, seekable view of ``length`` bytes of a file starting at ``start``.

    httpx seeks a multipart file back to 0 before each send, so a retried request
    re-sends exactly this window.
    """

    def __init__(self, path: Path, start: int, length: int, reporter: _Progress) -> None:
        self._handle = path.open("rb")
        self._start = start
        self._length = length
        self._position = 0
        self._reported = 0  # bytes already counted: a re-sent window is not counted twice
        self._reporter = reporter
        self._handle.seek(start)
        self.name = path.name

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._length}[whence]
        self._position = max(0, min(self._length, base + offset))
        self._handle.seek(self._start + self._position)
        return self._position

    def readinto(self, buffer: Any) -> int:
        remaining = self._length - self._position
        if remaining <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), remaining)]
        count = self._handle.readinto(view)
        self._position += count
        if self._position > self._reported:
            self._reporter.add(self._position - self._reported)
            self._reported = self._position
        return count

    def close(self) -> None:
        self._handle.close()
        super().close()

    def __len__(self) -> int:
        return self._length
