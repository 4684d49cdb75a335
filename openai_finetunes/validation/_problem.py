"""The `Problem` record and the bounded collector that gathers them."""

from __future__ import annotations

from typing import Literal

import attrs

Severity = Literal["error", "warning"]

#: Default cap on collected line-level problems; a multi-GB garbage file would
#: otherwise produce one problem per line and exhaust memory.
DEFAULT_MAX_PROBLEMS = 100


@attrs.frozen
class Problem:
    """One thing wrong with a training file.

    ``line`` is 1-based, or ``None`` for whole-file problems (e.g. too few
    examples). ``code`` is a stable machine-readable identifier; ``message`` is
    self-contained human text.

    >>> str(Problem(7, "unknown_role", "unknown role 'bot' in messages[1]"))
    "line 7: unknown role 'bot' in messages[1]"
    """

    line: int | None
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.line is None else f"line {self.line}: "
        marker = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{marker}{self.message}"


class ProblemCollector:
    """Keeps the first ``limit`` line-level problems and counts the rest.

    File-level problems (``line is None``) are always kept: there are only a
    handful of them and they are often the most important ones.
    """

    def __init__(self, limit: int = DEFAULT_MAX_PROBLEMS) -> None:
        if limit < 0:
            raise ValueError(f"max_problems must be >= 0, got {limit}")
        self._limit = limit
        self._line_problems: list[Problem] = []
        self._file_problems: list[Problem] = []
        self.n_omitted = 0
        self.n_omitted_errors = 0

    def add(self, problem: Problem, *, always_keep: bool = False) -> None:
        """Record ``problem``; ``always_keep`` bypasses the cap (for summaries)."""
        if problem.line is None:
            self._file_problems.append(problem)
        elif always_keep or len(self._line_problems) < self._limit:
            self._line_problems.append(problem)
        else:
            self.n_omitted += 1
            if problem.severity == "error":
                self.n_omitted_errors += 1

    def problems(self) -> tuple[Problem, ...]:
        # Stable sort: problems of one line keep their detection order, and the
        # aggregated warnings added at end of file land at their first line.
        ordered = sorted(self._line_problems, key=lambda p: p.line or 0)
        return (*ordered, *self._file_problems)
