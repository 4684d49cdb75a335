"""Training metrics of a fine-tuning job: a table of rows and a loss/accuracy plot.

The metrics come from the job's result file (``step_metrics.csv``, one row per step). While
a job runs, or when the result file is unavailable, they come from its ``metrics`` events,
and failing that from its checkpoints (a few steps only).

>>> from openai_finetunes.metrics import metrics_table, plot_metrics
>>> # rows = metrics_table(result, client=client)       # a DataFrame when pandas is installed
>>> # fig = plot_metrics(result, client=client, path="metrics.png")

matplotlib and pandas are optional: ``pip install 'openai-finetunes[plots]'`` and
``pip install 'openai-finetunes[pandas]'``.
"""

from __future__ import annotations

import base64
import binascii
import csv
import html
import io
import math
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, overload

import attrs

from ._config import connect
from ._exceptions import MissingDependencyError
from ._pagination import paginate
from .api.files import download_file
from .api.fine_tuning import (
    list_fine_tuning_events,
    list_fine_tuning_job_checkpoints,
    retrieve_fine_tuning_job,
)
from .client import AuthenticatedClient
from .models.fine_tuning_job import FineTuningJob
from .workflows._params import check_job_id
from .workflows._results import FineTuningResult, InvalidArgumentError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MetricRow", "MetricSource", "MetricsTable", "metrics_table", "plot_metrics"]

MetricSource: TypeAlias = Literal["auto", "results", "events", "checkpoints"]
JobLike: TypeAlias = "FineTuningResult | FineTuningJob | str"

_SOURCES: Final = ("auto", "results", "events", "checkpoints")
_PLOTS_EXTRA: Final = "pip install 'openai-finetunes[plots]'"
_PANDAS_EXTRA: Final = "pip install 'openai-finetunes[pandas]'"
_HTML_ROWS: Final = 10


@attrs.frozen
class MetricRow:
    """The metrics at one training step; a metric the source did not report is ``None``.

    Field names follow the result file's columns.

    >>> MetricRow(step=10, train_loss=0.52, train_accuracy=0.81)
    MetricRow(step=10, train_loss=0.52, train_accuracy=0.81, valid_loss=None, valid_mean_token_accuracy=None)
    """

    step: int
    train_loss: float | None = None
    train_accuracy: float | None = None
    valid_loss: float | None = None
    valid_mean_token_accuracy: float | None = None


_COLUMNS: Final = tuple(field.name for field in attrs.fields(MetricRow))


class MetricsTable(list[MetricRow]):
    """A list of :class:`MetricRow` in step order, with the source it was read from
    (``"results"``, ``"events"`` or ``"checkpoints"``) and an HTML view for notebooks."""

    source: str

    def __init__(self, rows: Iterable[MetricRow] = (), source: str = "rows") -> None:
        super().__init__(rows)
        self.source = source

    def last(self, column: str) -> float | None:
        """The last value reported for ``column`` (``"train_loss"``, ``"valid_loss"``, ...).

        >>> MetricsTable([MetricRow(1, 0.9, valid_loss=1.0), MetricRow(2, 0.7)]).last("valid_loss")
        1.0
        """
        if column not in _COLUMNS:
            raise InvalidArgumentError(
                "column", f"unknown column {column!r} (expected one of {', '.join(_COLUMNS)})"
            )
        for row in reversed(self):
            value = getattr(row, column)
            if value is not None:
                return float(value)
        return None

    def __repr__(self) -> str:
        rows = [repr(row) for row in self]
        if len(rows) > 6:
            rows = [*rows[:3], f"... {len(rows) - 5:,} more ...", *rows[-2:]]
        inner = "".join(f"\n  {row}," for row in rows)
        return f"MetricsTable(source={self.source!r}, rows=[{inner}{chr(10) if rows else ''}])"

    def _repr_html_(self) -> str:
        shown: list[MetricRow | None] = list(self)
        if len(self) > _HTML_ROWS:
            half = _HTML_ROWS // 2
            shown = [*self[:half], None, *self[-half:]]
        header = "".join(f"<th>{html.escape(c)}</th>" for c in _COLUMNS)
        body = "".join(
            f"<tr><td colspan='{len(_COLUMNS)}'>…</td></tr>"
            if row is None
            else "<tr>" + "".join(f"<td>{_cell(getattr(row, c))}</td>" for c in _COLUMNS) + "</tr>"
            for row in shown
        )
        caption = f"{len(self):,} steps, from {html.escape(self.source)}"
        return f"<table><caption>{caption}</caption><tr>{header}</tr>{body}</table>"


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else f"{value:.4f}"


