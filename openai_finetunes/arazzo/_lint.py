"""Semantic checks on top of the JSON Schema, and warnings for forms only lenient mode runs.

Codes (stable, for tests and ``--format json``):

errors
    ``syntax``, ``duplicate-key``, ``schema``, ``duplicate-id``, ``unknown-operation``,
    ``unknown-step``, ``unknown-workflow``, ``unknown-component``, ``missing-path-parameter``,
    ``unknown-parameter``, ``duplicate-parameter``, ``bad-expression``, ``invalid-condition``,
    ``unknown-reference``
lenient-mode warnings (errors with ``strict=True``)
    ``bare-expression`` ($inputs.x inside a string, without braces), ``jsonpath-comparison``
    (``$.x == "y"`` declared as jsonpath), ``unresolved-source`` (source description not found)
warnings / info
    ``id-pattern``, ``unknown-input``, ``unsupported-criterion``, ``fall-through``, ``goto-loop``
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from ._components import resolve_reusable
from ._criteria import (
    ConditionError,
    compile_jsonpath,
    criterion_type,
    expressions_in,
    parse_simple,
    seed_jsonpath_suggestion,
)
from ._expressions import (
    Expression,
    ExpressionError,
    bare_expressions,
    embedded_expressions,
    parse,
)
from ._loader import Document, JsonPath, load, pointer
from ._schema import schema_messages
from ._sources import Operation, SourceIndex, index_sources
from ._types import DocumentError, LintMessage, Severity

__all__ = ["LENIENT_CODES", "Analysis", "analyse", "inputs_schema", "lint"]

#: Forms accepted with a warning in lenient mode and rejected with ``strict=True``.
LENIENT_CODES: Final = frozenset({"bare-expression", "jsonpath-comparison", "unresolved-source"})
_ID_PATTERN: Final = re.compile(r"^[A-Za-z0-9_\-]+$")
_SEVERITY_ORDER: Final = {"error": 0, "warning": 1, "info": 2}


@attrs.frozen
class Analysis:
    """A document with its lint messages and resolved operations (input of the runner)."""

    document: Document
    messages: tuple[LintMessage, ...]
    sources: SourceIndex
    #: (workflow index, step index) -> the operation the step calls.
    operations: Mapping[tuple[int, int], Operation]
    strict: bool = False

    @property
    def errors(self) -> tuple[LintMessage, ...]:
        return tuple(m for m in self.messages if m.severity == "error")


def lint(source: str | os.PathLike[str] | Document, *, strict: bool = False) -> list[LintMessage]:
    """Check an Arazzo document; return its messages, errors first within a line.

    ``strict=True`` turns the forms that only lenient mode runs (bare ``$inputs.x`` inside a
    string, ``$.x == "y"`` as jsonpath, an unreadable source description) into errors.

    >>> from openai_finetunes.arazzo import lint
    >>> [str(m) for m in lint("workflows/fine-tuning-job.arazzo.yaml")]  # doctest: +SKIP
    []
    """
    try:
        document = load(source)
    except DocumentError as exc:
        return list(exc.messages) or [
            LintMessage(line=None, severity="error", code="syntax", message=str(exc))
        ]
    return list(analyse(document, strict=strict).messages)


def analyse(document: Document, *, strict: bool = False) -> Analysis:
    """Lint ``document`` and resolve every step's operation."""
    checker = _Checker(document, strict=strict)
    checker.run()
    messages = sorted(
        {(m.line or 0, m.pointer, m.code, m.message): m for m in checker.messages}.values(),
        key=lambda m: (m.line or 0, _SEVERITY_ORDER[m.severity]),
    )
    return Analysis(document, tuple(messages), checker.sources, checker.operations, strict)


def inputs_schema(document: Document, workflow: Mapping[str, Any]) -> Mapping[str, Any]:
    """The workflow's inputs schema, following a ``$ref`` to ``#/components/inputs/<name>``."""
    schema = workflow.get("inputs")
    if not isinstance(schema, Mapping):
        return {}
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/inputs/"):
        components = document.data.get("components")
        inputs = components.get("inputs") if isinstance(components, Mapping) else None
        target = inputs.get(ref.rsplit("/", 1)[1]) if isinstance(inputs, Mapping) else None
        if isinstance(target, Mapping):
            return target
    return schema


