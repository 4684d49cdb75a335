"""The files in tests/data/good are accepted, with sensible summaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from openai_finetunes.validation import validate_training_file

GOOD_DIR = Path(__file__).resolve().parent.parent / "data" / "good"

# file, method, model, examples, format, warning codes allowed
GOOD_FILES = [
    ("chat.jsonl", "supervised", None, 14, "chat", set()),
    ("chat.jsonl", "supervised", "gpt-4o-mini", 14, "chat", set()),
    ("chat_crlf_no_final_newline.jsonl", "supervised", None, 10, "chat", set()),
    ("chat_tools_multimodal.jsonl", "supervised", None, 12, "chat", {"missing_system_message"}),
    # Prompt/completion examples are for the legacy completion models only.
    ("prompt_completion.jsonl", "supervised", "davinci-002", 11, "prompt_completion", set()),
    (
        "prompt_completion.jsonl",
        "supervised",
        "ft:babbage-002:org::x1",
        11,
        "prompt_completion",
        set(),
    ),
    ("dpo.jsonl", "dpo", None, 11, "preference", set()),
    ("reinforcement.jsonl", "reinforcement", None, 12, "chat", set()),
]


def test_every_good_file_is_listed() -> None:
    on_disk = {p.name for p in GOOD_DIR.glob("*.jsonl")}
    assert on_disk == {name for name, *_ in GOOD_FILES}


@pytest.mark.parametrize(
    ("name", "method", "model", "n_examples", "fmt", "warnings"),
    GOOD_FILES,
    ids=[f"{name}-{model}" if model else name for name, _, model, *_ in GOOD_FILES],
)
def test_good_file_is_ok(
    name: str, method: str, model: str | None, n_examples: int, fmt: str, warnings: set[str]
) -> None:
    report = validate_training_file(GOOD_DIR / name, method=method, model=model)  # type: ignore[arg-type]

    assert report.ok, str(report)
    assert report.errors == ()
    assert {p.code for p in report.warnings} == warnings
    assert report.n_examples == n_examples
    assert report.format == fmt
    assert report.method == method
    tokens = report.tokens
    assert len(tokens.per_example) == n_examples
    assert all(count > 0 for count in tokens.per_example)
    assert tokens.total == sum(tokens.per_example) > 0
    assert tokens.min == min(tokens.per_example)
    assert tokens.max == max(tokens.per_example)
    assert tokens.mean == pytest.approx(tokens.total / n_examples)
    assert tokens.exact is False
    assert tokens.method == "approximation: ~4 characters per token"
    report.raise_for_problems()  # must not raise


def test_tool_file_counts_tool_definitions_and_calls() -> None:
    report = validate_training_file(GOOD_DIR / "chat_tools_multimodal.jsonl")
    # The tool examples (first six) carry a JSON schema and a call; the image
    # examples only a sentence or two. Definitions must be part of the count.
    assert min(report.tokens.per_example[:6]) > max(report.tokens.per_example[6:])


def test_validating_the_same_file_as_path_str_and_bytes_agrees() -> None:
    path = GOOD_DIR / "chat.jsonl"
    from_path = validate_training_file(path)
    from_str = validate_training_file(str(path))
    from_bytes = validate_training_file(path.read_bytes(), name=str(path))
    assert from_path == from_str == from_bytes
