"""Which local data was uploaded as which file: a small journal in the user's cache.

A re-run whose job was never created (a crash between upload and create, a changed
parameter, ``attach=False``) needs the file it uploaded before. Listing the newest files
finds it only while few files were uploaded since; the journal finds it whatever came
after, with one lookup of the recorded id. It is keyed by the data's digest and size, the
service's address and a digest of the API key, so a copy made for another account or
base URL is not offered.
An entry is only a hint: the file is looked up and must match name and size.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from typing import TYPE_CHECKING

from ._runlock import lock_directory

if TYPE_CHECKING:
    from pathlib import Path

    from ..client import AuthenticatedClient
    from ._sources import LocalData

__all__ = ["forget", "recall", "remember"]

logger = logging.getLogger("openai_finetunes")


def _entry(client: AuthenticatedClient, source: LocalData) -> Path:
    # The account (a digest of its key, never the key) and the address of the service.
    account = f"{client._base_url}\0{client.token}".encode()
    service = hashlib.sha256(account).hexdigest()[:16]
    return lock_directory().parent / "files" / f"{service}-{source.digest}-{source.size}.json"


def recall(client: AuthenticatedClient, source: LocalData) -> str | None:
    """The id this data was last uploaded as, to this service, if recorded."""
    try:
        entry = json.loads(_entry(client, source).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("filename") != source.upload_name:
        return None  # another name: recorded by a version that named uploads differently
    file_id = entry.get("file_id")
    return file_id if isinstance(file_id, str) else None


def remember(client: AuthenticatedClient, source: LocalData, file_id: str) -> None:
    """Record ``file_id`` for this data (atomically; a failure only costs a later lookup)."""
    path = _entry(client, source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # on first use: importing the workflows stays fast

        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(descriptor, "w") as handle:
            json.dump({"file_id": file_id, "filename": source.upload_name}, handle)
        os.replace(temporary, path)
    except OSError as error:
        logger.info("could not record the upload of %s (%s)", source.name, error)


def forget(client: AuthenticatedClient, source: LocalData) -> None:
    with contextlib.suppress(OSError):
        _entry(client, source).unlink()
