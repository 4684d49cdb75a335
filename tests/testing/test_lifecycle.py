"""A job's life on a manual clock: statuses, events, checkpoints, results, failures."""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from openai_finetunes import _facts
from openai_finetunes.testing import FakeOpenAI, ManualClock
from tests.testing.helpers import (
    API_KEY,
    ORG,
    chat_examples,
    create_job,
    preference_examples,
    upload,
)

FT_MODEL = re.compile(r"^ft:gpt-4o-mini-2024-07-18:org-fake:(?P<suffix>[^:]*):(?P<id>[a-z0-9]{8})$")


def status(http: httpx.Client, job_id: str) -> str:
    return str(http.get(f"/fine_tuning/jobs/{job_id}").json()["status"])


def all_events(http: httpx.Client, job_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    after = None
    while True:
        params = {"limit": 100} | ({"after": after} if after else {})
        page = http.get(f"/fine_tuning/jobs/{job_id}/events", params=params).json()
        events += page["data"]
        if not page["has_more"]:
            return events
        after = page["data"][-1]["id"]


def test_statuses_follow_the_clock(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    job = create_job(http, upload(http, training_jsonl), suffix="demo")
    assert job["status"] == "validating_files"
    assert job["hyperparameters"] == {
        "batch_size": "auto",
        "learning_rate_multiplier": "auto",
        "n_epochs": "auto",
    }
    seen = [job["status"]]
    for _ in range(13):
        fake.advance(5)
        seen.append(status(http, job["id"]))
    # 60 s: 10% validating, 10% queued, 80% running.
    assert seen[:4] == ["validating_files", "validating_files", "queued", "running"]
    assert seen[-1] == "succeeded"
    assert seen.index("succeeded") == 12
    assert all(s in _facts.JOB_STATUSES for s in seen)


def test_running_job_reports_resolved_hyperparameters_and_estimate(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    job = create_job(http, upload(http, training_jsonl), hyperparameters={"n_epochs": 2})
    fake.advance(30)
    running = http.get(f"/fine_tuning/jobs/{job['id']}")
    body = running.json()
    assert body["status"] == "running"
    hyper = body["hyperparameters"]
    assert hyper["n_epochs"] == 2
    assert isinstance(hyper["batch_size"], int)
    assert isinstance(hyper["learning_rate_multiplier"], float)
    assert body["method"]["supervised"]["hyperparameters"] == hyper
    assert body["estimated_finish"] == body["created_at"] + 60
    assert int(running.headers["openai-poll-after-ms"]) > 0


def test_success_produces_model_events_checkpoints_and_results(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    job = create_job(http, upload(http, training_jsonl), suffix="demo")
    fake.advance(60)
    done = http.get(f"/fine_tuning/jobs/{job['id']}")
    body = done.json()
    assert body["status"] == "succeeded"
    assert "openai-poll-after-ms" not in done.headers
    match = FT_MODEL.match(body["fine_tuned_model"])
    assert match
    assert match["suffix"] == "demo"
    assert body["finished_at"] == body["created_at"] + 60
    assert body["trained_tokens"] > 0
    assert body["error"] is None
    assert body["estimated_finish"] is None

    events = all_events(http, job["id"])
    times = [e["created_at"] for e in events]
    assert times == sorted(times, reverse=True)  # newest first
    assert events[0]["message"] == "The job has successfully completed"
    assert events[-1]["message"] == f"Created fine-tuning job: {job['id']}"
    metrics = [e for e in events if e["type"] == "metrics"]
    total = body["hyperparameters"]["n_epochs"] * 20  # batch size 1, 20 examples
    assert len(metrics) == total
    assert set(metrics[0]["data"]) >= {
        "step",
        "total_steps",
        "train_loss",
        "train_mean_token_accuracy",
    }
    assert metrics[0]["data"]["step"] == total

    checkpoints = http.get(f"/fine_tuning/jobs/{job['id']}/checkpoints").json()
    steps = [c["step_number"] for c in checkpoints["data"]]
    assert steps == sorted(steps, reverse=True)
    assert steps[0] == total
    assert len(steps) == 3
    for checkpoint in checkpoints["data"]:
        assert checkpoint["fine_tuned_model_checkpoint"] == (
            f"{body['fine_tuned_model']}:ckpt-step-{checkpoint['step_number']}"
        )
        assert {"train_loss", "train_mean_token_accuracy"} <= set(checkpoint["metrics"])

    (result_id,) = body["result_files"]
    result = http.get(f"/files/{result_id}").json()
    assert result["purpose"] == "fine-tune-results"
    rows = list(csv.DictReader(io.StringIO(http.get(f"/files/{result_id}/content").text)))
    assert list(rows[0]) == [
        "step",
        "train_loss",
        "train_accuracy",
        "valid_loss",
        "valid_mean_token_accuracy",
    ]
    assert len(rows) == total
    assert rows[-1]["step"] == str(total)

    model = http.get(f"/models/{body['fine_tuned_model']}").json()
    assert model["owned_by"] == ORG


def test_no_suffix_leaves_an_empty_segment(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    job = create_job(http, upload(http, training_jsonl))
    fake.advance(60)
    name = http.get(f"/fine_tuning/jobs/{job['id']}").json()["fine_tuned_model"]
    match = FT_MODEL.match(name)
    assert match
    assert match["suffix"] == ""


def test_validation_file_adds_validation_metrics(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    training = upload(http, training_jsonl)
    validation = upload(http, chat_examples(4), name="valid.jsonl")  # fewer than 10 is fine
    job = create_job(http, training, validation_file=validation)
    fake.advance(60)
    body = http.get(f"/fine_tuning/jobs/{job['id']}").json()
    assert body["status"] == "succeeded"
    event = http.get(f"/fine_tuning/jobs/{job['id']}/events", params={"limit": 10}).json()
    metrics = next(e for e in event["data"] if e["type"] == "metrics")
    assert "valid_loss" in metrics["data"]
    text = http.get(f"/files/{body['result_files'][0]}/content").text
    assert text.splitlines()[1].split(",")[3] != ""


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (chat_examples(5), "at least 10"),
        (chat_examples(12) + b"this is not json\n", "line 13"),
        (b"", "empty"),
    ],
    ids=["too-few", "bad-line", "empty"],
)
def test_bad_training_data_fails_the_job_after_validation(
    fake: FakeOpenAI, http: httpx.Client, content: bytes, fragment: str
) -> None:
    job = create_job(http, upload(http, content))
    assert job["status"] == "validating_files"  # accepted, like the real service
    fake.advance(6)  # the end of validation (10% of 60 s)
    body = http.get(f"/fine_tuning/jobs/{job['id']}").json()
    assert body["status"] == "failed"
    error = body["error"]
    assert error["code"] == "invalid_training_file"
    assert error["param"] == "training_file"
    assert error["message"].startswith("The job failed due to an invalid training file.")
    assert fragment in error["message"]
    assert body["fine_tuned_model"] is None
    assert body["finished_at"] is not None
    newest = http.get(f"/fine_tuning/jobs/{job['id']}/events", params={"limit": 1}).json()
    assert newest["data"][0]["level"] == "error"
    assert newest["data"][0]["message"] == error["message"]
    fake.advance(600)
    assert status(http, job["id"]) == "failed"


def test_invalid_validation_file_fails_with_its_param(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    training = upload(http, training_jsonl)
    validation = upload(http, b'{"messages": "nope"}\n', name="valid.jsonl")
    job = create_job(http, training, validation_file=validation)
    fake.advance(60)
    error = http.get(f"/fine_tuning/jobs/{job['id']}").json()["error"]
    assert error["code"] == "invalid_validation_file"
    assert error["param"] == "validation_file"


def test_dpo_job_validates_preference_data(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    method = {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2}}}
    good = create_job(http, upload(http, preference_examples(12)), method=method)
    bad = create_job(http, upload(http, training_jsonl), method=method)  # chat data for DPO
    fake.advance(60)
    done = http.get(f"/fine_tuning/jobs/{good['id']}").json()
    assert done["status"] == "succeeded"
    assert done["method"]["type"] == "dpo"
    assert done["method"]["dpo"]["hyperparameters"]["beta"] == 0.2
    assert status(http, bad["id"]) == "failed"


def test_cancel_a_running_job_then_a_finished_one(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    job = create_job(http, upload(http, training_jsonl))
    fake.advance(20)
    cancelled = http.post(f"/fine_tuning/jobs/{job['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    fake.advance(600)
    body = http.get(f"/fine_tuning/jobs/{job['id']}").json()
    assert body["status"] == "cancelled"
    assert body["fine_tuned_model"] is None
    again = http.post(f"/fine_tuning/jobs/{job['id']}/cancel")
    assert again.status_code == 400
    assert again.json()["error"]["type"] == "invalid_request_error"
    assert fake.stats().fine_tuned_models == 0


def test_cancel_during_validation_and_after_success(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    file_id = upload(http, training_jsonl)
    early = create_job(http, file_id)
    assert http.post(f"/fine_tuning/jobs/{early['id']}/cancel").json()["status"] == "cancelled"
    late = create_job(http, file_id)
    fake.advance(60)
    response = http.post(f"/fine_tuning/jobs/{late['id']}/cancel")
    assert response.status_code == 400
    assert "succeeded" in response.json()["error"]["message"]


def test_pause_freezes_progress_and_resume_continues(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    job = create_job(http, upload(http, training_jsonl))
    job_path = f"/fine_tuning/jobs/{job['id']}"
    assert http.post(f"{job_path}/pause").status_code == 400  # still validating
    fake.advance(30)
    paused = http.post(f"{job_path}/pause").json()
    assert paused["status"] == "paused"
    n_events = len(all_events(http, job["id"]))
    fake.advance(3600)
    assert status(http, job["id"]) == "paused"
    assert len(all_events(http, job["id"])) == n_events
    assert http.post(f"{job_path}/pause").status_code == 400
    assert http.post(f"{job_path}/resume").json()["status"] == "running"
    assert http.post(f"{job_path}/resume").status_code == 400
    fake.advance(29)
    assert status(http, job["id"]) == "running"
    fake.advance(1)
    body = http.get(job_path).json()
    assert body["status"] == "succeeded"
    assert body["finished_at"] == body["created_at"] + 60 + 3600
    messages = [e["message"] for e in all_events(http, job["id"])]
    assert "Fine-tuning job paused" in messages
    assert "Fine-tuning job resumed" in messages


def test_a_paused_job_can_be_cancelled(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    job = create_job(http, upload(http, training_jsonl))
    fake.advance(30)
    http.post(f"/fine_tuning/jobs/{job['id']}/pause")
    assert http.post(f"/fine_tuning/jobs/{job['id']}/cancel").json()["status"] == "cancelled"


def test_instant_jobs_with_zero_job_seconds(
    make_fake: Callable[..., FakeOpenAI], training_jsonl: bytes
) -> None:
    fake = make_fake(job_seconds=0)
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {API_KEY}"},
    ) as http:
        job = create_job(http, upload(http, training_jsonl))
        assert job["status"] == "validating_files"
        assert status(http, job["id"]) == "succeeded"


def test_static_jobs_never_progress(
    make_fake: Callable[..., FakeOpenAI], training_jsonl: bytes
) -> None:
    fake = make_fake(static=True)
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {API_KEY}"},
    ) as http:
        job = create_job(http, upload(http, training_jsonl))
        fake.advance(10**6)
        assert status(http, job["id"]) == "validating_files"
        assert http.post(f"/fine_tuning/jobs/{job['id']}/cancel").json()["status"] == "cancelled"


def test_seeded_job_holds_exactly_n_events(fake: FakeOpenAI, http: httpx.Client) -> None:
    job = fake.seed_job(3_000)  # benchmarks use 10,000; every page here is schema-checked
    assert job["status"] == "succeeded"
    events = all_events(http, job["id"])
    assert len(events) == 3_000
    assert len({e["id"] for e in events}) == 3_000
    assert fake.stats().events == 3_000


def test_same_seed_same_ids_and_curves(training_jsonl: bytes) -> None:
    def run() -> tuple[object, ...]:
        fake = FakeOpenAI(api_key=API_KEY, clock=ManualClock(), seed=7)
        with httpx.Client(
            transport=fake.transport(),
            base_url=fake.base_url,
            headers={"Authorization": f"Bearer {API_KEY}"},
        ) as http:
            job = create_job(http, upload(http, training_jsonl))
            fake.advance(60)
            events = all_events(http, job["id"])
            final = http.get(f"/fine_tuning/jobs/{job['id']}").json()
        fake.close()
        return job["id"], final["fine_tuned_model"], [(e["id"], e["data"]) for e in events]

    assert run() == run()


def test_views_for_assertions(fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes) -> None:
    file_id = upload(http, training_jsonl)
    create_job(http, file_id)
    fake.advance(60)
    assert [job["status"] for job in fake.jobs] == ["succeeded"]
    assert [f["purpose"] for f in fake.files] == ["fine-tune", "fine-tune-results"]
    assert fake.file_content(file_id) == training_jsonl
    assert any(m["owned_by"] == ORG for m in fake.models)
    stats = fake.stats()
    assert stats.jobs == 1
    assert stats.jobs_by_status == {"succeeded": 1}
    assert stats.files_by_purpose == {"fine-tune": 1, "fine-tune-results": 1}
    assert stats.requests["createFineTuningJob"] == 1
    with pytest.raises(KeyError):
        fake.file_content("file-missing")


def test_large_files_are_checked_in_the_background(
    monkeypatch: pytest.MonkeyPatch, fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    from openai_finetunes.testing import _lifecycle, _state

    release = threading.Event()
    real_check = _lifecycle.check_file

    def slow_check(*args: Any) -> _lifecycle.FileCheck:
        assert release.wait(10)
        return real_check(*args)

    monkeypatch.setattr(_state, "SYNC_CHECK_BYTES", 100)
    monkeypatch.setattr(_lifecycle, "check_file", slow_check)
    job = create_job(http, upload(http, training_jsonl))  # answers before the check is done
    assert job["status"] == "validating_files"
    fake.advance(120)
    assert status(http, job["id"]) == "validating_files"  # the check is still running
    release.set()
    for thread in threading.enumerate():
        if thread.name == "fake-openai-check":
            thread.join(10)
    assert status(http, job["id"]) == "succeeded"


def test_result_file_appears_without_anyone_polling_the_job(
    fake: FakeOpenAI, http: httpx.Client, training_jsonl: bytes
) -> None:
    create_job(http, upload(http, training_jsonl))
    fake.advance(60)
    purposes = [f["purpose"] for f in http.get("/files").json()["data"]]
    assert purposes == ["fine-tune-results", "fine-tune"]


def test_huge_jobs_plan_only_the_steps_that_show() -> None:
    from openai_finetunes.testing._lifecycle import (
        MAX_METRIC_EVENTS,
        MAX_RESULT_ROWS,
        Durations,
        FileCheck,
        build_plan,
        result_csv,
    )

    check = FileCheck(errors=(), n_examples=1_000_000, tokens=10**9, default_n_epochs=1)
    plan = build_plan(
        job_id="ftjob-x",
        training_file="file-x",
        validation_file=None,
        durations=Durations.split(60),
        training=check,
        validation=None,
        requested={"batch_size": 1, "learning_rate_multiplier": "auto", "n_epochs": 20},
        method_type="supervised",
        curve_seed=1,
    )
    assert plan.total_steps == 20_000_000
    assert sum(e.event_type == "metrics" for e in plan.timeline) <= MAX_METRIC_EVENTS + 3
    assert sum(e.kind == "checkpoint" for e in plan.timeline) == 3
    assert result_csv(plan).count(b"\n") <= MAX_RESULT_ROWS + 2


def test_prompt_completion_files_train_legacy_models_only(
    fake: FakeOpenAI, http: httpx.Client
) -> None:
    rows = b"".join(b'{"prompt": "Q%d ->", "completion": " A%d\\n"}\n' % (n, n) for n in range(12))
    file_id = upload(http, rows)
    legacy = create_job(http, file_id, model="davinci-002")
    chat = create_job(http, file_id, model="gpt-4o-mini")
    fake.advance(120)
    assert status(http, legacy["id"]) == "succeeded"
    failed = http.get(f"/fine_tuning/jobs/{chat['id']}").json()
    assert failed["status"] == "failed"
    assert "prompt" in failed["error"]["message"]
