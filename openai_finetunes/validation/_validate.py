"""`validate_training_file`: streams a JSONL file through the checks."""

from __future__ import annotations

import array
import json
from collections.abc import Mapping
from typing import Any

import attrs

from .._exceptions import InvalidArgumentError
from ._formats import check_example, json_type
from ._prices import estimate_cost
from ._problem import DEFAULT_MAX_PROBLEMS, Problem, ProblemCollector
from ._reader import MAX_LINE_BYTES, RawLine, Source, describe_source, iter_lines, open_source
from ._report import (
    MAX_TOKENS_PER_EXAMPLE,
    MIN_EXAMPLES,
    Format,
    Method,
    TokenCounts,
    TokenEstimate,
    ValidationReport,
)
from ._tokens import APPROXIMATE, Tokenizer, count_example_tokens, get_tokenizer

_METHODS = ("supervised", "dpo", "reinforcement")
_BOM = b"\xef\xbb\xbf"
_JSON_WHITESPACE = b" \t\r\n"

_FORMAT_LABELS = {
    "chat": "chat",
    "prompt_completion": "prompt/completion",
    "preference": "preference",
}


def validate_training_file(
    source: Source,
    *,
    method: Method = "supervised",
    n_epochs: int | None = None,
    name: str | None = None,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
    max_tokens_per_example: int = MAX_TOKENS_PER_EXAMPLE,
    model: str | None = None,
    prices: Mapping[str, float] | None = None,
) -> ValidationReport:
    """Check a JSONL fine-tuning file locally, before uploading it.

    ``source`` is a path (``str`` or ``os.PathLike``), the file's ``bytes``, or a
    binary file object (read from its current position, which is restored if the
    object is seekable). The file is streamed line by line in bounded memory.
    ``method`` selects the expected format: ``"supervised"`` (chat or
    prompt/completion, not mixed), ``"dpo"`` (preference) or ``"reinforcement"``
    (chat; extra top-level keys for graders allowed, no assistant message
    needed). ``name`` overrides how the source is named in messages.

    With a base or fine-tuned ``model``, the report estimates the training cost: its
    billed tokens (tokens x epochs) at the model's price per 1M tokens from
    `TRAINING_PRICES`, dated `PRICES_AS_OF`. Prices change: pass ``prices=`` (model ->
    USD per 1M training tokens) to use your own table instead. A model without a price
    gets no estimate, and the report says why.

    Problems in the data never raise: they are collected in the returned report.
    A missing, directory or unreadable path raises `TrainingDataError`.

    >>> report = validate_training_file("train.jsonl")  # doctest: +SKIP
    >>> print(report)  # doctest: +SKIP
    >>> report.raise_for_problems()  # doctest: +SKIP
    """
    if method not in _METHODS:
        raise InvalidArgumentError(
            "method", f"must be one of {', '.join(_METHODS)}; got {method!r}"
        )
    if n_epochs is not None and n_epochs < 1:
        raise InvalidArgumentError("n_epochs", f"must be >= 1, got {n_epochs}")
    label = name if name is not None else describe_source(source)
    run = _Run(method, ProblemCollector(max_problems), get_tokenizer(), max_tokens_per_example)
    with open_source(source, label) as read:
        for line in iter_lines(read, MAX_LINE_BYTES):
            run.check_line(line)
    report = run.finish(label, n_epochs)
    if model is None:
        return report
    cost = estimate_cost(model, report.estimated_trained_tokens(), method, prices)
    if isinstance(cost, str):
        return attrs.evolve(report, model=model, cost_note=cost)
    return attrs.evolve(report, model=model, estimated_cost=cost)


