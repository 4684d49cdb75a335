"""Many jobs followed to completion at once by ``arun_fine_tuning_job`` in one process.

On one fake: one job alone (the reference), many jobs started together, and a staggered
batch: jobs started while many others are already being polled, timed from their own
start. The last shows what the pool gate's priorities buy: without them the late jobs'
uploads and creations queue behind the early jobs' status polls.

Neither raw httpx nor the official client has a workflow, so each is given the loop a
careful user would write (upload, create, poll at the server's hint; for httpx a
semaphore of 100 in front of a pool of 100), on a fake of its own. They skip the SDK's
lookups that make a re-run safe, so they send fewer requests per job.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ._common import API_KEY, FLOOR, MODEL, OFFICIAL, clients, ratio
from ._server import FakeProcess

POLL_INTERVAL = 0.5
TERMINAL = frozenset({"succeeded", "failed", "cancelled"})


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


def _poll_after(headers: Any) -> float:
    hint = headers.get("openai-poll-after-ms")
    return float(hint) / 1000 if hint else POLL_INTERVAL


async def _by_hand_httpx(base_url: str, first: int, count: int, max_connections: int) -> float:
    """The workflow as a user would write it with httpx alone."""
    import httpx

    gate = asyncio.Semaphore(max_connections)  # without it httpx's pool queue times out
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections
    )
    headers = {"Authorization": f"Bearer {API_KEY}"}
    timeout = httpx.Timeout(60, pool=300)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, timeout=timeout, limits=limits
    ) as http:

        async def send(method: str, url: str, **kwargs: Any) -> httpx.Response:
            async with gate:
                response = await http.request(method, url, **kwargs)
            response.raise_for_status()
            return response

        async def one(index: int) -> str:
            training = ("train.jsonl", _training(index), "text/jsonl")
            file = await send(
                "POST", "/files", files={"file": training}, data={"purpose": "fine-tune"}
            )
            body = {"model": MODEL, "training_file": file.json()["id"]}
            response = await send("POST", "/fine_tuning/jobs", json=body)
            job = response.json()
            while job["status"] not in TERMINAL:
                await asyncio.sleep(_poll_after(response.headers))
                response = await send("GET", f"/fine_tuning/jobs/{job['id']}")
                job = response.json()
            return str(job["status"])

        started = time.perf_counter()
        statuses = await asyncio.gather(*(one(first + i) for i in range(count)))
        elapsed = time.perf_counter() - started
    _check(statuses)
    return elapsed


async def _by_hand_openai(base_url: str, first: int, count: int, max_connections: int) -> float:
    """The workflow as a user would write it with the official client (its own defaults)."""
    import openai

    del max_connections  # the official client keeps its own pool limits
    client = openai.AsyncOpenAI(api_key=API_KEY, base_url=base_url, timeout=60)

    async def one(index: int) -> str:
        file = await client.files.create(
            file=("train.jsonl", _training(index)), purpose="fine-tune"
        )
        raw = await client.fine_tuning.jobs.with_raw_response.create(
            model=MODEL, training_file=file.id
        )
        job = raw.parse()
        while job.status not in TERMINAL:
            await asyncio.sleep(_poll_after(raw.headers))
            raw = await client.fine_tuning.jobs.with_raw_response.retrieve(job.id)
            job = raw.parse()
        return str(job.status)

    started = time.perf_counter()
    try:
        statuses = await asyncio.gather(*(one(first + i) for i in range(count)))
    finally:
        await client.close()
    elapsed = time.perf_counter() - started
    _check(statuses)
    return elapsed


def _check(statuses: list[str]) -> None:
    bad = [status for status in statuses if status != "succeeded"]
    if bad:
        raise AssertionError(f"{len(bad)} jobs did not succeed")


def _measure_by_hand(
    follow: Any, job_seconds: float, count: int, max_connections: int
) -> dict[str, Any]:
    with FakeProcess(static=False, job_seconds=job_seconds) as server:
        before = server.stats()["requests_total"]
        server_cpu = server.cpu_seconds()
        cpu = time.process_time()
        wall = asyncio.run(follow(server.base_url, 0, count, max_connections))
        return {
            "jobs": count,
            "wall_seconds": round(wall, 2),
            "requests_per_job": round((server.stats()["requests_total"] - before) / count, 2),
            "client_cpu_seconds": round(time.process_time() - cpu, 2),
            "server_cpu_seconds": round(server.cpu_seconds() - server_cpu, 2),
        }


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
    by_hand = {FLOOR: _by_hand_httpx, OFFICIAL: _by_hand_openai}
    others = {
        name: _measure_by_hand(by_hand[name], job_seconds, jobs, max_connections)
        for name in clients()
        if name in by_hand
    }
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
            {"client": f"{jobs} jobs", **many, "ratio": _ratio(many, others)},
            # wall_seconds: the late batch, from its start to its last job's success.
            {"client": f"{late} jobs started {delay:g} s after {early}", **staggered},
            *(
                {"client": f"{name}, by hand: {jobs} jobs", **row, "ratio": _ratio(row, others)}
                for name, row in others.items()
            ),
        ],
    }


def _ratio(row: dict[str, Any], others: dict[str, dict[str, Any]]) -> float | None:
    """Wall time relative to the hand-written httpx loop."""
    floor = others.get(FLOOR)
    return ratio(row["wall_seconds"], floor["wall_seconds"]) if floor else None
