"""``validate --model``: the estimated training cost in the report and in the JSON."""

from __future__ import annotations

import json

from openai_finetunes.validation import PRICES_AS_OF
from tests.cli.helpers import MODEL, TRAIN, Cli


def test_validate_with_a_model_shows_the_cost_and_the_date(cli: Cli) -> None:
    result = cli("validate", str(TRAIN), "--model", MODEL, "--epochs", "2")

    assert result.code == 0
    [line] = [line for line in result.out.splitlines() if "cost" in line]
    assert line.startswith("Estimated training cost: $")
    assert f"prices as of {PRICES_AS_OF.isoformat()}" in line


def test_validate_json_with_a_model(cli: Cli) -> None:
    result = cli("--json", "validate", str(TRAIN), "--model", "gpt-4o-mini", "--epochs", "2")

    body = json.loads(result.out)
    cost = body["estimated_cost"]
    assert cost["billed_tokens"] == body["estimated_trained_tokens"]
    assert cost["usd"] == round(body["estimated_trained_tokens"] * 3.00 / 1e6, 6)
    assert cost["priced_as"] == "gpt-4o-mini-2024-07-18"
    assert cost["prices_as_of"] == PRICES_AS_OF.isoformat()
    assert cost["note"] is None


def test_validate_json_with_an_unknown_model_or_none(cli: Cli) -> None:
    unknown = json.loads(cli("--json", "validate", str(TRAIN), "--model", "llama").out)
    assert unknown["estimated_cost"]["usd"] is None
    assert "no training price for 'llama'" in unknown["estimated_cost"]["note"]

    without = json.loads(cli("--json", "validate", str(TRAIN)).out)
    assert without["estimated_cost"] is None
