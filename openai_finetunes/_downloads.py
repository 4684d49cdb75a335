"""``download_file``: stream a stored file's content to a path or a binary file object.

Memory stays constant whatever the size: the body goes from the socket to the destination
``chunk_size`` bytes at a time (the request carries the retry transport's ``STREAM``
extension, so the transport hands its body back unread). A path is written atomically:
into a temporary file beside it (``.NAME.*.part``), flushed and fsynced, then renamed over
the destination. A failure removes the temporary file and leaves whatever was at the
destination as it was.

A body that breaks off mid-way is fetched again under the client's `RetryPolicy`: with
``Range: bytes=N-`` to go on after the N bytes already written. A server that ignores the
range (the fake does; the service does not document it) answers 200 with the whole body,
whose first N bytes are skipped: the download restarts from zero without rewriting them.
An attempt that brought new bytes starts the retry count afresh, so a long download over
a flaky link finishes as long as every attempt makes progress.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, Protocol, TypeAlias, overload
from urllib.parse import quote

import httpx

from ._deadline import Deadline, check_timeout, current_deadline, deadline_scope
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InvalidArgumentError,
    OpenAIFinetunesError,
    error_for_response,
)
from ._retry import (
    _ATTEMPT_FAILED,
    STREAM,
    RetryPolicy,
    RetryTransport,
    _api_error,
    _retries_enabled,
    _time_for,
)

if TYPE_CHECKING:
    from .client import AuthenticatedClient
    from .models.fine_tuning_job import FineTuningJob

__all__ = ["Destination", "DownloadError", "adownload_file", "download_file"]

logger = logging.getLogger("openai_finetunes")

Destination: TypeAlias = "str | os.PathLike[str] | IO[bytes]"
_STREAMED: Final = {STREAM: True}
_CONTENT_RANGE: Final = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")


class DownloadError(OpenAIFinetunesError, OSError):
    """The destination could not be written (a full disk, no permission).

    Also an ``OSError`` with the original ``errno``. Nothing is left at a path destination.
    """


# -- the public functions ------------------------------------------------------------


@overload
def download_file(
    file_id: str,
    destination: str | os.PathLike[str],
    *,
    client: AuthenticatedClient | None = None,
    chunk_size: int | None = None,
    timeout: float | None = None,
) -> Path: ...


@overload
def download_file(
    file_id: str,
    destination: IO[bytes],
    *,
    client: AuthenticatedClient | None = None,
    chunk_size: int | None = None,
    timeout: float | None = None,
) -> int: ...


def download_file(
    file_id: str,
    destination: Destination,
    *,
    client: AuthenticatedClient | None = None,
    chunk_size: int | None = None,
    timeout: float | None = None,
) -> Path | int:
    """Save the content of ``file_id`` to ``destination`` in constant memory.

    ``destination`` is a file path (written atomically; returns the path), a directory
    written with a trailing slash (``"results/"``: the file keeps its own name, from its
    metadata; returns the path), or a binary file object open for writing (written from
    its position; returns the number of bytes). An existing directory without the slash,
    a text-mode file object or a missing parent directory raise ``InvalidArgumentError``
    before any request. ``timeout`` bounds the whole download, retries included
    (``APITimeoutError``); a deadline already running (a workflow's ``timeout=``) bounds
    it too. ``chunk_size`` sets the bytes per write; by default each piece is written as
    it arrives (up to 64 KiB over a socket), which is the fastest.

    >>> from openai_finetunes import download_file
    >>> # download_file("file-abc123", "results.csv", client=client)   -> Path('results.csv')
    >>> # download_file("file-abc123", "out/", client=client)   -> Path('out/step_metrics.csv')
    """
    _check_options(file_id, chunk_size, timeout)
    target = _resolve(destination)
    client = client if client is not None else _connect()
    with deadline_scope(_deadline(timeout)):
        if isinstance(target, _Directory):
            from .api.files import retrieve_file

            found = retrieve_file.sync(file_id, client=client)
            target = target.path / _safe_name(found.filename, file_id)
        sink = _sink(target)
        try:
            _transfer(client, file_id, _Transfer(sink, _policy(client)), chunk_size)
            sink.commit()
        except BaseException:
            sink.discard()
            raise
    return target if isinstance(target, Path) else sink.written


@overload
async def adownload_file(
    file_id: str,
    destination: str | os.PathLike[str],
    *,
    client: AuthenticatedClient | None = None,
    chunk_size: int | None = None,
    timeout: float | None = None,
) -> Path: ...


@overload
async def adownload_file(
    file_id: str,
    destination: IO[bytes],
    *,
    client: AuthenticatedClient | None = None,
    chunk_size: int | None = None,
    timeout: float | None = None,
) -> int: ...


async def adownload_file(
    file_id: str,
    destination: Destination,
    *,
    client: AuthenticatedClient | None = None,
    chunk_size: int | None = None,
    timeout: float | None = None,
) -> Path | int:
    """Async twin of :func:`download_file` (the final fsync runs in a worker thread).

    Cancelled during that final commit, it waits for the commit to end, which then stands
    (the file is complete at the destination), and raises the cancellation.

    >>> # path = await adownload_file("file-abc123", "results.csv", client=client)
    """
    _check_options(file_id, chunk_size, timeout)
    target = _resolve(destination)
    client = client if client is not None else _connect()
    with deadline_scope(_deadline(timeout)):
        if isinstance(target, _Directory):
            from .api.files import retrieve_file

            found = await retrieve_file.asyncio(file_id, client=client)
            target = target.path / _safe_name(found.filename, file_id)
        sink = _sink(target)
        try:
            await _atransfer(client, file_id, _Transfer(sink, _policy(client)), chunk_size)
        except BaseException:
            sink.discard()
            raise
        await _acommit(sink)
    return target if isinstance(target, Path) else sink.written


async def _acommit(sink: _Sink) -> None:
    """``sink.commit()`` in a worker thread, shielded from cancellation.

    A thread cannot be stopped half-way through fsync and rename, so a cancellation that
    arrives meanwhile waits for the commit to end and is raised after it. A commit that
    completed stands (the whole file is at the destination, the previous one replaced:
    there is nothing left to restore it from); one that failed is discarded.
    """
    commit = asyncio.ensure_future(asyncio.to_thread(sink.commit))
    cancelled: asyncio.CancelledError | None = None
    while not commit.done():
        try:
            await asyncio.wait({commit})  # being cancelled here leaves ``commit`` running
        except asyncio.CancelledError as error:
            cancelled = error
    if commit.cancelled() or commit.exception() is not None:
        sink.discard()
    if cancelled is not None:
        raise cancelled
    commit.result()  # the commit's own error (DownloadError), if any


def download_job_results(
    client: AuthenticatedClient,
    job: FineTuningJob,
    directory: str | os.PathLike[str],
    *,
    timeout: float | None = None,
) -> list[Path]:
    """Every result file of ``job`` saved in ``directory`` (created if missing), by name."""
    check_timeout(timeout)
    folder = _results_directory(directory)
    from .api.files import retrieve_file

    paths: list[Path] = []
    with deadline_scope(_deadline(timeout)):
        for file_id in _result_files(job):
            found = retrieve_file.sync(file_id, client=client)
            path = folder / _unique_name(_safe_name(found.filename, file_id), file_id, paths)
            paths.append(download_file(file_id, path, client=client))
    return paths


async def adownload_job_results(
    client: AuthenticatedClient,
    job: FineTuningJob,
    directory: str | os.PathLike[str],
    *,
    timeout: float | None = None,
) -> list[Path]:
    """Async twin of :func:`download_job_results`."""
    check_timeout(timeout)
    folder = _results_directory(directory)
    from .api.files import retrieve_file

    paths: list[Path] = []
    with deadline_scope(_deadline(timeout)):
        for file_id in _result_files(job):
            found = await retrieve_file.asyncio(file_id, client=client)
            path = folder / _unique_name(_safe_name(found.filename, file_id), file_id, paths)
            paths.append(await adownload_file(file_id, path, client=client))
    return paths


# -- one download across attempts ----------------------------------------------------


class _Sink(Protocol):
    written: int

    def write(self, data: bytes) -> None: ...

    def commit(self) -> None: ...

    def discard(self) -> None: ...


class _Transfer:
    """What one download has written, and what its next attempt asks for and skips."""

    def __init__(self, sink: _Sink, policy: RetryPolicy) -> None:
        self.sink = sink
        self.policy = policy
        self.retries = policy.max_retries if _retries_enabled.get() else 0
        self.retry = 0
        self.total: int | None = None
        self.ranges = True  # ask to resume with a Range header until the server fails it
        self.asked_range = False
        self.request: httpx.Request | None = None
        self._skip = 0
        self._mark = 0
        self._deadline: Deadline | None = current_deadline()

    def headers(self) -> dict[str, str]:
        have = self.sink.written
        self.asked_range = bool(have) and self.ranges
        self._mark = have
        if not self.asked_range:
            return {}
        # Ranges count bytes of the body as sent: ask for it unencoded.
        return {"Range": f"bytes={have}-", "Accept-Encoding": "identity"}

    def begin(self, response: httpx.Response) -> None:
        """Check the answer; the transport has raised for error statuses already.

        An answer that is not the file (a redirect, a 1xx) is raised typed: the caller
        has read its body first (``read()`` or ``await aread()``, as the stream allows).
        """
        self.request = response.request
        if not response.is_success:
            raise error_for_response(response)
        have = self.sink.written
        if response.status_code == 206 and self.asked_range:
            start, total = _content_range(response.headers.get("content-range"))
            if start != have:  # not where this download stands: ask for it whole
                self.ranges = False
                raise httpx.RemoteProtocolError(
                    f"asked for bytes {have}- and got {response.headers.get('content-range')!r}",
                    request=response.request,
                )
            self._skip = 0
            self._expect(total)
        else:  # the whole body: skip what was written already
            self._skip = have
            self._expect(_whole_length(response))

    def take(self, chunk: bytes) -> None:
        if self._deadline is not None and self._deadline.passed:
            assert self.request is not None
            raise APITimeoutError(self.request)
        if self._skip:
            cut = min(self._skip, len(chunk))
            self._skip -= cut
            chunk = chunk[cut:]
        if chunk:
            self.sink.write(chunk)

    def end(self) -> None:
        written = self.sink.written
        if self._skip or (self.total is not None and written != self.total):
            assert self.request is not None
            raise httpx.RemoteProtocolError(
                f"the body ended after {written} of {self.total} bytes", request=self.request
            )

    def retry_after(self, error: httpx.RequestError) -> float:
        """Seconds to wait before the next attempt, or raise the typed error for ``error``."""
        request = self.request or error.request
        if self.sink.written > self._mark:
            self.retry = 0  # this attempt made progress: a fresh budget for the rest
        delay = self.policy.delay(self.retry)
        if self.retry >= self.retries or not _time_for(delay):
            raise _api_error(request, error) from error
        self.retry += 1
        logger.info(
            "download of %s broke off after %d bytes (%r); trying again in %.2fs (retry %d of %d)",
            request.url.path,
            self.sink.written,
            error,
            delay,
            self.retry,
            self.retries,
        )
        return delay

    def refused_range(self, error: APIStatusError) -> bool:
        """A 416 to a resumed request: ask for the whole body next time."""
        if error.status_code == 416 and self.asked_range:
            self.ranges = False
            return True
        return False

    def _expect(self, total: int | None) -> None:
        if total is None:
            return
        if self.total is None:
            self.total = total
        elif total != self.total:
            assert self.request is not None
            raise APIConnectionError(
                f"the file's size changed during the download ({self.total} then {total} "
                "bytes); download it again",
                request=self.request,
            )


def _transfer(
    client: AuthenticatedClient, file_id: str, transfer: _Transfer, size: int | None
) -> None:
    http = client.get_httpx_client()
    url = _content_url(file_id)
    while True:
        try:
            headers = transfer.headers()
            with http.stream("GET", url, headers=headers, extensions=_STREAMED) as response:
                if not response.is_success:
                    response.read()  # for the error's message
                transfer.begin(response)
                for chunk in response.iter_bytes(size):
                    transfer.take(chunk)
                transfer.end()
            return
        except APIStatusError as error:
            if not transfer.refused_range(error):
                raise
        except _ATTEMPT_FAILED as error:
            transfer.policy.sleep(transfer.retry_after(error))


async def _atransfer(
    client: AuthenticatedClient, file_id: str, transfer: _Transfer, size: int | None
) -> None:
    http = client.get_async_httpx_client()
    url = _content_url(file_id)
    while True:
        try:
            headers = transfer.headers()
            async with http.stream("GET", url, headers=headers, extensions=_STREAMED) as response:
                if not response.is_success:
                    await response.aread()  # for the error's message (an async stream)
                transfer.begin(response)
                async for chunk in response.aiter_bytes(size):
                    transfer.take(chunk)
                transfer.end()
            return
        except APIStatusError as error:
            if not transfer.refused_range(error):
                raise
        except _ATTEMPT_FAILED as error:
            await transfer.policy.async_sleep(transfer.retry_after(error))


def _content_url(file_id: str) -> str:
    return f"/files/{quote(file_id, safe='')}/content"


def _content_range(value: str | None) -> tuple[int | None, int | None]:
    found = _CONTENT_RANGE.fullmatch((value or "").strip())
    if found is None:
        return None, None
    total = found.group(3)
    return int(found.group(1)), None if total == "*" else int(total)


def _whole_length(response: httpx.Response) -> int | None:
    """The body's size in bytes as written, when the headers tell it."""
    if response.headers.get("content-encoding", "identity").lower() != "identity":
        return None  # Content-Length counts the encoded bytes
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        return None


def _policy(client: AuthenticatedClient) -> RetryPolicy:
    """The retry policy of the client's transport (a default one for a plain client)."""
    transport = getattr(client, "_httpx_args", {}).get("transport")
    if not isinstance(transport, RetryTransport):  # a client set with set_httpx_client()
        transport = getattr(client.get_httpx_client(), "_transport", None)
    return transport.policy if isinstance(transport, RetryTransport) else RetryPolicy()


def _connect() -> AuthenticatedClient:
    from ._config import connect

    return connect()


# -- arguments and destinations ------------------------------------------------------


class _Directory:
    def __init__(self, path: Path) -> None:
        self.path = path


def _check_options(file_id: object, chunk_size: object, timeout: object) -> None:
    if not isinstance(file_id, str) or not file_id.strip():
        raise InvalidArgumentError(
            "file_id", f"must be a file id like 'file-abc123', got {file_id!r}"
        )
    if chunk_size is not None and (
        isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1
    ):
        raise InvalidArgumentError(
            "chunk_size", f"must be a whole number of bytes >= 1, got {chunk_size!r}"
        )
    check_timeout(timeout)


def _deadline(timeout: float | None) -> Deadline | None:
    return None if timeout is None else Deadline.after(float(timeout))


def _resolve(destination: object) -> Path | _Directory | IO[bytes]:
    """Where the bytes go; every problem that can be seen locally is raised here."""
    if isinstance(destination, str | os.PathLike):
        text = os.fspath(destination)
        if not isinstance(text, str) or not text:
            raise InvalidArgumentError("destination", f"must be a path, got {destination!r}")
        path = Path(text)
        if text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep)):
            if path.exists() and not path.is_dir():
                raise InvalidArgumentError("destination", f"{text} is not a directory")
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise _download_error(error, path) from error
            return _Directory(path)
        if path.is_dir():
            raise InvalidArgumentError(
                "destination",
                f"{text} is a directory: end it with a slash ({text.rstrip('/')}/) to save the "
                "file in it under its own name, or name the file",
            )
        if not path.parent.is_dir():
            raise InvalidArgumentError("destination", f"no such directory: {path.parent}")
        return path
    if not callable(getattr(destination, "write", None)):
        raise InvalidArgumentError(
            "destination",
            f"must be a path or a binary file object, got {type(destination).__name__}",
        )
    mode = getattr(destination, "mode", None)
    if isinstance(destination, io.TextIOBase) or (isinstance(mode, str) and "b" not in mode):
        raise InvalidArgumentError(
            "destination", "a text-mode file object: open it in binary mode ('wb')"
        )
    writable = getattr(destination, "writable", None)
    if callable(writable) and not writable():
        raise InvalidArgumentError("destination", "the file object is not open for writing")
    return destination  # type: ignore[return-value]


