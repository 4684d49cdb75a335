"""Download a large file's content (``GET /files/{id}/content``) to disk.

Every client runs in its own process (``python -m bench.download --child ...``) so peak
RSS (VmHWM) is that client's alone: this SDK's ``download_file``, raw httpx streaming to
the file, and the official client both ways (``files.content(id).write_to_file`` reads the
whole body first; ``with_streaming_response`` streams it). The parent checks every copy's
sha256 against the source.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._common import (
    API_KEY,
    FLOOR,
    OFFICIAL,
    SDK,
    clients,
    import_client,
    peak_rss_mib,
    ratio,
    run_child,
)
from ._server import FakeProcess
from .upload import training_file

TARGET_RSS_MIB = 60
MIB = 1024 * 1024
STREAMED = "streamed"
BUFFERED = "buffered"


# -- the children -------------------------------------------------------------------
def _download_floor(base_url: str, file_id: str, path: Path) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {API_KEY}"}
    with (
        httpx.Client(base_url=base_url, headers=headers, timeout=600) as client,
        client.stream("GET", f"/files/{file_id}/content") as response,
        path.open("wb") as out,
    ):
        response.raise_for_status()
        for chunk in response.iter_bytes():
            out.write(chunk)


def _download_sdk(base_url: str, file_id: str, path: Path) -> None:
    from openai_finetunes import connect, download_file

    download_file(file_id, path, client=connect(API_KEY, base_url=base_url))


def _download_official(base_url: str, file_id: str, path: Path, mode: str) -> None:
    import openai

    client = openai.OpenAI(api_key=API_KEY, base_url=base_url, timeout=600)
    if mode == BUFFERED:
        client.files.content(file_id).write_to_file(path)
        return
    with client.files.with_streaming_response.content(file_id) as response:
        response.stream_to_file(path)


def child(argv: Sequence[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench.download")
    parser.add_argument("--child", required=True, choices=(SDK, FLOOR, OFFICIAL))
    parser.add_argument("--mode", required=True, choices=(STREAMED, BUFFERED))
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--file-id", required=True)
    parser.add_argument("--path", required=True, type=Path)
    args = parser.parse_args(argv)
    baseline = import_client(args.child)
    started = time.perf_counter()
    if args.child == SDK:
        _download_sdk(args.base_url, args.file_id, args.path)
    elif args.child == OFFICIAL:
        _download_official(args.base_url, args.file_id, args.path, args.mode)
    else:
        _download_floor(args.base_url, args.file_id, args.path)
    return {
        "seconds": time.perf_counter() - started,
        "peak_rss_mib": peak_rss_mib(),
        "baseline_rss_mib": baseline,
    }


# -- the parent ---------------------------------------------------------------------
def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(4 * MIB):
            digest.update(block)
    return digest.hexdigest()


def _upload(base_url: str, path: Path) -> str:
    import httpx

    headers = {"Authorization": f"Bearer {API_KEY}"}
    with (
        httpx.Client(base_url=base_url, headers=headers, timeout=600) as client,
        path.open("rb") as file,
    ):
        response = client.post(
            "/files",
            files={"file": (path.name, file, "application/jsonl")},
            data={"purpose": "fine-tune"},
        )
    response.raise_for_status()
    return str(response.json()["id"])


def run(quick: bool = False) -> dict[str, Any]:
    size = 2 * MIB if quick else 1024 * MIB
    runs = [(name, STREAMED) for name in clients()]
    if OFFICIAL in clients():
        runs.append((OFFICIAL, BUFFERED))
    rows: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    with (
        training_file(size) as source,
        FakeProcess(static=True, max_file_bytes=2 * size) as server,
        tempfile.TemporaryDirectory(prefix="bench-download-") as folder,
    ):
        expected = _sha256(source)
        file_id = _upload(server.base_url, source)
        floor_seconds = 0.0
        for name, mode in runs:
            target = Path(folder) / "copy.jsonl"
            os.sync()  # no client's writes compete with what an earlier one left dirty
            label = f"{name}/{mode}"
            try:
                measured = run_child(
                    "bench.download",
                    [
                        "--child", name, "--mode", mode, "--base-url", server.base_url,
                        "--file-id", file_id, "--path", str(target),
                    ],
                )  # fmt: skip
                if _sha256(target) != expected:
                    raise RuntimeError("the downloaded copy differs from the file")
            except RuntimeError as error:  # reported in the table, not fatal
                errors[label] = str(error).strip().splitlines()[-1][:300]
                rows.append({"client": name, "mode": mode, "error": errors[label]})
                continue
            finally:
                target.unlink(missing_ok=True)
            seconds = measured["seconds"]
            if name == FLOOR:
                floor_seconds = seconds
            rows.append(
                {
                    "client": name,
                    "mode": mode,
                    "seconds": round(seconds, 2),
                    "mib_per_s": round(size / MIB / seconds, 1),
                    "peak_rss_mib": round(measured["peak_rss_mib"], 1),
                    "baseline_rss_mib": round(measured["baseline_rss_mib"], 1),
                    "ratio": seconds,  # divided by the floor's below
                }
            )
        server.delete_file(file_id)
    for row in rows:
        if "ratio" in row:
            row["ratio"] = ratio(row["ratio"], floor_seconds)
    sdk = next((row for row in rows if row["client"] == SDK), {})
    return {
        "name": "download",
        "title": f"download_file, {size / MIB:g} MiB to disk (one run per client)",
        "target": f"peak RSS of the client process < {TARGET_RSS_MIB} MiB",
        "met": None if quick else sdk.get("peak_rss_mib", float("inf")) < TARGET_RSS_MIB,
        "errors": errors,
        "bytes": size,
        "rows": rows,
    }


if __name__ == "__main__":
    import sys

    print(json.dumps(child(sys.argv[1:])), flush=True)
    os._exit(0)
