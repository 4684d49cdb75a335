"""Source descriptions: find each step's operation (method, path, parameters) in OpenAPI.

A source description that cannot be read (the seeds point at a file that is not shipped
with them) falls back, in lenient mode, to the operations of this package's own OpenAPI
description (`openai_finetunes._facts.OPERATIONS`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit

import attrs

from .. import _facts
from ._deps import require
from ._loader import Document

__all__ = ["BUNDLED", "Operation", "SourceIndex", "SourceProblem", "index_sources"]

#: The name under which the bundled operations are reported.
BUNDLED: Final = "openai_finetunes._facts.OPERATIONS"
_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE: Final = re.compile(r"\{([^{}]+)\}")


@attrs.frozen
class Operation:
    """One HTTP operation of a source description."""

    operation_id: str | None
    method: str
    path: str
    source: str
    #: Declared parameters as (name, in).
    parameters: frozenset[tuple[str, str]] = frozenset()
    #: Content types of the declared request body, in document order.
    content_types: tuple[str, ...] = ()

    @property
    def path_parameters(self) -> tuple[str, ...]:
        """The names in the path template, in order."""
        return tuple(_TEMPLATE.findall(self.path))


@attrs.frozen
class SourceProblem:
    """A source description that could not be used (reported by lint)."""

    index: int
    code: str
    message: str


@attrs.define
class SourceIndex:
    """Operations of all source descriptions, by operationId and by (source, method, path)."""

    by_id: dict[str, list[Operation]] = attrs.field(factory=dict)
    by_source: dict[str, dict[tuple[str, str], Operation]] = attrs.field(factory=dict)
    problems: list[SourceProblem] = attrs.field(factory=list)
    #: Source names whose operations come from the bundled fallback.
    fallbacks: set[str] = attrs.field(factory=set)

    def add(self, operation: Operation) -> None:
        if operation.operation_id:
            self.by_id.setdefault(operation.operation_id, []).append(operation)
        self.by_source.setdefault(operation.source, {})[
            (operation.method.upper(), operation.path)
        ] = operation

    def operation_id(self, reference: str) -> Operation:
        """Find an operationId, optionally qualified as ``$sourceDescriptions.<name>.<id>``.

        Raises LookupError with a readable message when it is unknown or ambiguous.
        """
        source: str | None = None
        operation_id = reference
        if reference.startswith("$sourceDescriptions."):
            source, _, operation_id = reference[len("$sourceDescriptions.") :].partition(".")
        candidates = [
            op for op in self.by_id.get(operation_id, []) if source is None or op.source == source
        ]
        if not candidates:
            where = f"source description {source!r}" if source else "the source descriptions"
            raise LookupError(f"operationId {operation_id!r} is not in {where}")
        if len({op.source for op in candidates}) > 1:
            names = ", ".join(sorted({op.source for op in candidates}))
            raise LookupError(
                f"operationId {operation_id!r} is in several source descriptions ({names}): "
                f"qualify it as $sourceDescriptions.<name>.{operation_id}"
            )
        return candidates[0]

    def operation_path(self, reference: str, sources: Mapping[str, Mapping[str, Any]]) -> Operation:
        """Resolve ``{$sourceDescriptions.<name>.url}#/paths/~1jobs~1{id}/get``."""
        match = re.fullmatch(r"\{\$sourceDescriptions\.([^.}]+)\.url\}#(.*)", reference)
        if match is not None:
            name, fragment = match.group(1), match.group(2)
        else:
            url, _, fragment = reference.partition("#")
            name = next(
                (n for n, s in sources.items() if s.get("url") == url or n == url.strip("{}")), ""
            )
        if name not in sources:
            raise LookupError(f"operationPath {reference!r} names no source description")
        tokens = [unquote(t).replace("~1", "/").replace("~0", "~") for t in fragment.split("/")[1:]]
        if len(tokens) != 3 or tokens[0] != "paths" or tokens[2].lower() not in _METHODS:
            raise LookupError(
                f"operationPath {reference!r}: expected a pointer of the form #/paths/<path>/<method>"
            )
        operation = self.by_source.get(name, {}).get((tokens[2].upper(), tokens[1]))
        if operation is None:
            raise LookupError(
                f"operationPath {reference!r}: no {tokens[2].upper()} {tokens[1]} in {name!r}"
            )
        return operation


