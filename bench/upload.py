"""Upload a large training file through createFile and through the Uploads API.

Every client runs in its own process (``python -m bench.upload --child ...``) so peak RSS
(VmHWM) is that client's alone.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, cast

from ._common import (
    API_KEY,
    FLOOR,
    OFFICIAL,
    SDK,
    clients,
    import_client,
    median,
    peak_rss_mib,
    ratio,
    rotations,
    run_child,
)
from ._server import FakeProcess

TARGET_RSS_MIB = 150
MIB = 1024 * 1024
MODES = ("createFile", "uploads")


@contextlib.contextmanager
def training_file(size: int) -> Iterator[Path]:
    """A real (not sparse) JSONL file of ``size`` bytes, deleted afterwards."""
    line = (
        b'{"messages": [{"role": "system", "content": "You are terse."}, '
        b'{"role": "user", "content": "Say the number %08d."}, '
        b'{"role": "assistant", "content": "%08d"}]}\n'
    )
    block = b"".join(line % (i, i) for i in range(4096))
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as folder:
        path = Path(folder) / "train.jsonl"
        with path.open("wb") as out:
            written = 0
            while written < size:
                chunk = block[: size - written]
                out.write(chunk)
                written += len(chunk)
        yield path


# -- the children -------------------------------------------------------------------
class _Slice:
    """``length`` bytes of ``file`` from ``start``, read on demand (httpx streams it)."""

    def __init__(self, file: Any, start: int, length: int) -> None:
        self._file, self._start, self._length, self._position = file, start, length, 0

    def read(self, size: int = -1) -> bytes:
        left = self._length - self._position
        size = left if size < 0 else min(size, left)
        self._file.seek(self._start + self._position)
        data = bytes(self._file.read(size))
        self._position += len(data)
        return data

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: self._length}[whence]
        self._position = base + offset
        return self._position


def _upload_floor(base_url: str, path: Path, mode: str, part_size: int) -> str:
    import httpx

    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=600) as client:
        if mode == "createFile":
            with path.open("rb") as file:
                response = client.post(
                    "/files",
                    files={"file": (path.name, file, "application/jsonl")},
                    data={"purpose": "fine-tune"},
                )
            response.raise_for_status()
            return str(response.json()["id"])
        size = path.stat().st_size
        created = client.post(
            "/uploads",
            json={
                "filename": path.name,
                "purpose": "fine-tune",
                "bytes": size,
                "mime_type": "application/jsonl",
            },
        )
        created.raise_for_status()
        upload_id = created.json()["id"]
        part_ids = []
        digest = hashlib.md5(usedforsecurity=False)
        with path.open("rb") as file:
            while block := file.read(MIB):
                digest.update(block)
            for start in range(0, size, part_size):
                window = _Slice(file, start, min(part_size, size - start))
                part = client.post(
                    f"/uploads/{upload_id}/parts",
                    files={"data": ("part", cast("IO[bytes]", window), "application/octet-stream")},
                )
                part.raise_for_status()
                part_ids.append(part.json()["id"])
        done = client.post(
            f"/uploads/{upload_id}/complete",
            json={"part_ids": part_ids, "md5": digest.hexdigest()},
        )
        done.raise_for_status()
        return str(done.json()["file"]["id"])


def _upload_sdk(base_url: str, path: Path, mode: str, part_size: int, max_single: int) -> str:
    from openai_finetunes import connect, upload_file

    client = connect(API_KEY, base_url=base_url)
    limit = max(max_single, path.stat().st_size) if mode == "createFile" else max_single
    uploaded = upload_file(path, client=client, part_size=part_size, max_single_request=limit)
    return str(uploaded.id)


def _upload_official(base_url: str, path: Path, mode: str, part_size: int) -> str:
    import openai

    client = openai.OpenAI(api_key=API_KEY, base_url=base_url, timeout=600)
    if mode == "createFile":
        return client.files.create(file=path, purpose="fine-tune").id
    upload = client.uploads.upload_file_chunked(
        file=path, mime_type="application/jsonl", purpose="fine-tune", part_size=part_size
    )
    assert upload.file is not None
    return upload.file.id


def child(argv: Sequence[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench.upload")
    parser.add_argument("--child", required=True, choices=(SDK, FLOOR, OFFICIAL))
    parser.add_argument("--mode", required=True, choices=MODES)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--path", required=True, type=Path)
    parser.add_argument("--part-size", type=int, required=True)
    parser.add_argument("--max-single", type=int, required=True)
    args = parser.parse_args(argv)
    baseline = import_client(args.child)
    started = time.perf_counter()
    if args.child == SDK:
        file_id = _upload_sdk(args.base_url, args.path, args.mode, args.part_size, args.max_single)
    elif args.child == OFFICIAL:
        file_id = _upload_official(args.base_url, args.path, args.mode, args.part_size)
    else:
        file_id = _upload_floor(args.base_url, args.path, args.mode, args.part_size)
    seconds = time.perf_counter() - started
    return {
        "file_id": file_id,
        "seconds": seconds,
        "peak_rss_mib": peak_rss_mib(),
        "baseline_rss_mib": baseline,
    }


# -- the parent ---------------------------------------------------------------------
def run(quick: bool = False) -> dict[str, Any]:
    size = 2 * MIB if quick else 1024 * MIB
    part_size = 512 * 1024 if quick else 64 * MIB
    max_single = 1 * MIB if quick else 512 * MIB  # so the Uploads path is the SDK's own choice
    rounds = 1 if quick else 3  # disk write-back makes single runs swing: median of 3
    names = list(clients())
    results: dict[tuple[str, str], list[dict[str, Any]]] = {}
    errors: dict[tuple[str, str], str] = {}
    with training_file(size) as path, FakeProcess(static=True, max_file_bytes=2 * size) as server:
        for _ in range(rounds):
            for mode in MODES:
                for name in rotations(names, len(names))[_ % len(names)]:
                    # Write back what earlier runs (and the training file) left dirty, so
                    # no client's upload competes with another's disk writes.
                    os.sync()
                    try:
                        measured = run_child(
                            "bench.upload",
                            [
                                "--child", name, "--mode", mode, "--base-url", server.base_url,
                                "--path", str(path), "--part-size", str(part_size),
                                "--max-single", str(max_single),
                            ],
                        )  # fmt: skip
                    except RuntimeError as error:  # reported in the table, not fatal
                        errors[(mode, name)] = str(error).strip().splitlines()[-1][:300]
                        continue
                    server.delete_file(measured["file_id"])
                    results.setdefault((mode, name), []).append(measured)
    rows: list[dict[str, Any]] = []
    for mode in MODES:
        floor_seconds = median([r["seconds"] for r in results.get((mode, FLOOR), [])])
        for name in names:
            runs = results.get((mode, name))
            if not runs:
                rows.append({"client": name, "path": mode, "error": errors.get((mode, name))})
                continue
            seconds = median([r["seconds"] for r in runs])
            rows.append(
                {
                    "client": name,
                    "path": mode,
                    "seconds": round(seconds, 2),
                    "mib_per_s": round(size / MIB / seconds, 1),
                    "peak_rss_mib": round(max(r["peak_rss_mib"] for r in runs), 1),
                    "baseline_rss_mib": round(min(r["baseline_rss_mib"] for r in runs), 1),
                    "ratio": ratio(seconds, floor_seconds),
                }
            )
    sdk_rows = [row for row in rows if row["client"] == SDK]
    sdk_ok = all("error" not in row for row in sdk_rows)
    sdk_peak = max((row.get("peak_rss_mib", 0.0) for row in sdk_rows), default=0.0)
    return {
        "name": "upload",
        "title": f"upload_file, {size / MIB:g} MiB (createFile; Uploads in {part_size / MIB:g} MiB parts)",
        "target": f"peak RSS of the client process <= {TARGET_RSS_MIB} MiB",
        "met": None if quick else (sdk_ok and sdk_peak <= TARGET_RSS_MIB),
        "errors": {f"{mode}/{name}": text for (mode, name), text in errors.items()},
        "bytes": size,
        "rounds": rounds,
        "rows": rows,
    }


if __name__ == "__main__":
    import sys

    print(json.dumps(child(sys.argv[1:])), flush=True)
    os._exit(0)
