"""Realistic, seeded identifiers (``file-…``, ``ftjob-…``) and request ids."""

from __future__ import annotations

import os
import random
import string
import threading

__all__ = ["IdFactory", "request_id"]

_ALPHABET = string.ascii_letters + string.digits


class IdFactory:
    """Draws ``<prefix><24 alphanumerics>`` from a seeded generator: same seed, same ids.

    >>> IdFactory(0).new("file-").startswith("file-")
    True
    """

    def __init__(self, seed: int | str) -> None:
        self._rng = random.Random(seed)  # noqa: S311 - ids for a fake, not secrets
        self._lock = threading.Lock()
        self._seen: set[str] = set()

    def new(self, prefix: str, length: int = 24, alphabet: str = _ALPHABET) -> str:
        with self._lock:
            while True:
                value = prefix + "".join(self._rng.choices(alphabet, k=length))
                if value not in self._seen:
                    self._seen.add(value)
                    return value


def request_id() -> str:
    """``req_<32 hex>``, as the service sends in ``x-request-id``."""
    return "req_" + os.urandom(16).hex()
