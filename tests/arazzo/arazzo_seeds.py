"""Read the seed Arazzo documents of ../shared/seeds as published.

000 is a YAML document flattened onto one line (its newlines and indentation were lost);
001 is a web page with the YAML inside. Neither is edited: 001's YAML is cut out of the page
as it is, and 000's structure is rebuilt from the Arazzo object model (which keys belong to
which object), keeping every scalar exactly as written, quotes included.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def require_seeds() -> Path:
    """The seeds folder, or skip; in CI a missing ../shared/seeds is a failure, not a skip."""
    if SEEDS.is_dir() and any(SEEDS.glob("000_*.txt")) and any(SEEDS.glob("001_*.txt")):
        return SEEDS
    if os.environ.get("CI") == "true":
        pytest.fail(f"{SEEDS} is missing: CI must run beside ../shared")
    pytest.skip(f"{SEEDS} not found (run beside ../shared to include the seed documents)")


def seed_text(prefix: str) -> str:
    folder = require_seeds()
    return next(folder.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def extract_yaml(page: str) -> str:
    """The YAML document inside a web page: from the ``arazzo:`` line to the last YAML line."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("arazzo: "))
    end = start + 1
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.startswith((" ", "-")) or re.match(r"^[A-Za-z]\w*:( |$)", line):
            end = i + 1
        elif line.strip():
            break
    return "\n".join(lines[start:end]) + "\n"


# --- rebuilding the flattened document -----------------------------------------------------

S = "scalar"
_OBJECTS: dict[str, dict[str, Any]] = {
    "root": {
        "arazzo": S,
        "info": "info",
        "sourceDescriptions": ["source"],
        "workflows": ["workflow"],
    },
    "info": {"title": S, "summary": S, "description": S, "version": S},
    "source": {"name": S, "url": S, "type": S},
    "workflow": {
        "workflowId": S,
        "summary": S,
        "description": S,
        "inputs": "schema",
        "dependsOn": [S],
        "steps": ["step"],
        "successActions": ["action"],
        "failureActions": ["action"],
        "outputs": {S},
        "parameters": ["parameter"],
    },
    "step": {
        "stepId": S,
        "description": S,
        "operationId": S,
        "operationPath": S,
        "workflowId": S,
        "parameters": ["parameter"],
        "requestBody": "body",
        "successCriteria": ["criterion"],
        "onSuccess": ["action"],
        "onFailure": ["action"],
        "outputs": {S},
    },
    "parameter": {"name": S, "in": S, "value": S, "reference": S},
    "body": {"contentType": S, "payload": {S}},
    "criterion": {"context": S, "condition": S, "type": S},
    "action": {
        "name": S,
        "type": S,
        "stepId": S,
        "workflowId": S,
        "criteria": ["criterion"],
        "retryAfter": S,
        "retryLimit": S,
    },
    "schema": {
        "type": S,
        "description": S,
        "required": [S],
        "properties": {"schema"},
        "items": "schema",
        "format": S,
        "default": S,
    },
}

#: The keys an item of a list starts with (how the document writes them): a dash followed by
#: any other key closes the list and belongs to an enclosing one.
_LEADING: dict[str, set[str]] = {
    "source": {"name"},
    "workflow": {"workflowId"},
    "step": {"stepId"},
    "parameter": {"name", "reference"},
    "criterion": {"condition", "context"},
    "action": {"name", "reference"},
}

_KEY = re.compile(r"([A-Za-z_][\w.\-]*):(?=\s|$)")
_SCALAR_END = re.compile(r"\s(?=- |[A-Za-z_][\w.\-]*:(?:\s|$))")


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        if text.startswith("- ", i):
            tokens.append(("dash", "-"))
            i += 2
            continue
        key = _KEY.match(text, i)
        if key:
            tokens.append(("key", key.group(1)))
            i = key.end()
            continue
        if text.startswith(">-", i):
            i += 2
            continue
        if text[i] in "\"'":
            end = text.index(text[i], i + 1) + 1
            tokens.append(("scalar", text[i:end]))
            i = end
            continue
        stop = _SCALAR_END.search(text, i)
        end = stop.start() if stop else n
        tokens.append(("scalar", text[i:end].strip()))
        i = end
    return tokens


class _Rebuilder:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def scalar(self) -> Any:
        kind, value = self.tokens[self.i]
        assert kind == "scalar", (self.i, self.tokens[self.i])
        self.i += 1
        return yaml.safe_load(value)

    def value(self, spec: Any) -> Any:
        if spec == S:
            return self.scalar()
        if isinstance(spec, str):
            return self.object(spec)
        if isinstance(spec, list):
            items = []
            while self.peek() == ("dash", "-"):
                nxt = self.peek(1)
                if spec[0] != S and (
                    nxt is None or nxt[0] != "key" or nxt[1] not in _LEADING[spec[0]]
                ):
                    break
                self.i += 1
                items.append(self.value(spec[0]))
            return items
        (item_spec,) = spec  # a map with arbitrary keys
        result: dict[str, Any] = {}
        while True:
            key, nxt = self.peek(), self.peek(1)
            if key is None or key[0] != "key" or nxt is None:
                return result
            if item_spec == S and nxt[0] != "scalar":
                return result
            if item_spec != S and (nxt[0] != "key" or nxt[1] not in _OBJECTS[item_spec]):
                return result
            self.i += 1
            result[key[1]] = self.value(item_spec)

    def object(self, kind: str) -> dict[str, Any]:
        fields = _OBJECTS[kind]
        result: dict[str, Any] = {}
        while True:
            token = self.peek()
            if token is None or token[0] != "key" or token[1] not in fields or token[1] in result:
                return result
            self.i += 1
            result[token[1]] = self.value(fields[token[1]])


def unflatten(text: str) -> str:
    """The YAML text of a document whose newlines and indentation were lost."""
    rebuilder = _Rebuilder(text.strip())
    data = rebuilder.object("root")
    assert rebuilder.i == len(rebuilder.tokens), rebuilder.tokens[rebuilder.i :]
    return yaml.safe_dump(data, sort_keys=False, width=1000, allow_unicode=True)


def seed_documents() -> dict[str, str]:
    """{"fine-tuning": YAML of 000, "cancel": YAML of 001}."""
    return {"fine-tuning": unflatten(seed_text("000")), "cancel": extract_yaml(seed_text("001"))}
