"""Input sources, resolved in one place.

``upload_file``, ``validate_training_file`` and ``run_fine_tuning_job`` take their data the
same ways: a path, bytes, a binary file object, or (the workflows) the id of a file already
uploaded. This module tells those apart, checks them before any request (exists, a regular
file, readable, not a text-mode handle) and, where a caller needs a real file, copies bytes
and streams into one temporary file that is removed afterwards.

Each caller passes ``error=``, which turns a `SourceProblem` into the caller's own
exception (``UploadError``, ``TrainingDataError``, ``InvalidArgumentError``).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import IO, Literal, TypeAlias

import attrs

__all__ = [
    "LocalData",
    "RemoteFile",
    "Source",
    "SourceProblem",
    "describe_source",
    "local_source",
    "readable_source",
    "resolve_source",
]

Source: TypeAlias = "str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]"
ProblemKind: TypeAlias = Literal["missing", "not_a_file", "unreadable", "wrong_type"]

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
    if isinstance(checked, LocalData):
        yield checked
        return
    data = _spool(checked, _name_of(source))
    try:
        yield data
    finally:
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
    # read(0) reads nothing; it tells a text-mode handle that is not a TextIOBase.
    if isinstance(source, io.TextIOBase) or isinstance(read(0), str):
        raise _Refused(
            "wrong_type",
            param,
            "a text-mode file object: open the file in binary mode ('rb')",
        )
    return source


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
    if stat.S_ISDIR(status.st_mode):
        raise _Refused("not_a_file", param, f"{path}: is a directory, not a regular file", path)
    if not stat.S_ISREG(status.st_mode):
        raise _Refused("not_a_file", param, f"{path}: not a regular file", path)
    if not os.access(path, os.R_OK):
        raise _Refused("unreadable", param, f"{path}: not readable", path)
    return LocalData(path, path.name, status.st_size)


def _name_of(source: Source) -> str:
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) and name else DEFAULT_NAME


def _spool(data: bytes | bytearray | memoryview | IO[bytes], name: str) -> LocalData:
    # One temporary file, not a folder: the upload takes its name from `name`, and a
    # thousand runs started at once each pay for every file-system call here.
    descriptor, temporary = tempfile.mkstemp(prefix="openai-finetunes-", suffix=Path(name).suffix)
    path = Path(temporary)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if isinstance(data, bytes | bytearray | memoryview):
                handle.write(data)
            else:
                shutil.copyfileobj(data, handle, _CHUNK)
            size = handle.tell()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return LocalData(path, name, size)


def _position(stream: IO[bytes]) -> int | None:
    try:
        return stream.tell() if stream.seekable() else None
    except Exception:  # a stream without seekable()/tell(), or one that fails them
        return None
