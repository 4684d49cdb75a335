"""A local advisory lock per run key: processes on one machine never start the same run twice.

Two processes (or two async tasks, or a notebook cell run twice) starting the same run
would each look up the job, find none, and each create one. Holding this lock from the
lookup until the create has answered serialises them: the second finds the first's job.
Across machines the lock cannot help; the start flow also settles on one job after
creating (see ``_flows.settle``).

The lock is ``fcntl.flock`` on a file in the user's cache directory. It is taken without
blocking and retried after a short real sleep, so that an async caller never blocks its
event loop and tasks of one process exclude each other too (each holds its own open file).
The kernel releases it when a process dies, so a crash never leaves a run locked. Where
``fcntl`` is missing (Windows), there is no local lock and only the settling applies.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import IO, Final

from .._clock import SystemClock
from .._deadline import current_deadline
from ._driver import Call, Flow, call
from ._results import FineTuningTimeout

__all__ = ["RunLock", "lock_directory"]

logger = logging.getLogger("openai_finetunes")

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Real seconds between two tries of a held lock.
RETRY_EVERY: Final = 0.05
# The lock is held in real time, whatever clock the flow runs on (a test's ManualClock).
_REAL_TIME: Final = SystemClock()


def lock_directory() -> Path:
    """``$XDG_CACHE_HOME/openai-finetunes/runs`` (``~/.cache/...``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "openai-finetunes" / "runs"


def _open_lock_file(run_key: str) -> IO[bytes] | None:
    import tempfile  # on first use: importing the workflows stays fast

    for directory in (lock_directory(), Path(tempfile.gettempdir()) / "openai-finetunes-runs"):
        try:
            directory.mkdir(parents=True, exist_ok=True)
            return (directory / f"{run_key}.lock").open("ab")
        except OSError:
            continue
    logger.warning("no writable directory for run locks; concurrent starts are settled remotely")
    return None


class RunLock:
    """The lock of one run key; ``yield from lock.acquire()`` in a flow, then ``release()``."""

    def __init__(self, run_key: str) -> None:
        self.run_key = run_key
        self._file: IO[bytes] | None = None

    def _try(self) -> bool:
        assert self._file is not None
        try:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def acquire(self) -> Flow[None]:
        """Wait (in real time, whatever the flow's clock) until this process holds the lock."""
        if fcntl is None:
            return
        self._file = _open_lock_file(self.run_key)
        if self._file is None:
            return
        waited = False
        while not self._try():
            deadline = current_deadline()
            if deadline is not None and deadline.passed:
                self.release()
                raise FineTuningTimeout(None, deadline.elapsed())
            if not waited:
                logger.info(
                    "another process is starting the same run (lock %s); waiting for it",
                    self._file.name,
                )
                waited = True
            yield from call(Call(_REAL_TIME.sleep, _REAL_TIME.asleep, (RETRY_EVERY,)))

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None
