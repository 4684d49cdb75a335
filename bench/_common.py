"""Shared helpers: medians, ratios, peak RSS, machine description, alternation."""

from __future__ import annotations

import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final

API_KEY: Final = "sk-fake-key"
MODEL: Final = "gpt-4o-mini-2024-07-18"
SDK: Final = "openai_finetunes"
FLOOR: Final = "raw httpx"
OFFICIAL: Final = "openai"
CLIENTS: Final = (SDK, FLOOR, OFFICIAL)


def import_client(name: str) -> float:
    """Import client ``name``'s package and return the RSS in MiB: a child's baseline, taken
    before it measures, so that it includes the client's modules."""
    importlib.import_module({SDK: "openai_finetunes", FLOOR: "httpx", OFFICIAL: "openai"}[name])
    return current_rss_mib()


def have_openai() -> bool:
    try:
        import openai  # noqa: F401
    except ImportError:
        return False
    return True


def clients() -> tuple[str, ...]:
    """The clients to compare; the official one only when it is installed."""
    return CLIENTS if have_openai() else (SDK, FLOOR)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(value: float, floor: float) -> float | None:
    return round(value / floor, 3) if floor > 0 else None


def rotations(names: Sequence[str], rounds: int) -> list[list[str]]:
    """Per round, every name once, starting one further each round (alternating order)."""
    return [[names[(r + i) % len(names)] for i in range(len(names))] for r in range(rounds)]


def peak_rss_mib() -> float:
    """This process's peak resident set size (VmHWM) in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of another process (Linux ``/proc``), NaN elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def run_child(module: str, args: Sequence[str], timeout: float = 900) -> dict[str, Any]:
    """Run ``python -m module args`` and parse the JSON object on its last stdout line."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{module} {' '.join(args)} failed ({completed.returncode}):\n{completed.stderr[-4000:]}"
        )
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            memory = round(int(info.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions: dict[str, str] = {}
    for name in ("httpx", "openai", "openai_finetunes._version"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        versions[name.removesuffix("._version")] = str(getattr(module, "__version__", "?"))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
    }


def timed_rounds(
    runners: dict[str, Callable[[], Any]], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Run each runner once per round, alternating the order; (wall, cpu) seconds per name.

    Each run starts after a full garbage collection, so none pays for collecting what an
    earlier run of another client left (the collector's counters carry over between
    runs); the collections a run causes itself are timed as part of it.
    """
    import gc
    import time

    wall: dict[str, list[float]] = {name: [] for name in runners}
    cpu: dict[str, list[float]] = {name: [] for name in runners}
    for order in rotations(list(runners), rounds):
        for name in order:
            gc.collect()
            w0, c0 = time.perf_counter(), time.process_time()
            runners[name]()
            wall[name].append(time.perf_counter() - w0)
            cpu[name].append(time.process_time() - c0)
    return wall, cpu
