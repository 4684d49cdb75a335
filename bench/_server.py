"""The fake service in its own process, so its CPU time stays out of the client's numbers.

``python -m bench._server [--static] [--job-seconds S] [--max-file-bytes N]`` serves the
fake on a free loopback port and prints ``READY <base_url>``; `FakeProcess` starts it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import httpx

from ._common import process_cpu_seconds

__all__ = ["FakeProcess"]


class FakeProcess:
    """Start the fake over TCP in a child process; use as a context manager."""

    def __init__(
        self,
        *,
        static: bool = True,
        job_seconds: float = 60.0,
        max_file_bytes: int | None = None,
    ) -> None:
        args = [sys.executable, "-m", "bench._server", "--job-seconds", str(job_seconds)]
        if static:
            args.append("--static")
        if max_file_bytes is not None:
            args += ["--max-file-bytes", str(max_file_bytes)]
        self._process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        line = self._process.stdout.readline().strip()
        if not line.startswith("READY "):
            self.close()
            raise RuntimeError(f"the fake did not start: {line!r}")
        self.base_url = line.split(" ", 1)[1]
        self.url = self.base_url.removesuffix("/v1")
        self.pid = self._process.pid
        # The admin endpoints take the fake's key, like the API.
        self._admin = httpx.Client(
            base_url=self.url, timeout=120, headers={"Authorization": "Bearer sk-fake-key"}
        )

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.pid)

    def stats(self) -> dict[str, Any]:
        return dict(self._admin.get("/_fake/stats").json())

    def seed_job(self, n_events: int) -> str:
        response = self._admin.post("/_fake/seed_events", json={"n_events": n_events})
        response.raise_for_status()
        return str(response.json()["id"])

    def delete_file(self, file_id: str) -> None:
        self._admin.delete(f"/v1/files/{file_id}")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._admin.close()
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def __enter__(self) -> FakeProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def main(argv: Sequence[str] | None = None) -> int:
    from openai_finetunes.testing import FakeOpenAI

    parser = argparse.ArgumentParser(prog="python -m bench._server")
    parser.add_argument("--static", action="store_true")
    parser.add_argument("--job-seconds", type=float, default=60.0)
    parser.add_argument("--max-file-bytes", type=int, default=None)
    args = parser.parse_args(argv)
    kwargs: dict[str, Any] = {"job_seconds": args.job_seconds, "static": args.static}
    if args.max_file_bytes is not None:
        kwargs["max_file_bytes"] = args.max_file_bytes
    fake = FakeOpenAI(**kwargs)
    server = fake.serve(port=0)  # serves in a daemon thread
    print(f"READY {server.base_url}", flush=True)
    signal.sigwait({signal.SIGINT, signal.SIGTERM})
    server.close()
    fake.close()  # removes stored (spooled) content
    sys.stdout.flush()
    os._exit(0)  # skip waiting for idle keep-alive threads


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    sys.exit(main())
