"""Arazzo 1.0.1 workflows: load, lint and run them against the fine-tuning API.

Needs the ``arazzo`` extra (``pip install 'openai-finetunes[arazzo]'``)::

    from openai_finetunes import connect
    from openai_finetunes.arazzo import lint, run

    for message in lint("workflows/fine-tuning-job.arazzo.yaml"):
        print(message)
    result = run(
        "workflows/fine-tuning-job.arazzo.yaml",
        {"trainingFile": Path("train.jsonl"), "model": "gpt-4o-mini"},
        client=connect(),
    )
    print(result.succeeded, result.outputs)

Documents as published in the wild (``"Bearer $inputs.apiKey"``, ``$.status == "x"`` declared
as jsonpath, an unreadable source description) run in the default lenient mode with lint
warnings; ``strict=True`` rejects them.
"""

from ._cli import main
from ._deps import MissingDependencyError
from ._expressions import ExpressionError
from ._lint import LENIENT_CODES, lint
from ._loader import Document, load, loads
from ._runner import DEFAULT_MAX_STEPS, DEFAULT_POLL_INTERVAL, DEFAULT_TIMEOUT, run
from ._types import (
    ArazzoError,
    DocumentError,
    InputError,
    LintMessage,
    StepRecord,
    WorkflowResult,
)

__all__ = [
    "DEFAULT_MAX_STEPS",
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_TIMEOUT",
    "LENIENT_CODES",
    "ArazzoError",
    "Document",
    "DocumentError",
    "ExpressionError",
    "InputError",
    "LintMessage",
    "MissingDependencyError",
    "StepRecord",
    "WorkflowResult",
    "lint",
    "load",
    "loads",
    "main",
    "run",
]
