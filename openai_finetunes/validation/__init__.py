"""Local validation of fine-tuning training files, before uploading them.

>>> from openai_finetunes.validation import validate_training_file
>>> report = validate_training_file("train.jsonl")  # doctest: +SKIP
>>> report.ok, report.n_examples, report.tokens.total  # doctest: +SKIP
(True, 120, 48210)
>>> report.raise_for_problems()  # doctest: +SKIP
"""

from ._prices import PRICES_AS_OF, TRAINING_PRICES, CostEstimate, training_price
from ._problem import Problem, Severity
from ._report import (
    MAX_TOKENS_PER_EXAMPLE,
    MIN_EXAMPLES,
    Format,
    Method,
    TokenCounts,
    TokenEstimate,
    TrainingDataError,
    ValidationReport,
)
from ._validate import validate_training_file

__all__ = [
    "MAX_TOKENS_PER_EXAMPLE",
    "MIN_EXAMPLES",
    "PRICES_AS_OF",
    "TRAINING_PRICES",
    "CostEstimate",
    "Format",
    "Method",
    "Problem",
    "Severity",
    "TokenCounts",
    "TokenEstimate",
    "TrainingDataError",
    "ValidationReport",
    "training_price",
    "validate_training_file",
]
