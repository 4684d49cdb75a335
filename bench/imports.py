"""Import time in a fresh interpreter: ``import openai_finetunes.workflows`` vs ``import openai``."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from ._common import FLOOR, OFFICIAL, SDK, clients, median, ratio, rotations

TARGET_SECONDS = 0.35
TARGET_FRACTION = 1 / 3
MODULES = {SDK: "openai_finetunes.workflows", FLOOR: "httpx", OFFICIAL: "openai"}
_CODE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def _import_seconds(module: str) -> float:
    completed = subprocess.run(
        [sys.executable, "-c", _CODE.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(completed.stdout.strip())


def run(quick: bool = False) -> dict[str, Any]:
    rounds = 2 if quick else 9
    names = list(clients())
    for name in names:  # compile .pyc files first
        _import_seconds(MODULES[name])
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for order in rotations(names, rounds):
        for name in order:
            seconds[name].append(_import_seconds(MODULES[name]))
    floor = median(seconds[FLOOR])
    rows = [
        {
            "client": name,
            "module": MODULES[name],
            "seconds": round(median(seconds[name]), 4),
            "ratio": ratio(median(seconds[name]), floor),
        }
        for name in names
    ]
    sdk = median(seconds[SDK])
    official = median(seconds[OFFICIAL]) if OFFICIAL in seconds else None
    fraction = round(sdk / official, 3) if official else None
    met = sdk <= TARGET_SECONDS and (fraction is None or fraction <= TARGET_FRACTION)
    return {
        "name": "imports",
        "title": "import in a fresh interpreter",
        "target": f"<= {TARGET_SECONDS} s and <= 1/3 of import openai",
        "met": None if quick else met,
        "fraction_of_openai": fraction,
        "rounds": rounds,
        "rows": rows,
    }