class _Checker:
    def __init__(self, document: Document, *, strict: bool) -> None:
        self.document = document
        self.data = document.data
        self.strict = strict
        self.messages: list[LintMessage] = list(document.load_messages)
        self.sources = SourceIndex()
        self.operations: dict[tuple[int, int], Operation] = {}
        components = self.data.get("components")
        self.components: Mapping[str, Any] = components if isinstance(components, Mapping) else {}
        self.workflow_ids = {w.get("workflowId") for w in document.workflows}
        self.source_names = {
            s.get("name")
            for s in self.data.get("sourceDescriptions") or []
            if isinstance(s, Mapping)
        }

    # -- reporting

    def add(
        self,
        path: JsonPath,
        severity: Severity,
        code: str,
        message: str,
        suggestion: str | None = None,
    ) -> None:
        if code in LENIENT_CODES and self.strict:
            severity = "error"
        self.messages.append(
            LintMessage(
                line=self.document.line(*path),
                severity=severity,
                code=code,
                message=message,
                suggestion=suggestion,
                pointer=pointer(path),
            )
        )

    # -- document level

    def run(self) -> None:
        self.messages += schema_messages(self.document)
        self.check_ids()
        self.sources = index_sources(self.document)
        for problem in self.sources.problems:
            self.add(
                ("sourceDescriptions", problem.index, "url"),
                "warning",
                problem.code,
                problem.message,
            )
        for wi, workflow in enumerate(self.data.get("workflows") or []):
            if isinstance(workflow, Mapping):
                self.check_workflow(wi, workflow)

    def check_ids(self) -> None:
        seen: dict[str, int] = {}
        for i, source in enumerate(self.data.get("sourceDescriptions") or []):
            name = source.get("name") if isinstance(source, Mapping) else None
            if isinstance(name, str):
                if name in seen:
                    self.add(
                        ("sourceDescriptions", i, "name"),
                        "error",
                        "duplicate-id",
                        f"source description name {name!r} is used twice",
                    )
                seen[name] = i
        seen = {}
        for wi, workflow in enumerate(self.data.get("workflows") or []):
            if not isinstance(workflow, Mapping):
                continue
            workflow_id = workflow.get("workflowId")
            path: JsonPath = ("workflows", wi, "workflowId")
            if isinstance(workflow_id, str):
                if workflow_id in seen:
                    self.add(
                        path, "error", "duplicate-id", f"workflowId {workflow_id!r} is used twice"
                    )
                seen[workflow_id] = wi
                self.check_id_pattern(path, "workflowId", workflow_id)
            step_ids: set[str] = set()
            for si, step in enumerate(workflow.get("steps") or []):
                step_id = step.get("stepId") if isinstance(step, Mapping) else None
                if not isinstance(step_id, str):
                    continue
                step_path: JsonPath = ("workflows", wi, "steps", si, "stepId")
                if step_id in step_ids:
                    self.add(
                        step_path,
                        "error",
                        "duplicate-id",
                        f"stepId {step_id!r} is used twice in workflow {workflow_id!r}",
                    )
                step_ids.add(step_id)
                self.check_id_pattern(step_path, "stepId", step_id)

    def check_id_pattern(self, path: JsonPath, field: str, value: str) -> None:
        if not _ID_PATTERN.match(value):
            self.add(
                path,
                "warning",
                "id-pattern",
                f"{field} {value!r} should match [A-Za-z0-9_\\-]+ (Arazzo 1.0.1)",
            )

    # -- workflows

    def check_workflow(self, wi: int, workflow: Mapping[str, Any]) -> None:
        base: JsonPath = ("workflows", wi)
        steps = [s for s in workflow.get("steps") or [] if isinstance(s, Mapping)]
        step_ids = [s.get("stepId") for s in steps]
        schema = inputs_schema(self.document, workflow)
        properties = schema.get("properties")
        declared = set(properties) if isinstance(properties, Mapping) else None
        scope = _WorkflowNames(step_ids=set(map(str, step_ids)), inputs=declared)
        ref = (
            workflow.get("inputs", {}).get("$ref")
            if isinstance(workflow.get("inputs"), Mapping)
            else None
        )
        if (
            isinstance(ref, str)
            and ref.startswith("#/components/")
            and schema is workflow.get("inputs")
        ):
            self.add(
                (*base, "inputs", "$ref"),
                "error",
                "unknown-component",
                f"{ref!r} names no component",
            )
        for i, dependency in enumerate(workflow.get("dependsOn") or []):
            if dependency not in self.workflow_ids:
                self.add(
                    (*base, "dependsOn", i),
                    "error",
                    "unknown-workflow",
                    f"dependsOn names no workflow of this document: {dependency!r}",
                )
        self.check_parameters((*base, "parameters"), workflow.get("parameters"), scope)
        for key in ("successActions", "failureActions"):
            self.check_actions((*base, key), workflow.get(key), key, scope, step_ids, None)
        self.check_outputs((*base, "outputs"), workflow.get("outputs"), scope)
        for si, step in enumerate(workflow.get("steps") or []):
            if isinstance(step, Mapping):
                self.check_step(wi, si, workflow, step, scope, step_ids)

    def check_step(
        self,
        wi: int,
        si: int,
        workflow: Mapping[str, Any],
        step: Mapping[str, Any],
        names: _WorkflowNames,
        step_ids: list[Any],
    ) -> None:
        base: JsonPath = ("workflows", wi, "steps", si)
        operation = self.resolve_operation(base, step)
        if operation is not None:
            self.operations[(wi, si)] = operation
        target_workflow = step.get("workflowId")
        if isinstance(target_workflow, str) and target_workflow not in self.workflow_ids:
            if target_workflow.startswith("$sourceDescriptions."):
                self.add(
                    (*base, "workflowId"),
                    "error",
                    "unknown-workflow",
                    "workflows of other Arazzo documents are not supported by this runner",
                )
            else:
                self.add(
                    (*base, "workflowId"),
                    "error",
                    "unknown-workflow",
                    f"no workflow {target_workflow!r} in this document",
                )
        params = self.check_parameters((*base, "parameters"), step.get("parameters"), names)
        if operation is not None:
            self.check_path_parameters(base, operation, workflow, params)
        body = step.get("requestBody")
        if isinstance(body, Mapping):
            if "payload" in body:
                self.check_value((*base, "requestBody", "payload"), body["payload"], names)
            for ri, replacement in enumerate(body.get("replacements") or []):
                if isinstance(replacement, Mapping) and "value" in replacement:
                    self.check_value(
                        (*base, "requestBody", "replacements", ri, "value"),
                        replacement["value"],
                        names,
                    )
        for ci, criterion in enumerate(step.get("successCriteria") or []):
            self.check_criterion((*base, "successCriteria", ci), criterion, names)
        self.check_actions(
            (*base, "onSuccess"), step.get("onSuccess"), "successActions", names, step_ids, si
        )
        self.check_actions(
            (*base, "onFailure"), step.get("onFailure"), "failureActions", names, step_ids, si
        )
        self.check_outputs((*base, "outputs"), step.get("outputs"), names)
        self.check_fall_through(base, step, step_ids, si)

    def resolve_operation(self, base: JsonPath, step: Mapping[str, Any]) -> Operation | None:
        try:
            if isinstance(step.get("operationId"), str):
                return self.sources.operation_id(step["operationId"])
            if isinstance(step.get("operationPath"), str):
                sources = {
                    str(s.get("name")): s
                    for s in self.data.get("sourceDescriptions") or []
                    if isinstance(s, Mapping)
                }
                return self.sources.operation_path(step["operationPath"], sources)
        except LookupError as exc:
            field = "operationId" if "operationId" in step else "operationPath"
            self.add((*base, field), "error", "unknown-operation", str(exc.args[0]))
        return None

    def check_path_parameters(
        self,
        base: JsonPath,
        operation: Operation,
        workflow: Mapping[str, Any],
        params: list[tuple[JsonPath, dict[str, Any]]],
    ) -> None:
        given = {p.get("name") for _, p in params if p.get("in") == "path"}
        for item in workflow.get("parameters") or []:
            try:
                param = resolve_reusable(item, self.components, "parameters")
            except LookupError:
                continue
            if param.get("in") == "path":
                given.add(param.get("name"))
        template = operation.path_parameters
        for name in template:
            if name not in given:
                self.add(
                    base,
                    "error",
                    "missing-path-parameter",
                    f"{operation.method} {operation.path} needs path parameter {name!r}",
                )
        for path, param in params:
            if param.get("in") == "path" and param.get("name") not in template:
                self.add(
                    path,
                    "error",
                    "unknown-parameter",
                    f"{operation.method} {operation.path} has no path parameter "
                    f"{param.get('name')!r}",
                )

    def check_parameters(
        self, path: JsonPath, items: Any, names: _WorkflowNames
    ) -> list[tuple[JsonPath, dict[str, Any]]]:
        params: list[tuple[JsonPath, dict[str, Any]]] = []
        seen: set[tuple[str, Any]] = set()
        for i, item in enumerate(items if isinstance(items, list) else []):
            try:
                param = resolve_reusable(item, self.components, "parameters")
            except LookupError as exc:
                self.add((*path, i, "reference"), "error", "unknown-component", str(exc.args[0]))
                continue
            name, location = str(param.get("name")), param.get("in")
            key = (name.lower() if location == "header" else name, location)
            if key in seen:
                self.add(
                    (*path, i),
                    "error",
                    "duplicate-parameter",
                    f"parameter {name!r} in {location} is given twice",
                )
            seen.add(key)
            if "value" in param:
                value_path = (*path, i, "value") if "value" in item else (*path, i)
                self.check_value(value_path, param["value"], names)
            params.append(((*path, i), param))
        return params

    # -- values, expressions and criteria

    def check_value(self, path: JsonPath, value: Any, names: _WorkflowNames) -> None:
        """A value position: whole expressions, {$…} in strings, bare $… (lenient only)."""
        if isinstance(value, Mapping):
            for key, item in value.items():
                self.check_value((*path, key), item, names)
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                self.check_value((*path, i), item, names)
            return
        if not isinstance(value, str):
            return
        if value.startswith("$") and not any(c.isspace() for c in value):
            try:
                self.check_references(path, parse(value), names)
            except ExpressionError as exc:
                self.add(
                    path,
                    "warning",
                    "bad-expression",
                    f"{value!r} is not a valid runtime expression, so it is sent as text: {exc}",
                )
            return
        for _, _, text in embedded_expressions(value):
            try:
                self.check_references(path, parse(text), names)
            except ExpressionError as exc:
                self.add(path, "error", "bad-expression", f"{{{text}}}: {exc}")
        bare = list(bare_expressions(value))
        if bare:
            fixed = value
            for start, end, text in reversed(bare):
                fixed = fixed[:start] + "{" + text + "}" + fixed[end:]
            listed = ", ".join(repr(t) for _, _, t in bare)
            self.add(
                path,
                "warning",
                "bare-expression",
                f"{listed} inside the string {value!r} is literal text under Arazzo 1.0.1 "
                "(embedded expressions need braces); lenient mode substitutes it",
                suggestion=fixed,
            )
            for _, _, text in bare:
                with contextlib.suppress(ExpressionError):
                    self.check_references(path, parse(text), names)

    def check_expression(self, path: JsonPath, text: Any, names: _WorkflowNames) -> None:
        """A position that must hold a runtime expression (outputs, criterion context)."""
        try:
            expr = parse(str(text))
        except ExpressionError as exc:
            self.add(path, "error", "bad-expression", str(exc))
            return
        self.check_references(path, expr, names)

    def check_references(self, path: JsonPath, expr: Expression, names: _WorkflowNames) -> None:
        root, parts = expr.root, expr.parts
        if root == "steps" and parts[0] not in names.step_ids:
            self.add(
                path,
                "error",
                "unknown-reference",
                f"{expr} refers to step {parts[0]!r}, which is not in this workflow",
            )
        elif root == "workflows" and parts[0] not in self.workflow_ids:
            self.add(
                path,
                "error",
                "unknown-reference",
                f"{expr} refers to workflow {parts[0]!r}, which is not in this document",
            )
        elif root == "sourceDescriptions" and parts[0] not in self.source_names:
            self.add(
                path,
                "error",
                "unknown-reference",
                f"{expr} refers to source description {parts[0]!r}, which is not declared",
            )
        elif root == "components":
            section = self.components.get(parts[0])
            if not isinstance(section, Mapping) or parts[1] not in section:
                self.add(path, "error", "unknown-reference", f"{expr}: no such component")
        elif root == "inputs" and names.inputs is not None:
            name = parts[0].split(".", 1)[0]
            if parts[0] not in names.inputs and name not in names.inputs:
                self.add(
                    path,
                    "warning",
                    "unknown-input",
                    f"{expr}: {parts[0]!r} is not declared in the workflow's inputs",
                )

    def check_criterion(self, path: JsonPath, criterion: Any, names: _WorkflowNames) -> None:
        if not isinstance(criterion, Mapping) or not isinstance(criterion.get("condition"), str):
            return
        condition = criterion["condition"]
        kind, version = criterion_type(criterion)
        context = criterion.get("context")
        if context is not None:
            self.check_expression((*path, "context"), context, names)
        where = (*path, "condition")
        if kind == "simple":
            try:
                node = parse_simple(condition)
            except ConditionError as exc:
                self.add(where, "error", "invalid-condition", f"{condition!r}: {exc}")
                return
            for expr in expressions_in(node):
                self.check_references(where, expr, names)
        elif kind == "regex":
            try:
                re.compile(condition)
            except re.error as exc:
                self.add(
                    where,
                    "error",
                    "invalid-condition",
                    f"{condition!r} is not a valid regular expression: {exc}",
                )
        elif kind == "jsonpath":
            try:
                compile_jsonpath(condition, rfc9535=version is None)
            except ConditionError as exc:
                suggestion = seed_jsonpath_suggestion(condition, str(context or "$response.body"))
                if suggestion is None:
                    self.add(where, "error", "invalid-condition", f"{condition!r}: {exc}")
                else:
                    self.add(
                        where,
                        "warning",
                        "jsonpath-comparison",
                        f"{condition!r} is declared jsonpath but is a comparison, not an "
                        "RFC 9535 query (a strict runner treats it as false); lenient mode "
                        "evaluates it as a comparison on the context",
                        suggestion=suggestion,
                    )
        else:
            self.add(
                where,
                "warning",
                "unsupported-criterion",
                f"{kind} criteria are not supported by this runner (they never hold)",
            )

    def check_actions(
        self,
        path: JsonPath,
        items: Any,
        kind: str,
        names: _WorkflowNames,
        step_ids: list[Any],
        step_index: int | None,
    ) -> None:
        for i, item in enumerate(items if isinstance(items, list) else []):
            try:
                action = resolve_reusable(item, self.components, kind)
            except LookupError as exc:
                self.add((*path, i, "reference"), "error", "unknown-component", str(exc.args[0]))
                continue
            action_path = (*path, i)
            target_step, target_workflow = action.get("stepId"), action.get("workflowId")
            if target_step is not None and target_step not in step_ids:
                self.add(
                    (*action_path, "stepId"),
                    "error",
                    "unknown-step",
                    f"action {action.get('name')!r} goes to step {target_step!r}, "
                    "which is not in this workflow",
                )
            if target_workflow is not None and target_workflow not in self.workflow_ids:
                self.add(
                    (*action_path, "workflowId"),
                    "error",
                    "unknown-workflow",
                    f"action {action.get('name')!r} goes to workflow {target_workflow!r}, "
                    "which is not in this document",
                )
            for ci, criterion in enumerate(action.get("criteria") or []):
                self.check_criterion((*action_path, "criteria", ci), criterion, names)
            if (
                action.get("type") == "goto"
                and step_index is not None
                and target_step in step_ids[: step_index + 1]
            ):
                self.add(
                    (*action_path, "stepId"),
                    "info",
                    "goto-loop",
                    f"action {action.get('name')!r} loops back to step {target_step!r}: this "
                    "runner waits poll_interval before running it again, but Arazzo defines "
                    "no delay for goto, so other runners may poll without pause (a retry "
                    "action with retryAfter states the wait in the document)",
                )

    def check_outputs(self, path: JsonPath, outputs: Any, names: _WorkflowNames) -> None:
        for name, value in outputs.items() if isinstance(outputs, Mapping) else []:
            self.check_expression((*path, name), value, names)

    def check_fall_through(
        self, base: JsonPath, step: Mapping[str, Any], step_ids: list[Any], si: int
    ) -> None:
        actions = [a for a in step.get("onSuccess") or [] if isinstance(a, Mapping)]
        if not actions or si + 1 >= len(step_ids):
            return
        if all(a.get("criteria") for a in actions if "reference" not in a):
            self.add(
                (*base, "onSuccess"),
                "info",
                "fall-through",
                f"when none of the onSuccess criteria of step {step.get('stepId')!r} hold, "
                f"the flow continues with the next step {step_ids[si + 1]!r}",
            )


@attrs.frozen
class _WorkflowNames:
    step_ids: set[str]
    #: Declared input names (None when the inputs schema declares no properties).
    inputs: set[str] | None
