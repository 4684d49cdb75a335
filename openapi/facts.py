"""Write ``openai_finetunes/_facts.py``: the API facts the hand-written layer relies on.

    python openapi/facts.py [SPEC] > openai_finetunes/_facts.py

Status sets, limits and the operation table are read from the committed subset
(``openapi/openai-finetunes.yaml``) so that they have one source of truth; ``make
generate`` runs this after the generator and ``make check-generated`` checks it.

The job parameters the workflows check before any request (``METHOD_TYPES``,
``METHODS``, ``INTEGRATION``) are written as *shapes*: a tuple of alternatives (one per
``oneOf``/``anyOf`` branch, plus ``{"type": "null"}`` when nullable), each a dict with
``type``, ``enum``, ``minimum``/``maximum``, ``exclusive_minimum``/``exclusive_maximum``
(both OpenAPI 3.0's boolean form and 3.1's number form), ``min_length``/``max_length``,
and for objects ``required`` and ``properties`` (for arrays ``items``). Objects deeper
than the checks need are cut to ``{"type": "object", "required": ...}``. A hyperparameter,
method type or integration type added to the spec is therefore checked after ``make spec
&& make generate`` without a hand edit.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent


def _numeric_branch(schema: dict[str, Any]) -> dict[str, Any]:
    return next(b for b in schema["oneOf"] if b.get("type") in ("integer", "number"))


_BOUNDS = (
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("minLength", "min_length"),
    ("maxLength", "max_length"),
    ("minItems", "min_items"),
    ("maxItems", "max_items"),
)


class _Shapes:
    """Turns the spec's schemas into the shapes described in the module docstring."""

    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = self.schemas[node["$ref"].rsplit("/", 1)[-1]]
        return node

    def shape(self, node: dict[str, Any], depth: int) -> tuple[dict[str, Any], ...]:
        node = self.resolve(node)
        branches = node.get("oneOf") or node.get("anyOf")
        types = node.get("type")
        if branches:
            out = tuple(b for branch in branches for b in self.shape(branch, depth))
        elif isinstance(types, list):  # OpenAPI 3.1: type: [string, "null"]
            out = tuple(b for t in types for b in self.shape({**node, "type": t}, depth))
        else:
            out = (self.branch(node, depth),)
        if node.get("nullable") is True and {"type": "null"} not in out:
            out += ({"type": "null"},)
        return out

    def branch(self, node: dict[str, Any], depth: int) -> dict[str, Any]:
        kind = node.get("type") or ("object" if "properties" in node else None)
        out: dict[str, Any] = {"type": kind} if kind else {}
        if "enum" in node:
            out["enum"] = tuple(node["enum"])
        for key, name in _BOUNDS:
            if key in node:
                out[name] = node[key]
        for side in ("minimum", "maximum"):
            flag = node.get(f"exclusive{side.capitalize()}")
            if flag is True and side in out:  # OpenAPI 3.0
                out[f"exclusive_{side}"] = out.pop(side)
            elif isinstance(flag, int | float) and not isinstance(flag, bool):  # 3.1
                out[f"exclusive_{side}"] = flag
        if kind == "object":
            out["required"] = tuple(node.get("required", ()))
            if depth > 0 and "properties" in node:
                out["properties"] = {
                    name: self.shape(child, depth - 1) for name, child in node["properties"].items()
                }
        if kind == "array" and depth > 0 and "items" in node:
            out["items"] = self.shape(node["items"], depth - 1)
        return out


