"""Every file in tests/data/bad must be reported with the problem its manifest names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openai_finetunes.validation import TrainingDataError, validate_training_file

BAD_DIR = Path(__file__).resolve().parent.parent / "data" / "bad"
MANIFEST = json.loads((BAD_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = MANIFEST["cases"]
NOT_CASES = {"MANIFEST.json", "README.md"}


def test_manifest_covers_every_file_and_only_existing_files() -> None:
    on_disk = {p.name for p in BAD_DIR.iterdir()} - NOT_CASES
    listed = [case["file"] for case in CASES]
    assert len(listed) == len(set(listed)), "duplicate manifest entries"
    assert set(listed) == on_disk
    assert len(listed) >= 34


def test_corpus_files_are_small() -> None:
    for path in BAD_DIR.iterdir():
        assert path.stat().st_size < 50_000, path.name


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_bad_file_is_reported(case: dict[str, Any]) -> None:
    path = BAD_DIR / case["file"]
    report = validate_training_file(path, method=case["method"], model=case.get("model"))

    assert not report.ok
    matching = [
        p
        for p in report.problems
        if p.code == case["code"]
        and p.line == case["line"]
        and case["message_contains"] in p.message
        and p.severity == "error"
    ]
    assert matching, f"expected {case['code']} at line {case['line']}, got:\n{report}"
    if case["exclusive"]:
        assert {p.code for p in report.errors} == {case["code"]}, str(report)

    with pytest.raises(TrainingDataError) as excinfo:
        report.raise_for_problems()
    message = str(excinfo.value)
    assert str(path) in message
    if case["line"] is not None:
        assert f"line {case['line']}: " in message
    assert case["message_contains"] in message
    assert excinfo.value.report is report
    assert matching[0] in excinfo.value.problems


def test_huge_line_is_reported_as_too_long(huge_line_file: Path) -> None:
    report = validate_training_file(huge_line_file)

    assert [(p.line, p.code) for p in report.errors] == [(6, "example_too_long")]
    assert "bytes" in report.errors[0].message
    # The other ten examples are still validated and counted.
    assert report.n_examples == 11
    assert len(report.tokens.per_example) == 10


def test_oversized_example_is_reported(oversized_example_file: Path) -> None:
    report = validate_training_file(oversized_example_file)

    assert [(p.line, p.code) for p in report.errors] == [(3, "example_too_long")]
    message = report.errors[0].message
    assert "65,536-token limit" in message
    assert "approximation" in message
    assert report.tokens.max > 65_536
    with pytest.raises(TrainingDataError, match="line 3: "):
        report.raise_for_problems()


def test_directory_raises_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match="is a directory") as excinfo:
        validate_training_file(tmp_path)
    assert str(tmp_path) in str(excinfo.value)
    assert excinfo.value.report is None


def test_missing_path_raises_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "train.jsonl"
    with pytest.raises(TrainingDataError, match="does not exist") as excinfo:
        validate_training_file(str(missing))
    assert str(missing) in str(excinfo.value)


def test_unreadable_path_raises_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openai_finetunes.validation import _reader

    path = tmp_path / "locked.jsonl"
    path.write_text("{}\n", encoding="utf-8")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Simulated: the tests may run as root, which ignores file modes.
    monkeypatch.setattr(_reader, "open", deny, raising=False)
    with pytest.raises(TrainingDataError, match="Permission denied") as excinfo:
        validate_training_file(path)
    assert str(path) in str(excinfo.value)
