"""The estimated training cost in a validation report: the dated price table, the model
lookup (exact, family, fine-tuned), ``prices=`` and models without a price."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from openai_finetunes import InvalidArgumentError
from openai_finetunes.validation import (
    PRICES_AS_OF,
    TRAINING_PRICES,
    CostEstimate,
    training_price,
    validate_training_file,
)


@pytest.fixture
def chat(data_dir: Path) -> Path:
    return data_dir / "good" / "chat.jsonl"


# -- the lookup ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "entry"),
    [
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18"),  # exact
        ("gpt-4o-mini", "gpt-4o-mini-2024-07-18"),  # an alias: the family
        ("gpt-4o-mini-2025-01-31", "gpt-4o-mini-2024-07-18"),  # another snapshot
        ("gpt-4o", "gpt-4o-2024-08-06"),  # not gpt-4o-mini's price
        ("gpt-4.1-nano", "gpt-4.1-nano-2025-04-14"),
        ("gpt-3.5-turbo", "gpt-3.5-turbo-0125"),
        ("ft:gpt-4.1-mini-2025-04-14:acme:support:AbC123", "gpt-4.1-mini-2025-04-14"),
        ("ft:gpt-4o-mini-2024-07-18:acme::AbC123:ckpt-step-40", "gpt-4o-mini-2024-07-18"),
        ("ft:gpt-4o:acme:x:1", "gpt-4o-2024-08-06"),  # a fine-tuned alias: base, then family
    ],
)
def test_lookup_exact_family_and_fine_tuned(model: str, entry: str) -> None:
    assert training_price(model) == (entry, TRAINING_PRICES[entry])


def test_the_table_is_dated_and_read_only() -> None:
    assert isinstance(PRICES_AS_OF, datetime.date)
    assert TRAINING_PRICES["gpt-4o-mini-2024-07-18"] == 3.00
    assert TRAINING_PRICES["gpt-4.1-2025-04-14"] == 25.00
    with pytest.raises(TypeError):
        TRAINING_PRICES["gpt-4o-mini-2024-07-18"] = 0.0  # type: ignore[index]


@pytest.mark.parametrize("model", ["o4-mini", "llama-3-8b", "gpt-4", "ft:", "gpt-4o-minis"])
def test_unknown_models_have_no_price(model: str) -> None:
    assert training_price(model) is None


def test_prices_replace_the_table() -> None:
    mine = {"gpt-4o-mini": 2.5, "my-model-2025-01-01": 1.0}
    assert training_price("gpt-4o-mini-2024-07-18", mine) == ("gpt-4o-mini", 2.5)
    assert training_price("my-model", mine) == ("my-model-2025-01-01", 1.0)
    assert training_price("gpt-4.1", mine) is None  # not in the given table
    latest = {"m-2024-01-01": 1.0, "m-2025-01-01": 2.0}
    assert training_price("m", latest) == ("m-2025-01-01", 2.0)


# -- the report ---------------------------------------------------------------------------


def test_no_model_no_estimate(chat: Path) -> None:
    report = validate_training_file(chat)
    assert report.model is None
    assert report.estimated_cost is None
    assert report.cost_note is None
    assert "cost" not in str(report)


@pytest.mark.parametrize("method_file", [("supervised", "chat"), ("dpo", "dpo")])
def test_the_cost_is_tokens_times_epochs_times_price(
    data_dir: Path, method_file: tuple[str, str]
) -> None:
    method, name = method_file
    report = validate_training_file(
        data_dir / "good" / f"{name}.jsonl",
        method=method,  # type: ignore[arg-type]
        n_epochs=4,
        model="gpt-4.1-mini",
    )
    cost = report.estimated_cost
    assert isinstance(cost, CostEstimate)
    assert cost.billed_tokens == report.tokens.billable * 4 == report.estimated_trained_tokens()
    assert cost.usd_per_1m_tokens == 5.00
    assert cost.amount_usd == pytest.approx(report.tokens.billable * 4 * 5.00 / 1e6)
    assert (cost.model, cost.priced_as) == ("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14")
    assert cost.as_of == PRICES_AS_OF
    assert report.cost_note is None


def test_the_default_epoch_estimate_is_billed(chat: Path) -> None:
    report = validate_training_file(chat, model="gpt-4o-2024-08-06")
    assert report.estimated_cost is not None
    billed = report.tokens.billable * report.default_n_epochs
    assert report.estimated_cost.billed_tokens == billed
    assert report.estimated_cost.amount_usd == pytest.approx(billed * 25.00 / 1e6)


def test_the_report_shows_the_cost_the_price_and_the_date(chat: Path) -> None:
    report = validate_training_file(chat, n_epochs=3, model="gpt-4o-mini")
    assert report.estimated_cost is not None
    tokens = f"{report.estimated_cost.billed_tokens:,}"
    [line] = [line for line in str(report).splitlines() if "cost" in line]
    assert line.startswith("Estimated training cost: ")
    assert f"for {tokens} tokens at $3.00 per 1M" in line
    assert "gpt-4o-mini-2024-07-18" in line
    assert f"prices as of {PRICES_AS_OF.isoformat()}" in line
    assert "prices change" in line
    html = report._repr_html_()
    assert "Estimated training cost" in html
    assert PRICES_AS_OF.isoformat() in html


def test_amounts_in_dollars_and_cents() -> None:
    def described(amount: float) -> str:
        return CostEstimate(amount, 1, 1.0, "m", "m", None).describe()

    assert described(1234.567).startswith("$1,234.57 for 1 tokens at $1.00 per 1M (m, your")
    assert described(0.004).startswith("under $0.01 ")
    assert described(0.0).startswith("$0.00 ")


def test_given_prices_are_used_and_not_dated(chat: Path) -> None:
    report = validate_training_file(chat, n_epochs=2, model="gpt-4o-mini", prices={"gpt-4o": 10})
    assert report.estimated_cost is None  # gpt-4o's price is not gpt-4o-mini's
    assert report.cost_note is not None
    assert "prices given" in report.cost_note
    report = validate_training_file(
        chat, n_epochs=2, model="gpt-4o-mini", prices={"gpt-4o-mini": 1.25}
    )
    cost = report.estimated_cost
    assert cost is not None
    assert cost.as_of is None
    assert cost.amount_usd == pytest.approx(report.tokens.billable * 2 * 1.25 / 1e6)
    assert "your prices" in str(report)


def test_an_unknown_model_says_why_and_is_not_an_error(chat: Path) -> None:
    report = validate_training_file(chat, model="llama-3-8b")
    assert report.ok
    assert report.estimated_cost is None
    assert report.model == "llama-3-8b"
    assert "no training price for 'llama-3-8b'" in (report.cost_note or "")
    assert "Estimated training cost: none: no training price for 'llama-3-8b'" in str(report)


def test_reinforcement_is_billed_per_hour(data_dir: Path) -> None:
    report = validate_training_file(
        data_dir / "good" / "reinforcement.jsonl", method="reinforcement", model="o4-mini"
    )
    assert report.estimated_cost is None
    assert "billed per hour" in str(report)


@pytest.mark.parametrize("price", [-1, float("nan"), float("inf"), "3", True])
def test_a_bad_price_is_named_before_the_file_is_read(chat: Path, price: object) -> None:
    # Any price in the table, not only the model's: the file is not read at all.
    with pytest.raises(InvalidArgumentError, match=r"prices\['gpt-4o'\]: must be a finite"):
        validate_training_file(
            Path("/nonexistent.jsonl"), model="gpt-4o-mini", prices={"gpt-4o": price}
        )


@pytest.mark.parametrize(
    ("keyword", "value"), [("n_epochs", "3"), ("n_epochs", 0), ("max_problems", -1)]
)
def test_bad_counts_are_named(chat: Path, keyword: str, value: object) -> None:
    with pytest.raises(InvalidArgumentError, match=keyword):
        validate_training_file(chat, **{keyword: value})
