"""Lazy imports of the optional ``arazzo`` extra: PyYAML, jsonschema and python-jsonpath."""

from __future__ import annotations

import importlib
from types import ModuleType

from .._exceptions import MissingDependencyError

__all__ = ["MissingDependencyError", "require"]

_INSTALL_HINT = "pip install 'openai-finetunes[arazzo]'"


def require(module: str) -> ModuleType:
    """Import ``module`` or raise `MissingDependencyError` naming the extra to install.

    >>> require("json").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = module.split(".", 1)[0]
        raise MissingDependencyError(
            f"The Arazzo runner needs {package!r}, which is not installed: {_INSTALL_HINT}"
        ) from exc
