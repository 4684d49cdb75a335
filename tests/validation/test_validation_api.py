"""Behaviour of validate_training_file and its report beyond the corpus."""

from __future__ import annotations

import io
import json
import pickle
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from openai_finetunes import InvalidArgumentError
from openai_finetunes.validation import (
    Problem,
    TokenCounts,
    TrainingDataError,
    ValidationReport,
    _validate,
    validate_training_file,
)

ChatLine = Callable[..., str]


def _jsonl(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _good_bytes(make_chat_line: ChatLine, n: int = 12) -> bytes:
    return _jsonl([make_chat_line(f"q{i}", f"a{i}") for i in range(n)])


# --- problems --------------------------------------------------------------------


def test_problem_str() -> None:
    assert str(Problem(7, "unknown_role", "unknown role 'bot'")) == "line 7: unknown role 'bot'"
    assert str(Problem(None, "too_few_examples", "only 3")) == "only 3"
    warning = Problem(2, "blank_line", "blank line (ignored)", severity="warning")
    assert str(warning) == "line 2: warning: blank line (ignored)"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        warning.line = 3  # type: ignore[misc]


def test_all_problems_in_one_file_are_reported(make_chat_line: ChatLine) -> None:
    lines = [make_chat_line(f"q{i}") for i in range(12)]
    lines[1] = '{"messages": ['
    lines[4] = json.dumps({"messages": [{"role": "bot", "content": "x"}]})
    lines[8] = "42"
    lines[11] = json.dumps({"messages": [{"role": "user", "content": "hi"}]})
    report = validate_training_file(_jsonl(lines))

    assert [(p.line, p.code) for p in report.errors] == [
        (2, "invalid_json"),
        (5, "unknown_role"),
        (9, "not_an_object"),
        (12, "no_assistant_message"),
    ]
    with pytest.raises(TrainingDataError) as excinfo:
        report.raise_for_problems()
    message = str(excinfo.value)
    assert message.startswith("training data has 4 problems:")
    for line in (2, 5, 9, 12):
        assert f"line {line}: " in message
    assert excinfo.value.problems == report.errors


def test_warnings_do_not_fail(make_chat_line: ChatLine) -> None:
    no_system = json.dumps(
        {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
    )
    no_user = json.dumps(
        {"messages": [{"role": "system", "content": "s"}, {"role": "assistant", "content": "a"}]}
    )
    lines = [make_chat_line() for _ in range(10)] + [no_system, "", no_system, no_user]
    report = validate_training_file(_jsonl(lines))

    assert report.ok
    report.raise_for_problems()
    assert [(p.line, p.code) for p in report.warnings] == [
        (11, "missing_system_message"),
        (12, "blank_line"),
        (14, "missing_user_message"),
    ]
    assert "2 example(s) have no system message (first at line 11)" in report.warnings[0].message
    assert report.n_examples == 13


def test_trailing_newlines_are_not_blank_line_warnings(make_chat_line: ChatLine) -> None:
    report = validate_training_file(_good_bytes(make_chat_line))
    assert report.problems == ()
    assert report.n_examples == 12


def test_prompt_completion_rows_among_chat_rows_are_each_reported(
    make_chat_line: ChatLine,
) -> None:
    legacy = json.dumps({"prompt": "p", "completion": "c"})
    lines = [make_chat_line() for _ in range(6)] + [legacy, make_chat_line(), legacy, legacy]
    report = validate_training_file(_jsonl(lines))
    assert [(p.line, p.code) for p in report.errors] == [(n, "wrong_format") for n in (7, 9, 10)]
    assert "legacy completion models babbage-002 and davinci-002" in report.errors[0].message
    # Said in full once, then short.
    assert report.errors[1].message == "prompt/completion example (see line 7)"
    assert report.format == "chat"


def test_chat_rows_among_prompt_completion_rows_for_a_legacy_model(
    make_chat_line: ChatLine,
) -> None:
    legacy = json.dumps({"prompt": "p", "completion": "c"})
    lines = [legacy] * 6 + [make_chat_line(), legacy, legacy, legacy]
    report = validate_training_file(_jsonl(lines), model="davinci-002")
    assert [(p.line, p.code) for p in report.errors] == [(7, "wrong_format")]
    assert "legacy completion model 'davinci-002', got a chat example" in str(report.errors[0])
    assert report.format == "prompt_completion"


def test_problem_cap_keeps_first_problems_and_counts_the_rest() -> None:
    report = validate_training_file(b"oops\n" * 250)

    assert len(report.problems) == 100
    assert [p.line for p in report.problems] == list(range(1, 101))
    assert report.n_omitted_problems == 150
    assert report.n_omitted_errors == 150
    assert not report.ok
    with pytest.raises(TrainingDataError) as excinfo:
        report.raise_for_problems()
    message = str(excinfo.value)
    assert message.startswith("training data has 250 problems:")
    assert "line 20: " in message
    assert "line 21: " not in message
    assert message.endswith("... and 230 more")
    assert "... and 150 more" in str(report)


def test_problem_cap_is_configurable_and_file_problems_survive_it() -> None:
    report = validate_training_file(b"[]\n" * 9, max_problems=3)
    assert [(p.line, p.code) for p in report.problems] == [
        (1, "not_an_object"),
        (2, "not_an_object"),
        (3, "not_an_object"),
        (None, "too_few_examples"),
    ]
    assert report.n_omitted_problems == 6


def test_omitted_errors_keep_report_failing(make_chat_line: ChatLine) -> None:
    # The kept problems are all warnings; the errors beyond the cap still count.
    data = b"\n" * 5 + _good_bytes(make_chat_line) + b"nope\n"
    report = validate_training_file(data, max_problems=5)
    assert all(p.severity == "warning" for p in report.problems)
    assert report.n_omitted_errors == 1
    assert not report.ok
    with pytest.raises(TrainingDataError, match="and 1 more"):
        report.raise_for_problems()


def test_line_length_limit_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    line = json.dumps({"prompt": "p", "completion": "c" * 100})
    monkeypatch.setattr(_validate, "MAX_LINE_BYTES", len(line))
    at_limit = validate_training_file(_jsonl([line] * 10), model="babbage-002")
    assert at_limit.ok, str(at_limit)

    monkeypatch.setattr(_validate, "MAX_LINE_BYTES", len(line) - 1)
    over = validate_training_file(_jsonl([line] * 10), model="babbage-002")
    assert [p.code for p in over.errors] == ["example_too_long"] * 10
    assert f"line is {len(line):,} bytes" in over.errors[0].message


def test_bom_on_an_oversized_first_line_is_still_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_validate, "MAX_LINE_BYTES", 50)
    data = b"\xef\xbb\xbf" + _jsonl([json.dumps({"prompt": "p" * 100, "completion": "c"})])
    report = validate_training_file(data)
    assert [(p.line, p.code) for p in report.errors][:2] == [(1, "bom"), (1, "example_too_long")]


# --- sources ------------------------------------------------------------------------


def test_bytes_like_sources(make_chat_line: ChatLine) -> None:
    data = _good_bytes(make_chat_line)
    reports = [validate_training_file(src) for src in (data, bytearray(data), memoryview(data))]
    assert all(r.ok and r.n_examples == 12 and r.source == "<bytes>" for r in reports)


def test_file_object_is_read_from_its_position_which_is_restored(
    make_chat_line: ChatLine,
) -> None:
    prefix = b"this header is not part of the data\n"
    buffer = io.BytesIO(prefix + _good_bytes(make_chat_line))
    buffer.seek(len(prefix))

    report = validate_training_file(buffer)

    assert report.ok, str(report)
    assert report.n_examples == 12
    assert buffer.tell() == len(prefix)
    assert not buffer.closed


def test_real_file_object_uses_its_name_and_stays_open(
    tmp_path: Path, make_chat_line: ChatLine
) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b"nope\n" + _good_bytes(make_chat_line))
    with path.open("rb") as handle:
        report = validate_training_file(handle)
        assert handle.tell() == 0
        assert not handle.closed
    assert report.source == str(path)
    with pytest.raises(TrainingDataError, match=f"training file '{path}' has 1 problem:"):
        report.raise_for_problems()


