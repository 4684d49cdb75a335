"""The CLI is a client of the package's public API: it imports no private module or name."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

import openai_finetunes.cli

CLI = Path(openai_finetunes.cli.__file__).resolve().parent
PACKAGE = "openai_finetunes"
#: The CLI's own private submodules.
OWN = frozenset(
    f"{PACKAGE}.cli.{name}" for name in ("_commands", "_demo", "_output", "_parser", "_webhooks")
)
SOURCES = sorted(CLI.glob("*.py"))


def _imports(path: Path) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """``(line, absolute module, names)`` of every import of the package in ``path``."""
    here = f"{PACKAGE}.cli"  # every CLI source sits in the openai_finetunes.cli package
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            yield node.lineno, module, tuple(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value.startswith(f"{PACKAGE}.")
        ):
            yield node.lineno, node.args[0].value, ()  # importlib.import_module("...")


def _is_public_module(module: str) -> bool:
    return module in OWN or not any(part.startswith("_") for part in module.split("."))


def _is_public_name(module: str, name: str) -> bool:
    if module in OWN:
        return True
    imported = importlib.import_module(module)
    if hasattr(imported, "__path__") and importlib.util.find_spec(f"{module}.{name}"):
        return not name.startswith("_")  # a public submodule, e.g. api.files.list_files
    exported = getattr(imported, "__all__", None)
    return name in exported if exported is not None else not name.startswith("_")


def test_the_walk_sees_the_cli_imports() -> None:
    found = {(module, names) for path in SOURCES for _, module, names in _imports(path)}

    assert (f"{PACKAGE}.cli._output", ("Output",)) in {(m, n[:1]) for m, n in found}
    assert any(module == PACKAGE for module, _ in found)  # `from .. import ...`
    assert any(module == f"{PACKAGE}.workflows" for module, _ in found)


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_the_cli_imports_only_public_modules_and_names(path: Path) -> None:
    private = []
    for line, module, names in _imports(path):
        if not module.startswith(PACKAGE):
            continue
        if not _is_public_module(module):
            private.append(f"{path.name}:{line}: {module}")
        private.extend(
            f"{path.name}:{line}: {module}.{name}"
            for name in names
            if not _is_public_name(module, name)
        )

    assert private == []
