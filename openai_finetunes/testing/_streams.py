"""Request-body readers: ``read(n) -> bytes`` (``b""`` at the end) over sockets or iterators."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from ._errors import ApiError

__all__ = [
    "BodyReader",
    "ChunkedReader",
    "IteratorReader",
    "LengthReader",
    "drain",
    "read_all",
]

CHUNK_BYTES = 256 * 1024


class BodyReader(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


class RawStream(Protocol):
    """A socket's buffered reader (``rfile``)."""

    def read(self, n: int = -1, /) -> bytes: ...

    def readline(self, limit: int = -1, /) -> bytes: ...


class LengthReader:
    """At most ``length`` bytes of ``raw`` (a ``Content-Length`` body)."""

    def __init__(self, raw: RawStream, length: int) -> None:
        self._raw = raw
        self.remaining = length

    def read(self, n: int = -1, /) -> bytes:
        if self.remaining <= 0:
            return b""
        n = self.remaining if n < 0 else min(n, self.remaining)
        data = self._raw.read(n)
        if not data:
            raise ConnectionError("the client closed the connection mid-body")
        self.remaining -= len(data)
        return data


class ChunkedReader:
    """Decodes ``Transfer-Encoding: chunked`` (trailers are read and ignored)."""

    def __init__(self, raw: RawStream) -> None:
        self._raw = raw
        self._left = 0
        self._done = False

    def read(self, n: int = -1, /) -> bytes:
        if self._done:
            return b""
        if self._left == 0:
            line = self._raw.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise ApiError(400, "Malformed chunked request body.") from None
            if size == 0:
                while self._raw.readline(8192).strip():  # trailers up to the blank line
                    pass
                self._done = True
                return b""
            self._left = size
        want = self._left if n < 0 else min(n, self._left)
        data = self._raw.read(want)
        if not data:
            raise ConnectionError("the client closed the connection mid-body")
        self._left -= len(data)
        if self._left == 0:
            self._raw.readline(8)  # the CRLF that ends the chunk
        return data


class IteratorReader:
    """A reader over an iterable of byte chunks (an httpx request stream).

    ``read(n)`` may return fewer than ``n`` bytes; callers loop until ``b""``. A chunk
    is consumed through an offset, never by re-slicing its rest: httpx hands over a
    64 MiB ``bytes`` part as one chunk, and re-slicing it per read would be quadratic.
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks: Iterator[bytes] = iter(chunks)
        self._pending = b""
        self._offset = 0

    def read(self, n: int = -1, /) -> bytes:
        if self._offset >= len(self._pending):
            for chunk in self._chunks:
                if chunk:
                    self._pending, self._offset = bytes(chunk), 0
                    break
            else:
                return b""
        start = self._offset
        end = len(self._pending) if n < 0 else min(len(self._pending), start + n)
        self._offset = end
        if start == 0 and end == len(self._pending):
            return self._pending
        return self._pending[start:end]


def read_all(reader: BodyReader, cap: int) -> bytes:
    """The whole body; 413 past ``cap`` bytes (JSON bodies are small)."""
    parts: list[bytes] = []
    size = 0
    while chunk := reader.read(CHUNK_BYTES):
        size += len(chunk)
        if size > cap:
            drain(reader)
            raise ApiError(413, f"Request body too large: the limit is {cap} bytes.")
        parts.append(chunk)
    return b"".join(parts)


def drain(reader: BodyReader) -> int:
    """Read and discard the rest of the body; returns how many bytes were dropped."""
    total = 0
    while chunk := reader.read(CHUNK_BYTES):
        total += len(chunk)
    return total
