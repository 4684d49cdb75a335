"""Build the project's fine-tuning subset of OpenAI's OpenAPI description.

    python openapi/subset.py UPSTREAM [--out openapi/openai-finetunes.yaml]

UPSTREAM is a path or an http(s) URL of OpenAI's full document. The script keeps the
operations listed in ``openapi/operations.txt`` and the entries of upstream's top-level
``webhooks`` section listed there as ``webhook NAME`` (whose payload schemas the generator
then types as models), with every component they reach, strips
upstream prose and vendor extensions, then applies ``openapi/overlay.yaml`` (OpenAPI
Overlay 1.0: ``update`` merges, ``remove`` deletes; targets are RFC 9535 JSONPath).
The output is deterministic, so ``make spec`` reproduces the committed file exactly.
"""

from __future__ import annotations

import argparse
import copy
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonpath
import yaml

HERE = Path(__file__).resolve().parent
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keys that hold upstream prose or upstream-only metadata; dropped wherever they are
# OpenAPI keywords (never when they are property names inside a ``properties`` map).
PROSE_KEYS = frozenset({"description", "summary", "example", "examples", "externalDocs"})
# Maps whose keys are names chosen by the API, not OpenAPI keywords.
NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "paths",
        "schemas",
        "responses",
        "content",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "encoding",
        "$defs",
        "definitions",
        "mapping",
        "webhooks",
    }
)


def load_upstream(source: str) -> dict[str, Any]:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - user-given URL
            text = response.read().decode("utf-8")
    else:
        text = Path(source).read_text(encoding="utf-8")
    document = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    if not isinstance(document, dict) or "paths" not in document:
        raise SystemExit(f"{source}: not an OpenAPI document (no 'paths')")
    return document


