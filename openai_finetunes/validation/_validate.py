"""`validate_training_file`: streams a JSONL file through the checks."""

from __future__ import annotations

import array
import json
import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from .. import _facts
from .._exceptions import InvalidArgumentError
from ._formats import check_example, json_type, reject_constant
from ._prices import check_prices, estimate_cost
from ._problem import DEFAULT_MAX_PROBLEMS, Problem, ProblemCollector
from ._reader import (
    MAX_LINE_BYTES,
    RawLine,
    ReadState,
    Source,
    describe_source,
    iter_lines,
    open_source,
)
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

_METHODS: Final = _facts.METHOD_TYPES  # from the spec: a new method type needs no edit here
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_JSON_WHITESPACE = b" \t\r\n"
# A \u escape of a UTF-16 surrogate (\ud800-\udfff): only lines with one are searched
# for a lone surrogate, which json.loads accepts but UTF-8 cannot encode.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# How much of a line is sampled to recognise UTF-16.
_UTF16_SAMPLE = 512


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
    ``method`` selects the expected format: ``"supervised"`` (chat),
    ``"dpo"`` (preference) or ``"reinforcement"`` (chat; extra top-level keys for
    graders allowed, no assistant message needed). ``name`` overrides how the
    source is named in messages.

    Prompt/completion examples are only for the legacy completion models
    (``babbage-002``, ``davinci-002``): pass one of them (or a model fine-tuned from
    one) as ``model`` to validate a prompt/completion file, in which every example
    must then be a prompt/completion one. For any other ``model``, and when no
    ``model`` is given, a chat model is assumed and every prompt/completion example
    is an error (``wrong_format``).

    With a base or fine-tuned ``model``, the report estimates the training cost: its
    billed tokens (tokens x epochs) at the model's price per 1M tokens from
    `TRAINING_PRICES`, dated `PRICES_AS_OF`. Prices change: pass ``prices=`` (model ->
    USD per 1M training tokens) to use your own table instead. A model without a price
    gets no estimate, and the report says why.

    Problems in the data never raise: they are collected in the returned report.
    A missing, directory or unreadable path raises `TrainingDataError`, and so does
    a path to a named pipe (FIFO), device or socket, or an open handle on a device
    (such as ``/dev/zero``), before anything is read. At most `MAX_SOURCE_BYTES`
    (8 GB, the upload limit) are read: a longer or endless stream is reported as
    ``source_too_large``. A file that looks like UTF-16 is reported once, at line 1,
    and not read further.

    >>> report = validate_training_file("train.jsonl")  # doctest: +SKIP
    >>> print(report)  # doctest: +SKIP
    >>> report.raise_for_problems()  # doctest: +SKIP
    """
    if method not in _METHODS:
        raise InvalidArgumentError(
            "method", f"must be one of {', '.join(_METHODS)}; got {method!r}"
        )
    if n_epochs is not None and (
        isinstance(n_epochs, bool) or not isinstance(n_epochs, int) or n_epochs < 1
    ):
        raise InvalidArgumentError("n_epochs", f"must be a whole number >= 1, got {n_epochs!r}")
    if isinstance(max_problems, bool) or not isinstance(max_problems, int) or max_problems < 0:
        raise InvalidArgumentError(
            "max_problems", f"must be a whole number >= 0, got {max_problems!r}"
        )
    check_prices(prices)  # before the file is read, not after
    label = name if name is not None else describe_source(source)
    run = _Run(
        method, ProblemCollector(max_problems), get_tokenizer(), max_tokens_per_example, model
    )
    state = ReadState()
    with open_source(source, label) as read:
        for line in iter_lines(read, MAX_LINE_BYTES, state=state):
            run.check_line(line)
            if run.abandoned:
                break
    if state.over_limit:
        run.over_limit(state.n_bytes)
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
        self,
        method: Method,
        problems: ProblemCollector,
        tokenizer: Tokenizer,
        max_tokens: int,
        model: str | None,
    ) -> None:
        self.method = method
        self.problems = problems
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.model = model
        self.n_lines = 0
        self.n_examples = 0
        self.format: Format | None = None
        #: The first prompt/completion example refused for a chat model.
        self.legacy_line: int | None = None
        #: The rest of the file is not worth reading (it is not UTF-8 text at all).
        self.abandoned = False
        #: The example count is unknown: reading stopped early.
        self.incomplete = False
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
        if (b"\x00" in data or data.startswith(_UTF16_BOMS)) and _looks_like_utf16(data):
            self.n_examples += 1
            why = "a UTF-16 byte-order mark" if data.startswith(_UTF16_BOMS) else "NUL bytes"
            self.error(n, "not_utf8", f"looks like UTF-16; save the file as UTF-8 ({why})")
            if n == 1:  # the whole file, then: one problem says it all
                self.abandoned = self.incomplete = True
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
        if _SURROGATE_ESCAPE.search(data):
            self._check_surrogates(n, example)
        self._check_example(n, example)

    def _check_surrogates(self, n: int, example: dict[str, Any]) -> None:
        found = _lone_surrogate(example)
        if found is not None:
            where, char = found
            self.error(
                n,
                "lone_surrogate",
                f"{where} holds a lone UTF-16 surrogate (\\u{ord(char):04x}), which cannot be "
                "encoded as UTF-8; surrogate escapes come in pairs, such as \\ud83d\\ude00",
            )

    def _parse(self, n: int, text: str) -> dict[str, Any] | None:
        try:
            value = json.loads(text, parse_constant=reject_constant)
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
        result = check_example(example, self.method, self.model)
        fmt = result.format
        if self.format is None:
            self.format = fmt
        for code, message in result.issues:
            if (
                code == "wrong_format"
                and fmt == "prompt_completion"
                and self.method == "supervised"
            ):
                # Said in full once; a file of them would repeat it on every line.
                if self.legacy_line is None:
                    self.legacy_line = n
                else:
                    message = f"prompt/completion example (see line {self.legacy_line})"
            self.error(n, code, message)
        if fmt == "chat" and self.method == "supervised":
            if not result.has_system:
                self.no_system.add(n)
            if not result.has_user:
                self.no_user.add(n)
        self._count_tokens(n, example, fmt)

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

    def over_limit(self, n_bytes: int) -> None:
        self.incomplete = True
        self.problems.add(
            Problem(
                None,
                "source_too_large",
                f"larger than {n_bytes:,} bytes, the upload limit: reading stopped there, "
                f"after line {self.n_lines:,} (is it an endless stream?)",
            )
        )

    def finish(self, source: str, n_epochs: int | None) -> ValidationReport:
        if self.incomplete:
            pass  # how many examples there are is not known
        elif self.n_examples == 0:
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


def _looks_like_utf16(data: bytes) -> bool:
    """Whether a line is UTF-16: a UTF-16 byte-order mark, or text whose every other byte
    is NUL (the high byte of each ASCII character)."""
    if data.startswith(_UTF16_BOMS):
        return True
    sample = data[:_UTF16_SAMPLE]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    most, least = max(even, odd), min(even, odd)
    # Mostly NULs on one side and almost none on the other; all-NUL data is not text.
    return most * 4 >= len(sample) and least * 8 <= most


def _lone_surrogate(value: object) -> tuple[str, str] | None:
    """Where the first string holding a lone surrogate is in ``value``, and the surrogate."""
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            match = _SURROGATE.search(item)
            if match:
                return where or "the line", match.group()
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                match = _SURROGATE.search(key)
                if match:
                    return f"a key of {where or 'the object'}", match.group()
                stack.append((f"{where}.{key}" if where else key, child))
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", child) for i, child in reversed(list(enumerate(item))))
    return None