def _method_facts(schemas: dict[str, Any]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The method types (``FineTuneMethod.type``) and each one's settings object.

    ``method[type]`` holds the settings; depth 2 reaches the hyperparameters' values and
    a grader's own keys (a grader's nested objects are cut).
    """
    shapes = _Shapes(schemas)
    method = schemas["FineTuneMethod"]["properties"]
    types = tuple(method["type"]["enum"])
    settings = {
        kind: shapes.shape(method[kind], 2)
        if kind in method
        else ({"type": "object", "required": ()},)
        for kind in types
    }
    return types, settings


def _integration_facts(
    schemas: dict[str, Any],
) -> tuple[tuple[dict[str, Any], ...], int | None]:
    """One entry of the create request's ``integrations`` list, down to its settings'
    values, and how many a job holds (the request has no bound; the job has ``maxItems``)."""
    shapes = _Shapes(schemas)
    create = schemas["CreateFineTuningJobRequest"]["properties"]["integrations"]
    on_job = shapes.shape(schemas["FineTuningJob"]["properties"]["integrations"], 0)
    bounds = [b["max_items"] for b in on_job if b.get("type") == "array" and "max_items" in b]
    return shapes.shape(shapes.resolve(create)["items"], 3), min(bounds, default=None)


def render(spec: dict[str, Any]) -> str:
    schemas = spec["components"]["schemas"]
    status = schemas["FineTuningJob"]["properties"]["status"]
    terminal = status["x-terminal"]
    hyper = schemas["FineTuneSupervisedHyperparameters"]["properties"]
    create = schemas["CreateFineTuningJobRequest"]["properties"]
    metadata = schemas["Metadata"]["anyOf"][0]
    operations = {
        op["operationId"]: (method.upper(), path)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }
    n_epochs, batch, lr = (
        _numeric_branch(hyper[k]) for k in ("n_epochs", "batch_size", "learning_rate_multiplier")
    )
    method_types, methods = _method_facts(schemas)
    integration, max_integrations = _integration_facts(schemas)
    lines = [
        '"""API facts read from openapi/openai-finetunes.yaml by openapi/facts.py. Do not edit."""',
        "",
        "from typing import Any, Final",
        "",
        f"JOB_STATUSES: Final = {tuple(status['enum'])!r}",
        f"TERMINAL_JOB_STATUSES: Final = frozenset({tuple(terminal)!r})",
        "# Any other status, including ones the API adds later (such as paused), is still active.",
        f"ACTIVE_JOB_STATUSES: Final = frozenset({tuple(s for s in status['enum'] if s not in terminal)!r})",
        "",
        f"N_EPOCHS_RANGE: Final = ({n_epochs['minimum']}, {n_epochs['maximum']})",
        f"BATCH_SIZE_RANGE: Final = ({batch['minimum']}, {batch['maximum']})",
        f"LEARNING_RATE_MULTIPLIER_EXCLUSIVE_MINIMUM: Final = {lr['minimum']!r}",
        f"SUFFIX_LENGTH_RANGE: Final = ({create['suffix']['minLength']}, {create['suffix']['maxLength']})",
        f"SEED_RANGE: Final = ({create['seed']['minimum']}, {create['seed']['maximum']})",
        f"METADATA_MAX_PAIRS: Final = {metadata['maxProperties']}",
        f"METADATA_MAX_KEY_LENGTH: Final = {metadata['propertyNames']['maxLength']}",
        f"METADATA_MAX_VALUE_LENGTH: Final = {metadata['additionalProperties']['maxLength']}",
        "",
        "# Job parameters as shapes: see openapi/facts.py. FineTuneMethod.type's enum;",
        "# each method's settings (method[type]: hyperparameters, grader, ...);",
        "# one entry of the create request's integrations list, and how many a job holds.",
        f"METHOD_TYPES: Final = {method_types!r}",
        f"METHODS: Final[dict[str, Any]] = {methods!r}",
        f"INTEGRATION: Final[tuple[Any, ...]] = {integration!r}",
        f"INTEGRATIONS_MAX_ITEMS: Final[int | None] = {max_integrations!r}",
        "",
        f"CREATE_FILE_MAX_BYTES: Final = {schemas['CreateFileRequest']['x-max-bytes']}",
        f"UPLOAD_MAX_BYTES: Final = {schemas['CreateUploadRequest']['x-max-bytes']}",
        f"UPLOAD_PART_MAX_BYTES: Final = {schemas['AddUploadPartRequest']['x-max-bytes']}",
        f"FILE_PURPOSES: Final = {tuple(schemas['CreateFileRequest']['properties']['purpose']['enum'])!r}",
        f"UPLOAD_PURPOSES: Final = {tuple(schemas['CreateUploadRequest']['properties']['purpose']['enum'])!r}",
        "",
        "# operationId -> (method, path template)",
        "OPERATIONS: Final = {",
        *(f"    {op_id!r}: {value!r}," for op_id, value in sorted(operations.items())),
        "}",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "openai-finetunes.yaml"
    sys.stdout.write(render(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
