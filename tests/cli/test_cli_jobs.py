"""The job commands end to end against the fake over TCP: run, watch, cancel, and the
listings of what they created."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from openai_finetunes.testing import FakeOpenAI
from tests.cli.helpers import MODEL, TRAIN, VALID, Cli

FT_MODEL = re.compile(r"^ft:gpt-4o-mini-2024-07-18:[\w-]+:support:\w+$")
FAST = ("--poll-interval", "0.05")


def test_run_prints_the_fine_tuned_model_and_progress(cli: Cli, fake: FakeOpenAI) -> None:
    result = cli("run", str(TRAIN), "--model", MODEL, "--suffix", "support", *FAST)

    assert result.code == 0, result.err
    assert FT_MODEL.match(result.out.strip())
    # Progress and the validation summary go to stderr, the model alone to stdout.
    assert "50 examples" in result.err
    assert "succeeded" in result.err
    [job] = fake.jobs
    assert job["status"] == "succeeded"
    assert result.out.strip() == job["fine_tuned_model"]


def test_run_json_passes_every_option(cli: Cli, fake: FakeOpenAI) -> None:
    result = cli(
        "run",
        str(TRAIN),
        "--model",
        MODEL,
        "--validation-file",
        str(VALID),
        "--suffix",
        "support",
        "--epochs",
        "2",
        "--batch-size",
        "4",
        "--lr-multiplier",
        "0.5",
        "--seed",
        "7",
        "--json",
        "--quiet",
        *FAST,
    )

    assert result.code == 0, result.err
    assert result.err == ""
    body = json.loads(result.out)
    assert body["status"] == "succeeded"
    assert FT_MODEL.match(body["fine_tuned_model"])
    assert body["validation_file"].startswith("file-")
    assert body["reused"] is False
    [job] = fake.jobs
    assert job["id"] == body["job_id"]
    assert job["seed"] == 7
    assert job["hyperparameters"] == {
        "n_epochs": 2,
        "batch_size": 4,
        "learning_rate_multiplier": 0.5,
    }


def test_a_rerun_reattaches_unless_new(cli: Cli, fake: FakeOpenAI) -> None:
    args = ("run", str(TRAIN), "--model", MODEL, "--json", "-q", *FAST)
    first = json.loads(cli(*args).out)
    again = json.loads(cli(*args).out)
    fresh = json.loads(cli(*args, "--new").out)

    assert again["job_id"] == first["job_id"]
    assert again["reused"] is True
    assert fresh["job_id"] != first["job_id"]
    assert len(fake.jobs) == 2


def test_no_wait_then_watch_and_inspect(cli: Cli, fake: FakeOpenAI, tmp_path: Path) -> None:
    started = cli("run", str(TRAIN), "--model", MODEL, "--no-wait")
    assert started.code == 0, started.err
    job_id = started.out.strip()
    assert job_id.startswith("ftjob-")
    assert f"openai-finetunes watch {job_id}" in started.err

    watched = cli("watch", job_id, "--json", *FAST)
    assert watched.code == 0, watched.err
    assert json.loads(watched.out)["status"] == "succeeded"

    jobs = cli("jobs")
    assert jobs.out.splitlines()[0].split()[:2] == ["JOB", "STATUS"]
    assert job_id in jobs.out
    assert json.loads(cli("jobs", "--json").out)[0]["id"] == job_id

    events = cli("events", job_id, "--limit", "1000")
    lines = events.out.splitlines()
    assert "Created fine-tuning job" in lines[1]  # oldest first
    assert "The job has successfully completed" in lines[-1]
    assert len(json.loads(cli("events", job_id, "--limit", "3", "--json").out)) == 3

    checkpoints = cli("checkpoints", job_id)
    rows = checkpoints.out.splitlines()[1:]
    steps = [int(row.split()[0]) for row in rows]
    assert steps == sorted(steps)
    assert all(":ckpt-step-" in row for row in rows)

    files = json.loads(cli("files", "--purpose", "fine-tune", "--json").out)
    assert [f["filename"] for f in files] == [f"support-chat.{_digest_part(files)}.jsonl"]
    assert "fine-tune-results" in cli("files").out

    models = cli("models", "--fine-tuned")
    [model_line] = models.out.splitlines()[1:]
    assert model_line.startswith("ft:gpt-4o-mini-2024-07-18:")

    plot = tmp_path / "metrics.png"
    metrics = cli("metrics", job_id, "--plot", str(plot))
    assert metrics.code == 0, metrics.err
    assert "from the job's results" in metrics.err
    assert plot.read_bytes().startswith(b"\x89PNG")
    table = json.loads(cli("metrics", job_id, "--json", "--source", "checkpoints").out)
    assert table["source"] == "checkpoints"
    assert [row["step"] for row in table["rows"]] == steps


def _digest_part(files: list[dict[str, object]]) -> str:
    # Uploads are named <stem>.<12 hex digits of the content's sha256>.<ext>.
    return str(files[0]["filename"]).split(".")[1]


def test_cancel_a_running_job_then_watch_reports_it(cli: Cli, slow_fake: FakeOpenAI) -> None:
    job_id = cli("run", str(TRAIN), "--model", MODEL, "--no-wait").out.strip()

    cancelled = cli("cancel", job_id)
    assert cancelled.code == 0, cancelled.err
    assert cancelled.out.strip().endswith("-> cancelled")

    again = cli("cancel", job_id, "--json")
    assert json.loads(again.out) == {
        "job_id": job_id,
        "initial_status": "cancelled",
        "final_status": "cancelled",
        "cancelled": False,
    }

    watched = cli("watch", job_id, "--json")
    assert watched.code == 1
    assert json.loads(watched.out) == {"job_id": job_id, "status": "cancelled"}
    assert f"error: fine-tuning job {job_id} was cancelled" in watched.err


def test_timeout_leaves_the_job_running_and_says_how_to_resume(
    cli: Cli, slow_fake: FakeOpenAI
) -> None:
    result = cli("run", str(TRAIN), "--model", MODEL, "--timeout", "0.2", *FAST)

    assert result.code == 1
    [job] = slow_fake.jobs
    assert job["status"] not in ("succeeded", "failed", "cancelled")
    assert f"openai-finetunes watch {job['id']}" in result.err


def test_a_job_that_fails_on_the_service_exits_1_with_its_reason(
    cli: Cli, fake: FakeOpenAI
) -> None:
    # Already uploaded, so not validated locally: the service finds the problem.
    bad = fake.add_file(b'{"messages": []}\n' * 12, filename="bad.jsonl")

    result = cli("run", bad["id"], "--model", MODEL, "--json", *FAST)

    assert result.code == 1
    body = json.loads(result.out)
    assert body["status"] == "failed"
    assert body["error"]["code"] == "invalid_training_file"
    assert "invalid_training_file" in result.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("watch", "ftjob-doesnotexist"), "error: "),
        (("watch", "not-a-job-id"), "not a fine-tuning job id"),
        (("events", "job-1"), "not a fine-tuning job id"),
        (("run", str(TRAIN), "--model", "not-a-model", "--no-wait"), "error: "),
    ],
)
def test_bad_input_from_the_service_exits_2(
    cli: Cli, fake: FakeOpenAI, argv: tuple[str, ...], message: str
) -> None:
    result = cli(*argv)

    assert result.code == 2
    assert message in result.err
    assert result.out == ""


def test_no_wait_prints_the_job_id_on_a_rerun_too(cli: Cli, fake: FakeOpenAI) -> None:
    first = cli("run", str(TRAIN), "--model", MODEL, "--no-wait", "-q")
    job_id = first.out.strip()
    assert cli("watch", job_id, "-q", *FAST).code == 0  # the job has finished
    again = cli("run", str(TRAIN), "--model", MODEL, "--no-wait", "-q")
    assert again.code == 0
    assert again.out.strip() == job_id  # the id, not the model: `watch $(run --no-wait -q)`
    assert fake.stats().jobs == 1


def test_an_interrupt_prints_where_the_job_is_even_when_quiet(
    cli: Cli, slow_fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    polls = 0
    real_sleep = time.sleep

    def interrupting_sleep(seconds: float) -> None:
        nonlocal polls
        polls += 1
        if polls == 2:
            raise KeyboardInterrupt
        real_sleep(min(seconds, 0.01))

    monkeypatch.setattr(time, "sleep", interrupting_sleep)
    result = cli("run", str(TRAIN), "--model", MODEL, "-q", *FAST)
    [job] = slow_fake.jobs
    assert result.code == 130
    assert f"{job['id']} keeps running" in result.err
    assert f"openai-finetunes watch {job['id']}" in result.err
    assert job["status"] not in ("succeeded", "failed", "cancelled")


@pytest.mark.parametrize(("signal_name", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_termination_signal_leaves_the_job_running_and_names_it(
    slow_fake: FakeOpenAI, signal_name: str, code: int
) -> None:
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "openai_finetunes", "run", str(TRAIN), "--model", MODEL, "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        waited = time.monotonic()
        while not slow_fake.jobs and time.monotonic() - waited < 30:
            time.sleep(0.05)
        assert slow_fake.jobs, "the run never created its job"
        time.sleep(0.3)  # into the polling
        process.send_signal(getattr(signal, signal_name))
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    [job] = slow_fake.jobs
    assert process.returncode == code
    assert f"{job['id']} keeps running" in err
    assert f"openai-finetunes watch {job['id']}" in err
    assert job["status"] not in ("succeeded", "failed", "cancelled")
