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
    """One line per change of status, when the step count becomes known, and every tenth
    of the steps: readable in CI logs."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._last: tuple[str, int | None] | None = None

    def update(self, progress: JobProgress) -> None:
        total = progress.total_steps
        bucket = (progress.step or 0) * 10 // total if total else None
        key = (progress.status, bucket)
        if key != self._last:
            self._last = key
            print(progress.describe(), file=self._stream, flush=True)

    def close(self) -> None:
        pass


# Before the first metrics event the step count is unknown: no bar, just the job, how long
# it has been waited on and its status. The notebook keeps its empty placeholder bar.
_WAITING_FORMAT = "{desc}: {elapsed}{postfix}"
_NOTEBOOK_WAITING_FORMAT = "{desc}: {bar}{elapsed}{postfix}"


class _Bar:
    """A tqdm bar that starts without a total and takes it from the first metrics event."""

    def __init__(self, tqdm: Any, waiting_format: str = _WAITING_FORMAT) -> None:
        self._tqdm = tqdm
        self._waiting_format = waiting_format
        self._bar: Any = None

    def update(self, progress: JobProgress) -> None:
        if self._bar is None:
            self._bar = self._tqdm(
                total=None,
                desc=progress.job_id,
                unit="step",
                leave=True,
                bar_format=self._waiting_format,
            )
        bar = self._bar
        total = progress.total_steps
        if total and bar.total != total:
            self._start_counting(total, progress.step or 0)
        elif bar.total and progress.step is not None:
            if progress.step > bar.n:
                bar.update(progress.step - bar.n)  # tqdm's rate and ETA follow the steps
            else:
                bar.n = progress.step
        if bar.total and progress.status == "succeeded":
            bar.n = bar.total  # the last metrics event may come before the last step
        postfix = {"status": progress.status}
        if progress.train_loss is not None:
            postfix["loss"] = f"{progress.train_loss:.4f}"
        bar.set_postfix(postfix, refresh=True)

    def _start_counting(self, total: int, step: int) -> None:
        bar = self._bar
        started = bar.start_t
        bar.bar_format = None
        bar.reset(total=total)  # the notebook widget takes its maximum from reset()
        bar.start_t = started  # elapsed time counts from the start of the wait
        bar.n = bar.last_print_n = step

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

            return _Bar(notebook_tqdm, _NOTEBOOK_WAITING_FORMAT)
        if stream.isatty():
            from tqdm import tqdm

            return _Bar(tqdm)
    except ImportError:
        pass
    return _Lines(stream)
