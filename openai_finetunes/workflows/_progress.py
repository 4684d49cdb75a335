"""Progress while a job runs: a tqdm bar in terminals and notebooks, plain lines otherwise."""

from __future__ import annotations

import sys
from typing import IO, Any, Protocol

import attrs

__all__ = ["JobProgress", "ProgressDisplay", "SilentDisplay", "make_display"]


@attrs.frozen
class JobProgress:
    """A snapshot of a job's progress, as shown to the user."""

    job_id: str
    status: str
    step: int | None = None
    total_steps: int | None = None
    train_loss: float | None = None
    elapsed: float = 0.0

    def describe(self) -> str:
        parts = [self.job_id, self.status]
        if self.step is not None and self.total_steps:
            parts.append(f"step {self.step}/{self.total_steps}")
        if self.train_loss is not None:
            parts.append(f"loss {self.train_loss:.4f}")
        parts.append(_format_elapsed(self.elapsed))
        return "  ".join(parts)


class ProgressDisplay(Protocol):
    def update(self, progress: JobProgress) -> None: ...
    def close(self) -> None: ...


def _format_elapsed(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:d}:{secs:02d}"


class SilentDisplay:
    """No display (``progress=False``)."""

    def update(self, progress: JobProgress) -> None:
        pass

    def close(self) -> None:
        pass


class _Lines:
    """One line per change of status and every tenth of the steps: readable in CI logs."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._last: tuple[str, int] | None = None

    def update(self, progress: JobProgress) -> None:
        bucket = (progress.step or 0) * 10 // progress.total_steps if progress.total_steps else 0
        key = (progress.status, bucket)
        if key != self._last:
            self._last = key
            print(progress.describe(), file=self._stream, flush=True)

    def close(self) -> None:
        pass


class _Bar:
    def __init__(self, tqdm: Any) -> None:
        self._tqdm = tqdm
        self._bar: Any = None

    def update(self, progress: JobProgress) -> None:
        if self._bar is None:
            self._bar = self._tqdm(
                total=progress.total_steps or 0, desc=progress.job_id, unit="step", leave=True
            )
        if progress.total_steps and self._bar.total != progress.total_steps:
            self._bar.total = progress.total_steps
        if progress.step is not None:
            self._bar.n = progress.step
        postfix = {"status": progress.status}
        if progress.train_loss is not None:
            postfix["loss"] = f"{progress.train_loss:.4f}"
        self._bar.set_postfix(postfix, refresh=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    ipython = getattr(shell, "get_ipython", lambda: None)()
    return ipython is not None and type(ipython).__name__ == "ZMQInteractiveShell"


def make_display(
    progress: bool | ProgressDisplay, stream: IO[str] | None = None
) -> ProgressDisplay:
    """``True``: a tqdm bar when tqdm is installed and output is a terminal or a notebook,
    plain lines otherwise; ``False``: nothing; or any object with ``update``/``close``."""
    if progress is False:
        return SilentDisplay()
    if progress is not True:
        return progress
    stream = stream or sys.stderr
    try:
        if _in_notebook():
            import ipywidgets  # noqa: F401 - tqdm's notebook bar needs it at first use
            from tqdm.notebook import tqdm as notebook_tqdm

            return _Bar(notebook_tqdm)
        if stream.isatty():
            from tqdm import tqdm

            return _Bar(tqdm)
    except ImportError:
        pass
    return _Lines(stream)
