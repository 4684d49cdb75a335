"""Per-request cost: retrieveFineTuningJob N times (sync), each client over one keep-alive pool."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ._common import API_KEY, FLOOR, OFFICIAL, SDK, clients, median, ratio, timed_rounds
from ._server import FakeProcess

TARGET = 1.15


def _runners(base_url: str, job_id: str, n: int) -> tuple[dict[str, Callable[[], Any]], list[Any]]:
    import httpx

    from openai_finetunes import connect
    from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job

    names = clients()
    to_close: list[Any] = []
    raw = httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=60
    )
    to_close.append(raw)
    sdk = connect(API_KEY, base_url=base_url)

    def run_floor() -> None:
        for _ in range(n):
            response = raw.get(f"/fine_tuning/jobs/{job_id}")
            response.raise_for_status()
            json.loads(response.content)

    def run_sdk() -> None:
        for _ in range(n):
            retrieve_fine_tuning_job.sync(job_id, client=sdk)

    runners: dict[str, Callable[[], Any]] = {SDK: run_sdk, FLOOR: run_floor}
    if OFFICIAL in names:
        import openai

        official = openai.OpenAI(api_key=API_KEY, base_url=base_url)
        to_close.append(official)

        def run_official() -> None:
            for _ in range(n):
                official.fine_tuning.jobs.retrieve(job_id)

        runners[OFFICIAL] = run_official
    return runners, to_close


def run(quick: bool = False) -> dict[str, Any]:
    n = 20 if quick else 2_000
    rounds = 2 if quick else 3
    with FakeProcess(static=True) as server:
        job_id = server.seed_job(10)
        runners, to_close = _runners(server.base_url, job_id, n)
        for runner in runners.values():  # warm up: connections, imports, caches
            runner()
        cpu_before = server.cpu_seconds()
        wall, cpu = timed_rounds(runners, rounds)
        server_cpu = server.cpu_seconds() - cpu_before
        for closable in to_close:
            closable.close()
    floor_wall, floor_cpu = median(wall[FLOOR]) / n, median(cpu[FLOOR]) / n
    rows: list[dict[str, Any]] = []
    for name in runners:
        per_wall, per_cpu = median(wall[name]) / n, median(cpu[name]) / n
        rows.append(
            {
                "client": name,
                "us_per_request": round(per_wall * 1e6, 1),
                "client_cpu_us_per_request": round(per_cpu * 1e6, 1),
                "ratio": ratio(per_wall, floor_wall),
                "cpu_ratio": ratio(per_cpu, floor_cpu),
            }
        )
    sdk_ratio = rows[0]["ratio"]
    return {
        "name": "requests",
        "title": f"retrieveFineTuningJob x {n} (sync)",
        "target": f"<= {TARGET}x raw httpx (wall time)",
        "met": None if quick else (sdk_ratio is not None and sdk_ratio <= TARGET),
        "requests": n,
        "rounds": rounds,
        "server_cpu_seconds": round(server_cpu, 2),
        "rows": rows,
    }
