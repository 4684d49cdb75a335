"""Training and validation data as given by the caller: a path, bytes, a file object or a file id."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeAlias

import attrs

from ._params import check_file_id
from ._results import InvalidArgumentError

__all__ = ["DataSource", "LocalData", "RemoteFile", "resolve_source"]

DataSource: TypeAlias = "str | os.PathLike[str] | bytes | IO[bytes]"
_CHUNK = 1024 * 1024


@attrs.frozen
class RemoteFile:
    """A file already uploaded to the service."""

    file_id: str

    @property
    def identity(self) -> str:
        return self.file_id


@attrs.frozen
class LocalData:
    """Data on local disk (a temporary copy for bytes and streams), with its digest."""

    path: Path
    name: str
    digest: str
    size: int

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


@contextmanager
def resolve_source(source: DataSource, param: str) -> Iterator[LocalData | RemoteFile]:
    """Yield the resolved source; temporary copies are removed afterwards."""
    if isinstance(source, str) and source.startswith("file-") and not os.path.exists(source):
        yield RemoteFile(check_file_id(source, param))
        return
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            raise InvalidArgumentError(
                param, f"{path}: no such file (and not a file id like 'file-abc123')"
            )
        if not path.is_file():
            raise InvalidArgumentError(param, f"{path}: not a regular file")
        yield _local(path, path.name)
        return
    name = Path(getattr(source, "name", "") or "training.jsonl").name
    if isinstance(source, bytes | bytearray | memoryview) or hasattr(source, "read"):
        # One temporary file, not a folder: the upload takes its name from `name`, and a
        # thousand runs started at once each pay for every file-system call here.
        descriptor, temporary = tempfile.mkstemp(
            prefix="openai-finetunes-", suffix=Path(name).suffix
        )
        path = Path(temporary)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                if isinstance(source, bytes | bytearray | memoryview):
                    handle.write(source)
                else:
                    shutil.copyfileobj(source, handle, _CHUNK)
            yield _local(path, name)
        finally:
            path.unlink(missing_ok=True)
        return
    raise InvalidArgumentError(
        param,
        f"expected a path, bytes, a binary file object or a file id, got {type(source).__name__}",
    )


def _local(path: Path, name: str) -> LocalData:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return LocalData(path=path, name=name, digest=digest.hexdigest(), size=size)
