"""Job parameters: checked locally against the API's limits, then turned into a request.

Every argument is checked in :meth:`JobSpec.build` (the workflows and the CLI both call
it), so a bad value is reported by name, as ``InvalidArgumentError``, before anything is
uploaded or paid for.

Where the rules come from:

- Method types, each method's settings (which parts it takes and requires: a
  reinforcement method needs a ``grader``), every hyperparameter's type, ``"auto"``,
  enum and bounds, and the shape of an ``integrations`` entry are *shapes* that
  ``openapi/facts.py`` reads from the spec into ``_facts.py`` (``METHOD_TYPES``,
  ``METHODS``, ``INTEGRATION``); :func:`_check` interprets them. The spec rather than the
  generated attrs models, because the models keep names and enum members but drop what
  the checks need: ``minimum``/``maximum``/``exclusiveMinimum``, ``required`` and the
  union branches. So a hyperparameter, method type or integration type added to the spec
  is accepted and checked after ``make spec && make generate``, with no edit here.
- Suffix, seed and metadata limits are ``_facts`` too. The spec says nothing about the
  suffix's characters; the rule below is the project's (see ``_SUFFIX``).
- As a last guard the checked method and integrations are parsed by the generated
  ``CreateFineTuningJobRequest`` and encoded as strict JSON here, so that building the
  request after the upload cannot fail.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

import attrs

from .. import _facts
from ._results import InvalidArgumentError

if TYPE_CHECKING:
    from ..models.create_fine_tuning_job_request import CreateFineTuningJobRequest
    from ..validation import Method

__all__ = ["RUN_KEY", "JobSpec", "check_file_id", "check_job_id"]

#: Metadata key that tags a job with the digest of its data and parameters, so that a
#: re-run finds the job it already started (``metadata[openai_finetunes_run]=<digest>``).
RUN_KEY: Final = "openai_finetunes_run"

#: A spec-derived shape: alternatives, each a dict of constraints (see openapi/facts.py).
Shape: TypeAlias = tuple[Mapping[str, Any], ...]

_FILE_ID = re.compile(r"^file-[A-Za-z0-9_-]{1,64}$")
_JOB_ID = re.compile(r"^ftjob-[A-Za-z0-9_-]{1,64}$")
#: The suffix becomes one part of ``ft:<base>:<org>:<suffix>:<id>``, a name that is also a
#: URL path segment (``/models/{model}``). Neither the spec nor the API reference states
#: the allowed characters (it says "up to 64 characters"; its examples are
#: ``custom-model-name``, ``custom_suffix``, ``custom-suffix``), so this is the project's
#: rule: ASCII letters, digits, ``-``, ``_`` and ``.``. That refuses ``:`` (the name's
#: separator), ``/``, whitespace and control characters, which yield a broken name.
_SUFFIX: Final = re.compile(r"[A-Za-z0-9._-]+")


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
        method: object,
        hyperparameters: object,
        suffix: object,
        seed: object,
        metadata: object,
        integrations: object,
    ) -> JobSpec:
        """Check every job parameter; the first bad one raises ``InvalidArgumentError``."""
        if not isinstance(model, str) or not model.strip() or not model.isprintable():
            raise InvalidArgumentError(
                "model", f"expected a model name such as 'gpt-4o-mini-2024-07-18', got {model!r}"
            )
        spec = cls(
            model=model,
            method=_check_method(method, hyperparameters),
            suffix=_check_suffix(suffix),
            seed=_check_seed(seed),
            metadata=_check_metadata(metadata),
            integrations=_check_integrations(integrations),
        )
        spec._check_request()
        return spec

    def _check_request(self) -> None:
        """The generated model parses each part and it encodes as strict JSON (last guard)."""
        from ..models.create_fine_tuning_job_request import CreateFineTuningJobRequest

        parts: list[tuple[str, dict[str, Any]]] = [("method", {"method": self.method})]
        parts += [
            (f"integrations[{i}]", {"integrations": [entry]})
            for i, entry in enumerate(self.integrations)
        ]
        for param, part in parts:
            body = {"model": self.model, "training_file": "file-check", **part}
            try:
                json.dumps(CreateFineTuningJobRequest.from_dict(body).to_dict(), allow_nan=False)
            except (AttributeError, KeyError, TypeError, ValueError) as error:
                raise InvalidArgumentError(
                    param, f"not a valid request value ({type(error).__name__}: {error})"
                ) from None

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
        from ..models.create_fine_tuning_job_request import CreateFineTuningJobRequest

        return CreateFineTuningJobRequest.from_dict(body)


def _check_method(method: object, hyperparameters: object) -> dict[str, Any]:
    if method is None:
        resolved: object = {"type": "supervised"}
    elif isinstance(method, str):
        resolved = {"type": _plain(method, "method")}
    elif isinstance(method, Mapping) or callable(getattr(method, "to_dict", None)):
        resolved = _plain(method, "method")
    else:
        resolved = None
    if not isinstance(resolved, dict):
        raise InvalidArgumentError(
            "method", f"expected a dict like {{'type': 'supervised'}}, got {type(method).__name__}"
        )
    kind = resolved.get("type")
    if not isinstance(kind, str) or kind not in _facts.METHOD_TYPES:
        raise InvalidArgumentError(
            "method", f"type must be one of {', '.join(_facts.METHOD_TYPES)}, got {kind!r}"
        )
    for key in resolved:
        if key not in ("type", kind):
            raise InvalidArgumentError(
                f"method.{key}", f"not part of a {kind} method (expected 'type' and {kind!r})"
            )
    settings = resolved.setdefault(kind, {})
    if not isinstance(settings, dict):
        raise InvalidArgumentError(f"method.{kind}", f"expected a dict, got {settings!r}")
    if hyperparameters is not None:
        if "hyperparameters" in settings:
            raise InvalidArgumentError(
                "hyperparameters", f"given twice: as an argument and in method.{kind}"
            )
        if not isinstance(hyperparameters, Mapping) and not callable(
            getattr(hyperparameters, "to_dict", None)
        ):
            raise InvalidArgumentError(
                "hyperparameters", f"expected a dict, got {type(hyperparameters).__name__}"
            )
        settings["hyperparameters"] = _plain(hyperparameters, "hyperparameters")
    # The hyperparameters are named as the argument is (``hyperparameters.n_epochs``),
    # wherever they were given; the rest of the settings by their place in ``method``.
    shape: Shape = _facts.METHODS[kind]
    parts = _properties(shape)
    if "hyperparameters" in settings and parts is not None and "hyperparameters" in parts:
        _check(settings["hyperparameters"], parts["hyperparameters"], "hyperparameters")
        rest = {key: value for key, value in settings.items() if key != "hyperparameters"}
        shape = _without(shape, "hyperparameters")
        _check(rest, shape, f"method.{kind}")
    else:
        _check(settings, shape, f"method.{kind}")
    return resolved


def _check_suffix(suffix: object) -> str | None:
    if suffix is None:
        return None
    low, high = _facts.SUFFIX_LENGTH_RANGE
    if not isinstance(suffix, str) or not low <= len(suffix) <= high:
        shown = len(suffix) if isinstance(suffix, str) else type(suffix).__name__
        raise InvalidArgumentError(
            "suffix", f"must be a string of {low} to {high} characters, got {shown!r}"
        )
    if not _SUFFIX.fullmatch(suffix):
        bad = next(c for c in suffix if not _SUFFIX.fullmatch(c))
        raise InvalidArgumentError(
            "suffix",
            f"may hold only letters, digits, '-', '_' and '.' (it becomes part of the model "
            f"name ft:<model>:<org>:<suffix>:<id>), got {bad!r} in {suffix!r}",
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


def _check_metadata(metadata: object) -> dict[str, str]:
    if metadata is None:
        return {}
    if not isinstance(metadata, Mapping):
        raise InvalidArgumentError(
            "metadata", f"expected a dict of strings, got {type(metadata).__name__}"
        )
    pairs = dict(metadata)
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


def _check_integrations(integrations: object) -> tuple[dict[str, Any], ...]:
    if integrations is None:
        return ()
    if isinstance(integrations, str | bytes | Mapping) or not isinstance(integrations, Sequence):
        raise InvalidArgumentError(
            "integrations",
            "expected a list of dicts such as [{'type': 'wandb', 'wandb': {'project': 'p'}}], "
            f"got {type(integrations).__name__}",
        )
    most = _facts.INTEGRATIONS_MAX_ITEMS
    if most is not None and len(integrations) > most:
        raise InvalidArgumentError(
            "integrations", f"at most {most} per job, got {len(integrations)}"
        )
    checked = []
    for index, entry in enumerate(integrations):
        param = f"integrations[{index}]"
        value = _plain(entry, param)
        _check(value, _facts.INTEGRATION, param)
        if not isinstance(value, dict):  # the spec's entry is an object: never reached
            raise InvalidArgumentError(param, f"expected a dict, got {type(entry).__name__}")
        checked.append(value)
    return tuple(checked)


# -- checking a value against a spec-derived shape ------------------------------------------


#: Deeper than any request part the API takes (a cyclic dict would recurse forever).
_MAX_DEPTH: Final = 32


def _plain(value: object, param: str, depth: int = 0) -> object:
    """A copy made of dicts, lists and exact str/int/float (enum members and generated
    models, via ``to_dict()``, become what they encode as)."""
    if depth > _MAX_DEPTH:
        raise InvalidArgumentError(param, f"nested more than {_MAX_DEPTH} levels deep")
    if not isinstance(value, Mapping) and callable(getattr(value, "to_dict", None)):
        value = cast("Any", value).to_dict()
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise InvalidArgumentError(param, f"keys must be strings, got {key!r}")
        return {str.__str__(k): _plain(v, f"{param}.{k}", depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, f"{param}[{i}]", depth + 1) for i, item in enumerate(value)]
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _properties(shape: Shape) -> Mapping[str, Shape] | None:
    objects = [branch for branch in shape if branch.get("type") == "object"]
    return objects[0].get("properties") if len(objects) == 1 else None


def _without(shape: Shape, name: str) -> Shape:
    """``shape`` with its (single) object branch lacking the property ``name``."""
    out = []
    for branch in shape:
        if branch.get("type") == "object" and "properties" in branch:
            properties = {k: v for k, v in branch["properties"].items() if k != name}
            branch = {**branch, "properties": properties}
        out.append(branch)
    return tuple(out)


def _check(value: object, shape: Shape, param: str) -> None:
    """Raise ``InvalidArgumentError`` naming the innermost bad part, unless ``value`` fits."""
    if any(_scalar_fits(value, branch) for branch in shape):
        return
    kind = "object" if isinstance(value, Mapping) else "array" if isinstance(value, list) else None
    containers = [branch for branch in shape if kind and branch.get("type") == kind]
    if isinstance(value, Mapping) and len(containers) > 1:
        containers = _by_type_tag(value, containers, param)
    first: InvalidArgumentError | None = None
    for branch in containers:
        try:
            _check_container(value, branch, param)
            return
        except InvalidArgumentError as error:
            first = first or error
    if first is not None:
        raise first
    raise InvalidArgumentError(param, f"must be {_describe(shape)}, got {value!r}")


def _scalar_fits(value: object, branch: Mapping[str, Any]) -> bool:
    kind = branch.get("type")
    if kind in ("object", "array"):
        return False
    if kind == "null":
        return value is None
    number = isinstance(value, int | float) and not isinstance(value, bool)
    fits = {
        None: True,
        "boolean": isinstance(value, bool),
        "integer": number and isinstance(value, int),
        "number": number and (isinstance(value, int) or math.isfinite(cast(float, value))),
        "string": isinstance(value, str),
    }.get(kind, False)
    if not fits:
        return False
    if "enum" in branch and not any(
        type(value) is type(member) and value == member for member in branch["enum"]
    ):
        return False
    if number:
        x = cast(float, value)
        return bool(
            x >= branch.get("minimum", -math.inf)
            and x <= branch.get("maximum", math.inf)
            and x > branch.get("exclusive_minimum", -math.inf)
            and x < branch.get("exclusive_maximum", math.inf)
        )
    if isinstance(value, str):
        return bool(branch.get("min_length", 0) <= len(value) <= branch.get("max_length", math.inf))
    return True


def _type_tags(branch: Mapping[str, Any]) -> tuple[object, ...]:
    tag = branch.get("properties", {}).get("type", ())
    return tuple(member for alternative in tag for member in alternative.get("enum", ()))


def _by_type_tag(
    value: Mapping[str, Any], branches: list[Mapping[str, Any]], param: str
) -> list[Mapping[str, Any]]:
    """Objects told apart by their ``type`` (graders): the branch ``value['type']`` names."""
    if not all(_type_tags(branch) for branch in branches):
        return branches
    tags = [tag for branch in branches for tag in _type_tags(branch)]
    chosen = [branch for branch in branches if value.get("type") in _type_tags(branch)]
    if not chosen:
        shown = ", ".join(repr(tag) for tag in tags)
        raise InvalidArgumentError(
            f"{param}.type", f"must be one of {shown}, got {value.get('type')!r}"
        )
    return chosen


def _check_container(value: object, branch: Mapping[str, Any], param: str) -> None:
    if isinstance(value, list):
        low, high = branch.get("min_items", 0), branch.get("max_items", math.inf)
        if not low <= len(value) <= high:
            raise InvalidArgumentError(param, f"must hold {low} to {high} items, got {len(value)}")
        items = branch.get("items")
        if items is not None:
            for index, item in enumerate(value):
                _check(item, items, f"{param}[{index}]")
        return
    assert isinstance(value, Mapping)
    properties: Mapping[str, Shape] | None = branch.get("properties")
    if properties is not None:
        # Known keys first (a wrong `type` explains more than what it then lacks),
        # then unknown keys (a typo), then the required ones.
        for key, part in properties.items():
            if key in value:
                _check(value[key], part, f"{param}.{key}")
        for key in value:
            if key not in properties:
                raise InvalidArgumentError(
                    f"{param}.{key}", f"unknown key (expected: {', '.join(properties)})"
                )
    for key in branch.get("required", ()):
        if key not in value:
            raise InvalidArgumentError(f"{param}.{key}", f"missing: {param} requires it")


def _describe(shape: Shape) -> str:
    words: list[str] = []
    for branch in shape:
        word = _describe_branch(branch)
        if word not in words:
            words.append(word)
    return " or ".join(words)


def _describe_branch(branch: Mapping[str, Any]) -> str:
    if "enum" in branch:
        members = [repr(member) for member in branch["enum"]]
        return members[0] if len(members) == 1 else f"one of {', '.join(members)}"
    kind = str(branch.get("type"))
    if kind in ("integer", "number"):
        noun = "a whole number" if kind == "integer" else "a number"
        low, high = branch.get("minimum"), branch.get("maximum")
        above, below = branch.get("exclusive_minimum"), branch.get("exclusive_maximum")
        if low is not None and high is not None:
            return f"{noun} from {low} to {high}"
        lower = f"greater than {above}" if above is not None else None
        lower = f"of at least {low}" if low is not None else lower
        upper = f"less than {below}" if below is not None else None
        upper = f"at most {high}" if high is not None else upper
        return " ".join([noun, " and ".join(limit for limit in (lower, upper) if limit)]).strip()
    if kind == "string" and ("min_length" in branch or "max_length" in branch):
        low, high = branch.get("min_length", 0), branch.get("max_length")
        return (
            f"a string of {low} to {high} characters" if high else f"a string of {low}+ characters"
        )
    words = {"string": "a string", "boolean": "True or False", "null": "None"}
    return {**words, "object": "a dict", "array": "a list"}.get(kind, "any value")
