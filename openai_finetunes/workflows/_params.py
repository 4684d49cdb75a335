"""Job parameters: checked locally against the API's limits, then turned into a request.

Every limit comes from ``_facts`` (read from the spec), so a bad value is reported by
name before anything is uploaded or paid for.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from .. import _facts
from ..models.create_fine_tuning_job_request import CreateFineTuningJobRequest
from ._results import InvalidArgumentError

if TYPE_CHECKING:
    from ..validation import Method

__all__ = ["RUN_KEY", "JobSpec", "check_file_id", "check_job_id"]

#: Metadata key that tags a job with the digest of its data and parameters, so that a
#: re-run finds the job it already started (``metadata[openai_finetunes_run]=<digest>``).
RUN_KEY: Final = "openai_finetunes_run"

_FILE_ID = re.compile(r"^file-[A-Za-z0-9_-]{1,64}$")
_JOB_ID = re.compile(r"^ftjob-[A-Za-z0-9_-]{1,64}$")
_METHODS: Final = ("supervised", "dpo", "reinforcement")
_HYPERPARAMETER_RANGES: Final[dict[str, tuple[float, float]]] = {
    "n_epochs": _facts.N_EPOCHS_RANGE,
    "batch_size": _facts.BATCH_SIZE_RANGE,
}
_HYPERPARAMETERS_BY_METHOD: Final = {
    "supervised": {"n_epochs", "batch_size", "learning_rate_multiplier"},
    "dpo": {"n_epochs", "batch_size", "learning_rate_multiplier", "beta"},
    "reinforcement": {
        "n_epochs",
        "batch_size",
        "learning_rate_multiplier",
        "eval_interval",
        "eval_samples",
        "compute_multiplier",
        "reasoning_effort",
    },
}


def check_file_id(value: str, param: str = "training_file") -> str:
    if not _FILE_ID.match(value):
        raise InvalidArgumentError(
            param, f"{value!r} is not a file id (expected 'file-' and letters or digits)"
        )
    return value


def check_job_id(value: object, param: str = "job_id") -> str:
    if not isinstance(value, str) or not _JOB_ID.match(value):
        raise InvalidArgumentError(
            param, f"{value!r} is not a fine-tuning job id (expected 'ftjob-...')"
        )
    return value


@attrs.frozen
class JobSpec:
    """Checked job parameters, everything but the file ids."""

    model: str
    method: dict[str, Any]
    suffix: str | None
    seed: int | None
    metadata: dict[str, str]
    integrations: tuple[dict[str, Any], ...]

    @property
    def method_type(self) -> Method:
        return cast("Method", self.method["type"])

    @property
    def n_epochs(self) -> int | None:
        value = self.method.get(self.method_type, {}).get("hyperparameters", {}).get("n_epochs")
        return value if isinstance(value, int) else None

    @classmethod
    def build(
        cls,
        model: object,
        *,
        method: Mapping[str, Any] | Any | None,
        hyperparameters: Mapping[str, Any] | None,
        suffix: object,
        seed: object,
        metadata: Mapping[str, str] | None,
        integrations: Sequence[Mapping[str, Any]] | None,
    ) -> JobSpec:
        if not isinstance(model, str) or not model.strip():
            raise InvalidArgumentError(
                "model", f"expected a model name such as 'gpt-4o-mini-2024-07-18', got {model!r}"
            )
        return cls(
            model=model,
            method=_check_method(method, hyperparameters),
            suffix=_check_suffix(suffix),
            seed=_check_seed(seed),
            metadata=_check_metadata(metadata),
            integrations=tuple(dict(i) for i in integrations or ()),
        )

    def run_key(self, training: str, validation: str | None) -> str:
        """A digest of the data and everything that shapes the job: the re-run identity."""
        identity = {
            "model": self.model,
            "method": self.method,
            "suffix": self.suffix,
            "seed": self.seed,
            "metadata": self.metadata,
            "integrations": list(self.integrations),
            "training": training,
            "validation": validation,
        }
        encoded = json.dumps(identity, sort_keys=True, separators=(",", ":")).encode()
        return hashlib.sha256(encoded).hexdigest()[:40]

    def request(
        self, training_file: str, validation_file: str | None, run_key: str
    ) -> CreateFineTuningJobRequest:
        body: dict[str, Any] = {
            "model": self.model,
            "training_file": training_file,
            "method": self.method,
            "metadata": {**self.metadata, RUN_KEY: run_key},
        }
        if validation_file is not None:
            body["validation_file"] = validation_file
        if self.suffix is not None:
            body["suffix"] = self.suffix
        if self.seed is not None:
            body["seed"] = self.seed
        if self.integrations:
            body["integrations"] = list(self.integrations)
        return CreateFineTuningJobRequest.from_dict(body)


def _check_method(
    method: Mapping[str, Any] | Any | None, hyperparameters: Mapping[str, Any] | None
) -> dict[str, Any]:
    if method is None:
        resolved: dict[str, Any] = {"type": "supervised"}
    elif isinstance(method, str):
        resolved = {"type": method}
    elif isinstance(method, Mapping):
        resolved = json.loads(json.dumps(dict(method)))
    elif hasattr(method, "to_dict"):
        resolved = method.to_dict()
    else:
        raise InvalidArgumentError(
            "method", f"expected a dict like {{'type': 'supervised'}}, got {type(method).__name__}"
        )
    kind = resolved.get("type")
    if kind not in _METHODS:
        raise InvalidArgumentError(
            "method", f"type must be one of {', '.join(_METHODS)}, got {kind!r}"
        )
    settings = resolved.setdefault(kind, {})
    if not isinstance(settings, dict):
        raise InvalidArgumentError(f"method.{kind}", "expected an object")
    if hyperparameters is not None:
        if "hyperparameters" in settings:
            raise InvalidArgumentError(
                "hyperparameters", f"given twice: as an argument and in method.{kind}"
            )
        settings["hyperparameters"] = dict(hyperparameters)
    if "hyperparameters" in settings:
        settings["hyperparameters"] = _check_hyperparameters(kind, settings["hyperparameters"])
    return resolved


def _check_hyperparameters(kind: str, values: object) -> dict[str, Any]:
    if not isinstance(values, Mapping):
        raise InvalidArgumentError(
            "hyperparameters", f"expected a dict, got {type(values).__name__}"
        )
    allowed = _HYPERPARAMETERS_BY_METHOD[kind]
    checked: dict[str, Any] = {}
    for name, value in values.items():
        param = f"hyperparameters.{name}"
        if name not in allowed:
            raise InvalidArgumentError(
                param, f"unknown for {kind} fine-tuning (expected: {', '.join(sorted(allowed))})"
            )
        if value == "auto" or name in ("reasoning_effort",):
            checked[name] = value
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise InvalidArgumentError(param, f"expected 'auto' or a number, got {value!r}")
        if name in _HYPERPARAMETER_RANGES:
            low, high = _HYPERPARAMETER_RANGES[name]
            if not isinstance(value, int) or not low <= value <= high:
                raise InvalidArgumentError(
                    param, f"must be 'auto' or a whole number from {low} to {high}, got {value!r}"
                )
        elif value <= _facts.LEARNING_RATE_MULTIPLIER_EXCLUSIVE_MINIMUM:
            raise InvalidArgumentError(
                param, f"must be 'auto' or a number greater than 0, got {value!r}"
            )
        checked[name] = value
    return checked


def _check_suffix(suffix: object) -> str | None:
    if suffix is None:
        return None
    low, high = _facts.SUFFIX_LENGTH_RANGE
    if not isinstance(suffix, str) or not low <= len(suffix) <= high:
        shown = len(suffix) if isinstance(suffix, str) else type(suffix).__name__
        raise InvalidArgumentError(
            "suffix", f"must be a string of {low} to {high} characters, got {shown!r}"
        )
    return suffix


def _check_seed(seed: object) -> int | None:
    if seed is None:
        return None
    low, high = _facts.SEED_RANGE
    if isinstance(seed, bool) or not isinstance(seed, int) or not low <= seed <= high:
        raise InvalidArgumentError(
            "seed", f"must be a whole number from {low} to {high}, got {seed!r}"
        )
    return seed


def _check_metadata(metadata: Mapping[str, str] | None) -> dict[str, str]:
    pairs = dict(metadata or {})
    if RUN_KEY in pairs:
        raise InvalidArgumentError(
            "metadata", f"the key {RUN_KEY!r} is reserved for re-run detection"
        )
    # One pair is used by the run key.
    if len(pairs) > _facts.METADATA_MAX_PAIRS - 1:
        raise InvalidArgumentError(
            "metadata",
            f"at most {_facts.METADATA_MAX_PAIRS - 1} pairs (one is used to tag the run)",
        )
    for key, value in pairs.items():
        if not isinstance(key, str) or not 0 < len(key) <= _facts.METADATA_MAX_KEY_LENGTH:
            raise InvalidArgumentError(
                "metadata", f"key {key!r} must be 1 to {_facts.METADATA_MAX_KEY_LENGTH} characters"
            )
        if not isinstance(value, str) or len(value) > _facts.METADATA_MAX_VALUE_LENGTH:
            raise InvalidArgumentError(
                f"metadata.{key}",
                f"must be a string of at most {_facts.METADATA_MAX_VALUE_LENGTH} characters",
            )
    return pairs
