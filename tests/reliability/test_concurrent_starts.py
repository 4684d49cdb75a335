"""The same run started at once in several processes or tasks leaves exactly one live job.

The fake runs as its own process (``python -m openai_finetunes.testing``) so that this
test process has no threads when it forks the starters: each child starts in
milliseconds with the package already imported, and all of them wait on one barrier.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openai_finetunes import AuthenticatedClient, connect, paginate
from openai_finetunes.api.fine_tuning import list_paginated_fine_tuning_jobs
from openai_finetunes.workflows import _runlock, astart_fine_tuning_job, start_fine_tuning_job
from tests.workflows.conftest import GOOD, MODEL

KEY = "sk-fake-key"
TRIALS = 20
TERMINAL = ("succeeded", "failed", "cancelled")


@pytest.fixture(autouse=True)
def lock_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "openai_finetunes.testing", "--port", "0", "--job-seconds", "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "OPENAI_API_KEY": KEY},  # the key the fake accepts
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        yield line.split(" at ")[1].split()[0]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


def _start(base_url: str, suffix: str, barrier: Any, results: Any, local_lock: bool) -> None:
    if not local_lock:
        _runlock.fcntl = None  # type: ignore[assignment]  # as on a machine of its own
    client = connect(KEY, base_url=base_url)
    barrier.wait(timeout=30)
    handle = start_fine_tuning_job(
        GOOD, MODEL, client=client, metadata={"trial": suffix}, progress=False
    )
    results.put(handle.id)


def _jobs(client: AuthenticatedClient, suffix: str) -> list[Any]:
    jobs = paginate(list_paginated_fine_tuning_jobs, client=client, limit=100)
    return [job for job in jobs if job.metadata and job.metadata["trial"] == suffix]


def _race(base_url: str, processes: int, suffix: str, *, local_lock: bool) -> list[str]:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes)
    results = context.Queue()
    children = [
        context.Process(target=_start, args=(base_url, suffix, barrier, results, local_lock))
        for _ in range(processes)
    ]
    for child in children:
        child.start()
    ids = [results.get(timeout=60) for _ in children]
    for child in children:
        child.join(timeout=30)
        assert child.exitcode == 0
    return ids


@pytest.mark.parametrize("processes", [2, 4, 8])
def test_processes_on_one_machine_create_one_job(base_url: str, processes: int) -> None:
    client = connect(KEY, base_url=base_url)
    for trial in range(TRIALS):
        suffix = f"lock-{processes}-{trial}"
        ids = _race(base_url, processes, suffix, local_lock=True)
        jobs = _jobs(client, suffix)
        assert len(jobs) == 1, f"trial {trial}: {len(jobs)} jobs"
        assert set(ids) == {jobs[0].id}


@pytest.mark.parametrize("processes", [2, 4, 8])
def test_processes_on_separate_machines_keep_one_live_job(base_url: str, processes: int) -> None:
    # Without the local lock (other machines), several may create a job; all settle on the
    # first one created and cancel their own while it is still validating.
    client = connect(KEY, base_url=base_url)
    for trial in range(TRIALS):
        suffix = f"nolock-{processes}-{trial}"
        ids = _race(base_url, processes, suffix, local_lock=False)
        jobs = _jobs(client, suffix)
        live = [job for job in jobs if str(job.status) not in TERMINAL]
        assert len(live) == 1, f"trial {trial}: {[(j.id, str(j.status)) for j in jobs]}"
        assert set(ids) == {live[0].id}, f"{ids} {[(j.id, str(j.status)) for j in jobs]}"
        assert all(str(job.status) == "cancelled" for job in jobs if job.id != live[0].id)


@pytest.mark.parametrize("local_lock", [True, False])
async def test_ten_async_tasks_in_one_process_keep_one_job(
    base_url: str, local_lock: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Over TCP, so that the tasks really interleave at every request.
    if not local_lock:
        monkeypatch.setattr(_runlock, "fcntl", None)
    client = connect(KEY, base_url=base_url)
    trial = f"async-{local_lock}"
    handles = await asyncio.gather(
        *(
            astart_fine_tuning_job(
                GOOD, MODEL, client=client, metadata={"trial": trial}, progress=False
            )
            for _ in range(10)
        )
    )
    jobs = _jobs(client, trial)
    live = [job for job in jobs if str(job.status) not in TERMINAL]
    assert len(live) == 1
    assert {handle.id for handle in handles} == {live[0].id}
    if local_lock:
        assert len(jobs) == 1  # the lock kept the others from creating at all