def _results_directory(directory: str | os.PathLike[str]) -> Path:
    if not isinstance(directory, str | os.PathLike) or not os.fspath(directory):
        raise InvalidArgumentError("directory", f"must be a directory path, got {directory!r}")
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise InvalidArgumentError("directory", f"{folder} is not a directory")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _download_error(error, folder) from error
    return folder


def _result_files(job: FineTuningJob) -> list[str]:
    files = getattr(job, "result_files", None)
    return [item for item in files if isinstance(item, str)] if isinstance(files, list) else []


def _safe_name(filename: object, fallback: str) -> str:
    """The last part of a name the server gave (never a path out of the directory)."""
    for candidate in (filename, fallback):
        if isinstance(candidate, str):
            name = candidate.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
            if name not in ("", ".", ".."):
                return name
    return "download"


def _unique_name(name: str, file_id: str, taken: Iterable[Path]) -> str:
    if any(path.name == name for path in taken):
        return _safe_name(f"{file_id}-{name}", name)
    return name


# -- sinks -----------------------------------------------------------------------------


def _sink(target: Path | IO[bytes]) -> _Sink:
    return _AtomicFile(target) if isinstance(target, Path) else _IntoFile(target)


def _download_error(error: OSError, path: Path | None) -> DownloadError:
    where = f" {path}" if path is not None else ""
    reason = error.strerror or str(error) or type(error).__name__
    return DownloadError(error.errno, f"cannot write{where}: {reason}")


