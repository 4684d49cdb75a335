"""The examples in the docstrings of ``openai_finetunes.arazzo`` run as written."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import openai_finetunes.arazzo as package

MODULES = sorted(
    name for _, name, _ in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(package.__path__[0] + "/../..")  # examples use repo-relative paths
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
