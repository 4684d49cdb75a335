"""The result types: `TokenEstimate`, `ValidationReport` and `TrainingDataError`."""

from __future__ import annotations

import array
import html
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, overload

import attrs

from .._exceptions import InvalidArgumentError, OpenAIFinetunesError
from ._prices import CostEstimate
from ._problem import Problem

Method = Literal["supervised", "dpo", "reinforcement"]
Format = Literal["chat", "prompt_completion", "preference"]

#: Longest example accepted, in tokens. 65,536 is the per-example training
#: context of the gpt-4o / gpt-4o-mini / gpt-4.1 family of fine-tunable models;
#: some models accept less, so treat this as an upper bound.
MAX_TOKENS_PER_EXAMPLE = 65_536

#: The fine-tuning service rejects files with fewer examples than this.
MIN_EXAMPLES = 10

# Heuristic for the service's "auto" epoch count, as published in OpenAI's
# data-preparation cookbook: aim for ~3 epochs, but keep the number of trained
# examples between 100 and 25,000 and the epochs between 1 and 25.
_TARGET_EPOCHS = 3
_MIN_TARGET_EXAMPLES = 100
_MAX_TARGET_EXAMPLES = 25_000
_MIN_DEFAULT_EPOCHS = 1
_MAX_DEFAULT_EPOCHS = 25

_MAX_LISTED_PROBLEMS = 20


