"""Constants and types shared by the CLI tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

CLI_KEY = "sk-cli-test-Wq4ZrT8mKd2Lp"
ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "examples" / "data" / "support-chat.jsonl"
VALID = ROOT / "examples" / "data" / "support-chat-validation.jsonl"
BAD = ROOT / "tests" / "data" / "bad" / "array_line.jsonl"
MODEL = "gpt-4o-mini-2024-07-18"


@attrs.frozen
class Outcome:
    """What one CLI run returned and printed."""

    code: int
    out: str
    err: str


Cli = Callable[..., Outcome]
