"""`make spec` reproduces the committed subset, and the subset keeps only the project's words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

SUBSET = ROOT / "openapi" / "openai-finetunes.yaml"


def test_make_spec_reproduces_committed_subset(upstream_spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "subset.yaml"
    subprocess.run(
        [
            "make",
            "-s",
            "spec",
            f"UPSTREAM={upstream_spec}",
            f"OUT={out}",
            f"BIN={Path(sys.executable).parent}",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == SUBSET.read_text(encoding="utf-8")


def test_subset_has_the_23_operations_and_no_upstream_prose(upstream_spec: Path) -> None:
    subset = yaml.safe_load(SUBSET.read_text(encoding="utf-8"))
    upstream = yaml.load(upstream_spec.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    operations = {
        op["operationId"]
        for item in subset["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }
    assert len(operations) == 23
    upstream_words = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("description", "summary") and isinstance(value, str) and len(value) > 20:
                    upstream_words.add(value)
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(upstream)
    text = SUBSET.read_text(encoding="utf-8")
    assert not [words for words in upstream_words if words in text]
    assert "x-oaiMeta" not in text
