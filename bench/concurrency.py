"""Many jobs followed to completion at once by ``arun_fine_tuning_job`` in one process.

Three runs on one fake: one job alone (the reference), many jobs started together, and a
staggered batch: jobs started while many others are already being polled, timed from
their own start. The last shows what the pool gate's priorities buy: without them the
late jobs' uploads and creations queue behind the early jobs' status polls.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ._common import API_KEY, MODEL
from ._server import FakeProcess

POLL_INTERVAL = 0.5


def _training(index: int) -> bytes:
    """Ten valid chat examples; one line varies, so every job has its own run key."""
    return b"".join(
        b'{"messages": [{"role": "user", "content": "Job %d, example %d."}, '
        b'{"role": "assistant", "content": "%d"}]}\n' % (index, i, i)
        for i in range(10)
    )


async def _batch(client: Any, first: int, count: int) -> float:
    """Run ``count`` jobs at once; the seconds until the last one succeeded."""
    from openai_finetunes.workflows import arun_fine_tuning_job

    started = time.perf_counter()
    results = await asyncio.gather(
        *(
            arun_fine_tuning_job(
                _training(first + i),
                MODEL,
                client=client,
                progress=False,
                poll_interval=POLL_INTERVAL,
            )
            for i in range(count)
        )
    )
    bad = [r for r in results if r.job.status != "succeeded"]
    if bad:
        raise AssertionError(f"{len(bad)} jobs did not succeed")
    return time.perf_counter() - started


async def _follow(
    base_url: str, first: int, count: int, max_connections: int, late: int, delay: float
) -> float:
    """``count`` jobs at once, or with ``late`` > 0, ``late`` more started ``delay`` s
    after them; the wall time of the batch started last, from its own start."""
    import httpx

    from openai_finetunes import connect

    client = connect(
        API_KEY,
        base_url=base_url,
        limits=httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        ),
    )
    try:
        if not late:
            return await _batch(client, first, count)
        early = asyncio.ensure_future(_batch(client, first, count))
        await asyncio.sleep(delay)
        elapsed = await _batch(client, first + count, late)
        await early
        return elapsed
    finally:
        await client.get_async_httpx_client().aclose()


def _measure(
    server: FakeProcess,
    first: int,
    count: int,
    max_connections: int,
    *,
    late: int = 0,
    delay: float = 0.0,
) -> dict[str, Any]:
    before = server.stats()["requests_total"]
    server_cpu = server.cpu_seconds()
    cpu = time.process_time()
    wall = asyncio.run(_follow(server.base_url, first, count, max_connections, late, delay))
    return {
        "jobs": count + late,
        "wall_seconds": round(wall, 2),
        "requests_per_job": round((server.stats()["requests_total"] - before) / (count + late), 2),
        "client_cpu_seconds": round(time.process_time() - cpu, 2),
        "server_cpu_seconds": round(server.cpu_seconds() - server_cpu, 2),
    }


def run(quick: bool = False) -> dict[str, Any]:
    jobs = 10 if quick else 1_000
    job_seconds = 1.0 if quick else 8.0
    max_connections = 100
    import openai_finetunes.workflows  # noqa: F401  -- import time is not part of this benchmark

    early, late, delay = (6, 3, 0.5) if quick else (600, 300, 4.0)
    with FakeProcess(static=False, job_seconds=job_seconds) as server:
        single = _measure(server, 0, 1, max_connections)
        many = _measure(server, 1, jobs, max_connections)
        staggered = _measure(server, 1 + jobs, early, max_connections, late=late, delay=delay)
    overhead = max(single["wall_seconds"] - job_seconds, 0.0)
    wall_limit = 2 * job_seconds + overhead
    met = (
        many["requests_per_job"] <= single["requests_per_job"]
        and many["wall_seconds"] <= wall_limit
    )
    server_share = many["server_cpu_seconds"] / many["wall_seconds"] if many["wall_seconds"] else 0
    return {
        "name": "concurrency",
        "title": f"{jobs} jobs at once (job_seconds={job_seconds:g}) vs one job alone",
        "target": "requests/job <= one job's; wall <= 2x job duration + one job's overhead",
        "met": None if quick else met,
        "job_seconds": job_seconds,
        "wall_limit_seconds": round(wall_limit, 2),
        "server_cpu_share_of_one_core": round(server_share, 2),
        "rows": [
            {"client": "1 job", **single},
            {"client": f"{jobs} jobs", **many},
            # wall_seconds: the late batch, from its start to its last job's success.
            {"client": f"{late} jobs started {delay:g} s after {early}", **staggered},
        ],
    }