@overload
def metrics_table(
    result_or_job_id: JobLike,
    *,
    client: AuthenticatedClient | None = ...,
    source: MetricSource = ...,
    as_frame: Literal[False],
) -> MetricsTable: ...
@overload
def metrics_table(
    result_or_job_id: JobLike,
    *,
    client: AuthenticatedClient | None = ...,
    source: MetricSource = ...,
    as_frame: bool | None = ...,
) -> Any: ...
def metrics_table(
    result_or_job_id: JobLike,
    *,
    client: AuthenticatedClient | None = None,
    source: MetricSource = "auto",
    as_frame: bool | None = None,
) -> Any:
    """The job's metrics, one row per step: a pandas DataFrame when pandas is installed,
    else a :class:`MetricsTable` (a list of :class:`MetricRow`).

    ``result_or_job_id``: what ``run_fine_tuning_job`` returned, a generated
    ``FineTuningJob``, or a job id. ``source="auto"`` reads the result file, then the
    ``metrics`` events, then the checkpoints; name one to use only that.
    ``as_frame=True`` requires pandas; ``False`` always returns the rows.

    >>> # table = metrics_table("ftjob-abc123", client=client, as_frame=False)
    >>> # table[-1].train_loss, table.last("valid_loss")
    """
    table = _load(result_or_job_id, client, source)
    if as_frame is False:
        return table
    try:
        import pandas as pd
    except ImportError:
        if as_frame:
            raise MissingDependencyError(
                f"metrics_table(as_frame=True) needs pandas: {_PANDAS_EXTRA}"
            ) from None
        return table
    frame = pd.DataFrame([attrs.asdict(row) for row in table], columns=list(_COLUMNS))
    frame.attrs["source"] = table.source
    return frame