def test_name_overrides_the_source_label(make_chat_line: ChatLine) -> None:
    report = validate_training_file(b"nope\n", name="upload #3")
    assert report.source == "upload #3"
    with pytest.raises(TrainingDataError, match="'upload #3'"):
        report.raise_for_problems()


class _TrickleReader:
    """Non-seekable reader returning at most 7 bytes per read()."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        chunk = self._data[self._pos : self._pos + min(n, 7)]
        self._pos += len(chunk)
        return chunk


def test_lines_split_across_reads_are_reassembled(make_chat_line: ChatLine) -> None:
    data = b"\xef\xbb\xbf" + _good_bytes(make_chat_line) + b"\n\xff{}\nlast"
    expected = validate_training_file(data)
    trickled = validate_training_file(_TrickleReader(data))  # type: ignore[arg-type]

    assert trickled.problems == expected.problems
    assert trickled.tokens == expected.tokens
    assert [(p.line, p.code) for p in expected.errors] == [
        (1, "bom"),
        (14, "not_utf8"),
        (15, "invalid_json"),
    ]


def test_text_mode_file_object_is_rejected(make_chat_line: ChatLine) -> None:
    with pytest.raises(InvalidArgumentError, match="binary mode"):
        validate_training_file(io.StringIO(make_chat_line()))  # type: ignore[arg-type]


def test_unsupported_source_type_is_rejected() -> None:
    with pytest.raises(InvalidArgumentError, match="path, bytes or a binary file object"):
        validate_training_file(42)  # type: ignore[arg-type]


def test_invalid_arguments() -> None:
    with pytest.raises(InvalidArgumentError, match="method: must be one of"):
        validate_training_file(b"", method="sft")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="n_epochs"):
        validate_training_file(b"", n_epochs=0)


def test_large_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    line = json.dumps(
        {
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Repeat this: " + "stream " * 1400},
                {"role": "assistant", "content": "ok"},
            ]
        }
    ).encode()
    n_lines = 50_000_000 // (len(line) + 1) + 1
    path = tmp_path / "big.jsonl"
    with path.open("wb") as f:
        for _ in range(n_lines):
            f.write(line + b"\n")
    assert path.stat().st_size > 50_000_000

    tracemalloc.start()
    try:
        report = validate_training_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert report.ok, str(report)
    assert report.n_examples == n_lines
    assert len(report.tokens.per_example) == n_lines
    # Reading the whole file would need > 50 MB; streaming needs a few chunks.
    assert peak < 10_000_000, f"peak traced memory {peak:,} bytes"


# --- tokens and the report ----------------------------------------------------------


def test_approximate_token_counts_are_exact_arithmetic() -> None:
    legacy = json.dumps({"prompt": "abcd", "completion": "abcdefgh"})
    chat = json.dumps(
        {
            "messages": [
                {"role": "user", "content": "abcd"},
                {"role": "assistant", "content": "abcdefgh"},
            ]
        }
    )
    assert list(validate_training_file(_jsonl([legacy] * 10)).tokens.per_example) == [3] * 10
    # 3 per example + (3 + "user" 1 + "abcd" 1) + (3 + "assistant" 3 + "abcdefgh" 2)
    assert validate_training_file(_jsonl([chat] * 10)).tokens.per_example == [16] * 10


def test_estimated_trained_tokens_and_epochs(make_chat_line: ChatLine) -> None:
    data = _good_bytes(make_chat_line, n=14)
    report = validate_training_file(data)
    total = report.tokens.total
    assert report.default_n_epochs == 7  # 100 // 14: the service aims for >= 100 steps
    assert report.estimated_trained_tokens() == 7 * total
    assert report.estimated_trained_tokens(2) == 2 * total
    assert validate_training_file(data, n_epochs=3).estimated_trained_tokens() == 3 * total
    with pytest.raises(InvalidArgumentError, match="n_epochs: must be >= 1"):
        report.estimated_trained_tokens(0)


def test_default_epochs_for_large_files() -> None:
    report = validate_training_file(b'{"prompt": "p", "completion": "c"}\n' * 20_000)
    assert report.default_n_epochs == 1
    report = validate_training_file(b'{"prompt": "p", "completion": "c"}\n' * 1_000)
    assert report.default_n_epochs == 3


def test_oversized_examples_are_billed_at_the_limit(oversized_example_file: Path) -> None:
    report = validate_training_file(oversized_example_file, n_epochs=1)
    over = report.tokens.max
    assert report.tokens.billable == report.tokens.total - over + 65_536
    assert report.estimated_trained_tokens() == report.tokens.billable


def test_max_tokens_per_example_is_configurable(make_chat_line: ChatLine) -> None:
    report = validate_training_file(_good_bytes(make_chat_line), max_tokens_per_example=10)
    assert {p.code for p in report.errors} == {"example_too_long"}
    assert len(report.errors) == 12
    assert "10-token limit" in report.errors[0].message


def test_report_str_and_html(make_chat_line: ChatLine) -> None:
    data = _good_bytes(make_chat_line) + b'{"messages": "<b>"}\n'
    report = validate_training_file(data)
    text = str(report)
    assert "Examples: 13" in text
    assert "approximation: ~4 characters per token" in text
    assert "line 13: 'messages' must be an array, got string" in text
    html = report._repr_html_()
    assert "&lt;bytes&gt;" in html
    assert "<bytes>" not in html
    assert "<code>invalid_type</code>" in html
    assert "<td>13</td>" in html


def test_report_is_frozen_comparable_and_picklable(make_chat_line: ChatLine) -> None:
    report = validate_training_file(_good_bytes(make_chat_line))
    assert isinstance(report, ValidationReport)
    assert pickle.loads(pickle.dumps(report)) == report
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.n_examples = 0  # type: ignore[misc]
    counts = report.tokens.per_example
    assert isinstance(counts, TokenCounts)
    assert counts[1:3] == list(counts)[1:3]
    assert not hasattr(counts, "append")


def test_endless_line_is_read_in_bounded_memory(tmp_path: Path) -> None:
    # e.g. a multi-GB binary dump with no newline at all
    path = tmp_path / "one_line.bin"
    with path.open("wb") as f:
        for _ in range(24):
            f.write(b"\x00garbage" * 131_072)
    tracemalloc.start()
    try:
        report = validate_training_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert [(p.line, p.code) for p in report.problems] == [
        (1, "example_too_long"),
        (None, "too_few_examples"),
    ]
    assert "25,165,824 bytes" in report.problems[0].message
    assert peak < 10_000_000, f"peak traced memory {peak:,} bytes"
