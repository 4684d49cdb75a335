"""Validate the fake's JSON answers against the upstream OpenAPI document (jsonschema).

The upstream document is OpenAPI 3.1 with some 3.0 leftovers; before validating,
``nullable: true`` becomes ``anyOf [..., null]``, boolean ``exclusiveMinimum`` /
``exclusiveMaximum`` become their 3.1 numeric form, and local ``$ref`` s are made
absolute so every schema resolves against the one document.

Two documented extensions: a paused job reports status ``paused``, which the service
sends but the spec's enum does not list; it is added to ``FineTuningJob.status``. And a
plain message event carries ``"data": null``, as upstream's own example for listing events
shows although its schema says ``object``; ``FineTuningJobEvent.data`` may be null.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import referencing
import referencing.jsonschema
import yaml

from openai_finetunes import _facts

_BASE = "urn:openai-openapi"
#: Statuses the service reports beyond the spec's enum.
EXTRA_JOB_STATUSES = ("paused",)


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _convert(value) for key, value in node.items()}
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        out["$ref"] = _BASE + ref
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(out.get(bound), bool) and out.pop(bound) and limit in out:
            out[bound] = out.pop(limit)
    if out.pop("nullable", False) is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.rsplit("/", 1)[1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def extract(document: Mapping[str, Any]) -> dict[str, Any]:
    """The paths of the fine-tuning operations and every schema they reach, as JSON."""
    paths: dict[str, Any] = {}
    for method, template in _facts.OPERATIONS.values():
        operation = document["paths"][template][method.lower()]
        paths.setdefault(template, {})[method.lower()] = {"responses": operation["responses"]}
    all_schemas = document["components"]["schemas"]
    wanted, queue = set(), ["ErrorResponse", *_refs(paths)]
    while queue:
        name = queue.pop()
        if name not in wanted:
            wanted.add(name)
            queue.extend(_refs(all_schemas[name]))
    subset = {"paths": paths, "components": {"schemas": {n: all_schemas[n] for n in wanted}}}
    # Round-trip through JSON: YAML dates become strings, and the result can be cached.
    result: dict[str, Any] = json.loads(json.dumps(subset, default=str))
    return result


def load_subset(path: Path, cache: Any = None) -> dict[str, Any]:
    """`extract` of the document at ``path``, cached by content hash in pytest's cache."""
    raw = path.read_bytes()
    key = f"openai_finetunes/upstream-subset/{hashlib.sha256(raw).hexdigest()[:16]}"
    if cache is not None and (cached := cache.get(key, None)) is not None:
        return dict(cached)
    subset = extract(yaml.load(raw, Loader=yaml.CSafeLoader))
    if cache is not None:
        cache.set(key, subset)
    return subset


class SchemaChecker:
    """``errors(operation_id, status, body)`` lists schema violations (empty when valid)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        document = json.loads(json.dumps(document))  # a private copy to adjust
        schemas = document["components"]["schemas"]
        status = schemas["FineTuningJob"]["properties"]["status"]
        status["enum"] = [*status["enum"], *EXTRA_JOB_STATUSES]
        data = schemas["FineTuningJobEvent"]["properties"]["data"]
        schemas["FineTuningJobEvent"]["properties"]["data"] = {"anyOf": [data, {"type": "null"}]}
        converted = _convert(document)
        resource = referencing.Resource.from_contents(
            converted, default_specification=referencing.jsonschema.DRAFT202012
        )
        self._registry: referencing.Registry[Any] = referencing.Registry().with_resource(
            _BASE, resource
        )
        self._paths: Mapping[str, Any] = converted["paths"]
        self._validators: dict[str, jsonschema.Draft202012Validator] = {}

    def schema_for(self, operation: str | None, status: int) -> dict[str, Any] | None:
        if status >= 400:
            return {"$ref": f"{_BASE}#/components/schemas/ErrorResponse"}
        if operation is None:
            return None
        method, template = _facts.OPERATIONS[operation]
        responses = self._paths[template][method.lower()]["responses"]
        content = responses.get(str(status), {}).get("content", {})
        media = content.get("application/json")
        return None if media is None else media["schema"]

    def errors(self, operation: str | None, status: int, body: Any) -> list[str]:
        if operation == "downloadFile" and status == 200:
            # Raw bytes, not JSON (upstream declares a JSON string; the service sends bytes).
            return []
        schema = self.schema_for(operation, status)
        if schema is None:
            return [] if body is None else [f"no JSON schema for {operation} {status}"]
        key = f"{operation}:{status >= 400}"
        validator = self._validators.get(key)
        if validator is None:
            validator = jsonschema.Draft202012Validator(schema, registry=self._registry)
            self._validators[key] = validator
        return [
            f"{operation} {status}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(body)
        ]
