"""Training prices, for the estimated cost in a `ValidationReport`.

Prices change: this table is OpenAI's published price per 1M training tokens on
`PRICES_AS_OF`, and an estimate made from it says so. Pass your own table as ``prices=``
(to `validate_training_file`, for instance) for current or negotiated prices; it replaces
this one, so extend it to keep the rest::

    from openai_finetunes.validation import TRAINING_PRICES, validate_training_file

    report = validate_training_file(
        "train.jsonl", model="gpt-4.1-mini", prices={**TRAINING_PRICES, "gpt-4.1-mini": 4.0}
    )

Supervised and DPO training are billed per trained token (the file's tokens times the
epochs), at the same price. Reinforcement fine-tuning is billed per hour of training, so no
cost is estimated for it.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from .._exceptions import InvalidArgumentError

__all__ = [
    "PRICES_AS_OF",
    "TRAINING_PRICES",
    "CostEstimate",
    "training_price",
]

#: The day `TRAINING_PRICES` was taken from OpenAI's pricing page.
PRICES_AS_OF: Final = datetime.date(2025, 6, 1)

#: USD per 1M training tokens, by base model snapshot, on `PRICES_AS_OF` (supervised and
#: DPO). A model's alias (``gpt-4.1-mini``), another dated snapshot of the same model and a
#: fine-tuned model (``ft:gpt-4.1-mini-2025-04-14:org:suffix:id``) are priced as the base.
TRAINING_PRICES: Final[Mapping[str, float]] = MappingProxyType(
    {
        "gpt-4.1-2025-04-14": 25.00,
        "gpt-4.1-mini-2025-04-14": 5.00,
        "gpt-4.1-nano-2025-04-14": 1.50,
        "gpt-4o-2024-08-06": 25.00,
        "gpt-4o-mini-2024-07-18": 3.00,
        "gpt-3.5-turbo-0125": 8.00,
        "davinci-002": 6.00,
        "babbage-002": 0.40,
    }
)

# A snapshot's date: gpt-4o-mini-2024-07-18, gpt-3.5-turbo-0125.
_SNAPSHOT_DATE = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|\d{4})$")


@attrs.frozen
class CostEstimate:
    """The estimated price of training: ``billed_tokens`` x ``usd_per_1m_tokens`` / 1M.

    ``model`` is the model asked about and ``priced_as`` the price table's entry used for
    it. ``as_of`` is the date of the built-in table, or ``None`` for prices given by the
    caller.
    """

    amount_usd: float
    billed_tokens: int
    usd_per_1m_tokens: float
    model: str
    priced_as: str
    as_of: datetime.date | None

    def describe(self) -> str:
        """One line, e.g. ``$1.23 for 410,000 tokens at $3.00 per 1M (gpt-4o-mini-2024-07-18,
        prices as of 2025-06-01; prices change)``."""
        cents = self.amount_usd == 0 or self.amount_usd >= 0.01
        amount = f"${self.amount_usd:,.2f}" if cents else "under $0.01"
        source = f"prices as of {self.as_of.isoformat()}" if self.as_of else "your prices"
        return (
            f"{amount} for {self.billed_tokens:,} tokens at ${self.usd_per_1m_tokens:,.2f} "
            f"per 1M ({self.priced_as}, {source}; prices change)"
        )


def check_prices(prices: Mapping[str, float] | None) -> None:
    """Refuse a price table that is not model name -> USD per 1M tokens (a number >= 0)."""
    if prices is None:
        return
    if not isinstance(prices, Mapping):
        raise InvalidArgumentError(
            "prices", f"expected a mapping of model -> USD per 1M tokens, got {prices!r}"
        )
    for model, per_1m in prices.items():
        if (
            not isinstance(per_1m, int | float)
            or isinstance(per_1m, bool)
            or not math.isfinite(per_1m)
            or per_1m < 0
        ):
            raise InvalidArgumentError(
                f"prices[{model!r}]", f"must be a finite number >= 0, got {per_1m!r}"
            )


def training_price(
    model: str, prices: Mapping[str, float] | None = None
) -> tuple[str, float] | None:
    """The price table's entry for ``model`` and its USD per 1M training tokens, or ``None``.

    Looks up the model itself, then its family: a dated snapshot, an alias and the
    table's entries match when they differ only by the date (``gpt-4o-mini`` and
    ``gpt-4o-mini-2024-07-18``); of several, the last by name (the latest date). A fine-tuned model
    ``ft:<base>:<org>:<suffix>:<id>`` is priced as its base. ``prices`` replaces
    `TRAINING_PRICES`.

    >>> training_price("gpt-4o-mini")
    ('gpt-4o-mini-2024-07-18', 3.0)
    >>> training_price("ft:gpt-4.1-nano-2025-04-14:acme:support:AbC123")
    ('gpt-4.1-nano-2025-04-14', 1.5)
    >>> training_price("gpt-4o-mini", {"gpt-4o-mini": 2.5})
    ('gpt-4o-mini', 2.5)
    >>> training_price("my-own-model") is None
    True
    """
    table = TRAINING_PRICES if prices is None else prices
    base = _base_model(model)
    if base in table:
        return base, table[base]
    family = _family(base)
    same = [name for name in table if _family(name) == family]
    return (max(same), table[max(same)]) if same else None


def estimate_cost(
    model: str, billed_tokens: int, method: str, prices: Mapping[str, float] | None = None
) -> CostEstimate | str:
    """The estimate for training ``model`` on ``billed_tokens``, or why there is none."""
    if method == "reinforcement":
        return "reinforcement fine-tuning is billed per hour of training, not per token"
    found = training_price(model, prices)
    if found is None:
        where = "the built-in price table" if prices is None else "the prices given"
        return f"no training price for {model!r} in {where}; pass prices= to estimate"
    priced_as, per_1m = found
    return CostEstimate(
        amount_usd=billed_tokens * per_1m / 1_000_000,
        billed_tokens=billed_tokens,
        usd_per_1m_tokens=float(per_1m),
        model=model,
        priced_as=priced_as,
        as_of=PRICES_AS_OF if prices is None else None,
    )


def _base_model(model: str) -> str:
    """``ft:<base>:<org>:<suffix>:<id>`` (or a checkpoint of it) -> ``<base>``."""
    if model.startswith("ft:"):
        base = model.split(":")[1]
        return base or model
    return model


def _family(model: str) -> str:
    return _SNAPSHOT_DATE.sub("", model)
