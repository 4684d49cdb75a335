"""The documents in workflows/ against their Python twins, on the same fake-service scenarios.

Each scenario runs twice, on two identical fakes (same seed, so the same ids): once through
the Python function, once through the Arazzo document. The outputs must be equal, and so must
the sequence of operations, polls aside: a poll (``retrieveFineTuningJob``) may happen a
different number of times, including once more or less, since the two poll on different
schedules and the cancel document re-reads the job at the end (Arazzo outputs cannot choose
between steps). Requests the document does not model (the Python function's reconciliation
look-ups and event reads) are left out of the comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openai_finetunes.arazzo import WorkflowResult, run
from openai_finetunes.workflows import (
    CancelResult,
    FineTuningJobCancelled,
    FineTuningJobFailed,
    FineTuningResult,
    cancel_if_running,
    run_fine_tuning_job,
)
from tests.arazzo.conftest import MODEL, WORKFLOWS, Service

FINE_TUNING = WORKFLOWS / "fine-tuning-job.arazzo.yaml"
CANCEL = WORKFLOWS / "cancel-fine-tuning-job.arazzo.yaml"
POLL = "retrieveFineTuningJob"
MakeService = Callable[..., Service]


def test_every_document_in_workflows_has_a_conformance_test() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.arazzo.yaml")) == [
        CANCEL.name,
        FINE_TUNING.name,
    ]


def modelled(service: Service, document: Path) -> list[str]:
    """The operations ``service`` saw that ``document`` can perform."""
    text = document.read_text()
    return [op for op in service.operations if f"operationId: {op}\n" in text]


def same_operations(python: Service, arazzo: Service, document: Path) -> list[str]:
    """Assert both made the same operations, polls aside; return them without the polls."""
    ours, theirs = modelled(python, document), modelled(arazzo, document)
    assert POLL in ours
    assert POLL in theirs
    without_polls = [op for op in ours if op != POLL]
    assert [op for op in theirs if op != POLL] == without_polls
    return without_polls


def run_document(service: Service, document: Path, inputs: dict[str, Any]) -> WorkflowResult:
    return run(
        document,
        inputs,
        client=service.client,
        sleep=service.time.sleep,
        clock=service.time.monotonic,
    )


# -- fine-tuning-job.arazzo.yaml and run_fine_tuning_job ---------------------------------------


def fine_tune(service: Service, training: Path, *, validate: bool = True) -> FineTuningResult:
    return run_fine_tuning_job(
        training,
        MODEL,
        client=service.client,
        poll_interval=10,
        progress=False,
        validate=validate,
        clock=service.time,
    )


def expected_outputs(job_id: str, job: Any) -> dict[str, Any]:
    error = job.error.to_dict() if job.error else None
    return {
        "jobId": job_id,
        "status": str(job.status),
        "fineTunedModel": job.fine_tuned_model,
        "trainedTokens": job.trained_tokens,
        "resultFiles": list(job.result_files),
        "error": error,
    }


@pytest.mark.parametrize("job_seconds", [600, 0], ids=["polls-until-done", "done-at-first-poll"])
def test_fine_tuning_succeeds(
    make_service: MakeService, training_file: Path, job_seconds: float
) -> None:
    python, arazzo = make_service(job_seconds=job_seconds), make_service(job_seconds=job_seconds)
    result = fine_tune(python, training_file)
    outcome = run_document(arazzo, FINE_TUNING, {"trainingFile": training_file, "model": MODEL})
    assert outcome.succeeded, outcome.error
    assert outcome.outputs == expected_outputs(result.job_id, result.job)
    assert outcome.outputs["fineTunedModel"].startswith(f"ft:{MODEL}:")
    assert same_operations(python, arazzo, FINE_TUNING) == ["createFile", "createFineTuningJob"]


def test_a_failed_job_fails_the_workflow(
    make_service: MakeService, bad_training_file: Path
) -> None:
    python, arazzo = make_service(), make_service()
    with pytest.raises(FineTuningJobFailed) as failed:  # validate=False: let the service judge
        fine_tune(python, bad_training_file, validate=False)
    inputs = {"trainingFile": bad_training_file, "model": MODEL}
    outcome = run_document(arazzo, FINE_TUNING, inputs)
    assert not outcome.succeeded
    assert outcome.outputs == expected_outputs(failed.value.job_id, failed.value.job)
    assert outcome.outputs["error"]["code"] == failed.value.code == "invalid_training_file"
    assert outcome.error is not None
    assert "action 'jobEnded' ended the workflow" in outcome.error
    assert failed.value.error_message is not None
    assert failed.value.error_message in outcome.error
    assert same_operations(python, arazzo, FINE_TUNING) == ["createFile", "createFineTuningJob"]


def test_a_job_cancelled_mid_run_fails_the_workflow(
    make_service: MakeService, training_file: Path
) -> None:
    python, arazzo = make_service(), make_service()
    for service in (python, arazzo):  # someone cancels the job after the second wait

        def cancel_later(n: int, service: Service = service) -> None:
            if n == 2:
                service.cancel(service.fake.jobs[-1]["id"])

        service.time.on_sleep = cancel_later
    with pytest.raises(FineTuningJobCancelled) as cancelled:
        fine_tune(python, training_file)
    outcome = run_document(arazzo, FINE_TUNING, {"trainingFile": training_file, "model": MODEL})
    assert not outcome.succeeded
    assert outcome.outputs == expected_outputs(cancelled.value.job.id, cancelled.value.job)
    assert outcome.outputs["status"] == "cancelled"
    assert same_operations(python, arazzo, FINE_TUNING) == ["createFile", "createFineTuningJob"]


# -- cancel-fine-tuning-job.arazzo.yaml and cancel_if_running ----------------------------------


def cancel_both(
    make_service: MakeService,
    training: Path,
    prepare: Callable[[Service, str], None],
) -> tuple[CancelResult, WorkflowResult, list[str]]:
    python, arazzo = make_service(), make_service()
    job_ids = []
    for service in (python, arazzo):
        job_id = service.create_job(training)
        prepare(service, job_id)
        job_ids.append(job_id)
    assert job_ids[0] == job_ids[1]
    result = cancel_if_running(job_ids[0], client=python.client)
    outcome = run_document(arazzo, CANCEL, {"jobId": job_ids[1]})
    assert outcome.succeeded, outcome.error
    assert outcome.outputs["initialStatus"] == result.initial_status
    assert outcome.outputs["finalStatus"] == result.final_status
    assert (outcome.outputs["cancelStatus"] is not None) == result.cancelled
    return result, outcome, same_operations(python, arazzo, CANCEL)


def test_cancel_an_active_job(make_service: MakeService, training_file: Path) -> None:
    def running(service: Service, job_id: str) -> None:
        service.fake.advance(120)

    result, _, operations = cancel_both(make_service, training_file, running)
    assert (result.initial_status, result.final_status, result.cancelled) == (
        "running",
        "cancelled",
        True,
    )
    assert operations == ["cancelFineTuningJob"]


def test_cancel_leaves_a_failed_job_alone(
    make_service: MakeService, bad_training_file: Path
) -> None:
    def failed(service: Service, job_id: str) -> None:
        service.fake.advance(600)
        assert service.status(job_id) == "failed"

    result, _, operations = cancel_both(make_service, bad_training_file, failed)
    assert (result.initial_status, result.final_status, result.cancelled) == (
        "failed",
        "failed",
        False,
    )
    assert operations == []


def test_cancel_of_a_job_cancelled_by_someone_else_meanwhile(
    make_service: MakeService, training_file: Path
) -> None:
    def cancelled_after_first_read(service: Service, job_id: str) -> None:
        seen: list[str] = []

        def hook(operation: str | None, status: int, body: Any) -> None:
            if operation == POLL and not seen:
                seen.append(operation)
                service.cancel(job_id)

        service.fake.add_response_hook(hook)

    result, outcome, operations = cancel_both(
        make_service, training_file, cancelled_after_first_read
    )
    assert (result.initial_status, result.final_status, result.cancelled) == (
        "validating_files",
        "cancelled",
        False,
    )
    assert [(r.step_id, r.status_code, r.action) for r in outcome.steps] == [
        ("getJob", 200, "jobActive"),
        ("cancelJob", 400, "jobFinishedMeanwhile"),
        ("readFinalStatus", 200, None),
    ]
    assert operations == ["cancelFineTuningJob"]


def test_cancel_leaves_a_finished_job_alone(make_service: MakeService, training_file: Path) -> None:
    def finished(service: Service, job_id: str) -> None:
        service.fake.advance(600)

    result, _, operations = cancel_both(make_service, training_file, finished)
    assert (result.initial_status, result.final_status, result.cancelled) == (
        "succeeded",
        "succeeded",
        False,
    )
    assert operations == []
