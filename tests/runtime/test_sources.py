"""``_sources``: paths, bytes, streams and file ids resolved in one place."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from openai_finetunes._sources import (
    LocalData,
    RemoteFile,
    SourceProblem,
    describe_source,
    local_source,
    readable_source,
    resolve_source,
)

DATA = b'{"prompt": "p", "completion": "c"}\n'


class Refused(Exception):
    """What these tests have the resolver raise for a problem."""

    def __init__(self, problem: SourceProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@pytest.fixture
def train(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    path.write_bytes(DATA)
    return path


@pytest.fixture
def spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder, empty: what the resolver leaves behind shows here."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _problem(source: Any, resolver: Any = local_source) -> SourceProblem:
    with pytest.raises(Refused) as raised, resolver(source, "training_file", error=Refused):
        pass
    return raised.value.problem


# -- paths ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [str, Path], ids=["str", "pathlike"])
def test_a_path_is_used_in_place(kind: Any, train: Path, spool: Path) -> None:
    with local_source(kind(train), "training_file", error=Refused) as data:
        assert data == LocalData(train, "train.jsonl", len(DATA))
        assert list(spool.iterdir()) == []
    assert train.exists()  # the caller's file is never removed


def test_a_missing_path(tmp_path: Path) -> None:
    problem = _problem(tmp_path / "nope.jsonl")
    assert problem.kind == "missing"
    assert problem.path == tmp_path / "nope.jsonl"
    assert problem.reason == f"{tmp_path / 'nope.jsonl'}: no such file"
    assert str(problem) == f"training_file: {problem.reason}"


def test_a_missing_path_mentions_file_ids_where_they_are_accepted(tmp_path: Path) -> None:
    problem = _problem(str(tmp_path / "nope.jsonl"), resolve_source)
    assert problem.reason.endswith("no such file (and not a file id like 'file-abc123')")


def test_a_directory(tmp_path: Path) -> None:
    problem = _problem(tmp_path)
    assert (problem.kind, problem.reason) == (
        "not_a_file",
        f"{tmp_path}: is a directory, not a regular file",
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_not_a_regular_file(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    problem = _problem(pipe)
    assert (problem.kind, problem.reason) == (
        "not_a_file",
        f"{pipe}: is a named pipe (FIFO), not a regular file",
    )


def test_an_unreadable_file(train: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode, **kw: False if Path(path) == train else real_access(path, mode, **kw),
    )
    problem = _problem(train)
    assert (problem.kind, problem.reason) == ("unreadable", f"{train}: not readable")


def test_a_bytes_path_is_refused() -> None:
    class BytesPath:
        def __fspath__(self) -> bytes:
            return b"train.jsonl"

    assert _problem(BytesPath()).kind == "wrong_type"


# -- bytes and streams --------------------------------------------------------------------


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_bytes_are_spooled_to_one_temporary_file_removed_afterwards(kind: Any, spool: Path) -> None:
    with local_source(kind(DATA), "training_file", error=Refused) as data:
        assert data.path.parent == spool
        assert list(spool.iterdir()) == [data.path]
        assert data.path.name.startswith("openai-finetunes-")
        assert data.path.suffix == ".jsonl"
        assert data.path.read_bytes() == DATA
        assert (data.name, data.size) == ("training.jsonl", len(DATA))
    assert list(spool.iterdir()) == []


def test_a_binary_stream_is_spooled_under_its_name(train: Path, spool: Path) -> None:
    with train.open("rb") as handle, local_source(handle, "training_file", error=Refused) as data:
        assert data.name == "train.jsonl"
        assert data.path.parent == spool
        assert data.path.read_bytes() == DATA
    assert list(spool.iterdir()) == []


def test_a_stream_without_a_string_name_gets_the_default_one(train: Path) -> None:
    with open(os.open(train, os.O_RDONLY), "rb") as handle:  # its name is the descriptor
        assert isinstance(handle.name, int)
        with local_source(handle, "training_file", error=Refused) as data:
            assert data.name == "training.jsonl"


def test_the_temporary_file_is_removed_when_the_block_raises(spool: Path) -> None:
    seen: list[Path] = []

    def use() -> None:
        with local_source(io.BytesIO(DATA), "training_file", error=Refused) as data:
            seen.append(data.path)
            raise RuntimeError("the caller failed")

    with pytest.raises(RuntimeError):
        use()
    assert seen[0].parent == spool
    assert list(spool.iterdir()) == []


def test_the_temporary_file_is_removed_when_the_copy_fails(spool: Path) -> None:
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            if len(buffer):  # read(0), the check for text mode, reads nothing
                raise OSError("the disk went away")
            return 0

    broken: Any = Broken()
    # The stream's own error becomes the caller's, like every other problem of a source.
    problem = _problem(broken)
    assert (problem.kind, problem.reason) == (
        "unreadable",
        "<file object>: error while reading: the disk went away",
    )
    assert list(spool.iterdir()) == []


@pytest.mark.parametrize(
    "stream",
    [lambda path: io.StringIO("{}\n"), lambda path: path.open(encoding="utf-8")],
    ids=["stringio", "open-text"],
)
def test_a_text_mode_stream_is_refused_naming_the_param(
    stream: Any, train: Path, spool: Path
) -> None:
    handle = stream(train)
    with handle:
        problem = _problem(handle)
    assert problem.kind == "wrong_type"
    assert str(problem) == (
        "training_file: a text-mode file object: open the file in binary mode ('rb')"
    )
    assert list(spool.iterdir()) == []


def test_a_duck_typed_text_stream_is_refused() -> None:
    class TextReader:
        def read(self, n: int = -1) -> str:
            return ""

    assert "binary mode" in _problem(TextReader()).reason


@pytest.mark.parametrize("resolver", [local_source, resolve_source, readable_source])
def test_something_else_is_refused(resolver: Any) -> None:
    problem = _problem(42, resolver)
    assert problem.kind == "wrong_type"
    assert problem.reason.startswith("a value of type int: expected a path, bytes")


def test_the_caller_chooses_the_exception(tmp_path: Path) -> None:
    def as_key_error(problem: SourceProblem) -> Exception:
        return KeyError(str(problem))

    with (
        pytest.raises(KeyError, match="training_file: ") as raised,
        local_source(tmp_path / "nope", "training_file", error=as_key_error),
    ):
        pass
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__  # no internal exception in the traceback


def test_errors_of_the_block_pass_unchanged(train: Path) -> None:
    with (
        pytest.raises(Refused, match="the caller's own"),
        local_source(train, "training_file", error=KeyError),
    ):
        raise Refused(SourceProblem("missing", "other", "the caller's own"))


# -- file ids -----------------------------------------------------------------------------


def test_a_file_id_is_a_remote_file() -> None:
    with resolve_source("file-abc123", "training_file", error=Refused) as resolved:
        assert resolved == RemoteFile("file-abc123")
        assert resolved.identity == "file-abc123"


def test_a_path_named_like_a_file_id_is_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("file-abc123").write_bytes(DATA)
    with resolve_source("file-abc123", "training_file", error=Refused) as resolved:
        assert isinstance(resolved, LocalData)


def test_file_ids_are_only_resolved_where_asked_for() -> None:
    assert _problem("file-abc123").kind == "missing"


# -- the digest ---------------------------------------------------------------------------


def test_nothing_is_hashed_unless_asked(train: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = hashlib.sha256

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("sha256")
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "sha256", counting)
    for source in (train, DATA, io.BytesIO(DATA)):
        with local_source(source, "training_file", error=Refused) as data:
            assert data.size == len(DATA)
    assert calls == []
    with local_source(train, "training_file", error=Refused) as data:
        expected = real(DATA).hexdigest()
        assert data.digest == expected
        assert data.identity == f"sha256:{expected}"
        assert data.upload_name == f"train.{expected[:12]}.jsonl"
    assert calls == ["sha256"]  # read once, then kept


@pytest.mark.parametrize(
    ("name", "expected"),
    [("train.jsonl", "train.{}.jsonl"), ("train", "train.{}"), (".hidden", ".hidden.{}")],
)
def test_upload_name_carries_the_digest(name: str, expected: str, train: Path) -> None:
    data = LocalData(train, name, len(DATA))
    assert data.upload_name == expected.format(data.digest[:12])


# -- reading without a copy ---------------------------------------------------------------


def test_readable_source_yields_a_path_as_local_data(train: Path) -> None:
    with readable_source(train, "source", error=Refused) as data:
        assert data == LocalData(train, "train.jsonl", len(DATA))


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_readable_source_reads_bytes_in_memory(kind: Any, spool: Path) -> None:
    with readable_source(kind(DATA), "source", error=Refused) as stream:
        assert not isinstance(stream, LocalData)
        assert stream.read() == DATA
        assert list(spool.iterdir()) == []


def test_readable_source_restores_the_position_of_a_stream(spool: Path) -> None:
    buffer = io.BytesIO(b"header\n" + DATA)
    buffer.seek(7)
    with readable_source(buffer, "source", error=Refused) as stream:
        assert stream is buffer
        assert stream.read() == DATA
    assert buffer.tell() == 7
    assert not buffer.closed
    assert list(spool.iterdir()) == []


def test_readable_source_reads_a_stream_that_cannot_seek() -> None:
    class Pipe:
        def __init__(self) -> None:
            self.data = io.BytesIO(DATA)

        def read(self, n: int = -1) -> bytes:
            return self.data.read(n)

    pipe = Pipe()
    with readable_source(pipe, "source", error=Refused) as stream:  # type: ignore[arg-type]
        assert not isinstance(stream, LocalData)
        assert stream.read() == DATA


# -- names in messages --------------------------------------------------------------------


def test_describe_source(train: Path) -> None:
    assert describe_source(str(train)) == str(train)
    assert describe_source(train) == str(train)
    assert describe_source(memoryview(DATA)) == "<bytes>"
    with train.open("rb") as handle:
        assert describe_source(handle) == str(train)
    assert describe_source(io.BytesIO(DATA)) == "<file object>"
