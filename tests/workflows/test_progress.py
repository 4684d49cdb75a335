"""The progress displays: the bar starts without a total and takes the step count from the
first metrics event; the plain lines say when the steps become known."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from openai_finetunes.workflows._progress import JobProgress, _Bar, _Lines

tqdm_std = pytest.importorskip("tqdm")

JOB = "ftjob-abc"
WAITING = [
    JobProgress(JOB, "validating_files", elapsed=1.0),
    JobProgress(JOB, "queued", elapsed=4.0),
    JobProgress(JOB, "running", elapsed=8.0),
]
FIRST_METRICS = JobProgress(JOB, "running", 3, 120, 1.25, elapsed=12.0)
LATER = JobProgress(JOB, "running", 60, 120, 0.75, elapsed=40.0)
SUCCEEDED = JobProgress(JOB, "succeeded", 118, 120, 0.5, elapsed=70.0)


class Terminal:
    """A terminal tqdm bar writing to a StringIO, with tqdm's clock under the test's hand."""

    def __init__(self) -> None:
        self.out = io.StringIO()
        self.now = 1000.0
        self.bars: list[Any] = []

    def __call__(self, **kwargs: Any) -> Any:
        bar = tqdm_std.tqdm(file=self.out, mininterval=0, ncols=100, **kwargs)
        bar._time = lambda: self.now
        bar.start_t = bar.last_print_t = self.now
        self.bars.append(bar)
        return bar

    def feed(self, display: _Bar, *updates: JobProgress, seconds: float = 3.0) -> None:
        """Each update ``seconds`` after the one before."""
        for progress in updates:
            self.now += seconds
            display.update(progress)

    def last_line(self) -> str:
        return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", self.out.getvalue()).split("\r")[-1].strip()


def test_the_bar_has_no_total_before_any_metrics_event() -> None:
    term = Terminal()
    display = _Bar(term)
    for progress in WAITING:
        term.feed(display, progress)
        bar = term.bars[0]
        assert bar.total is None
        assert bar.n == 0
        line = term.last_line()
        assert JOB in line
        assert f"status={progress.status}" in line
        assert "%" not in line
        assert "|" not in line
        assert "0step" not in line
        assert "?step/s" not in line
    assert term.last_line().startswith(f"{JOB}: 00:06")  # elapsed since the first update
    display.close()


def test_the_first_metrics_event_sets_the_total_and_the_step() -> None:
    term = Terminal()
    display = _Bar(term)
    term.feed(display, *WAITING, FIRST_METRICS)
    bar = term.bars[0]
    assert (bar.total, bar.n) == (120, 3)
    line = term.last_line()
    assert "3/120" in line
    assert "2%" in line
    assert "status=running" in line
    assert "loss=1.2500" in line
    assert "[00:09<" in line  # the elapsed time did not restart with the total
    term.feed(display, LATER, seconds=10)
    assert (bar.total, bar.n) == (120, 60)
    assert "60/120" in term.last_line()
    assert "50%" in term.last_line()
    assert len(term.bars) == 1
    display.close()


def test_a_succeeded_job_ends_full_and_closes() -> None:
    term = Terminal()
    display = _Bar(term)
    term.feed(display, *WAITING, FIRST_METRICS, SUCCEEDED, seconds=1)
    display.close()
    bar = term.bars[0]
    assert (bar.total, bar.n) == (120, 120)
    assert "120/120" in term.out.getvalue()
    assert "status=succeeded" in term.out.getvalue()


def test_a_job_that_fails_before_metrics_keeps_no_total() -> None:
    term = Terminal()
    display = _Bar(term)
    display.update(WAITING[0])
    display.update(JobProgress(JOB, "failed", elapsed=5.0))
    display.close()
    assert term.bars[0].total is None
    assert "status=failed" in term.out.getvalue()


def test_the_notebook_widget_is_empty_until_the_total_then_follows_the_steps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("ipywidgets")
    from tqdm.notebook import tqdm as notebook_tqdm

    from openai_finetunes.workflows._progress import _NOTEBOOK_WAITING_FORMAT

    bars: list[Any] = []

    def make(**kwargs: Any) -> Any:
        bars.append(notebook_tqdm(**kwargs))
        return bars[-1]

    display = _Bar(make, _NOTEBOOK_WAITING_FORMAT)
    for progress in WAITING:
        display.update(progress)
    label, widget, text = bars[0].container.children
    assert widget.value == 0  # not full while the step count is unknown
    assert JOB in label.value
    assert "status=running" in text.value
    display.update(FIRST_METRICS)
    assert (widget.max, widget.value) == (120, 3)
    display.update(LATER)
    assert (widget.max, widget.value) == (120, 60)
    assert "60/120" in text.value + label.value
    display.update(SUCCEEDED)
    display.close()
    assert (widget.max, widget.value) == (120, 120)
    assert widget.bar_style == "success"
    capsys.readouterr()


def test_lines_report_when_the_step_count_becomes_known() -> None:
    out = io.StringIO()
    lines = _Lines(out)
    for progress in (*WAITING, FIRST_METRICS, LATER, SUCCEEDED):
        lines.update(progress)
    printed = out.getvalue().splitlines()
    assert printed == [
        f"{JOB}  validating_files  0:01",
        f"{JOB}  queued  0:04",
        f"{JOB}  running  0:08",
        f"{JOB}  running  step 3/120  loss 1.2500  0:12",
        f"{JOB}  running  step 60/120  loss 0.7500  0:40",
        f"{JOB}  succeeded  step 118/120  loss 0.5000  1:10",
    ]


def test_lines_print_once_per_tenth_of_the_steps() -> None:
    out = io.StringIO()
    lines = _Lines(out)
    for step in range(1, 121):
        lines.update(JobProgress(JOB, "running", step, 120, elapsed=float(step)))
    steps = [line.split("step ")[1].split("/")[0] for line in out.getvalue().splitlines()]
    assert steps == ["1", "12", "24", "36", "48", "60", "72", "84", "96", "108", "120"]
