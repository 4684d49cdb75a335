"""The overlay's corrections, pinned: each test fails on the raw generator output."""

from __future__ import annotations

import builtins
from typing import Any

import pytest

from openai_finetunes.models import FineTuningJob, FineTuningJobEvent
from openai_finetunes.models.fine_tuning_job_status import FineTuningJobStatus
from tests import payloads as p


def test_job_without_error_parses() -> None:
    body = p.job()
    assert "error" not in body
    job = FineTuningJob.from_dict(body)
    assert job.status is FineTuningJobStatus.SUCCEEDED
    assert "error" not in job.to_dict()


def test_job_with_null_error_parses() -> None:
    job = FineTuningJob.from_dict(p.job(error=None))
    assert job.error is None
    assert job.to_dict()["error"] is None


def test_failed_job_carries_openai_error() -> None:
    error = {
        "code": "invalid_training_file",
        "message": "line 3 is not JSON",
        "param": "training_file",
    }
    job = FineTuningJob.from_dict(p.job(status="failed", fine_tuned_model=None, error=error))
    assert job.error.code == "invalid_training_file"
    assert job.error.param == "training_file"


def test_hyperparameters_auto_and_numbers() -> None:
    numbers = FineTuningJob.from_dict(p.job())
    assert numbers.hyperparameters.n_epochs == 3
    assert numbers.hyperparameters.learning_rate_multiplier == 1.8
    auto = FineTuningJob.from_dict(
        p.job(
            hyperparameters={
                "n_epochs": "auto",
                "batch_size": "auto",
                "learning_rate_multiplier": "auto",
            }
        )
    )
    assert auto.hyperparameters.n_epochs == "auto"
    assert auto.to_dict()["hyperparameters"] == {
        "n_epochs": "auto",
        "batch_size": "auto",
        "learning_rate_multiplier": "auto",
    }


def test_unknown_status_parses_and_round_trips() -> None:
    job = FineTuningJob.from_dict(p.job(status="paused", fine_tuned_model=None))
    assert job.status == "paused"
    assert job.status.value == "paused"
    assert job.status not in list(FineTuningJobStatus)  # a pseudo-member, not a known one
    assert job.to_dict()["status"] == "paused"


def test_unknown_method_type_and_fields_survive() -> None:
    body = p.job(
        method={"type": "distillation", "distillation": {"teacher": "gpt-5"}},
        brand_new_field={"x": 1},
    )
    job = FineTuningJob.from_dict(body)
    dumped = job.to_dict()
    assert dumped["method"]["type"] == "distillation"
    assert dumped["method"]["distillation"] == {"teacher": "gpt-5"}
    assert dumped["brand_new_field"] == {"x": 1}


def test_unknown_event_type_and_level_survive() -> None:
    event = FineTuningJobEvent.from_dict(p.event(1, type="progress", level="debug"))
    assert event.to_dict()["type"] == "progress"
    assert event.to_dict()["level"] == "debug"


def test_pending_upload_with_null_file_parses() -> None:
    from openai_finetunes.models import Upload

    pending = Upload.from_dict(p.upload(file=None))
    assert pending.file is None
    completed = Upload.from_dict(p.upload("completed", file=p.file()))
    assert completed.file.id == p.FILE_ID


# -- parse speed levers (templates): same results, less work -----------------------------


def test_known_enum_values_parse_to_the_listed_members() -> None:
    for member in FineTuningJobStatus:
        assert FineTuningJobStatus._lookup(member.value) is member
    job = FineTuningJob.from_dict(p.job(status="running"))
    assert job.status is FineTuningJobStatus.RUNNING


def test_enum_lookup_falls_back_to_the_constructor() -> None:
    paused = FineTuningJobStatus._lookup("paused")
    assert paused == "paused"
    assert paused not in list(FineTuningJobStatus)
    # The constructor's answer, not a TypeError from the dict.
    with pytest.raises(ValueError, match="not a valid FineTuningJobStatus"):
        FineTuningJobStatus._lookup(["not", "hashable"])


def test_nested_models_are_imported_once_not_per_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generator imports nested models inside every from_dict/to_dict; an import
    statement costs about 1 us, a quarter of parsing an event. Here: once per module."""
    FineTuningJob.from_dict(p.job()).to_dict()  # the first use imports what is needed
    FineTuningJobEvent.from_dict(p.event(1)).to_dict()
    imports: list[str] = []
    real_import = builtins.__import__

    def counting_import(name: str, *args: Any, **kwargs: Any) -> Any:
        imports.append(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", counting_import)
    for index in range(5):
        job = FineTuningJob.from_dict(p.job(error={"code": "c", "message": "m", "param": None}))
        event = FineTuningJobEvent.from_dict(p.event(index))
        job.to_dict()
        event.to_dict()
    assert imports == []
    assert job.error.code == "c"  # nested models were still built
