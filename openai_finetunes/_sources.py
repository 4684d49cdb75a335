"""Input sources, resolved in one place.

``upload_file``, ``validate_training_file`` and ``run_fine_tuning_job`` take their data the
same ways: a path, bytes, a binary file object, or (the workflows) the id of a file already
uploaded. This module tells those apart, checks them before any request (exists, a regular
file, readable, not a text-mode handle) and, where a caller needs a real file, copies bytes
and streams into one temporary file that is removed afterwards.

Nothing here reads without bound: a path to a named pipe, device or socket is refused
before it is opened (reading ``/dev/zero`` or a pipe with no writer never ends), an open
handle on a character or block device is refused before it is read, and a stream is
read up to `MAX_SOURCE_BYTES` (the Uploads API's 8 GB limit) and refused past it.

Each caller passes ``error=``, which turns a `SourceProblem` into the caller's own
exception (``UploadError``, ``TrainingDataError``, ``InvalidArgumentError``).
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import IO, Final, Literal, TypeAlias

import attrs

from . import _facts

__all__ = [
    "MAX_SOURCE_BYTES",
    "LocalData",
    "RemoteFile",
    "Source",
    "SourceProblem",
    "describe_source",
    "local_source",
    "non_regular_kind",
    "readable_source",
    "resolve_source",
]

Source: TypeAlias = "str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]"
ProblemKind: TypeAlias = Literal["missing", "not_a_file", "too_large", "unreadable", "wrong_type"]

#: The most read from one source: 8 GB, the Uploads API's limit. Nothing larger can be
#: uploaded, so a stream that goes on past it (an endless one included) is refused there.
MAX_SOURCE_BYTES: Final = _facts.UPLOAD_MAX_BYTES

#: The name of data given as bytes or as a stream without a name.
DEFAULT_NAME = "training.jsonl"
_CHUNK = 1024 * 1024
_FILE_ID_HINT = " (and not a file id like 'file-abc123')"


@attrs.frozen
class SourceProblem:
    """Why ``param`` cannot be used; ``reason`` names the path or value and the problem."""

    kind: ProblemKind
    param: str
    reason: str
    path: Path | None = None

    def __str__(self) -> str:
        return f"{self.param}: {self.reason}"


#: Turns a problem into the exception the caller raises.
ErrorFactory: TypeAlias = Callable[[SourceProblem], Exception]


class _Refused(Exception):
    """Carries a problem from the checks to `_raising` (never escapes this module)."""

    def __init__(
        self, kind: ProblemKind, param: str, reason: str, path: Path | None = None
    ) -> None:
        super().__init__(reason)
        self.problem = SourceProblem(kind, param, reason, path)


@attrs.frozen
class RemoteFile:
    """A file already uploaded to the service."""

    file_id: str

    @property
    def identity(self) -> str:
        return self.file_id


@attrs.frozen
class LocalData:
    """Data in a file on local disk: the caller's own, or a temporary copy."""

    path: Path
    name: str
    size: int

    @cached_property
    def digest(self) -> str:
        """The sha256 of the data, read on first use (an upload alone never pays for it)."""
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    @property
    def identity(self) -> str:
        return f"sha256:{self.digest}"

    @property
    def upload_name(self) -> str:
        # The digest in the name lets a re-run (or a retry after a lost response) find
        # the file it already uploaded instead of uploading it twice.
        stem, dot, extension = self.name.rpartition(".")
        if not dot or not stem:
            return f"{self.name}.{self.digest[:12]}"
        return f"{stem}.{self.digest[:12]}.{extension}"


def describe_source(source: object) -> str:
    """A short human name for ``source`` used in messages."""
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        return path if isinstance(path, str) else repr(path)
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>"
    name = getattr(source, "name", None)
    if isinstance(name, str):
        return name
    return "<file object>"


@contextmanager
def resolve_source(
    source: Source, param: str, *, error: ErrorFactory
) -> Iterator[LocalData | RemoteFile]:
    """Like `local_source`, but a string ``file-...`` that is not a path is a `RemoteFile`.

    The id's format is the caller's to check.
    """
    if isinstance(source, str) and source.startswith("file-") and not os.path.exists(source):
        yield RemoteFile(source)
        return
    with _on_disk(source, param, error, _FILE_ID_HINT) as data:
        yield data


@contextmanager
def local_source(source: Source, param: str, *, error: ErrorFactory) -> Iterator[LocalData]:
    """Yield ``source`` as a file on disk.

    A path is checked and used as it is. Bytes and streams are copied, chunk by chunk, into
    one temporary file, removed when the block ends (whether or not it raised).
    """
    with _on_disk(source, param, error, "") as data:
        yield data


@contextmanager
def readable_source(
    source: Source, param: str, *, error: ErrorFactory
) -> Iterator[LocalData | IO[bytes]]:
    """Yield a checked path as `LocalData`, or bytes and streams as a binary stream, uncopied.

    A caller's stream is read from its current position, left open, and if it is
    seekable its position is restored afterwards.
    """
    with _raising(error):
        checked = _check(source, param, "")
    if isinstance(checked, LocalData):
        yield checked
    elif isinstance(checked, bytes | bytearray | memoryview):
        yield io.BytesIO(checked)
    else:
        start = _position(checked)
        try:
            yield checked
        finally:
            if start is not None:
                checked.seek(start)


