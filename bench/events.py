"""A large list: every event of a job with N events (pages of 100, the API's maximum)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ._common import API_KEY, FLOOR, OFFICIAL, SDK, clients, median, ratio, timed_rounds
from ._server import FakeProcess

TARGET = 1.5
PAGE = 100


def _runners(base_url: str, job_id: str, n: int) -> tuple[dict[str, Callable[[], Any]], list[Any]]:
    import httpx

    from openai_finetunes import connect
    from openai_finetunes._pagination import paginate
    from openai_finetunes.api.fine_tuning import list_fine_tuning_events

    to_close: list[Any] = []
    raw = httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=60
    )
    to_close.append(raw)
    sdk = connect(API_KEY, base_url=base_url)

    def check(count: int) -> None:
        if count != n:
            raise AssertionError(f"expected {n} events, got {count}")

    def run_floor() -> None:
        events: list[Any] = []
        params: dict[str, Any] = {"limit": PAGE}
        while True:
            response = raw.get(f"/fine_tuning/jobs/{job_id}/events", params=params)
            response.raise_for_status()
            page = json.loads(response.content)
            events.extend(page["data"])
            if not page["has_more"] or not page["data"]:
                break
            params["after"] = page["data"][-1]["id"]
        check(len(events))

    def run_sdk() -> None:
        check(len(list(paginate(list_fine_tuning_events, job_id, client=sdk, limit=PAGE))))

    runners: dict[str, Callable[[], Any]] = {SDK: run_sdk, FLOOR: run_floor}
    if OFFICIAL in clients():
        import openai

        official = openai.OpenAI(api_key=API_KEY, base_url=base_url)
        to_close.append(official)

        def run_official() -> None:
            check(len(list(official.fine_tuning.jobs.list_events(job_id, limit=PAGE))))

        runners[OFFICIAL] = run_official
    return runners, to_close


def run(quick: bool = False) -> dict[str, Any]:
    n = 200 if quick else 10_000
    rounds = 2 if quick else 7
    with FakeProcess(static=True) as server:
        job_id = server.seed_job(n)
        runners, to_close = _runners(server.base_url, job_id, n)
        for runner in runners.values():
            runner()
        cpu_before = server.cpu_seconds()
        wall, cpu = timed_rounds(runners, rounds)
        server_cpu = server.cpu_seconds() - cpu_before
        for closable in to_close:
            closable.close()
    rows: list[dict[str, Any]] = []
    for name in runners:
        rows.append(
            {
                "client": name,
                "ms": round(median(wall[name]) * 1e3, 1),
                "client_cpu_ms": round(median(cpu[name]) * 1e3, 1),
                "ratio": ratio(median(wall[name]), median(wall[FLOOR])),
                "cpu_ratio": ratio(median(cpu[name]), median(cpu[FLOOR])),
            }
        )
    sdk_ratio = rows[0]["ratio"]
    return {
        "name": "events",
        "title": f"listFineTuningEvents, {n} events in pages of {PAGE}",
        "target": f"<= {TARGET}x raw httpx + json.loads (wall time)",
        "met": None if quick else (sdk_ratio is not None and sdk_ratio <= TARGET),
        "events": n,
        "rounds": rounds,
        "server_cpu_seconds": round(server_cpu, 2),
        "rows": rows,
    }