class _AtomicFile:
    """A temporary file beside ``path``, renamed over it by ``commit``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.written = 0
        try:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        except OSError as error:
            raise _download_error(error, path) from error
        self._temp = Path(name)
        self._file = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        try:
            self._file.write(data)
        except OSError as error:
            raise _download_error(error, self.path) from error
        self.written += len(data)

    def commit(self) -> None:
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.chmod(self._temp, _mode_for(self.path))
            os.replace(self._temp, self.path)
        except OSError as error:
            raise _download_error(error, self.path) from error
        _fsync_directory(self.path.parent)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
        with contextlib.suppress(OSError):
            self._temp.unlink()


class _IntoFile:
    """The caller's binary file object; a failure truncates it back when it can seek."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self.written = 0
        self._start: int | None = None
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if file.seekable():
                self._start = file.tell()

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                count = self._file.write(view)
                if not isinstance(count, int) or count >= len(view):
                    break
                if count <= 0:
                    raise OSError(f"{type(self._file).__name__}.write() wrote nothing")
                view = view[count:]
        except OSError as error:
            raise _download_error(error, None) from error
        self.written += len(data)

    def commit(self) -> None:
        try:
            self._file.flush()
        except OSError as error:
            raise _download_error(error, None) from error

    def discard(self) -> None:
        if self._start is None or not self.written:
            return
        with contextlib.suppress(OSError, ValueError):
            self._file.seek(self._start)
            self._file.truncate()


def _mode_for(path: Path) -> int:
    """The permissions a new file gets (``0o666`` less the umask), or the replaced file's."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux tells it without changing it (os.umask would, for every thread)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable too (best effort: not every platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
