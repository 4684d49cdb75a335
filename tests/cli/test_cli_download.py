"""``openai-finetunes files download FILE_ID -o PATH`` against the fake over TCP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openai_finetunes.testing import FakeOpenAI
from tests.cli.helpers import Cli

CONTENT = b'{"prompt": "a", "completion": "b"}\n' * 1000


@pytest.fixture
def file_id(fake: FakeOpenAI) -> str:
    return str(fake.add_file(CONTENT, filename="notes.jsonl")["id"])


def test_download_to_a_path(cli: Cli, file_id: str, tmp_path: Path) -> None:
    target = tmp_path / "saved.jsonl"

    result = cli("files", "download", file_id, "-o", str(target))

    assert result.code == 0, result.err
    assert result.out.strip() == str(target)
    assert target.read_bytes() == CONTENT
    assert "written" in result.err


def test_download_into_a_directory_keeps_the_file_name(
    cli: Cli, file_id: str, tmp_path: Path
) -> None:
    result = cli("files", "download", file_id, "-o", str(tmp_path), "--json")

    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report == {
        "file_id": file_id,
        "path": str(tmp_path / "notes.jsonl"),
        "bytes": len(CONTENT),
    }
    assert (tmp_path / "notes.jsonl").read_bytes() == CONTENT


def test_download_to_stdout(cli: Cli, file_id: str) -> None:
    result = cli("files", "download", file_id, "-o", "-", "--quiet")

    assert result.code == 0, result.err
    assert result.out.encode() == CONTENT


def test_an_unknown_file_exits_2_and_writes_nothing(
    cli: Cli, fake: FakeOpenAI, tmp_path: Path
) -> None:
    result = cli("files", "download", "file-nope", "-o", str(tmp_path / "x"))

    assert result.code == 2
    assert result.err.startswith("error: ")
    assert "file-nope" in result.err
    assert list(tmp_path.iterdir()) == []


def test_files_without_a_subcommand_still_lists(cli: Cli, file_id: str) -> None:
    result = cli("files")

    assert result.code == 0
    assert file_id in result.out
    assert "download" in cli("files", "--help").out
