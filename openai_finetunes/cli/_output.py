"""Printing: aligned tables and summaries for people, JSON for programs.

Results go to stdout, everything else (progress, notes, errors) to stderr, so that
``openai-finetunes run ... --json | jq`` and ``MODEL=$(openai-finetunes run ...)`` work.
Every line written here is scrubbed of keys (``OPENAI_API_KEY``, the keys configured in
this process and anything shaped like ``sk-…``), whatever it came from.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from .. import redact
from ..validation import ValidationReport
from ..workflows import CancelResult, FineTuningResult

__all__ = [
    "Output",
    "cancel_json",
    "format_bytes",
    "format_duration",
    "format_time",
    "plain",
    "report_json",
    "result_json",
]


class Output:
    """Where a command writes; ``json`` selects machine-readable output on stdout."""

    def __init__(
        self, *, json: bool = False, quiet: bool = False, stdout: IO[str] | None = None
    ) -> None:
        self.json = json
        self.quiet = quiet
        self._stdout = stdout

    @property
    def stdout(self) -> IO[str]:
        return self._stdout or sys.stdout

    def scrub(self, text: str) -> str:
        return redact(text)

    def line(self, text: str = "") -> None:
        """A line of the command's result, on stdout."""
        print(self.scrub(text), file=self.stdout, flush=True)

    def note(self, text: str) -> None:
        """Information for the person at the terminal, on stderr (silenced by ``--quiet``)."""
        if not self.quiet:
            print(self.scrub(text), file=sys.stderr, flush=True)

    def alert(self, text: str) -> None:
        """What the person must know even with ``--quiet`` (such as a job left running), on stderr."""
        print(self.scrub(text), file=sys.stderr, flush=True)

    def error(self, text: str) -> None:
        """``error: <text>`` on stderr, always."""
        print(self.scrub(f"error: {text}"), file=sys.stderr, flush=True)

    def emit_json(self, value: Any) -> None:
        self.line(json.dumps(value, indent=2, default=str))

    def table(
        self, headers: Sequence[str], rows: Iterable[Sequence[object]], *, empty: str
    ) -> None:
        """An aligned table with a header line; ``empty`` is noted when there are no rows."""
        cells = [[_text(value) for value in row] for row in rows]
        if not cells:
            self.note(empty)
            return
        widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
        for row in [list(headers), *cells]:
            padded = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
            self.line("  ".join(padded).rstrip())

    def pairs(self, pairs: Sequence[tuple[str, object]]) -> None:
        """``label  value`` lines with the values aligned."""
        width = max((len(label) for label, _ in pairs), default=0)
        for label, value in pairs:
            self.line(f"{label.ljust(width)}  {_text(value)}")


def _text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def format_time(timestamp: int | float | None) -> str:
    """A Unix time as ``2025-01-01 12:00:00`` (UTC).

    >>> format_time(1735689600)
    '2025-01-01 00:00:00'
    """
    if timestamp is None:
        return "-"
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def format_bytes(size: int) -> str:
    """``1536`` -> ``'1.5 KB'``.

    >>> format_bytes(512), format_bytes(1536), format_bytes(3 * 1024**3)
    ('512 B', '1.5 KB', '3.0 GB')
    """
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def format_duration(seconds: float) -> str:
    """``75.2`` -> ``'1:15'``."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def result_json(result: FineTuningResult) -> dict[str, Any]:
    """The fields of a result worth printing (never the client or its key)."""
    return {
        "job_id": result.job_id,
        "status": result.status,
        "fine_tuned_model": result.fine_tuned_model,
        "trained_tokens": result.trained_tokens,
        "result_files": list(result.result_files),
        "training_file": result.training_file,
        "validation_file": result.validation_file,
        "reused": result.reused,
        "elapsed_seconds": round(result.elapsed, 3),
    }


def cancel_json(result: CancelResult) -> dict[str, Any]:
    return {
        "job_id": result.job_id,
        "initial_status": result.initial_status,
        "final_status": result.final_status,
        "cancelled": result.cancelled,
    }


def report_json(report: ValidationReport) -> dict[str, Any]:
    tokens = report.tokens
    return {
        "source": report.source,
        "method": report.method,
        "format": report.format,
        "ok": report.ok,
        "examples": report.n_examples,
        "problems": [
            {"line": p.line, "severity": p.severity, "code": p.code, "message": p.message}
            for p in report.problems
        ],
        "omitted_problems": report.n_omitted_problems,
        "tokens": {
            "total": tokens.total,
            "min": tokens.min,
            "max": tokens.max,
            "mean": round(tokens.mean, 3),
            "exact": tokens.exact,
            "method": tokens.method,
        },
        "estimated_trained_tokens": report.estimated_trained_tokens(),
        "n_epochs": report.n_epochs if report.n_epochs is not None else report.default_n_epochs,
        "estimated_cost": _cost_json(report),
    }


def _cost_json(report: ValidationReport) -> dict[str, Any] | None:
    """``None`` without a model; else the estimate, or nulls and the reason in ``note``."""
    if report.model is None:
        return None
    cost = report.estimated_cost
    return {
        "model": report.model,
        "usd": round(cost.amount_usd, 6) if cost else None,
        "billed_tokens": cost.billed_tokens if cost else None,
        "usd_per_1m_tokens": cost.usd_per_1m_tokens if cost else None,
        "priced_as": cost.priced_as if cost else None,
        "prices_as_of": cost.as_of.isoformat() if cost and cost.as_of else None,
        "note": report.cost_note,
    }


def plain(value: Mapping[str, Any]) -> dict[str, Any]:
    """A generated model's ``to_dict()`` made JSON-ready (enums and dates as strings)."""
    return json.loads(json.dumps(value, default=str))  # type: ignore[no-any-return]