def default_n_epochs(n_examples: int) -> int:
    """Estimate the epoch count the service picks when ``n_epochs`` is "auto".

    >>> default_n_epochs(10), default_n_epochs(1000), default_n_epochs(100_000)
    (10, 3, 1)
    """
    if n_examples <= 0:
        return _TARGET_EPOCHS
    if n_examples * _TARGET_EPOCHS < _MIN_TARGET_EXAMPLES:
        return min(_MAX_DEFAULT_EPOCHS, _MIN_TARGET_EXAMPLES // n_examples)
    if n_examples * _TARGET_EPOCHS > _MAX_TARGET_EXAMPLES:
        return max(_MIN_DEFAULT_EPOCHS, _MAX_TARGET_EXAMPLES // n_examples)
    return _TARGET_EPOCHS


class TokenCounts(Sequence[int]):
    """Read-only sequence of per-example token counts, 4 bytes per example.

    A tuple of ints costs ~10x more; that matters for files with millions of
    examples.
    """

    __slots__ = ("_data",)

    def __init__(self, counts: Iterable[int] = ()) -> None:
        self._data = counts if isinstance(counts, array.array) else array.array("I", counts)

    def __len__(self) -> int:
        return len(self._data)

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> TokenCounts: ...
    def __getitem__(self, index: int | slice) -> int | TokenCounts:
        if isinstance(index, slice):
            return TokenCounts(self._data[index])
        return self._data[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenCounts):
            return self._data == other._data
        if isinstance(other, (list, tuple)):
            return self._data.tolist() == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._data.tobytes())

    def __reduce__(self) -> tuple[type[TokenCounts], tuple[list[int]]]:
        return (TokenCounts, (self._data.tolist(),))

    def __repr__(self) -> str:
        shown = ", ".join(map(str, self._data[:10]))
        return f"TokenCounts([{shown}{', ...' if len(self._data) > 10 else ''}])"


@attrs.frozen
class TokenEstimate:
    """Token counts of the examples that parsed as JSON objects in a known format.

    ``per_example`` is a compact read-only sequence in file order; it skips lines
    that are not such examples, so it can be shorter than ``n_examples``. ``exact`` is true only when tiktoken's ``o200k_base`` encoding was
    used; otherwise counts are ``ceil(characters / 4)`` per text field. Both add
    the chat-format overhead of 3 tokens per message and 3 per example; images
    are not counted.
    """

    per_example: TokenCounts = attrs.field(repr=False)
    total: int
    min: int
    max: int
    mean: float
    exact: bool
    method: str
    #: Sum over examples of ``min(count, limit)``: what the service bills per epoch.
    billable: int

    @property
    def n_examples(self) -> int:
        return len(self.per_example)


class TrainingDataError(OpenAIFinetunesError, ValueError):
    """A training file cannot be used: it is missing, unreadable, or has problems.

    ``problems`` holds the problems (empty for path errors) and ``report`` the
    full `ValidationReport` when one was produced.
    """

    def __init__(
        self,
        message: str,
        *,
        problems: Sequence[Problem] = (),
        report: ValidationReport | None = None,
    ) -> None:
        super().__init__(message)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.report = report

    @classmethod
    def from_report(cls, report: ValidationReport) -> TrainingDataError:
        errors = report.errors
        n_total = len(errors) + report.n_omitted_errors
        noun = "problem" if n_total == 1 else "problems"
        # Sources without a path are named like "<bytes>"; quoting those reads oddly.
        named = report.source and not report.source.startswith("<")
        where = f"training file {report.source!r}" if named else "training data"
        lines = [f"{where} has {n_total} {noun}:"]
        lines += [f"  {p}" for p in errors[:_MAX_LISTED_PROBLEMS]]
        n_more = n_total - min(len(errors), _MAX_LISTED_PROBLEMS)
        if n_more:
            lines.append(f"  ... and {n_more:,} more")
        return cls("\n".join(lines), problems=errors, report=report)


@attrs.frozen
class ValidationReport:
    """What `validate_training_file` found.

    ``problems`` holds at most ``max_problems`` line-level problems (plus all
    file-level ones); ``n_omitted_problems`` counts the ones left out, of which
    ``n_omitted_errors`` were errors. ``n_examples`` counts non-blank lines,
    whether or not they are valid. ``estimated_cost`` is the training price for
    ``model`` when one was given and priced, else ``None`` with the reason in
    ``cost_note``.
    """

    source: str | None
    method: Method
    format: Format | None
    n_examples: int
    problems: tuple[Problem, ...]
    tokens: TokenEstimate
    n_epochs: int | None = None
    n_omitted_problems: int = 0
    n_omitted_errors: int = 0
    max_tokens_per_example: int = MAX_TOKENS_PER_EXAMPLE
    model: str | None = None
    estimated_cost: CostEstimate | None = None
    cost_note: str | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when there are no error-severity problems (warnings are allowed)."""
        return not self.errors and not self.n_omitted_errors

    @property
    def default_n_epochs(self) -> int:
        """The epoch count the service would likely choose for this file."""
        return default_n_epochs(self.n_examples)

    def estimated_trained_tokens(self, n_epochs: int | None = None) -> int:
        """Billable tokens for ``n_epochs`` epochs.

        Defaults to the ``n_epochs`` given to `validate_training_file`, else to
        `default_n_epochs`. Examples over the limit count as the limit.

        >>> report.estimated_trained_tokens(3)  # doctest: +SKIP
        12345
        """
        epochs = self._epochs(n_epochs)
        return self.tokens.billable * epochs

    def raise_for_problems(self) -> None:
        """Raise `TrainingDataError` listing the errors, if there are any.

        >>> validate_training_file("train.jsonl").raise_for_problems()  # doctest: +SKIP
        """
        if not self.ok:
            raise TrainingDataError.from_report(self)

    def _epochs(self, n_epochs: int | None) -> int:
        if n_epochs is None:
            n_epochs = self.n_epochs
        if n_epochs is None:
            return self.default_n_epochs
        if n_epochs < 1:
            raise InvalidArgumentError("n_epochs", f"must be >= 1, got {n_epochs}")
        return n_epochs

    def _summary_rows(self) -> list[tuple[str, str]]:
        t = self.tokens
        epochs = self._epochs(None)
        epochs_note = "" if self.n_epochs is not None else ", estimated default"
        status = "OK" if self.ok else f"{len(self.errors) + self.n_omitted_errors:,} error(s)"
        rows = [
            ("Source", self.source or "<unnamed>"),
            ("Method", self.method),
            ("Format", self.format or "unknown"),
            ("Examples", f"{self.n_examples:,}"),
            ("Status", status),
            ("Tokenizer", t.method),
        ]
        if t.n_examples:
            rows.append(
                (
                    "Tokens per example",
                    f"min {t.min:,}, mean {t.mean:,.1f}, max {t.max:,} (total {t.total:,})",
                )
            )
            rows.append(
                (
                    "Estimated trained tokens",
                    f"{self.estimated_trained_tokens():,} ({epochs} epochs{epochs_note})",
                )
            )
        if self.estimated_cost is not None:
            rows.append(("Estimated training cost", self.estimated_cost.describe()))
        elif self.cost_note is not None:
            rows.append(("Estimated training cost", f"none: {self.cost_note}"))
        return rows

    def __str__(self) -> str:
        lines = [f"{label}: {value}" for label, value in self._summary_rows()]
        if self.problems:
            n_warnings = len(self.warnings)
            n_errors = len(self.problems) - n_warnings + self.n_omitted_errors
            lines.append(f"Problems: {n_errors:,} error(s), {n_warnings:,} warning(s) listed")
            lines += [f"  {p}" for p in self.problems]
            if self.n_omitted_problems:
                lines.append(f"  ... and {self.n_omitted_problems:,} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th style='text-align:left'>{esc(k)}</th><td>{esc(v)}</td></tr>"
            for k, v in self._summary_rows()
        )
        parts = [f"<table>{rows}</table>"]
        if self.problems:
            shown = self.problems[:_MAX_LISTED_PROBLEMS]
            body = "".join(
                f"<tr><td>{'' if p.line is None else p.line}</td><td>{esc(p.severity)}</td>"
                f"<td><code>{esc(p.code)}</code></td><td>{esc(p.message)}</td></tr>"
                for p in shown
            )
            n_more = len(self.problems) - len(shown) + self.n_omitted_problems
            more = f"<p>... and {n_more:,} more</p>" if n_more else ""
            parts.append(
                "<table><tr><th>Line</th><th>Severity</th><th>Code</th><th>Message</th></tr>"
                f"{body}</table>{more}"
            )
        return "".join(parts)
