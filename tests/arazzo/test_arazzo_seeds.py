"""The seed documents of ../shared/seeds, unmodified: lint them, and run them leniently.

000 is flattened onto one line and 001 sits in a web page; ``arazzo_seeds`` recovers their
YAML without editing it. Both are run as published on the fake service: lenient mode accepts
their ``"Bearer $inputs.apiKey"`` and ``$.status == "..."`` conditions with warnings, and
reproduces what their authors meant, including their bugs (a failed job "succeeds").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from openai_finetunes.arazzo import DocumentError, LintMessage, WorkflowResult, lint, loads, run
from openai_finetunes.arazzo._loader import Document
from tests.arazzo.arazzo_seeds import SEEDS, seed_documents
from tests.arazzo.conftest import MODEL, Service
from tests.conftest import API_KEY

MakeService = Callable[..., Service]


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return seed_documents()


def seed(seeds: dict[str, str], name: str) -> Document:
    # Anchored where they were published, so their relative source URL does not resolve.
    return loads(seeds[name], path=SEEDS / f"{name}.arazzo.yaml")


def lines_with(text: str, fragment: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]


def found(messages: list[LintMessage]) -> list[tuple[int | None, str, str]]:
    return [(m.line, m.severity, m.code) for m in messages]


def test_the_seeds_are_recovered_as_published(seeds: dict[str, str]) -> None:
    fine_tuning, cancel = (seed(seeds, n).data for n in ("fine-tuning", "cancel"))
    assert [s["stepId"] for s in fine_tuning["workflows"][0]["steps"]] == [
        "uploadTrainingFile",
        "createJob",
        "pollJob",
        "getResult",
    ]
    assert fine_tuning["workflows"][0]["outputs"] == {
        "jobId": "$steps.createJob.outputs.jobId",
        "fineTunedModel": "$steps.getResult.outputs.fineTunedModel",
    }
    assert [s["stepId"] for s in cancel["workflows"][0]["steps"]] == ["getJob", "cancelJob"]
    assert cancel["workflows"][0]["steps"][0]["parameters"][0]["value"] == "Bearer $inputs.apiKey"


def test_lint_the_fine_tuning_seed(seeds: dict[str, str]) -> None:
    text = seeds["fine-tuning"]
    messages = lint(seed(seeds, "fine-tuning"))
    bare = [(line, "warning", "bare-expression") for line in lines_with(text, "Bearer $inputs")]
    comparisons = [
        (line, "warning", "jsonpath-comparison") for line in lines_with(text, "condition: $.status")
    ]
    expected = [
        (lines_with(text, "url: ../openapi")[0], "warning", "unresolved-source"),
        *bare[:3],
        (lines_with(text, "onSuccess:")[0], "info", "fall-through"),
        comparisons[0],
        (lines_with(text, "stepId: pollJob")[1], "info", "goto-loop"),
        comparisons[1],
        bare[3],
    ]
    assert found(messages) == expected
    assert len(bare) == 4
    assert {m.suggestion for m in messages if m.code == "bare-expression"} == {
        "Bearer {$inputs.apiKey}"
    }
    assert [m.suggestion for m in messages if m.code == "jsonpath-comparison"] == [
        "condition: $response.body#/status == 'succeeded'",
        "context: $response.body#/status, type: regex, condition: ^(validating_files|queued|running)$",
    ]
    fall_through = next(m for m in messages if m.code == "fall-through")
    assert "continues with the next step 'getResult'" in fall_through.message


def test_lint_the_cancel_seed(seeds: dict[str, str]) -> None:
    text = seeds["cancel"]
    messages = lint(seed(seeds, "cancel"))
    first, second = lines_with(text, "Bearer $inputs")
    running, finished = lines_with(text, "condition: $.status")
    assert found(messages) == [
        (lines_with(text, "url: ../openapi")[0], "warning", "unresolved-source"),
        (first, "warning", "bare-expression"),
        (lines_with(text, "onSuccess:")[0], "info", "fall-through"),
        (running, "warning", "jsonpath-comparison"),
        (finished, "warning", "jsonpath-comparison"),
        (second, "warning", "bare-expression"),
    ]
    assert [m.suggestion for m in messages if m.code == "jsonpath-comparison"] == [
        "context: $response.body#/status, type: regex, condition: ^(validating_files|queued|running)$",
        "context: $response.body#/status, type: regex, condition: ^(succeeded|failed|cancelled)$",
    ]


@pytest.mark.parametrize("name", ["fine-tuning", "cancel"])
def test_strict_mode_rejects_the_seeds(
    seeds: dict[str, str], name: str, make_service: MakeService
) -> None:
    messages = lint(seed(seeds, name), strict=True)
    assert {m.code for m in messages if m.severity == "error"} == {
        "unresolved-source",
        "bare-expression",
        "jsonpath-comparison",
    }
    with pytest.raises(DocumentError):
        run(seed(seeds, name), {}, client=make_service().client, strict=True)


def run_seed(service: Service, document: Document, inputs: dict[str, object]) -> WorkflowResult:
    return run(
        document,
        inputs,
        client=service.client,
        poll_interval=30,
        sleep=service.time.sleep,
        clock=service.time.monotonic,
    )


def test_the_fine_tuning_seed_runs_leniently(
    seeds: dict[str, str], make_service: MakeService, training_file: Path
) -> None:
    service = make_service()
    inputs = {"apiKey": API_KEY, "trainingFile": training_file, "model": MODEL}
    result = run_seed(service, seed(seeds, "fine-tuning"), inputs)
    assert result.succeeded, result.error
    (job,) = service.fake.jobs
    assert job["status"] == "succeeded"
    assert result.outputs == {"jobId": job["id"], "fineTunedModel": job["fine_tuned_model"]}
    assert result.outputs["fineTunedModel"] is not None
    assert set(service.time.sleeps) == {30}  # the goto loop waited poll_interval
    polls = len(service.time.sleeps) + 1
    assert service.operations == [
        "createFile",
        "createFineTuningJob",
        *["retrieveFineTuningJob"] * polls,
        "retrieveFineTuningJob",  # getResult
    ]
    assert {w.code for w in result.warnings} == {
        "unresolved-source",
        "bare-expression",
        "jsonpath-comparison",
    }


def test_the_fine_tuning_seed_reports_success_for_a_failed_job(
    seeds: dict[str, str], make_service: MakeService, bad_training_file: Path
) -> None:
    """The published flow's bug, reproduced: no action matches ``failed``, so it falls
    through to getResult, whose only criterion is HTTP 200."""
    service = make_service()
    inputs = {"apiKey": API_KEY, "trainingFile": bad_training_file, "model": MODEL}
    result = run_seed(service, seed(seeds, "fine-tuning"), inputs)
    (job,) = service.fake.jobs
    assert job["status"] == "failed"
    assert result.succeeded
    assert result.outputs == {"jobId": job["id"], "fineTunedModel": None}
    assert [r.step_id for r in result.steps][-2:] == ["pollJob", "getResult"]


def test_the_cancel_seed_runs_leniently(
    seeds: dict[str, str], make_service: MakeService, training_file: Path
) -> None:
    active, finished = make_service(), make_service()
    running_id = active.create_job(training_file)
    active.fake.advance(120)
    done_id = finished.create_job(training_file)
    finished.fake.advance(600)
    document = seed(seeds, "cancel")
    cancelled = run_seed(active, document, {"apiKey": API_KEY, "jobId": running_id})
    assert cancelled.succeeded, cancelled.error
    assert cancelled.outputs == {"initialStatus": "running", "finalStatus": "cancelled"}
    assert active.operations == ["retrieveFineTuningJob", "cancelFineTuningJob"]
    # No apiKey input: the client's key is used, although the seed declares it required.
    left_alone = run_seed(finished, document, {"jobId": done_id})
    assert left_alone.succeeded, left_alone.error
    assert left_alone.outputs == {"initialStatus": "succeeded", "finalStatus": None}
    assert finished.operations == ["retrieveFineTuningJob"]