def plot_metrics(
    result_or_job_id: JobLike | Sequence[MetricRow],
    *,
    client: AuthenticatedClient | None = None,
    source: MetricSource = "auto",
    path: str | os.PathLike[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Plot training and validation loss and token accuracy against the step.

    Returns the matplotlib ``Figure`` and saves it to ``path`` when given (the format
    follows the extension, e.g. ``.png``). In a notebook the figure is displayed once,
    whether or not the call is the cell's last line (``fig = plot_metrics(...)`` shows it
    too); showing ``fig`` in a later cell displays it again as usual. No pyplot window is
    opened unless the caller already uses pyplot.
    ``result_or_job_id`` is as for :func:`metrics_table`, or rows already fetched.

    >>> # plot_metrics(result, client=client)                           # in a notebook
    >>> # plot_metrics("ftjob-abc123", path="metrics.png").clear()     # in a script
    """
    if isinstance(result_or_job_id, Sequence) and not isinstance(result_or_job_id, str):
        rows = MetricsTable(result_or_job_id, getattr(result_or_job_id, "source", "rows"))
        name = None
    else:
        rows = _load(result_or_job_id, client, source)
        name = _job_id(result_or_job_id)
    fig = _new_figure()
    loss_ax, acc_ax = fig.subplots(1, 2)
    _draw(loss_ax, rows, ("train_loss", "valid_loss"), "loss")
    _draw(acc_ax, rows, ("train_accuracy", "valid_mean_token_accuracy"), "token accuracy")
    acc_ax.set_ylim(0, 1.02)
    fig.suptitle(title or " ".join(filter(None, [name, f"({len(rows):,} steps, {rows.source})"])))
    if path is not None:
        fig.savefig(os.fspath(path), dpi=110)
    _show_once(fig)
    return fig


def _new_figure() -> Figure:
    """In IPython, a pyplot figure closed at once (``_show_once`` displays it); in a script
    that uses pyplot, a pyplot figure (``plt.show()`` displays it); otherwise a bare
    ``Figure``, drawn with Agg when saved (no window, no display needed)."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError(f"plot_metrics needs matplotlib: {_PLOTS_EXTRA}") from None
    size = (10.0, 4.0)
    pyplot = sys.modules.get("matplotlib.pyplot")
    in_ipython = _ipython() is not None
    if pyplot is None and in_ipython:
        import matplotlib.pyplot as pyplot  # loading the backend enables inline display
    if pyplot is None:
        return Figure(figsize=size, layout="constrained")
    fig = pyplot.figure(figsize=size, layout="constrained")
    if in_ipython:
        # Not shown again by the inline backend when the cell ends: _show_once shows it.
        pyplot.close(fig)
    return fig  # type: ignore[no-any-return]


def _ipython() -> Any:
    """The running IPython shell, or ``None`` (IPython is never imported here)."""
    module = sys.modules.get("IPython")
    get_ipython = getattr(module, "get_ipython", None)
    return get_ipython() if get_ipython is not None else None


def _show_once(fig: Figure) -> None:
    """In IPython, display ``fig`` now, and not a second time when it is also the cell's
    value: until the cell ends, the figure's first ``_ipython_display_`` shows nothing.

    The figure stays a plain ``Figure``; the hook is on this instance only and is gone when
    the cell ends, so ``fig`` in a later cell displays as usual.
    """
    shell = _ipython()
    if shell is None:
        return
    from IPython.display import display

    display(fig)  # type: ignore[no-untyped-call]

    def shown_already() -> None:
        vars(fig).pop("_ipython_display_", None)

    def cell_ended(*_: object) -> None:
        vars(fig).pop("_ipython_display_", None)
        shell.events.unregister("post_run_cell", cell_ended)

    fig._ipython_display_ = shown_already  # type: ignore[attr-defined]
    shell.events.register("post_run_cell", cell_ended)


def _draw(ax: Any, rows: Sequence[MetricRow], columns: tuple[str, str], label: str) -> None:
    drawn = False
    for column in columns:
        points = [(r.step, getattr(r, column)) for r in rows if getattr(r, column) is not None]
        if not points:
            continue
        kind = column.split("_", 1)[0]
        steps, values = zip(*points, strict=True)
        name = "training" if kind == "train" else "validation"
        # Sparse points (validation every n steps, checkpoints) get markers.
        marker = "." if len(points) <= 60 else None
        ax.plot(steps, values, label=name, linewidth=1.2, marker=marker)
        drawn = True
    ax.set_xlabel("step")
    ax.set_ylabel(label)
    ax.set_title(label)
    ax.grid(True, alpha=0.3)
    if drawn:
        ax.legend()
    else:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)


# -- loading ----------------------------------------------------------------------------


def _job_id(value: object) -> str | None:
    if isinstance(value, FineTuningResult):
        return value.job_id
    if isinstance(value, FineTuningJob):
        return value.id
    return value if isinstance(value, str) else None


