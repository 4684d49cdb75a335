"""Bad arguments and bad data are refused with a clear error before any request is sent."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes.validation import TrainingDataError
from openai_finetunes.workflows import (
    InvalidArgumentError,
    arun_fine_tuning_job,
    cancel_if_running,
    run_fine_tuning_job,
    wait_for_job,
)

DATA = Path(__file__).resolve().parent.parent / "data"
GOOD = DATA / "good" / "chat.jsonl"
MANIFEST = json.loads((DATA / "bad" / "MANIFEST.json").read_text())["cases"]
MODEL = "gpt-4o-mini-2024-07-18"
GRADER = {
    "type": "string_check",
    "name": "exact",
    "input": "{{sample.output_text}}",
    "reference": "{{item.answer}}",
    "operation": "eq",
}


def _run(client: Any, **kwargs: Any) -> None:
    run_fine_tuning_job(
        kwargs.pop("training_file", GOOD),
        kwargs.pop("model", MODEL),
        client=client,
        progress=False,
        **kwargs,
    )


BAD_ARGUMENTS = [
    ({"hyperparameters": {"n_epochs": 0}}, "hyperparameters.n_epochs", "from 1 to 50"),
    ({"hyperparameters": {"n_epochs": 51}}, "hyperparameters.n_epochs", "from 1 to 50"),
    ({"hyperparameters": {"n_epochs": 2.5}}, "hyperparameters.n_epochs", "whole number"),
    ({"hyperparameters": {"batch_size": 0}}, "hyperparameters.batch_size", "from 1 to 256"),
    ({"hyperparameters": {"batch_size": 257}}, "hyperparameters.batch_size", "from 1 to 256"),
    (
        {"hyperparameters": {"learning_rate_multiplier": 0}},
        "hyperparameters.learning_rate_multiplier",
        "greater than 0",
    ),
    (
        {"hyperparameters": {"learning_rate_multiplier": -1.5}},
        "hyperparameters.learning_rate_multiplier",
        "greater than 0",
    ),
    (
        {"hyperparameters": {"learning_rate_multiplier": float("nan")}},
        "hyperparameters.learning_rate_multiplier",
        "number",
    ),
    (
        {"hyperparameters": {"n_epochs": True}},
        "hyperparameters.n_epochs",
        "'auto' or a whole number",
    ),
    ({"hyperparameters": {"epochs": 3}}, "hyperparameters.epochs", "unknown"),
    (
        {"method": {"type": "dpo", "dpo": {"hyperparameters": {"beta": -1}}}},
        "hyperparameters.beta",
        "greater than 0",
    ),
    ({"method": {"type": "distill"}}, "method", "supervised, dpo, reinforcement"),
    ({"suffix": "x" * 65}, "suffix", "1 to 64 characters"),
    ({"suffix": ""}, "suffix", "1 to 64 characters"),
    ({"seed": -1}, "seed", "from 0 to 2147483647"),
    ({"seed": 2**31}, "seed", "from 0 to 2147483647"),
    ({"seed": "42"}, "seed", "whole number"),
    ({"metadata": {f"k{i}": "v" for i in range(16)}}, "metadata", "at most 15 pairs"),
    ({"metadata": {"k" * 65: "v"}}, "metadata", "1 to 64 characters"),
    ({"metadata": {"team": "v" * 513}}, "metadata.team", "at most 512"),
    ({"metadata": {"openai_finetunes_run": "x"}}, "metadata", "reserved"),
    ({"model": ""}, "model", "model name"),
    ({"training_file": "file-"}, "training_file", "not a file id"),
    ({"training_file": "file-abc/../x"}, "training_file", "not a file id"),
    ({"training_file": "no/such/train.jsonl"}, "training_file", "no such file"),
    ({"validation_file": "file-bad id"}, "validation_file", "not a file id"),
    ({"training_file": DATA / "bad"}, "training_file", "not a regular file"),
    ({"training_file": 12345}, "training_file", "expected a path"),
    ({"validation_file": io.StringIO("{}\n")}, "validation_file", "binary mode"),
]


@pytest.mark.parametrize(("kwargs", "param", "text"), BAD_ARGUMENTS)
def test_bad_argument_is_named_before_any_request(
    kwargs: dict[str, Any], param: str, text: str, client: Any, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(InvalidArgumentError) as raised:
        _run(client, **kwargs)
    assert raised.value.param == param
    assert str(raised.value).startswith(f"{param}: ")
    assert text in str(raised.value)
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize("job_id", ["", "job-123", "ftjob-", "ftjob-abc/def", "file-abc", None])
def test_malformed_job_ids_are_refused(job_id: Any, client: Any, httpx_mock: HTTPXMock) -> None:
    with pytest.raises(InvalidArgumentError, match="not a fine-tuning job id"):
        cancel_if_running(job_id, client=client)
    with pytest.raises(InvalidArgumentError, match="not a fine-tuning job id"):
        wait_for_job(job_id, client=client, progress=False)
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize("case", MANIFEST, ids=[case["file"] for case in MANIFEST])
def test_bad_training_data_is_refused_with_its_line(
    case: dict[str, Any], client: Any, httpx_mock: HTTPXMock
) -> None:
    method: dict[str, Any] = {"type": case["method"]}
    if case["method"] == "reinforcement":  # a reinforcement method needs its grader
        method["reinforcement"] = {"grader": GRADER}
    # The workflows always name a model: the corpus's own, or a chat model. A case written
    # for the validator without a model then reads differently, at the same line.
    model = case.get("model", MODEL)
    with pytest.raises(TrainingDataError) as raised:
        _run(client, training_file=DATA / "bad" / case["file"], method=method, model=model)
    message = str(raised.value)
    if case["line"] is not None:
        assert f"line {case['line']}" in message
    if "no model was given" not in case["message_contains"]:
        assert case["message_contains"] in message
    assert httpx_mock.get_requests() == []


async def test_bad_data_is_refused_by_the_async_twin(
    tmp_path: Path, client: Any, httpx_mock: HTTPXMock
) -> None:
    path = tmp_path / "nine.jsonl"
    line = json.dumps(
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
    )
    path.write_text("\n".join([line] * 9) + "\n")
    with pytest.raises(TrainingDataError, match="10"):
        await arun_fine_tuning_job(path, MODEL, client=client, progress=False)
    assert httpx_mock.get_requests() == []


def test_bytes_and_file_objects_are_validated_too(client: Any, httpx_mock: HTTPXMock) -> None:
    bad = GOOD.read_bytes().replace(b'"assistant"', b'"bot"', 1)
    with pytest.raises(TrainingDataError, match=r"line 1.*unknown role 'bot'"):
        _run(client, training_file=bad)
    with (
        (DATA / "bad" / "empty.jsonl").open("rb") as handle,
        pytest.raises(TrainingDataError, match="empty"),
    ):
        _run(client, training_file=handle)
    assert httpx_mock.get_requests() == []
