"""Issue 15, item 7: the validator on adversarial input.

Sources that never end (a FIFO, /dev/zero, an endless stream) are refused or cut off at
a documented limit instead of hanging, and rows the service refuses are reported with
their line: tool-call arguments that are not JSON, prompt/completion rows for a chat
model, a preference row with two preferred outputs, an empty assistant answer, a lone
surrogate, and a file saved as UTF-16.

Every test that could hang runs under a deadline (SIGALRM), so a regression fails
instead of stalling the suite.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import OpenAIFinetunesError, UploadError, _facts, _sources, upload_file
from openai_finetunes.validation import TrainingDataError, _reader, validate_training_file
from openai_finetunes.workflows import InvalidArgumentError, run_fine_tuning_job

MODEL = "gpt-4o-mini-2024-07-18"
DEADLINE = 10.0

needs_alarm = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no SIGALRM here")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
needs_dev_zero = pytest.mark.skipif(
    not (os.path.exists("/dev/zero") and stat.S_ISCHR(os.stat("/dev/zero").st_mode)),
    reason="no /dev/zero here",
)


class Hung(Exception):
    """The code under test ran past its deadline."""


@contextlib.contextmanager
def deadline(seconds: float = DEADLINE) -> Iterator[None]:
    """Fail with `Hung` (not hang) if the block runs longer than ``seconds``.

    The alarm interrupts a blocking open() of a FIFO as well as a busy read loop: the
    handler's exception stops Python from retrying the system call.
    """

    def expire(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def chat(question: str = "q", answer: Any = "a", **extra: Any) -> dict[str, Any]:
    return {
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ],
        **extra,
    }


def jsonl(rows: list[Any]) -> bytes:
    return b"".join(
        (row if isinstance(row, str) else json.dumps(row)).encode() + b"\n" for row in rows
    )


def errors(data: bytes, **kwargs: Any) -> list[tuple[int | None, str]]:
    report = validate_training_file(data, **kwargs)
    return [(p.line, p.code) for p in report.errors]


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = tmp_path / "train.jsonl"
    os.mkfifo(path)
    yield path
    # Should a regression have opened it for reading, a writer lets that open return.
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


# -- sources that never end ----------------------------------------------------------------


@needs_alarm
@needs_fifo
def test_a_fifo_path_is_refused_before_it_is_opened(fifo: Path) -> None:
    with deadline(), pytest.raises(TrainingDataError) as raised:
        validate_training_file(fifo)
    assert str(raised.value) == f"training file {fifo}: is a named pipe (FIFO), not a regular file"
    assert raised.value.report is None


@needs_alarm
@needs_fifo
def test_the_cli_run_refuses_a_fifo(fifo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openai_finetunes.cli import main

    with deadline():
        code = main(["run", str(fifo), "--model", MODEL])
    err = capsys.readouterr().err
    assert code != 0
    assert str(fifo) in err
    assert "named pipe (FIFO)" in err


@needs_alarm
@needs_fifo
def test_the_workflows_and_uploads_refuse_a_fifo(
    fifo: Path, client: Any, httpx_mock: HTTPXMock
) -> None:
    with deadline():
        with pytest.raises(InvalidArgumentError) as raised:
            run_fine_tuning_job(fifo, MODEL, client=client, progress=False)
        assert raised.value.param == "training_file"
        assert f"{fifo}: is a named pipe (FIFO), not a regular file" in str(raised.value)
        with pytest.raises(UploadError, match="named pipe"):
            upload_file(fifo, client=client)
    assert httpx_mock.get_requests() == []


@needs_alarm
@needs_fifo
def test_a_file_swapped_for_a_fifo_after_the_check_is_refused_on_open(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The path checks out as a regular file, then is a FIFO when opened: the open does
    # not wait for a writer, and the kind is checked again on the open descriptor.
    regular = os.stat(__file__)
    real_stat = Path.stat

    def looks_regular(self: Path, **kwargs: Any) -> os.stat_result:
        return regular if self == fifo else real_stat(self, **kwargs)

    monkeypatch.setattr(Path, "stat", looks_regular)
    with deadline(), pytest.raises(TrainingDataError, match="is a named pipe"):
        validate_training_file(fifo)


@needs_alarm
@needs_dev_zero
def test_dev_zero_as_a_path_is_refused() -> None:
    with deadline(), pytest.raises(TrainingDataError) as raised:
        validate_training_file("/dev/zero")
    assert str(raised.value) == "training file /dev/zero: is a character device, not a regular file"


@needs_alarm
@needs_dev_zero
def test_dev_zero_as_an_open_handle_is_refused_before_reading(
    client: Any, httpx_mock: HTTPXMock
) -> None:
    with open("/dev/zero", "rb") as handle, deadline():
        with pytest.raises(TrainingDataError) as raised:
            validate_training_file(handle)
        assert "/dev/zero: an open handle on a character device" in str(raised.value)
        with pytest.raises(UploadError, match="character device"):
            upload_file(handle, client=client)
        with pytest.raises(InvalidArgumentError, match="character device"):
            run_fine_tuning_job(handle, MODEL, client=client, progress=False)
        assert handle.tell() == 0  # nothing was read
    assert httpx_mock.get_requests() == []


class Endless:
    """A binary stream that never ends: the same bytes, over and over (only ``read``)."""

    def __init__(self, line: bytes) -> None:
        self.line = line
        self.served = 0

    def read(self, size: int = -1) -> bytes:
        count = max(1, size // len(self.line)) if size > 0 else 1
        self.served += count * len(self.line)
        return self.line * count


def test_the_source_limit_is_the_upload_limit() -> None:
    assert _reader.MAX_SOURCE_BYTES == _sources.MAX_SOURCE_BYTES == _facts.UPLOAD_MAX_BYTES
    assert _facts.UPLOAD_MAX_BYTES == 8 * 1024**3


@needs_alarm
def test_an_endless_stream_stops_at_the_limit_with_a_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limit = 3 * 1024 * 1024
    monkeypatch.setattr(_reader, "MAX_SOURCE_BYTES", limit)
    line = json.dumps(chat("q", "a" * 4000)).encode() + b"\n"
    stream: Any = Endless(line)
    with deadline():
        report = validate_training_file(stream)
    assert stream.served <= limit + len(line) + _reader._CHUNK_SIZE  # read, then stopped
    assert not report.ok
    assert [(p.line, p.code) for p in report.errors] == [(None, "source_too_large")]
    complete = limit // len(line)
    assert report.n_examples == complete  # the line cut at the limit is not judged
    message = report.errors[0].message
    assert f"larger than {limit:,} bytes, the upload limit" in message
    assert f"after line {complete:,}" in message
    with pytest.raises(TrainingDataError, match="larger than"):
        report.raise_for_problems()


def test_a_source_of_exactly_the_limit_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    data = jsonl([chat(f"q{i}") for i in range(10)])
    monkeypatch.setattr(_reader, "MAX_SOURCE_BYTES", len(data))
    assert validate_training_file(data).ok
    monkeypatch.setattr(_reader, "MAX_SOURCE_BYTES", len(data) - 1)
    assert errors(data) == [(None, "source_too_large")]


@needs_alarm
def test_a_stream_returning_more_than_asked_is_still_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    class Greedy(Endless):
        def read(self, size: int = -1) -> bytes:
            return self.line * 1000  # ignores size

    monkeypatch.setattr(_reader, "MAX_SOURCE_BYTES", 200_000)
    with deadline():
        greedy: Any = Greedy(jsonl([chat()]))
        report = validate_training_file(greedy)
    assert [p.code for p in report.errors] == ["source_too_large"]


@needs_alarm
def test_a_garbage_stream_with_no_newline_is_reported_as_too_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What /dev/zero would be, as a stream: one endless line of NULs.
    monkeypatch.setattr(_reader, "MAX_SOURCE_BYTES", 6 * 1024 * 1024)
    with deadline():
        nuls: Any = Endless(b"\0" * 4096)
        report = validate_training_file(nuls)
    assert [(p.line, p.code) for p in report.errors] == [
        (1, "example_too_long"),
        (None, "source_too_large"),
    ]


@needs_alarm
def test_the_workflows_and_uploads_refuse_an_endless_stream(
    monkeypatch: pytest.MonkeyPatch, client: Any, httpx_mock: HTTPXMock, tmp_path: Path
) -> None:
    monkeypatch.setattr(_sources, "MAX_SOURCE_BYTES", 1024 * 1024)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    endless: Any = Endless(jsonl([chat()]))
    with deadline():
        with pytest.raises(InvalidArgumentError) as raised:
            run_fine_tuning_job(endless, MODEL, client=client, progress=False)
        assert "more than 1,048,576 bytes" in str(raised.value)
        with pytest.raises(UploadError, match="an endless stream"):
            upload_file(endless, client=client)
    assert list(tmp_path.iterdir()) == []  # the partial copies are removed
    assert httpx_mock.get_requests() == []


def test_a_pipe_handle_is_read_like_any_stream() -> None:
    data = jsonl([chat(f"q{i}") for i in range(10)])
    read_end, write_end = os.pipe()
    os.write(write_end, data)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as handle:
        assert validate_training_file(handle).ok


# -- rows the service refuses -----------------------------------------------------------------


def tool_row(arguments: str, *, legacy: bool = False) -> dict[str, Any]:
    call = {"name": "get_time", "arguments": arguments}
    assistant: dict[str, Any] = {"role": "assistant", "content": None}
    if legacy:
        assistant["function_call"] = call
    else:
        assistant["tool_calls"] = [{"id": "call_1", "type": "function", "function": call}]
    return {
        "messages": [
            {"role": "user", "content": "Time in Lima?"},
            assistant,
            {"role": "tool", "tool_call_id": "call_1", "content": "14:05"}
            if not legacy
            else {"role": "assistant", "content": "14:05"},
            {"role": "assistant", "content": "It is 14:05."},
        ]
    }


@pytest.mark.parametrize(
    ("arguments", "text"),
    [
        ("{city: 'Lima'}", "is not valid JSON (Expecting property name"),
        ("", "is not valid JSON (Expecting value at column 1)"),
        ('{"city": NaN}', "is not valid JSON (NaN is not valid JSON)"),
        ('{"city": "Lima"} trailing', "is not valid JSON (Extra data"),
        (json.dumps(json.dumps({"city": "Lima"})), "got string (JSON-encoded twice?)"),
        ("[1, 2]", "must encode a JSON object, got array"),
        ("[" * 100_000 + "]" * 100_000, "is not valid JSON"),
    ],
)
@pytest.mark.parametrize("legacy", [False, True], ids=["tool_calls", "function_call"])
def test_tool_call_arguments_must_be_a_json_object(arguments: str, text: str, legacy: bool) -> None:
    rows = [tool_row('{"city": "Lima"}', legacy=legacy) for _ in range(12)]
    rows[6] = tool_row(arguments, legacy=legacy)
    report = validate_training_file(jsonl(rows))
    assert [(p.line, p.code) for p in report.errors] == [(7, "invalid_tool_calls")]
    where = "messages[1].function_call" if legacy else "messages[1].tool_calls[0].function"
    assert report.errors[0].message.startswith(f"{where}.arguments ")
    assert text in report.errors[0].message


def test_valid_tool_call_arguments_pass() -> None:
    rows = [tool_row(json.dumps({"city": "Lima", "at": [1, 2.5, None, True]}))] * 10
    assert validate_training_file(jsonl(rows)).ok


LEGACY_ROW = {"prompt": "Capital of Peru? ->", "completion": " Lima"}


@pytest.mark.parametrize("model", ["gpt-4o-mini", "gpt-4.1", "gpt-3.5-turbo", None])
def test_prompt_completion_rows_are_refused_for_chat_models(model: str | None) -> None:
    rows: list[Any] = [chat(f"q{i}") for i in range(12)]
    rows[3] = rows[8] = LEGACY_ROW
    report = validate_training_file(jsonl(rows), model=model)
    assert [(p.line, p.code) for p in report.errors] == [(4, "wrong_format"), (9, "wrong_format")]
    first = report.errors[0].message
    assert "only for the legacy completion models babbage-002 and davinci-002" in first
    if model is None:
        assert "no model was given, so a chat model is assumed" in first
        assert "pass model='davinci-002'" in first
    else:
        assert f"for chat model {model!r}" in first
    assert report.errors[1].message == "prompt/completion example (see line 4)"


def test_a_whole_prompt_completion_file_is_refused_without_a_model() -> None:
    report = validate_training_file(jsonl([LEGACY_ROW] * 12))
    assert [p.line for p in report.errors] == list(range(1, 13))
    assert {p.code for p in report.errors} == {"wrong_format"}


@pytest.mark.parametrize("model", ["babbage-002", "davinci-002", "ft:davinci-002:acme::abc123"])
def test_prompt_completion_rows_are_for_legacy_completion_models(model: str) -> None:
    assert validate_training_file(jsonl([LEGACY_ROW] * 12), model=model).ok
    rows: list[Any] = [LEGACY_ROW] * 12
    rows[5] = chat()
    report = validate_training_file(jsonl(rows), model=model)
    assert [(p.line, p.code) for p in report.errors] == [(6, "wrong_format")]
    assert f"legacy completion model {model!r}, got a chat example" in report.errors[0].message
    rows[5] = {"text": "neither"}
    assert errors(jsonl(rows), model=model) == [(6, "missing_key")]


def test_a_fine_tuned_chat_model_is_a_chat_model() -> None:
    report = validate_training_file(jsonl([LEGACY_ROW] * 12), model="ft:gpt-4o-mini:acme::x1")
    assert {p.code for p in report.errors} == {"wrong_format"}


def preference(preferred: list[Any], non_preferred: list[Any]) -> dict[str, Any]:
    return {
        "input": {"messages": [{"role": "user", "content": "Capital of Peru?"}]},
        "preferred_output": preferred,
        "non_preferred_output": non_preferred,
    }


ANSWER = {"role": "assistant", "content": "Lima."}
WRONG = {"role": "assistant", "content": "Quito."}


@pytest.mark.parametrize("key", ["preferred_output", "non_preferred_output"])
def test_a_preference_output_holds_exactly_one_message(key: str) -> None:
    rows = [preference([ANSWER], [WRONG]) for _ in range(12)]
    rows[2] = preference([ANSWER, ANSWER], [WRONG])
    rows[10] = preference([ANSWER], [WRONG, WRONG, WRONG])
    if key == "non_preferred_output":
        rows[2] = preference([ANSWER], [WRONG, WRONG])
    report = validate_training_file(jsonl(rows), method="dpo")
    assert [(p.line, p.code) for p in report.errors] == [
        (3, "too_many_messages"),
        (11, "too_many_messages"),
    ]
    assert report.errors[0].message == (
        f"{key!r} has 2 messages; it must hold exactly one assistant message"
    )
    assert "'non_preferred_output' has 3 messages" in report.errors[1].message


@pytest.mark.parametrize(
    ("answer", "what"),
    [
        ("", "an empty 'content'"),
        ("  \n", "an empty 'content'"),
        ([{"type": "text", "text": ""}], "only empty text parts"),
        ([{"type": "text", "text": ""}, {"type": "text", "text": " "}], "only empty text parts"),
    ],
)
def test_an_empty_assistant_answer_is_reported(answer: Any, what: str) -> None:
    rows = [chat(f"q{i}") for i in range(12)]
    rows[4] = chat("q", answer)
    report = validate_training_file(jsonl(rows))
    assert [(p.line, p.code) for p in report.errors] == [(5, "missing_content")]
    assert report.errors[0].message.startswith(
        f"messages[2] (assistant) has {what} and no tool_calls/function_call"
    )


def test_an_empty_answer_in_a_preference_output_is_reported() -> None:
    rows = [preference([ANSWER], [WRONG]) for _ in range(12)]
    rows[7] = preference([{"role": "assistant", "content": ""}], [WRONG])
    assert errors(jsonl(rows), method="dpo") == [(8, "missing_content")]


def test_an_assistant_turn_with_a_tool_call_or_refusal_needs_no_content() -> None:
    rows = [tool_row('{"city": "Lima"}') for _ in range(6)]
    refusal = chat("q", "")
    refusal["messages"][2]["refusal"] = "I can't help with that."
    rows += [refusal] * 6
    empty_with_calls = tool_row('{"city": "Lima"}')
    empty_with_calls["messages"][1]["content"] = ""
    rows.append(empty_with_calls)
    assert validate_training_file(jsonl(rows)).ok


def test_a_lone_surrogate_is_reported_with_its_line_and_place() -> None:
    rows: list[Any] = [chat(f"q{i}") for i in range(12)]
    rows[2] = '{"messages": [{"role": "user", "content": "bad \\ud800 text"}, ' + (
        '{"role": "assistant", "content": "ok"}]}'
    )
    rows[6] = '{"messages": [{"role": "user", "content": "q"}, ' + (
        '{"role": "assistant", "content": "end \\uDC00"}]}'
    )
    rows[9] = '{"messages": [{"role": "user", "content": "q", "\\ud83d": 1}, ' + (
        '{"role": "assistant", "content": "a"}]}'
    )
    report = validate_training_file(jsonl(rows))
    found = [(p.line, p.code, p.message.split(" holds")[0]) for p in report.errors]
    assert found[:2] == [
        (3, "lone_surrogate", "messages[0].content"),
        (7, "lone_surrogate", "messages[1].content"),
    ]
    assert found[2][:2] == (10, "lone_surrogate")
    assert "a key of messages[0]" in report.errors[2].message
    assert "(\\ud800), which cannot be encoded as UTF-8" in report.errors[0].message


def test_a_surrogate_pair_and_an_escaped_backslash_are_fine() -> None:
    pair = '{"messages": [{"role": "user", "content": "smile \\ud83d\\ude00"}, ' + (
        '{"role": "assistant", "content": "path C:\\\\udf00"}]}'
    )
    report = validate_training_file(jsonl([pair] * 10))
    assert report.ok, str(report)


@pytest.mark.parametrize(
    "encoding", ["utf-16-le", "utf-16-be", "utf-16"], ids=["le", "be", "with-bom"]
)
def test_a_utf16_file_is_named_as_such_once(encoding: str) -> None:
    data = jsonl([chat(f"question {i}") for i in range(12)]).decode().encode(encoding)
    report = validate_training_file(data)
    assert [(p.line, p.code) for p in report.problems] == [(1, "not_utf8")]
    assert report.problems[0].message.startswith("looks like UTF-16; save the file as UTF-8")


def test_a_utf16_line_in_a_utf8_file_is_reported_at_its_line() -> None:
    rows = [json.dumps(chat(f"q{i}")).encode() for i in range(12)]
    rows[5] = json.dumps(chat("q5")).encode("utf-16-be")
    report = validate_training_file(b"\n".join(rows) + b"\n")
    assert [(p.line, p.code) for p in report.errors] == [(6, "not_utf8")]
    assert "looks like UTF-16" in report.errors[0].message


def test_nul_bytes_that_are_not_utf16_are_not_called_utf16() -> None:
    rows = [jsonl([chat(f"q{i}")]) for i in range(11)]
    rows[3] = b"\0" * 40 + b"\n"
    report = validate_training_file(b"".join(rows))
    assert [(p.line, p.code) for p in report.errors] == [(4, "invalid_json")]


def test_everything_raised_here_derives_from_the_package_root() -> None:
    for exc in (TrainingDataError, UploadError, InvalidArgumentError):
        assert issubclass(exc, OpenAIFinetunesError)
    assert sys.modules["openai_finetunes.validation._reader"] is _reader
