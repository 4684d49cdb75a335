"""Structural validation against the Arazzo 1.0 JSON Schema bundled in ``schema/``."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any, Final

from ._deps import require
from ._loader import Document, pointer
from ._types import LintMessage

__all__ = ["SCHEMA_ID", "arazzo_schema", "schema_messages"]

SCHEMA_ID: Final = "https://spec.openapis.org/arazzo/1.0/schema/2024-08-01"


@functools.cache
def arazzo_schema() -> dict[str, Any]:
    """The official Arazzo 1.0 JSON Schema (id ``…/arazzo/1.0/schema/2024-08-01``)."""
    text = resources.files(__package__).joinpath("schema/arazzo-1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator() -> Any:
    jsonschema = require("jsonschema")
    cls = jsonschema.Draft202012Validator
    return cls(arazzo_schema(), format_checker=cls.FORMAT_CHECKER)


_MAX_MESSAGE = 240


def _alternatives(schemas: Any) -> list[str] | None:
    """The property names of ``oneOf: [{required: [a]}, {required: [b]}]``, else None."""
    if not isinstance(schemas, list):
        return None
    names = [s["required"][0] for s in schemas if isinstance(s, dict) and s.get("required")]
    return names if len(names) == len(schemas) else None


def _explain(error: Any) -> tuple[Any, str]:
    """The error to report for ``error`` and its message, digging into oneOf/anyOf.

    Of the alternatives that failed, the one that got furthest into the document (deepest
    error, then fewest errors, then first) is the one the author meant.
    """
    if error.validator not in ("oneOf", "anyOf"):
        return error, error.message
    names = _alternatives(error.validator_value)
    if not error.context:
        if names:
            return error, f"only one of {', '.join(names)} may be given"
        return error, "matches more than one of the alternatives"
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)

    def rank(item: tuple[Any, list[Any]]) -> tuple[int, int, Any]:
        key, errors = item
        return (-max(len(e.absolute_path) for e in errors), len(errors), key)

    errors = min(branches.items(), key=rank)[1]
    deepest = max(errors, key=lambda e: len(e.absolute_path))
    if names and all(e.validator == "required" for e in error.context):
        return error, f"needs one of {', '.join(names)}"
    return _explain(deepest)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def schema_messages(document: Document) -> list[LintMessage]:
    """One message per JSON Schema violation, with the line of the offending value.

    >>> from openai_finetunes.arazzo._loader import loads
    >>> [m.message for m in schema_messages(loads("arazzo: 2.0.0"))][:1]
    ["'info' is a required property (at /)"]
    """
    messages: list[LintMessage] = []
    errors = sorted(_validator().iter_errors(document.data), key=lambda e: list(map(str, e.path)))
    for error in errors:
        specific, text = _explain(error)
        path = tuple(specific.absolute_path)
        messages.append(
            LintMessage(
                line=document.line(*path),
                severity="error",
                code="schema",
                message=f"{_shorten(text)} (at {pointer(path) or '/'})",
                pointer=pointer(path),
            )
        )
    return messages
