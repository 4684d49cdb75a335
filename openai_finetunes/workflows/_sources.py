"""The runtime's input sources (``openai_finetunes._sources``) with the workflows' errors."""

from __future__ import annotations

from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, TypeAlias

from .._sources import LocalData, RemoteFile
from .._sources import resolve_source as _resolve_source
from ._params import check_file_id
from ._results import InvalidArgumentError

if TYPE_CHECKING:
    import os
    from collections.abc import Iterator

__all__ = ["DataSource", "LocalData", "RemoteFile", "resolve_source"]

DataSource: TypeAlias = "str | os.PathLike[str] | bytes | IO[bytes]"


@contextmanager
def resolve_source(source: DataSource, param: str) -> Iterator[LocalData | RemoteFile]:
    """Yield the resolved source; a bad one raises `InvalidArgumentError` naming ``param``."""
    with _resolve_source(
        source, param, error=lambda problem: InvalidArgumentError(param, problem.reason)
    ) as data:
        if isinstance(data, RemoteFile):
            check_file_id(data.file_id, param)
        yield data