def _load(value: JobLike, client: AuthenticatedClient | None, source: str) -> MetricsTable:
    if source not in _SOURCES:
        raise InvalidArgumentError(
            "source", f"expected one of {', '.join(_SOURCES)}, got {source!r}"
        )
    if isinstance(value, FineTuningResult):
        job: FineTuningJob | None = value.job
        job_id = value.job_id
    elif isinstance(value, FineTuningJob):
        job, job_id = value, value.id
    else:
        job, job_id = None, check_job_id(value, "result_or_job_id")
    api = client or connect()

    if source in ("auto", "results"):
        if job is None or not job.result_files:
            # A job object may be older than the job's result files: look again.
            job = retrieve_fine_tuning_job.sync(job_id, client=api)
        for file_id in job.result_files or ():  # null on some jobs
            rows = parse_result_csv(download_file.sync(file_id, client=api).payload.read())
            if rows:
                return MetricsTable(rows, "results")
        if source == "results":
            return MetricsTable([], "results")
    if source in ("auto", "events"):
        events = paginate(list_fine_tuning_events, job_id, client=api, limit=100)
        rows = _merge(
            _event_row(event.to_dict().get("data"))
            for event in events
            if str(event.type_) == "metrics"
        )
        if rows or source == "events":
            return MetricsTable(rows, "events")
    checkpoints = paginate(list_fine_tuning_job_checkpoints, job_id, client=api, limit=100)
    return MetricsTable(
        _merge(_checkpoint_row(c.step_number, c.metrics.to_dict()) for c in checkpoints),
        "checkpoints",
    )


def parse_result_csv(content: bytes | str) -> list[MetricRow]:
    """Rows of a ``fine-tune-results`` file (CSV, possibly base64-encoded); empty cells
    become ``None``, unknown columns are ignored.

    >>> parse_result_csv(b"step,train_loss,train_accuracy,valid_loss\\n1,1.5,0.4,\\n2,1.2,0.5,1.3\\n")[1]
    MetricRow(step=2, train_loss=1.2, train_accuracy=0.5, valid_loss=1.3, valid_mean_token_accuracy=None)
    """
    text = content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content
    if "step" not in text.split("\n", 1)[0]:
        # The service has been seen to return this file base64-encoded.
        try:
            text = base64.b64decode(text.strip(), validate=True).decode("utf-8-sig")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return []
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "step" not in [f.strip() for f in reader.fieldnames]:
        return []
    rows = []
    for record in reader:
        values = {k.strip(): v for k, v in record.items() if isinstance(k, str)}
        row = _row(values, {})
        if row is not None:
            rows.append(row)
    return _merge(rows)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _row(values: Mapping[str, Any], aliases: Mapping[str, str]) -> MetricRow | None:
    """A row from ``values``; ``aliases`` maps a column to the key used when it is absent."""
    step = _number(values.get("step"))
    if step is None:
        return None

    def get(column: str) -> float | None:
        value = _number(values.get(column))
        if value is None and column in aliases:
            value = _number(values.get(aliases[column]))
        return value

    return MetricRow(
        step=int(step),
        train_loss=get("train_loss"),
        train_accuracy=get("train_accuracy"),
        valid_loss=get("valid_loss"),
        valid_mean_token_accuracy=get("valid_mean_token_accuracy"),
    )


def _event_row(data: object) -> MetricRow | None:
    if not isinstance(data, Mapping):
        return None
    return _row(data, {"train_accuracy": "train_mean_token_accuracy"})


def _checkpoint_row(step: int, metrics: Mapping[str, Any]) -> MetricRow | None:
    aliases = {
        "train_accuracy": "train_mean_token_accuracy",
        "valid_loss": "full_valid_loss",
        "valid_mean_token_accuracy": "full_valid_mean_token_accuracy",
    }
    return _row({**metrics, "step": step}, aliases)


def _merge(rows: Iterable[MetricRow | None]) -> list[MetricRow]:
    """One row per step in step order; a later row for a step fills in what was missing."""
    by_step: dict[int, MetricRow] = {}
    for row in rows:
        if row is None:
            continue
        earlier = by_step.get(row.step)
        if earlier is not None:
            row = MetricRow(
                *(
                    getattr(row, c) if getattr(row, c) is not None else getattr(earlier, c)
                    for c in _COLUMNS
                )
            )
        by_step[row.step] = row
    return [by_step[step] for step in sorted(by_step)]
