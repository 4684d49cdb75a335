"""Checking request parameters of job creation and uploads, with the service's 400s."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

from openai_finetunes import _facts

from ._errors import invalid_request, missing_parameter

__all__ = [
    "JOB_FIELDS",
    "METHOD_TYPES",
    "STANDARD_HYPERPARAMETERS",
    "check_hyperparameter",
    "expiry_seconds",
    "is_int",
    "is_number",
    "parse_integrations",
    "parse_metadata",
    "parse_method",
]

FILE_EXPIRY_RANGE: Final = (3600, 2_592_000)
METHOD_TYPES: Final = ("supervised", "dpo", "reinforcement")
STANDARD_HYPERPARAMETERS: Final = ("batch_size", "learning_rate_multiplier", "n_epochs")
METHOD_HYPERPARAMETERS: Final = {
    "supervised": STANDARD_HYPERPARAMETERS,
    "dpo": (*STANDARD_HYPERPARAMETERS, "beta"),
    "reinforcement": (
        *STANDARD_HYPERPARAMETERS,
        "reasoning_effort",
        "compute_multiplier",
        "eval_interval",
        "eval_samples",
    ),
}
JOB_FIELDS: Final = frozenset(
    {
        "model",
        "training_file",
        "hyperparameters",
        "suffix",
        "validation_file",
        "integrations",
        "seed",
        "method",
        "metadata",
    }
)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def expiry_seconds(expires_after: Any) -> int:
    low, high = FILE_EXPIRY_RANGE
    if (
        not isinstance(expires_after, Mapping)
        or expires_after.get("anchor") != "created_at"
        or not is_int(expires_after.get("seconds"))
        or not low <= expires_after["seconds"] <= high
    ):
        raise invalid_request(
            f"Invalid 'expires_after': expected anchor 'created_at' and {low} to {high} seconds.",
            param="expires_after",
        )
    return int(expires_after["seconds"])


def parse_method(body: Mapping[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """(method type, requested hyperparameters with "auto" defaults, grader)."""
    top = body.get("hyperparameters")
    method = body.get("method")
    if method is None:
        method_type, given, prefix, grader = "supervised", top, "hyperparameters", None
    else:
        if not isinstance(method, dict):
            raise invalid_request("Invalid 'method': expected an object.", param="method")
        method_type = str(method.get("type"))
        if method_type not in METHOD_TYPES:
            raise invalid_request(
                f"Invalid 'method.type': {method.get('type')!r}; expected one of {list(METHOD_TYPES)}.",
                param="method.type",
            )
        details = method.get(method_type) or {}
        if not isinstance(details, dict):
            raise invalid_request(
                f"Invalid 'method.{method_type}': expected an object.",
                param=f"method.{method_type}",
            )
        given = details.get("hyperparameters")
        prefix = f"method.{method_type}.hyperparameters"
        if top is not None and given is not None:
            raise invalid_request(
                "Specify hyperparameters either at the top level (deprecated) or in 'method', "
                "not both.",
                param="hyperparameters",
            )
        if given is None:
            given, prefix = top, "hyperparameters"
        grader = details.get("grader")
        if method_type == "reinforcement" and not isinstance(grader, dict):
            raise missing_parameter("method.reinforcement.grader")
    if given is None:
        given = {}
    if not isinstance(given, dict):
        raise invalid_request(f"Invalid '{prefix}': expected an object.", param=prefix)
    allowed = METHOD_HYPERPARAMETERS[method_type]
    requested: dict[str, Any] = {}
    for key in allowed:
        if key in STANDARD_HYPERPARAMETERS or key == "beta" or key in given:
            requested[key] = given.get(key, "auto")
    for key, value in given.items():
        if key not in allowed:
            raise invalid_request(
                f"Unrecognized hyperparameter: {prefix}.{key}", param=f"{prefix}.{key}"
            )
        check_hyperparameter(key, value, f"{prefix}.{key}")
    return method_type, requested, grader


def check_hyperparameter(key: str, value: Any, param: str) -> None:
    if value == "auto" and key != "reasoning_effort":
        return
    problem: str | None = None
    if key == "n_epochs" or key == "batch_size":
        low, high = _facts.N_EPOCHS_RANGE if key == "n_epochs" else _facts.BATCH_SIZE_RANGE
        if not is_int(value) or not low <= value <= high:
            problem = f"must be 'auto' or an integer between {low} and {high}"
    elif key == "learning_rate_multiplier":
        if not is_number(value) or value <= _facts.LEARNING_RATE_MULTIPLIER_EXCLUSIVE_MINIMUM:
            problem = (
                "must be 'auto' or a number greater than "
                f"{_facts.LEARNING_RATE_MULTIPLIER_EXCLUSIVE_MINIMUM}"
            )
    elif key == "beta":
        if not is_number(value) or not 0 < value <= 2:
            problem = "must be 'auto' or a number in (0, 2]"
    elif key == "reasoning_effort":
        if value not in ("default", "low", "medium", "high"):
            problem = "must be one of default, low, medium, high"
    elif key == "compute_multiplier":
        if not is_number(value) or not 0.00001 < value <= 10:
            problem = "must be 'auto' or a number in (0.00001, 10]"
    elif not is_int(value) or value < 1:  # eval_interval, eval_samples
        problem = "must be 'auto' or a positive integer"
    if problem is not None:
        raise invalid_request(
            f"Invalid '{param}': {value!r} {problem}.", param=param, code="invalid_hyperparameter"
        )


def parse_metadata(metadata: Any) -> dict[str, str] | None:
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        raise invalid_request("Invalid 'metadata': expected an object.", param="metadata")
    if len(metadata) > _facts.METADATA_MAX_PAIRS:
        raise invalid_request(
            f"Invalid 'metadata': at most {_facts.METADATA_MAX_PAIRS} pairs are allowed.",
            param="metadata",
        )
    for key, value in metadata.items():
        if len(key) > _facts.METADATA_MAX_KEY_LENGTH:
            raise invalid_request(
                f"Invalid 'metadata': keys are at most {_facts.METADATA_MAX_KEY_LENGTH} "
                "characters.",
                param="metadata",
            )
        if not isinstance(value, str) or len(value) > _facts.METADATA_MAX_VALUE_LENGTH:
            raise invalid_request(
                f"Invalid 'metadata': values are strings of at most "
                f"{_facts.METADATA_MAX_VALUE_LENGTH} characters.",
                param="metadata",
            )
    return dict(metadata)


def parse_integrations(integrations: Any) -> list[dict[str, Any]]:
    if integrations is None:
        return []
    valid = isinstance(integrations, list) and len(integrations) <= 5
    for item in integrations if valid else ():
        wandb = item.get("wandb") if isinstance(item, dict) else None
        if (
            not isinstance(wandb, dict)
            or item.get("type") != "wandb"
            or not isinstance(wandb.get("project"), str)
        ):
            valid = False
    if not valid:
        raise invalid_request(
            "Invalid 'integrations': expected up to 5 objects like "
            "{'type': 'wandb', 'wandb': {'project': ...}}.",
            param="integrations",
        )
    return [dict(item) for item in integrations]
