"""The benchmarks run (``python -m bench --quick``): shape of the results, never speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ("requests", "events", "imports", "upload", "download", "concurrency", "webhooks")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("bench") / "results.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    assert "total" in completed.stdout
    return dict(json.loads(output.read_text(encoding="utf-8")))


def test_document_shape(results: dict[str, Any]) -> None:
    assert results["quick"] is True
    assert set(results["benchmarks"]) == set(BENCHMARKS)
    assert results["machine"]["cores"] >= 1
    assert results["total_seconds"] > 0


@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_shape(results: dict[str, Any], name: str) -> None:
    result = results["benchmarks"][name]
    assert result["name"] == name
    assert result["met"] is None  # quick runs never judge speed
    assert result["target"]
    assert result["rows"]
    clients = [row["client"] for row in result["rows"]]
    # The concurrency rows name their flows; the webhook rows compare ways of waiting
    # that only this SDK offers (the official client has no webhook-driven wait).
    if name not in ("concurrency", "webhooks"):
        assert "openai_finetunes" in clients
        assert "raw httpx" in clients


@pytest.mark.parametrize("name", ["requests", "events"])
def test_ratios_are_to_the_floor(results: dict[str, Any], name: str) -> None:
    rows = {row["client"]: row for row in results["benchmarks"][name]["rows"]}
    assert rows["raw httpx"]["ratio"] == 1
    assert rows["openai_finetunes"]["ratio"] > 0


def test_upload_reports_peak_rss(results: dict[str, Any]) -> None:
    for row in results["benchmarks"]["upload"]["rows"]:
        if "error" not in row:
            assert row["peak_rss_mib"] > 0
            assert row["mib_per_s"] > 0


def test_download_reports_peak_rss_and_checks_the_copies(results: dict[str, Any]) -> None:
    result = results["benchmarks"]["download"]
    assert result["errors"] == {}  # every copy matched the source's sha256
    rows = {(row["client"], row["mode"]): row for row in result["rows"]}
    assert ("openai_finetunes", "streamed") in rows
    assert ("raw httpx", "streamed") in rows
    for row in rows.values():
        assert row["peak_rss_mib"] > 0
        assert row["mib_per_s"] > 0


def test_concurrency_counts_requests(results: dict[str, Any]) -> None:
    rows = results["benchmarks"]["concurrency"]["rows"]
    single, many, staggered, *by_hand = rows
    assert single["jobs"] == 1
    assert many["jobs"] == 10
    assert staggered["jobs"] == 9  # 6 early jobs, then 3 late ones timed from their start
    assert "started" in staggered["client"]
    # The same work written by hand with raw httpx (and the official client when installed).
    assert [row["client"].split(",")[0] for row in by_hand][:1] == ["raw httpx"]
    assert all(row["jobs"] == 10 for row in by_hand)
    for row in rows:
        assert row["requests_per_job"] > 0
        assert row["wall_seconds"] > 0


def test_webhooks_compare_the_wait_with_polling(results: dict[str, Any]) -> None:
    hooked, hinted, default = results["benchmarks"]["webhooks"]["rows"]
    assert [hooked["mode"], hinted["mode"]] == ["webhooks", "polling, the fake's hint"]
    assert "no hint" in default["mode"]
    for row in (hooked, hinted, default):
        assert row["jobs"] == 2
        assert row["median_late_seconds"] >= 0
        assert row["requests_per_job"] > 0
    # The webhook waits need no polls: the start and one confirming look (a one-second
    # quick job is over by the first poll too, so polling costs no less).
    assert hooked["requests_per_job"] <= hinted["requests_per_job"]
