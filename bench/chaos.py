"""``make chaos``: many concurrent fine-tuning runs against a faulty fake over TCP.

``python -m bench.chaos --jobs 200 --fault-rate 0.3`` starts the fake service in this
process (a server thread, real sockets) with seeded faults on ``--fault-rate`` of the
requests (5xx, 429 with Retry-After, dropped connections, POSTs applied whose answer is
lost, answers slower than the client's timeout), runs ``--jobs`` calls of
``arun_fine_tuning_job`` at once, each on its own dataset, and checks that every call got
its fine-tuned model, that the service holds exactly one job per call and no duplicate
training file. Exit status 1 when any of that does not hold.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import attrs
import httpx

from openai_finetunes import connect
from openai_finetunes.client import AuthenticatedClient
from openai_finetunes.testing import FakeOpenAI, FaultConfig
from openai_finetunes.workflows import PollSchedule, arun_fine_tuning_job

__all__ = ["ChaosReport", "arun_chaos", "main", "run_chaos"]

MODEL = "gpt-4o-mini-2024-07-18"
API_KEY = "sk-chaos-key"
EXAMPLES_PER_DATASET = 10


@attrs.frozen(kw_only=True)
class ChaosReport:
    """What a chaos run did and what the service holds afterwards."""

    calls: int
    succeeded: int
    failures: tuple[str, ...]
    distinct_models: int
    jobs_on_server: int
    training_files: int
    duplicate_files: int
    faults: dict[str, int]
    requests: int
    wall_seconds: float

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def faults_total(self) -> int:
        return sum(self.faults.values())

    @property
    def requests_per_job(self) -> float:
        return self.requests / self.calls if self.calls else 0.0

    @property
    def ok(self) -> bool:
        return (
            self.failed == 0
            and self.succeeded == self.calls
            and self.distinct_models == self.calls
            and self.jobs_on_server == self.calls
            and self.training_files == self.calls
            and self.duplicate_files == 0
        )

    def render(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.faults.items()))
        lines = [
            f"calls:                   {self.calls}",
            f"succeeded / failed:      {self.succeeded} / {self.failed}",
            f"distinct models:         {self.distinct_models}",
            f"jobs on server:          {self.jobs_on_server}",
            f"training files:          {self.training_files}",
            f"duplicate files:         {self.duplicate_files}",
            f"faults injected:         {self.faults_total} ({kinds or 'none'})",
            f"requests:                {self.requests} ({self.requests_per_job:.1f} per job)",
            f"wall time:               {self.wall_seconds:.1f} s",
            f"result:                  {'OK' if self.ok else 'FAILED'}",
        ]
        lines += [f"  failure: {failure}" for failure in self.failures[:20]]
        return "\n".join(lines)


def write_dataset(directory: Path, index: int) -> Path:
    """A small valid chat dataset whose content is unique to ``index``."""
    path = directory / f"chaos-{index:04d}.jsonl"
    lines = []
    for example in range(EXAMPLES_PER_DATASET):
        messages = [
            {"role": "system", "content": f"You are chaos assistant number {index}."},
            {"role": "user", "content": f"Run {index}: what is {example} plus {index}?"},
            {"role": "assistant", "content": f"{example + index}."},
        ]
        lines.append(json.dumps({"messages": messages}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def _one(
    client: AuthenticatedClient, path: Path, schedule: PollSchedule, timeout: float | None
) -> str:
    result = await arun_fine_tuning_job(
        path, MODEL, client=client, poll_interval=schedule, timeout=timeout, progress=False
    )
    if not result.fine_tuned_model:
        raise RuntimeError(f"{result.job_id} ended {result.status} without a fine-tuned model")
    return result.fine_tuned_model


async def arun_chaos(
    jobs: int,
    fault_rate: float,
    *,
    seed: int = 0,
    job_seconds: float = 5.0,
    client_timeout: float = 1.0,
    slow_seconds: float = 2.0,
    retry_after: float = 0.5,
    poll_interval: PollSchedule | None = None,
    call_timeout: float | None = 600.0,
) -> ChaosReport:
    """Run ``jobs`` concurrent ``arun_fine_tuning_job`` calls against a faulty fake over TCP.

    ``slow_seconds`` should exceed ``client_timeout`` so that slow answers time out.
    """
    schedule = poll_interval or PollSchedule(initial=0.2, maximum=1.0, factor=1.5)
    faults = FaultConfig(
        rate=fault_rate, seed=seed, slow_seconds=slow_seconds, retry_after=retry_after
    )
    fake = FakeOpenAI(API_KEY, job_seconds=job_seconds, faults=faults, seed=seed)
    with tempfile.TemporaryDirectory(prefix="chaos-") as tmp, fake, fake.serve(port=0) as server:
        paths = [write_dataset(Path(tmp), index) for index in range(jobs)]
        client = connect(
            API_KEY,
            base_url=server.base_url,
            # Short reads so that slow answers fail fast; waiting for a pooled connection
            # is not a failure.
            timeout=httpx.Timeout(client_timeout, pool=None),
            limits=httpx.Limits(max_connections=max(jobs, 1), max_keepalive_connections=jobs),
        )
        started = time.perf_counter()
        async with client:
            outcomes = await asyncio.gather(
                *(_one(client, path, schedule, call_timeout) for path in paths),
                return_exceptions=True,
            )
        wall = time.perf_counter() - started
        stats = fake.stats()
    models = [outcome for outcome in outcomes if isinstance(outcome, str)]
    failures = tuple(
        f"call {index}: {type(outcome).__name__}: {outcome}"
        for index, outcome in enumerate(outcomes)
        if isinstance(outcome, BaseException)
    )
    return ChaosReport(
        calls=jobs,
        succeeded=len(models),
        failures=failures,
        distinct_models=len(set(models)),
        jobs_on_server=stats.jobs,
        training_files=stats.files_by_purpose.get("fine-tune", 0),
        duplicate_files=stats.duplicate_files,
        faults=stats.faults,
        requests=stats.requests_total,
        wall_seconds=wall,
    )


def run_chaos(jobs: int, fault_rate: float, seed: int = 0, **options: object) -> ChaosReport:
    """Synchronous entry point of :func:`arun_chaos` (same keyword options)."""
    return asyncio.run(arun_chaos(jobs, fault_rate, seed=seed, **options))  # type: ignore[arg-type]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos", description=__doc__)
    parser.add_argument("--jobs", type=int, default=200, help="concurrent calls (default: 200)")
    parser.add_argument(
        "--fault-rate", type=float, default=0.3, help="share of requests with a fault"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the injected faults")
    parser.add_argument(
        "--job-seconds", type=float, default=5.0, help="how long a fake job takes (default: 5)"
    )
    parser.add_argument(
        "--client-timeout", type=float, default=1.0, help="client read timeout (default: 1)"
    )
    parser.add_argument(
        "--slow-seconds", type=float, default=2.0, help="delay of a slow answer (default: 2)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.jobs < 1:
        _parser().error("--jobs must be at least 1")
    print(
        f"chaos: {args.jobs} concurrent runs, fault rate {args.fault_rate:g}, seed {args.seed}",
        flush=True,
    )
    report = run_chaos(
        args.jobs,
        args.fault_rate,
        args.seed,
        job_seconds=args.job_seconds,
        client_timeout=args.client_timeout,
        slow_seconds=args.slow_seconds,
    )
    print(report.render(), flush=True)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
