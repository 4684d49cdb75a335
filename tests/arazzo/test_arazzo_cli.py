"""``openai-finetunes arazzo lint|run``: output and exit codes (0 ok, 1 failed, 2 invalid)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from openai_finetunes.arazzo._cli import main
from openai_finetunes.testing import FakeOpenAI, ManualClock
from tests.arazzo.conftest import MODEL, ROOT, WORKFLOWS
from tests.conftest import API_KEY

FINE_TUNING = WORKFLOWS / "fine-tuning-job.arazzo.yaml"
CANCEL = WORKFLOWS / "cancel-fine-tuning-job.arazzo.yaml"
Write = Callable[[str], Path]

LENIENT = """\
workflows:
  - workflowId: w
    steps:
      - stepId: read
        operationId: getItem
        parameters:
          - {name: item_id, in: path, value: '1'}
          - {name: Authorization, in: header, value: 'Bearer $inputs.key'}
"""


@pytest.fixture
def server() -> Iterator[str]:
    """A fake over TCP whose jobs finish at once (so the CLI never waits); its base URL."""
    fake = FakeOpenAI(api_key=API_KEY, clock=ManualClock(), job_seconds=0)
    with fake, fake.serve(port=0) as running:
        yield running.base_url


def test_lint_reports_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(FINE_TUNING), str(CANCEL), "--strict"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{FINE_TUNING}: ok (0 errors, 0 warnings)",
        f"{CANCEL}: ok (0 errors, 0 warnings)",
    ]


def test_lint_warnings_pass_unless_strict(
    write_doc: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_doc(LENIENT)
    assert main(["lint", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:12: warning [bare-expression]" in out
    assert "    spec-correct: Bearer {$inputs.key}" in out
    assert main(["lint", "--strict", str(path)]) == 2
    assert f"{path}:12: error [bare-expression]" in capsys.readouterr().out


def test_lint_json_format(write_doc: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_doc(LENIENT.replace("getItem", "nothing"))
    assert main(["lint", "--format", "json", str(path)]) == 2
    report = json.loads(capsys.readouterr().out)
    assert [(m["line"], m["code"]) for m in report[str(path)]] == [
        (9, "unknown-operation"),
        (12, "bare-expression"),
    ]


def test_python_dash_m_runs_the_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "openai_finetunes.arazzo", "lint", str(CANCEL)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "ok (0 errors, 0 warnings)" in completed.stdout


def test_run_prints_the_outputs(
    server: str, training_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["run", str(FINE_TUNING), "--base-url", server, "--api-key", API_KEY, "-v"]
    args += ["--input", f"trainingFile=@{training_file}", "--input", f"model={MODEL}"]
    assert main(args) == 0
    captured = capsys.readouterr()
    outputs = json.loads(captured.out)
    assert outputs["status"] == "succeeded"
    assert outputs["fineTunedModel"].startswith(f"ft:{MODEL}:")
    assert "uploadTrainingFile: POST " in captured.err
    assert (
        main(
            [
                "run",
                str(CANCEL),
                "--base-url",
                server,
                "--input",
                f"jobId={outputs['jobId']}",
                "--input",
                f"apiKey={API_KEY}",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == {
        "initialStatus": "succeeded",
        "cancelStatus": None,
        "finalStatus": "succeeded",
    }


def test_a_failed_workflow_exits_1_with_its_outputs(
    server: str, bad_training_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["run", str(FINE_TUNING), "--base-url", server, "--api-key", API_KEY]
    args += ["--input", f"trainingFile=@{bad_training_file}", "--input", f"model={MODEL}"]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["status"] == "failed"
    assert "workflow 'fine-tuning-job' failed: step 'waitForJob' failed" in captured.err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--input", "model"], "expected NAME=VALUE"),
        (["--input", "trainingFile=@/nonexistent/train.jsonl"], "no such file"),
        (["--input", "model=x"], "'trainingFile' is a required property"),
        (["--workflow", "nope", "--input", "model=x"], "no workflow 'nope'"),
    ],
)
def test_invalid_inputs_exit_2(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["run", str(FINE_TUNING), "--api-key", API_KEY, "--base-url", "http://127.0.0.1:9/v1"]
    assert main(args + extra) == 2
    assert message in capsys.readouterr().err


def test_invalid_documents_and_missing_keys_exit_2(
    write_doc: Write, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_doc(LENIENT)
    assert main(["run", str(path), "--api-key", API_KEY, "--strict"]) == 2
    assert "error [bare-expression]" in capsys.readouterr().err
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert main(["run", str(CANCEL), "--input", "jobId=ftjob-1"]) == 2
    assert "No API key" in capsys.readouterr().err


def test_typed_inputs_are_parsed_as_json(write_doc: Write) -> None:
    from openai_finetunes.arazzo._cli import parse_inputs

    schema = {"properties": {"n": {"type": "integer"}, "tags": {"type": "array"}, "s": {}}}
    assert parse_inputs(["n=3", "tags=[1,2]", "s=3", "x=@@at"], schema) == {
        "n": 3,
        "tags": [1, 2],
        "s": "3",
        "x": "@at",
    }
    assert os.fspath(parse_inputs([f"f=@{FINE_TUNING}"])["f"]) == str(FINE_TUNING)


def test_the_project_cli_delegates_to_the_arazzo_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from openai_finetunes.cli import main as project_main

    assert project_main(["arazzo", "lint", str(CANCEL)]) == 0
    assert "ok (0 errors, 0 warnings)" in capsys.readouterr().out
