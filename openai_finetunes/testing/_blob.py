"""Stored file contents: small ones in memory, large ones spooled to an anonymous temp file.

Several requests may read one blob at once (downloads, validation), so reads are
positional under a per-blob lock rather than through one shared file position.
"""

from __future__ import annotations

import io
import tempfile
import threading
import zlib
from collections.abc import Iterator
from typing import IO

__all__ = ["DEFAULT_SPOOL_BYTES", "Blob", "BlobWriter"]

#: Bodies up to this size stay in memory; larger ones go to disk.
DEFAULT_SPOOL_BYTES = 8 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024


class Blob:
    """Immutable bytes with their size and a fingerprint, readable concurrently.

    ``fingerprint`` (size and CRC-32) tells repeated uploads apart cheaply; it is not
    a security hash.

    >>> writer = BlobWriter()
    >>> writer.write(b"hello")
    >>> blob = writer.finish()
    >>> blob.size, blob.read_all()
    (5, b'hello')
    """

    __slots__ = ("_data", "_file", "_lock", "fingerprint", "size")

    def __init__(
        self, *, data: bytes | None, file: IO[bytes] | None, size: int, fingerprint: str
    ) -> None:
        self._data = data
        self._file = file
        self._lock = threading.Lock()
        self.size = size
        self.fingerprint = fingerprint

    def read_at(self, offset: int, n: int) -> bytes:
        if self._data is not None:
            return self._data[offset : offset + n]
        assert self._file is not None
        with self._lock:
            self._file.seek(offset)
            return self._file.read(n)

    def read_all(self) -> bytes:
        """The whole content (for small blobs and tests)."""
        if self._data is not None:
            return self._data
        return b"".join(self.iter_chunks())

    def iter_chunks(self, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
        offset = 0
        while offset < self.size:
            chunk = self.read_at(offset, chunk_bytes)
            if not chunk:
                return
            offset += len(chunk)
            yield chunk

    def open(self) -> IO[bytes]:
        """A new independent binary reader over the content."""
        if self._data is not None:
            return io.BytesIO(self._data)
        return io.BufferedReader(_BlobRaw(self), buffer_size=CHUNK_BYTES)

    def close(self) -> None:
        """Release the temp file (readers already open keep working on POSIX)."""
        if self._file is not None:
            self._file.close()

    def __repr__(self) -> str:
        where = "memory" if self._data is not None else "disk"
        return f"Blob(size={self.size}, in={where})"


class _BlobRaw(io.RawIOBase):
    def __init__(self, blob: Blob) -> None:
        self._blob = blob
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._blob.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._blob.read_at(self._pos, len(buffer))
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


class BlobWriter:
    """Accumulates bytes into a `Blob`; rolls over to a temp file past ``spool_bytes``.

    With ``limit``, bytes past it are counted but not kept, and ``exceeded`` turns true:
    an oversized upload is read to the end (so the connection stays usable) in bounded
    memory, then refused.
    """

    def __init__(self, spool_bytes: int = DEFAULT_SPOOL_BYTES, limit: int | None = None) -> None:
        self._spool_bytes = spool_bytes
        self._limit = limit
        self._memory: bytearray | None = bytearray()
        self._file: IO[bytes] | None = None
        self._crc = 0
        self.size = 0
        self.exceeded = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        if self._limit is not None and self.size + len(data) > self._limit:
            self.exceeded = True
        self.size += len(data)
        if self.exceeded:
            return
        self._crc = zlib.crc32(data, self._crc)
        if self._memory is not None:
            if len(self._memory) + len(data) <= self._spool_bytes:
                self._memory += data
                return
            # Roll over once: later writes append to the file, so copying stays linear.
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - owned by the Blob
            self._file.write(self._memory)
            self._memory = None
        assert self._file is not None
        self._file.write(data)

    def finish(self) -> Blob:
        if self.exceeded:
            raise ValueError("the content exceeded its size limit")
        if self._memory is not None:
            data = bytes(self._memory)
            self._memory = None
            return Blob(data=data, file=None, size=len(data), fingerprint=self._fingerprint())
        assert self._file is not None
        self._file.flush()
        return Blob(data=None, file=self._file, size=self.size, fingerprint=self._fingerprint())

    def _fingerprint(self) -> str:
        return f"{self.size}:{self._crc:08x}"

    def discard(self) -> None:
        self._memory = None
        if self._file is not None:
            self._file.close()
            self._file = None
