"""Read an Arazzo document (YAML or JSON) and remember the line of every value."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from ._deps import require
from ._types import DocumentError, LintMessage

__all__ = ["Document", "JsonPath", "load", "loads", "pointer"]

#: A location in the document: mapping keys and sequence indexes from the root.
JsonPath: TypeAlias = tuple[str | int, ...]


def pointer(path: JsonPath) -> str:
    """The JSON Pointer (RFC 6901) of ``path``.

    >>> pointer(("workflows", 0, "steps", 1, "a/b"))
    '/workflows/0/steps/1/a~1b'
    """
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


@attrs.frozen
class Document:
    """A parsed Arazzo document: the data, where it came from, and line numbers.

    >>> doc = loads("arazzo: 1.0.1\\ninfo:\\n  title: T\\n  version: '1'\\n")
    >>> doc.data["info"]["title"], doc.line("info", "title")
    ('T', 3)
    """

    data: Mapping[str, Any]
    path: Path | None = None
    lines: Mapping[JsonPath, int] = attrs.field(factory=dict, repr=False)
    #: Problems found while reading (such as duplicate keys), reported by lint.
    load_messages: tuple[LintMessage, ...] = ()

    @property
    def base_dir(self) -> Path:
        """The folder relative references (source descriptions) resolve against."""
        return self.path.parent if self.path is not None else Path.cwd()

    def line(self, *path: str | int) -> int | None:
        """The line of the value at ``path``, or of its nearest ancestor that has one."""
        key: JsonPath = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1 if self.lines else None)

    @property
    def workflows(self) -> list[dict[str, Any]]:
        """The workflow objects (those that are mappings)."""
        items = self.data.get("workflows")
        return [w for w in items if isinstance(w, dict)] if isinstance(items, list) else []

    def workflow(self, workflow_id: str) -> dict[str, Any] | None:
        """The workflow with ``workflow_id``, or None."""
        return next((w for w in self.workflows if w.get("workflowId") == workflow_id), None)

    def workflow_index(self, workflow_id: str) -> int | None:
        """The position of the workflow in ``workflows`` (for line lookups)."""
        items = self.data.get("workflows")
        if not isinstance(items, list):
            return None
        for i, w in enumerate(items):
            if isinstance(w, dict) and w.get("workflowId") == workflow_id:
                return i
        return None


def load(source: str | os.PathLike[str] | Document) -> Document:
    """Read an Arazzo document from a YAML or JSON file.

    Raises `DocumentError` if the file cannot be read or parsed, or is not a mapping.

    >>> from pathlib import Path
    >>> doc = load(Path("workflows/fine-tuning-job.arazzo.yaml"))  # doctest: +SKIP
    """
    if isinstance(source, Document):
        return source
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"cannot read {path}: {exc}") from exc
    return loads(text, path=path)


def loads(text: str, *, path: Path | None = None) -> Document:
    """Parse a document from ``text``; ``path`` anchors relative references."""
    yaml = require("yaml")
    where = str(path) if path is not None else "<string>"
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        msg = LintMessage(line=line, severity="error", code="syntax", message=str(exc))
        raise DocumentError(f"{where} is not valid YAML or JSON", [msg]) from exc
    if node is None:
        raise DocumentError(f"{where} is empty")
    builder = _Builder(yaml)
    data = builder.build(node, ())
    if not isinstance(data, dict):
        raise DocumentError(f"{where}: an Arazzo document must be a mapping at the top level")
    return Document(
        data=data,
        path=path.resolve() if path is not None else None,
        lines=builder.lines,
        load_messages=tuple(builder.messages),
    )


class _Builder:
    """Turns a composed YAML node tree into plain data, recording line numbers."""

    def __init__(self, yaml: Any) -> None:
        self._yaml = yaml
        self._constructor = yaml.SafeLoader("")
        self.lines: dict[JsonPath, int] = {}
        self.messages: list[LintMessage] = []

    def build(self, node: Any, path: JsonPath) -> Any:
        yaml = self._yaml
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            self._constructor.flatten_mapping(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self._scalar(key_node)
                key = key if isinstance(key, str) else json.dumps(key)
                if key in result:
                    self.messages.append(
                        LintMessage(
                            line=key_node.start_mark.line + 1,
                            severity="error",
                            code="duplicate-key",
                            message=f"duplicate key {key!r} (YAML keeps only the last one)",
                            pointer=pointer((*path, key)),
                        )
                    )
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: Any) -> Any:
        if not isinstance(node, self._yaml.ScalarNode):
            return self._constructor.construct_object(node, deep=True)
        value = self._constructor.construct_object(node, deep=True)
        # Dates are not JSON: keep the text, as a JSON reader of the same document would.
        return node.value if type(value).__module__ == "datetime" else value