class _Run:
    """State carried across the lines of one file."""

    def __init__(
        self, method: Method, problems: ProblemCollector, tokenizer: Tokenizer, max_tokens: int
    ) -> None:
        self.method = method
        self.problems = problems
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.n_lines = 0
        self.n_examples = 0
        self.format: Format | None = None
        self.format_line = 0
        self.mixed_reported = False
        self.tokens = array.array("I")
        self.billable = 0
        self.no_system = _Tally()
        self.no_user = _Tally()

    def error(self, line: int, code: str, message: str) -> None:
        self.problems.add(Problem(line, code, message))

    def check_line(self, raw: RawLine) -> None:
        n = raw.number
        self.n_lines = n
        data = raw.data
        if n == 1 and data.startswith(_BOM):
            self.error(
                n,
                "bom",
                "file starts with a UTF-8 byte-order mark (BOM); save the file as UTF-8 without BOM",
            )
            data = data[len(_BOM) :]
        if raw.truncated:
            self.n_examples += 1
            self.error(
                n,
                "example_too_long",
                f"line is {raw.size:,} bytes, over the {MAX_LINE_BYTES:,}-byte line limit of "
                f"this validator; an example this large far exceeds the "
                f"{self.max_tokens:,}-token limit",
            )
            return
        if not data.strip(_JSON_WHITESPACE):
            self.problems.add(Problem(n, "blank_line", "blank line (ignored)", severity="warning"))
            return
        self.n_examples += 1
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = data[exc.start : exc.start + 1].hex()
            self.error(
                n,
                "not_utf8",
                f"not valid UTF-8: byte 0x{bad} at byte {exc.start + 1} of the line; "
                "save the file as UTF-8",
            )
            return
        example = self._parse(n, text)
        if example is None:
            return
        self._check_example(n, example)

    def _parse(self, n: int, text: str) -> dict[str, Any] | None:
        try:
            value = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data":
                detail = f"unexpected data after the JSON value at column {exc.colno}"
                detail += " (each line must hold exactly one JSON object)"
            else:
                detail = f"{exc.msg} at column {exc.colno}"
            self.error(n, "invalid_json", f"invalid JSON: {detail}")
            return None
        except ValueError as exc:  # NaN/Infinity, or an integer too long to convert
            self.error(n, "invalid_json", f"invalid JSON: {exc}")
            return None
        except RecursionError:
            self.error(n, "invalid_json", "invalid JSON: nested too deeply")
            return None
        if not isinstance(value, dict):
            self.error(n, "not_an_object", f"expected a JSON object, got {json_type(value)}")
            return None
        return value

    def _check_example(self, n: int, example: dict[str, Any]) -> None:
        result = check_example(example, self.method)
        fmt = result.format
        if fmt is not None:
            self._check_mixing(n, fmt)
        for code, message in result.issues:
            self.error(n, code, message)
        if fmt == "chat" and self.method == "supervised":
            if not result.has_system:
                self.no_system.add(n)
            if not result.has_user:
                self.no_user.add(n)
        self._count_tokens(n, example, fmt)

    def _check_mixing(self, n: int, fmt: Format) -> None:
        if self.format is None:
            self.format, self.format_line = fmt, n
        # Only "supervised" accepts two formats; other methods already reported
        # each example in a foreign format as wrong_format.
        elif fmt != self.format and self.method == "supervised" and not self.mixed_reported:
            self.mixed_reported = True
            self.error(
                n,
                "mixed_formats",
                f"{_FORMAT_LABELS[fmt]} example in a file of {_FORMAT_LABELS[self.format]} "
                f"examples (format set by line {self.format_line}); "
                "all examples must use the same format",
            )

    def _count_tokens(self, n: int, example: dict[str, Any], fmt: Format | None) -> None:
        if fmt is None:  # nothing recognisable to count
            return
        try:
            count = count_example_tokens(example, fmt, self.tokenizer.count)
        except Exception:
            count = count_example_tokens(example, fmt, APPROXIMATE.count)
        self.tokens.append(min(count, 2**32 - 1))
        self.billable += min(count, self.max_tokens)
        if count > self.max_tokens:
            how = "" if self.tokenizer.exact else "about "
            self.error(
                n,
                "example_too_long",
                f"example has {how}{count:,} tokens ({self.tokenizer.label}), "
                f"over the {self.max_tokens:,}-token limit per example",
            )

    def finish(self, source: str, n_epochs: int | None) -> ValidationReport:
        if self.n_examples == 0:
            what = "is empty" if self.n_lines == 0 else "contains only blank lines"
            self.problems.add(Problem(None, "empty_file", f"the file {what}; it has no examples"))
        elif self.n_examples < MIN_EXAMPLES:
            self.problems.add(
                Problem(
                    None,
                    "too_few_examples",
                    f"only {self.n_examples} example(s); fine-tuning needs at least {MIN_EXAMPLES}",
                )
            )
        for tally, what in ((self.no_system, "system"), (self.no_user, "user")):
            if tally.count:
                # One summary warning rather than one per example, which would
                # crowd real errors out of the capped problem list.
                self.problems.add(
                    Problem(
                        tally.first,
                        f"missing_{what}_message",
                        f"{tally.count:,} example(s) have no {what} message "
                        f"(first at line {tally.first})",
                        severity="warning",
                    ),
                    always_keep=True,
                )
        tokens = self.tokens
        n = len(tokens)
        estimate = TokenEstimate(
            per_example=TokenCounts(tokens),
            total=sum(tokens),
            min=min(tokens) if n else 0,
            max=max(tokens) if n else 0,
            mean=sum(tokens) / n if n else 0.0,
            exact=self.tokenizer.exact,
            method=self.tokenizer.label,
            billable=self.billable,
        )
        return ValidationReport(
            source=source,
            method=self.method,
            format=self.format,
            n_examples=self.n_examples,
            problems=self.problems.problems(),
            tokens=estimate,
            n_epochs=n_epochs,
            n_omitted_problems=self.problems.n_omitted,
            n_omitted_errors=self.problems.n_omitted_errors,
            max_tokens_per_example=self.max_tokens,
        )


class _Tally:
    """How many lines had some property, and the first of them."""

    def __init__(self) -> None:
        self.count = 0
        self.first: int | None = None

    def add(self, line: int) -> None:
        self.count += 1
        if self.first is None:
            self.first = line


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