def _openapi_operations(spec: Mapping[str, Any], source: str) -> list[Operation]:
    operations: list[Operation] = []
    paths = spec.get("paths")
    if not isinstance(paths, Mapping):
        return operations
    for path, item in paths.items():
        if not isinstance(item, Mapping):
            continue
        shared = _parameters(spec, item.get("parameters"))
        for method in _METHODS:
            op = item.get(method)
            if not isinstance(op, Mapping):
                continue
            body = _deref(spec, op.get("requestBody"))
            content = body.get("content") if isinstance(body, Mapping) else None
            operations.append(
                Operation(
                    operation_id=op.get("operationId")
                    if isinstance(op.get("operationId"), str)
                    else None,
                    method=method.upper(),
                    path=str(path),
                    source=source,
                    parameters=frozenset(shared | _parameters(spec, op.get("parameters"))),
                    content_types=tuple(content) if isinstance(content, Mapping) else (),
                )
            )
    return operations


def _deref(spec: Mapping[str, Any], value: Any) -> Any:
    """Follow a local ``$ref`` (``#/components/...``) once or more."""
    seen = 0
    while isinstance(value, Mapping) and isinstance(value.get("$ref"), str) and seen < 10:
        ref = value["$ref"]
        if not ref.startswith("#/"):
            return value
        target: Any = spec
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            target = target.get(token) if isinstance(target, Mapping) else None
        value, seen = target, seen + 1
    return value


def _parameters(spec: Mapping[str, Any], items: Any) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for item in items if isinstance(items, list) else []:
        param = _deref(spec, item)
        if isinstance(param, Mapping) and isinstance(param.get("name"), str):
            found.add((param["name"], str(param.get("in"))))
    return found


def _bundled(source: str) -> list[Operation]:
    operations = []
    for operation_id, (method, path) in _facts.OPERATIONS.items():
        names = _TEMPLATE.findall(path)
        operations.append(
            Operation(
                operation_id=operation_id,
                method=method,
                path=path,
                source=source,
                parameters=frozenset((n, "path") for n in names),
            )
        )
    return operations


def _read_source(url: str, base_dir: Path) -> Mapping[str, Any]:
    """Read a local OpenAPI description; raise OSError/ValueError if that is not possible."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        raise OSError(f"{url} is remote, and this runner does not download descriptions")
    if parts.scheme not in ("", "file"):
        raise OSError(f"{url}: unsupported URL scheme {parts.scheme!r}")
    path = Path(unquote(parts.path))
    if not path.is_absolute():
        path = base_dir / path
    path = path.resolve()
    stat = path.stat()
    return _parse_source(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _parse_source(path: Path, mtime_ns: int, size: int) -> Mapping[str, Any]:
    """Parse an OpenAPI file once per version of it (descriptions run to thousands of lines)."""
    yaml = require("yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path} is not valid YAML or JSON: {exc}") from exc
    if not isinstance(data, Mapping):
        raise ValueError(f"{path} is not an OpenAPI description")
    return data


def index_sources(document: Document) -> SourceIndex:
    """Read every ``openapi`` source description of ``document`` and index its operations."""
    index = SourceIndex()
    sources = document.data.get("sourceDescriptions")
    for i, source in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(source, Mapping) or not isinstance(source.get("name"), str):
            continue
        name, url = source["name"], str(source.get("url", ""))
        if source.get("type", "openapi") != "openapi":
            continue  # Arazzo sources: their workflows are not run by this runner.
        try:
            spec = _read_source(url, document.base_dir)
        except (OSError, ValueError) as exc:
            # Strict mode reports this as an error (lint decides the severity); the bundled
            # operations still resolve the steps, so one unreadable file is one message.
            index.problems.append(
                SourceProblem(
                    i,
                    "unresolved-source",
                    f"cannot read source description {name!r} ({exc}); using the operations "
                    f"of the package's own OpenAPI description ({BUNDLED}) instead",
                )
            )
            index.fallbacks.add(name)
            for operation in _bundled(name):
                index.add(operation)
            continue
        for operation in _openapi_operations(spec, name):
            index.add(operation)
    return index
