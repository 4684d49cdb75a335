"""Opening a training-file source and splitting it into lines in bounded memory."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

import attrs

from .._exceptions import InvalidArgumentError
from .._sources import (
    MAX_SOURCE_BYTES,
    LocalData,
    Source,
    SourceProblem,
    describe_source,
    non_regular_kind,
    readable_source,
)
from ._report import TrainingDataError

__all__ = [
    "MAX_LINE_BYTES",
    "MAX_SOURCE_BYTES",
    "RawLine",
    "ReadState",
    "Source",
    "describe_source",
    "iter_lines",
    "open_source",
]

#: Lines longer than this are not decoded or parsed; they are reported as too long
#: and skipped. 4 MiB is 64 bytes per token at the 65,536-token example limit,
#: far more than any real tokenizer averages, so no valid example is rejected.
MAX_LINE_BYTES = 4 * 1024 * 1024

_CHUNK_SIZE = 1024 * 1024
# What is kept of an oversized line: enough to recognise a byte-order mark.
_OVERSIZED_HEAD = 64


@attrs.frozen
class RawLine:
    """One line of the file, without its line terminator.

    For an oversized line (``truncated``) ``data`` holds only its first bytes and
    ``size`` the full length.
    """

    number: int
    data: bytes
    size: int
    truncated: bool


@attrs.define
class ReadState:
    """How far `iter_lines` read, and whether it stopped at its byte limit."""

    n_bytes: int = 0
    #: The source goes on past the limit: the lines after it were not read.
    over_limit: bool = False


@contextlib.contextmanager
def open_source(source: Source, name: str) -> Iterator[Callable[[int], bytes]]:
    """Yield a ``read(n)`` callable over ``source``.

    Paths are opened (and closed) here; path problems raise `TrainingDataError`, and
    so does a path to anything but a regular file (a FIFO, a device, a socket), before
    it is read. A caller's file object is not closed, and if it is seekable its position
    is restored afterwards.
    """
    with readable_source(source, "source", error=_source_error) as data:
        if not isinstance(data, LocalData):
            yield _guarded_read(data.read, name)
            return
        path = str(data.path)
        try:
            # Non-blocking, so that opening a FIFO put in the checked file's place does
            # not wait for a writer; the kind is checked again on the open descriptor.
            handle = open(path, "rb", opener=_open_nonblocking)  # noqa: SIM115 - closed below
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise TrainingDataError(f"cannot read training file {path!r}: {reason}") from exc
        with handle:
            kind = non_regular_kind(os.fstat(handle.fileno()).st_mode)
            if kind is not None:
                raise TrainingDataError(f"training file {path}: is {kind}, not a regular file")
            yield _guarded_read(handle.read, name)


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _source_error(problem: SourceProblem) -> Exception:
    if problem.kind == "wrong_type":
        return InvalidArgumentError(problem.param, problem.reason)
    if problem.kind == "missing":
        return TrainingDataError(f"training file {str(problem.path)!r} does not exist")
    return TrainingDataError(f"training file {problem.reason}")


def _guarded_read(read: Callable[[int], object], name: str) -> Callable[[int], bytes]:
    def checked(n: int) -> bytes:
        try:
            chunk = read(n)
        except OSError as exc:
            raise TrainingDataError(f"error while reading training file {name!r}: {exc}") from exc
        if isinstance(chunk, str):
            raise InvalidArgumentError(
                "source", "the file object returned text; open the file in binary mode ('rb')"
            )
        if chunk is None:  # non-blocking raw streams
            return b""
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise InvalidArgumentError(
                "source", f"read() returned {type(chunk).__name__}, expected bytes"
            )
        return bytes(chunk)

    return checked


def iter_lines(
    read: Callable[[int], bytes],
    max_line_bytes: int = MAX_LINE_BYTES,
    *,
    max_bytes: int | None = None,
    state: ReadState | None = None,
) -> Iterator[RawLine]:
    """Split the stream into `RawLine` s holding at most ``max_line_bytes`` each.

    Only ``\\n`` ends a line; a trailing ``\\r`` is left to the JSON parser, which
    treats it as whitespace. A final newline does not start an extra line.

    At most ``max_bytes`` (default `MAX_SOURCE_BYTES`, the 8 GB upload limit) are read,
    so an endless stream ends too: past them ``state.over_limit`` is set and the line
    cut at the limit is dropped, unless it is already over ``max_line_bytes``.
    """
    limit = MAX_SOURCE_BYTES if max_bytes is None else max_bytes
    state = ReadState() if state is None else state
    number = 0
    pending = bytearray()
    size = 0  # full length of the current line, including bytes not kept

    while True:
        room = limit - state.n_bytes
        chunk = read(min(_CHUNK_SIZE, room)) if room > 0 else b""
        if len(chunk) > room:  # a read() that returns more than asked for
            chunk = chunk[:room]
            state.over_limit = True
        elif not chunk:
            # At the limit: one more byte tells a source of exactly the limit from a
            # longer (or endless) one.
            state.over_limit = room <= 0 and bool(read(1))
            break
        state.n_bytes += len(chunk)
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            stop = len(chunk) if end == -1 else end
            room = max_line_bytes + 1 - len(pending)
            if room > 0:
                pending += chunk[start : min(stop, start + room)]
            size += stop - start
            if end == -1:
                break
            number += 1
            yield _make_line(number, pending, size, max_line_bytes)
            pending = bytearray()
            size = 0
            start = end + 1
        if state.over_limit:
            break
    if size and (not state.over_limit or size > max_line_bytes):
        yield _make_line(number + 1, pending, size, max_line_bytes)


def _make_line(number: int, pending: bytearray, size: int, max_line_bytes: int) -> RawLine:
    if size > max_line_bytes:
        return RawLine(number, bytes(pending[:_OVERSIZED_HEAD]), size, truncated=True)
    return RawLine(number, bytes(pending), size, truncated=False)