def read_operation_ids(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


WEBHOOK_PREFIX = "webhook "


def split_webhooks(entries: list[str]) -> tuple[list[str], list[str]]:
    """Split operations.txt's entries into operationIds and ``webhook NAME`` names."""
    operation_ids = [e for e in entries if not e.startswith(WEBHOOK_PREFIX)]
    webhooks = [e[len(WEBHOOK_PREFIX) :].strip() for e in entries if e.startswith(WEBHOOK_PREFIX)]
    return operation_ids, webhooks


def select_webhooks(upstream: dict[str, Any], names: list[str]) -> dict[str, Any]:
    available = upstream.get("webhooks") or {}
    missing = [name for name in names if name not in available]
    if missing:
        raise SystemExit(f"webhooks not found upstream: {', '.join(missing)}")
    return {name: available[name] for name in names}


def iter_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from iter_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_refs(item)


def resolve_pointer(document: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        raise SystemExit(f"external $ref not supported: {ref}")
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def select_operations(upstream: dict[str, Any], operation_ids: list[str]) -> dict[str, Any]:
    wanted = set(operation_ids)
    paths: dict[str, Any] = {}
    for path, item in upstream["paths"].items():
        kept = {
            m: op for m, op in item.items() if m in HTTP_METHODS and op.get("operationId") in wanted
        }
        if kept:
            shared = {k: v for k, v in item.items() if k not in HTTP_METHODS}
            paths[path] = {**shared, **kept}
            wanted -= {op["operationId"] for op in kept.values()}
    if wanted:
        raise SystemExit(f"operations not found upstream: {', '.join(sorted(wanted))}")
    return paths


def reachable_components(upstream: dict[str, Any], roots: Any) -> dict[str, dict[str, Any]]:
    components: dict[str, dict[str, Any]] = {}
    pending = list(iter_refs(roots))
    seen: set[str] = set()
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        _, _, section, name = ref.split("/", 3)
        target = resolve_pointer(upstream, ref)
        components.setdefault(section, {})[name] = target
        pending.extend(iter_refs(target))
    # Keep upstream's order within each section for a readable diff.
    ordered: dict[str, dict[str, Any]] = {}
    for section, entries in upstream["components"].items():
        if section in components:
            ordered[section] = {k: v for k, v in entries.items() if k in components[section]}
    return ordered


def strip_prose(node: Any, *, in_name_map: bool = False) -> Any:
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if not in_name_map and (key in PROSE_KEYS or key.startswith("x-")):
                continue
            result[key] = strip_prose(value, in_name_map=not in_name_map and key in NAME_MAPS)
        return result
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    return node


def build_subset(upstream: dict[str, Any], entries: list[str]) -> dict[str, Any]:
    operation_ids, webhook_names = split_webhooks(entries)
    paths = select_operations(upstream, operation_ids)
    webhooks = select_webhooks(upstream, webhook_names)
    security = upstream.get("security", [])
    components = reachable_components(upstream, [paths, webhooks])
    schemes = {name for requirement in security for name in requirement}
    components["securitySchemes"] = {
        name: scheme
        for name, scheme in upstream["components"].get("securitySchemes", {}).items()
        if name in schemes
    }
    tags = sorted(
        {
            tag
            for item in paths.values()
            for op in item.values()
            if isinstance(op, dict)
            for tag in op.get("tags", [])
        }
    )
    subset = {
        "openapi": upstream["openapi"],
        "info": {
            "title": "OpenAI fine-tuning API (subset)",
            "version": upstream["info"]["version"],
        },
        "servers": upstream.get("servers", []),
        "security": security,
        "tags": [{"name": tag} for tag in tags],
        "paths": paths,
        **({"webhooks": webhooks} if webhooks else {}),
        "components": components,
    }
    return strip_prose(copy.deepcopy(subset))


def merge(target: Any, update: Any) -> Any:
    """Overlay 1.0 update semantics: objects merge recursively, arrays append."""
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            target[key] = merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    if isinstance(target, list) and isinstance(update, list):
        target.extend(copy.deepcopy(update))
        return target
    return copy.deepcopy(update)


def apply_overlay(document: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    if not str(overlay.get("overlay", "")).startswith("1."):
        raise SystemExit("overlay: not an OpenAPI Overlay 1.x document")
    for number, action in enumerate(overlay.get("actions", []), start=1):
        target = action["target"]
        matches = list(jsonpath.finditer(target, document))
        if not matches:
            raise SystemExit(f"overlay action {number}: target matches nothing: {target}")
        if action.get("remove"):
            # Remove from the end so list indices stay valid.
            for match in sorted(matches, key=lambda m: m.parts, reverse=True):
                parent = resolve_parts(document, match.parts[:-1])
                del parent[match.parts[-1]]
        elif "update" in action:
            for match in matches:
                if match.parts:
                    parent = resolve_parts(document, match.parts[:-1])
                    parent[match.parts[-1]] = merge(match.obj, action["update"])
                else:
                    merge(document, action["update"])
    return document


def resolve_parts(document: Any, parts: tuple[Any, ...]) -> Any:
    node = document
    for part in parts:
        node = node[part]
    return node


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump(document: dict[str, Any]) -> str:
    header = (
        "# Generated by `make spec` (openapi/subset.py) from OpenAI's OpenAPI description and\n"
        "# openapi/overlay.yaml. Do not edit: change the overlay and rerun `make spec`.\n"
    )
    body = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("upstream", help="path or URL of OpenAI's full OpenAPI document")
    parser.add_argument("--out", type=Path, default=HERE / "openai-finetunes.yaml")
    parser.add_argument("--operations", type=Path, default=HERE / "operations.txt")
    parser.add_argument("--overlay", type=Path, default=HERE / "overlay.yaml")
    args = parser.parse_args(argv)

    subset = build_subset(load_upstream(args.upstream), read_operation_ids(args.operations))
    overlay = yaml.safe_load(args.overlay.read_text(encoding="utf-8"))
    text = dump(apply_overlay(subset, overlay))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(
        f"wrote {args.out} ({len(subset['paths'])} paths, "
        f"{len(subset['components'].get('schemas', {}))} schemas)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
