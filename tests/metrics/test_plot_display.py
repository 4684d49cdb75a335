"""``plot_metrics`` in IPython: the figure is displayed once, whether or not the call is the
cell's last line, and a later cell showing it displays it again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openai_finetunes.metrics import MetricRow

pytest.importorskip("matplotlib")
pytest.importorskip("IPython")

from IPython.core.interactiveshell import InteractiveShell
from IPython.core.pylabtools import select_figure_formats
from matplotlib.figure import Figure
from traitlets.config import Config

ROWS = [MetricRow(step, 2.0 / step, train_accuracy=0.5 + step / 40) for step in range(1, 11)]


class Shell:
    """A real IPython shell that records what each cell shows, as a kernel would send it:
    ``display(...)`` calls and the cell's value."""

    def __init__(self, shell: InteractiveShell) -> None:
        self.shell = shell
        self.shown: list[tuple[str, dict[str, Any]]] = []

    def run(self, code: str) -> list[tuple[str, dict[str, Any]]]:
        self.shown.clear()
        result = self.shell.run_cell(code, store_history=True)
        result.raise_error()
        return list(self.shown)

    def images(self, code: str) -> list[str]:
        return [kind for kind, data in self.run(code) if "image/png" in data]


@pytest.fixture
def ipython(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Shell]:
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path))
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell.instance(config=config)
    # What the inline backend of a Jupyter kernel does: figures are shown as PNG.
    select_figure_formats(shell, {"png"})
    recorder = Shell(shell)

    def publish(data: dict[str, Any], metadata: Any = None, **_: Any) -> None:
        recorder.shown.append(("display", data))

    def write_format_data(data: dict[str, Any], metadata: Any = None) -> None:
        recorder.shown.append(("value", data))

    monkeypatch.setattr(shell.display_pub, "publish", publish)
    monkeypatch.setattr(shell.displayhook, "write_format_data", write_format_data)
    shell.push({"ROWS": ROWS})
    shell.run_cell("from openai_finetunes.metrics import plot_metrics")
    try:
        yield recorder
    finally:
        InteractiveShell.clear_instance()


def test_shown_once_when_not_the_last_line(ipython: Shell) -> None:
    assert ipython.images("plot_metrics(ROWS)\nafter = 1") == ["display"]


def test_shown_once_when_assigned(ipython: Shell) -> None:
    assert ipython.images("fig = plot_metrics(ROWS)") == ["display"]
    assert isinstance(ipython.shell.user_ns["fig"], Figure)


def test_shown_once_when_the_cells_value(ipython: Shell) -> None:
    shown = ipython.run("plot_metrics(ROWS)")
    assert [kind for kind, data in shown if "image/png" in data] == ["display"]
    assert [kind for kind, _ in shown] == ["display"]  # no second (text) value either


def test_a_later_cell_shows_the_figure_again(ipython: Shell) -> None:
    assert ipython.images("fig = plot_metrics(ROWS)") == ["display"]
    assert ipython.images("fig") == ["value"]
    assert ipython.images("fig") == ["value"]


def test_each_call_shows_its_own_figure(ipython: Shell) -> None:
    assert ipython.images("a = plot_metrics(ROWS)\nb = plot_metrics(ROWS, title='b')\nb") == [
        "display",
        "display",
    ]


def test_the_returned_figure_saves_and_pyplot_keeps_nothing_open(
    ipython: Shell, tmp_path: Path
) -> None:
    ipython.run("fig = plot_metrics(ROWS)")
    fig = ipython.shell.user_ns["fig"]
    fig.savefig(tmp_path / "m.png")
    assert (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == []


def test_outside_ipython_nothing_is_displayed(monkeypatch: pytest.MonkeyPatch) -> None:
    from openai_finetunes.metrics import plot_metrics

    InteractiveShell.clear_instance()
    shown: list[object] = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append(a))
    fig = plot_metrics(ROWS)
    assert isinstance(fig, Figure)
    assert "_ipython_display_" not in vars(fig)
    assert shown == []
