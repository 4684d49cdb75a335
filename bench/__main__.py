"""``python -m bench [--quick] [--only NAME ...] [--output PATH]``: run, print, write JSON."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._common import machine

BENCHMARKS = ("requests", "events", "imports", "upload", "download", "concurrency", "webhooks")
DEFAULT_OUTPUT = Path(__file__).with_name("results.json")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_table(result: dict[str, Any]) -> str:
    rows: list[dict[str, Any]] = result["rows"]
    columns = list(dict.fromkeys(key for row in rows for key in row if key != "file_id"))
    cells = [columns] + [[_cell(row.get(col, "")) for col in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    met = {True: "met", False: "MISSED", None: "not judged (quick)"}[result.get("met")]
    lines = [f"== {result['title']} -- target: {result['target']} -> {met}"]
    for line in cells:
        lines.append("  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks, not numbers")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=list(BENCHMARKS))
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results: dict[str, Any] = {}
    for name in args.only:
        module = importlib.import_module(f"bench.{name}")
        t0 = time.perf_counter()
        result = module.run(quick=args.quick)
        result["benchmark_seconds"] = round(time.perf_counter() - t0, 1)
        results[name] = result
        print(format_table(result), flush=True)
        print(flush=True)
    total = time.perf_counter() - started
    document = {
        "quick": args.quick,
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "total_seconds": round(total, 1),
        "benchmarks": results,
    }
    if set(args.only) != set(BENCHMARKS) and args.output.exists():
        # A partial run updates its benchmarks and keeps the others' last results.
        previous = json.loads(args.output.read_text(encoding="utf-8"))
        if previous.get("quick") == args.quick:
            document["benchmarks"] = {**previous.get("benchmarks", {}), **results}
            document["total_seconds"] = previous.get("total_seconds")
            document["partial_run_seconds"] = round(total, 1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"total {total:.1f} s; results in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
