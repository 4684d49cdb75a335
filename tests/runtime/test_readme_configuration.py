"""The README's configuration table documents every option of ``connect()`` and
``with_options()``, each next to the official SDK's equivalent."""

from __future__ import annotations

import inspect
import re

from openai_finetunes import AuthenticatedClient, connect
from tests.conftest import ROOT


def _configuration_rows() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


def test_every_connect_option_has_a_row_with_an_official_equivalent() -> None:
    rows = _configuration_rows()
    for name in inspect.signature(connect).parameters:
        documented = [r for r in rows if re.search(rf"`connect\([^`]*\b{name}=", r)]
        assert documented, f"connect({name}=) is not in the README's configuration table"
        official = documented[0].split(" | ")[1]
        assert official.strip(), f"connect({name}=) has no official-SDK equivalent"


def test_every_with_options_option_is_documented() -> None:
    rows = " ".join(_configuration_rows())
    for name in inspect.signature(AuthenticatedClient.with_options).parameters:
        if name != "self":
            assert f"{name}=" in rows.split("with_options(", 1)[1].split(")", 1)[0]


def test_the_environment_variables_are_documented() -> None:
    rows = " ".join(_configuration_rows())
    for variable in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "HTTP_PROXY", "NO_PROXY", "OPENAI_LOG"):
        assert f"`{variable}`" in rows
