"""Reusable objects: ``{reference: $components.<kind>.<name>, value: ...}`` entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._expressions import ExpressionError, parse

__all__ = ["effective_actions", "effective_parameters", "resolve_reusable"]


def resolve_reusable(item: Any, components: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """The object an entry stands for: itself, or the component it references.

    For parameters, the reusable object's ``value`` overrides the component's value.
    Raises LookupError if the reference is malformed or names no component of ``kind``.

    >>> comps = {"parameters": {"auth": {"name": "Authorization", "in": "header", "value": "x"}}}
    >>> resolve_reusable({"reference": "$components.parameters.auth", "value": "y"}, comps, "parameters")
    {'name': 'Authorization', 'in': 'header', 'value': 'y'}
    """
    if not isinstance(item, Mapping):
        raise LookupError(f"expected an object, found {item!r}")
    if "reference" not in item:
        return dict(item)
    reference = str(item["reference"])
    try:
        expr = parse(reference)
    except ExpressionError as exc:
        raise LookupError(str(exc)) from exc
    if expr.root != "components" or expr.parts[0] != kind or expr.pointer:
        raise LookupError(f"{reference!r} does not reference $components.{kind}.<name>")
    section = components.get(kind)
    target = section.get(expr.parts[1]) if isinstance(section, Mapping) else None
    if not isinstance(target, Mapping):
        raise LookupError(f"{reference!r}: no such component")
    resolved = dict(target)
    if kind == "parameters" and "value" in item:
        resolved["value"] = item["value"]
    return resolved


def effective_parameters(
    workflow: Mapping[str, Any], step: Mapping[str, Any], components: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Workflow parameters overridden by the step's, keyed by (name, in)."""
    merged: dict[tuple[str, str | None], dict[str, Any]] = {}
    for owner in (workflow, step):
        for item in owner.get("parameters") or []:
            param = resolve_reusable(item, components, "parameters")
            location = param.get("in")
            merged[
                (
                    str(param.get("name")).lower()
                    if location == "header"
                    else str(param.get("name")),
                    location,
                )
            ] = param
    return list(merged.values())


def effective_actions(
    workflow: Mapping[str, Any],
    step: Mapping[str, Any],
    components: Mapping[str, Any],
    *,
    success: bool,
) -> list[dict[str, Any]]:
    """The step's onSuccess/onFailure actions, then the workflow's not overridden by name."""
    step_key, workflow_key = (
        ("onSuccess", "successActions") if success else ("onFailure", "failureActions")
    )
    kind = "successActions" if success else "failureActions"
    own = [resolve_reusable(a, components, kind) for a in step.get(step_key) or []]
    names = {a.get("name") for a in own}
    shared = [resolve_reusable(a, components, kind) for a in workflow.get(workflow_key) or []]
    return own + [a for a in shared if a.get("name") not in names]