@contextmanager
def _on_disk(
    source: Source, param: str, error: ErrorFactory, missing_hint: str
) -> Iterator[LocalData]:
    with _raising(error):
        checked = _check(source, param, missing_hint)
        spooled = not isinstance(checked, LocalData)
        data = (
            checked
            if isinstance(checked, LocalData)
            else _spool(checked, _name_of(source), param, describe_source(source))
        )
    try:
        yield data
    finally:
        if spooled:
            data.path.unlink(missing_ok=True)


@contextmanager
def _raising(error: ErrorFactory) -> Iterator[None]:
    try:
        yield
    except _Refused as refused:
        raise error(refused.problem) from None


def _check(
    source: Source, param: str, missing_hint: str
) -> LocalData | bytes | bytearray | memoryview | IO[bytes]:
    if isinstance(source, str | os.PathLike):
        return _check_path(source, param, missing_hint)
    if isinstance(source, bytes | bytearray | memoryview):
        return source
    read = getattr(source, "read", None)
    if not callable(read):
        file_id = " or a file id" if missing_hint else ""
        raise _Refused(
            "wrong_type",
            param,
            f"a value of type {type(source).__name__}: "
            f"expected a path, bytes or a binary file object{file_id}",
        )
    device = _device_kind(source)
    if device is not None:
        raise _Refused(
            "not_a_file",
            param,
            f"{describe_source(source)}: an open handle on {device}, not on a regular file "
            "or a pipe; refused before reading, as it may never end",
        )
    # read(0) reads nothing; it tells a text-mode handle that is not a TextIOBase.
    if isinstance(source, io.TextIOBase) or isinstance(read(0), str):
        raise _Refused(
            "wrong_type",
            param,
            "a text-mode file object: open the file in binary mode ('rb')",
        )
    return source


def _device_kind(stream: object) -> str | None:
    """``a character device`` or ``a block device`` if ``stream`` reads from one, else None.

    Pipes and sockets pass (standard input is often one); they are read within
    `MAX_SOURCE_BYTES`.
    """
    fileno = getattr(stream, "fileno", None)
    if not callable(fileno):
        return None
    try:
        mode = os.fstat(fileno()).st_mode
    except (OSError, ValueError, TypeError):  # no descriptor (BytesIO), or a closed one
        return None
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return None


def non_regular_kind(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file (``a named pipe (FIFO)``...)."""
    for test, kind in _NOT_REGULAR:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "a special file"


_NOT_REGULAR: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _check_path(source: str | os.PathLike[str], param: str, missing_hint: str) -> LocalData:
    raw: str | bytes = os.fspath(source)
    if isinstance(raw, bytes):
        raise _Refused("wrong_type", param, f"{raw!r}: a bytes path; pass a str or pathlib.Path")
    path = Path(raw)
    try:
        status = path.stat()  # one call for existence, kind and size
    except (FileNotFoundError, NotADirectoryError):
        raise _Refused("missing", param, f"{path}: no such file{missing_hint}", path) from None
    except OSError as exc:
        raise _Refused("unreadable", param, f"{path}: {exc.strerror or exc}", path) from None
    # Refused before it is opened: opening a FIFO waits for a writer, and reading a
    # device such as /dev/zero never ends.
    kind = non_regular_kind(status.st_mode)
    if kind is not None:
        raise _Refused("not_a_file", param, f"{path}: is {kind}, not a regular file", path)
    if not os.access(path, os.R_OK):
        raise _Refused("unreadable", param, f"{path}: not readable", path)
    return LocalData(path, path.name, status.st_size)


def _name_of(source: Source) -> str:
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) and name else DEFAULT_NAME


def _spool(
    data: bytes | bytearray | memoryview | IO[bytes], name: str, param: str, label: str
) -> LocalData:
    # One temporary file, not a folder: the upload takes its name from `name`, and a
    # thousand runs started at once each pay for every file-system call here.
    limit = MAX_SOURCE_BYTES
    if isinstance(data, bytes | bytearray | memoryview) and len(data) > limit:
        raise _Refused("too_large", param, _too_large(label, limit))
    try:
        import tempfile  # on first use: importing the workflows stays fast

        descriptor, temporary = tempfile.mkstemp(
            prefix="openai-finetunes-", suffix=Path(name).suffix
        )
    except OSError as exc:
        raise _Refused(
            "unreadable", param, f"{label}: cannot create a temporary copy: {exc}"
        ) from None
    path = Path(temporary)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if isinstance(data, bytes | bytearray | memoryview):
                handle.write(data)
            else:
                _copy_bounded(data, handle, limit, label, param)
            size = handle.tell()
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise _Refused(
            "unreadable", param, f"{label}: cannot copy it to a temporary file: {exc}"
        ) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return LocalData(path, name, size)


def _copy_bounded(stream: IO[bytes], handle: IO[bytes], limit: int, label: str, param: str) -> None:
    """Copy ``stream`` into ``handle``; refuse it once it goes on past ``limit`` bytes."""
    copied = 0
    while True:
        try:
            chunk = stream.read(min(_CHUNK, limit + 1 - copied))
        except OSError as exc:
            raise _Refused("unreadable", param, f"{label}: error while reading: {exc}") from None
        if not chunk:
            return
        copied += len(chunk)
        if copied > limit:
            raise _Refused("too_large", param, _too_large(label, limit))
        handle.write(chunk)


def _too_large(label: str, limit: int) -> str:
    return (
        f"{label}: more than {limit:,} bytes, the 8 GB upload limit; "
        "reading stopped there (an endless stream?)"
    )


def _position(stream: IO[bytes]) -> int | None:
    try:
        return stream.tell() if stream.seekable() else None
    except Exception:  # a stream without seekable()/tell(), or one that fails them
        return None
