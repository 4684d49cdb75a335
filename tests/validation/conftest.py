"""Fixtures for the training-data validator tests."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from openai_finetunes.validation import _tokens

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(autouse=True)
def _no_tiktoken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make token counts deterministic: behave as if tiktoken is not installed.

    A None entry in sys.modules makes ``import`` raise ImportError. Tests that
    exercise the tiktoken path install a fake module over this.
    """
    monkeypatch.setitem(sys.modules, "tiktoken", None)
    monkeypatch.setitem(sys.modules, "tiktoken.load", None)
    _tokens._load_tiktoken.cache_clear()


@pytest.fixture
def data_dir() -> Path:
    return DATA_DIR


def chat_line(question: str = "Hi there", answer: str = "Hello!") -> str:
    example = {
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ]
    }
    return json.dumps(example)


@pytest.fixture
def make_chat_line() -> Callable[..., str]:
    return chat_line


@pytest.fixture
def huge_line_file(tmp_path: Path) -> Path:
    """11 valid examples with a 5 MB example on line 6."""
    lines = [chat_line(f"question {i}") for i in range(11)]
    lines[5] = chat_line("Summarise this:", "x" * 5_000_000)
    path = tmp_path / "huge_line.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def oversized_example_file(tmp_path: Path) -> Path:
    """11 valid examples; line 3 has ~400 KB of prose (~100k tokens)."""
    words = ["river", "lantern", "quietly", "mountain", "seventeen", "copper", "because", "wind"]
    prose = " ".join(words[i % len(words)] for i in range(60_000))
    lines = [chat_line(f"question {i}") for i in range(11)]
    lines[2] = chat_line("Tell me a long story.", prose)
    path = tmp_path / "oversized_example.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
