"""One exception root: everything the package raises is an ``OpenAIFinetunesError``."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import openai_finetunes
from openai_finetunes import (
    ArazzoError,
    FineTuningError,
    FineTuningJobCancelled,
    FineTuningJobFailed,
    FineTuningTimeout,
    InvalidArgumentError,
    MissingDependencyError,
    NotFoundError,
    OpenAIFinetunesError,
    TrainingDataError,
    UploadError,
    connect,
)
from openai_finetunes.api.fine_tuning import retrieve_fine_tuning_job
from openai_finetunes.testing import FakeOpenAI, ManualClock
from openai_finetunes.validation import validate_training_file
from openai_finetunes.workflows import run_fine_tuning_job

DATA = Path(__file__).resolve().parent.parent / "data"
MODEL = "gpt-4o-mini-2024-07-18"

#: Generated code: operations and models raise only the runtime's errors (from `errors`).
GENERATED = ("openai_finetunes.api", "openai_finetunes.models")

#: Exception classes that need not derive from the root, with the reason. Classes with a
#: private name (``_Stop``, ``_Skipped``) are control flow caught where they are raised,
#: and are not listed.
ALLOWED: dict[str, str] = {}


def _modules(*, public_only: bool) -> list[ModuleType]:
    modules = [openai_finetunes]
    for info in pkgutil.walk_packages(openai_finetunes.__path__, "openai_finetunes."):
        if info.name.startswith(GENERATED):
            continue
        parts = info.name.split(".")[1:]
        if public_only and any(part.startswith("_") for part in parts):
            continue
        modules.append(importlib.import_module(info.name))
    return modules


def _exception_classes(modules: list[ModuleType]) -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for module in modules:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__.startswith("openai_finetunes.")
                and not value.__name__.startswith("_")
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def test_the_walk_finds_the_known_exceptions() -> None:
    found = _exception_classes(_modules(public_only=True))

    for cls in (OpenAIFinetunesError, NotFoundError, FineTuningJobFailed, TrainingDataError):
        assert cls in found.values()
    assert len(found) >= 25, sorted(found)


@pytest.mark.parametrize("public_only", [True, False], ids=["public", "all-modules"])
def test_every_exception_class_of_the_package_derives_from_the_root(public_only: bool) -> None:
    # The public modules are the promise; the private ones are walked too, because a class
    # defined there can still escape (an arazzo RequestError ends up in a step's failure).
    found = _exception_classes(_modules(public_only=public_only))

    strays = sorted(
        name
        for name, cls in found.items()
        if not issubclass(cls, OpenAIFinetunesError) and name not in ALLOWED
    )
    assert strays == []


def test_the_builtin_bases_are_kept() -> None:
    # `except ValueError` / `except TimeoutError` / `except ImportError` keep working.
    assert issubclass(InvalidArgumentError, ValueError)
    assert issubclass(TrainingDataError, ValueError)
    assert issubclass(UploadError, ValueError)
    assert issubclass(FineTuningTimeout, TimeoutError)
    assert issubclass(MissingDependencyError, ImportError)
    assert issubclass(openai_finetunes.ConfigurationError, ValueError)


def test_the_root_and_its_subclasses_are_exported() -> None:
    exported = {
        name: getattr(openai_finetunes, name)
        for name in openai_finetunes.__all__
        if isinstance(getattr(openai_finetunes, name), type)
        and issubclass(getattr(openai_finetunes, name), BaseException)
    }

    assert exported["OpenAIFinetunesError"] is OpenAIFinetunesError
    assert all(issubclass(cls, OpenAIFinetunesError) for cls in exported.values())
    for name in (
        "APIError",
        "ArazzoError",
        "FineTuningError",
        "FineTuningJobCancelled",
        "FineTuningJobFailed",
        "FineTuningTimeout",
        "InvalidArgumentError",
        "MissingDependencyError",
        "TrainingDataError",
        "UploadError",
    ):
        assert name in exported
    assert "RetryPolicy" in openai_finetunes.__all__
    assert openai_finetunes.RetryPolicy(max_retries=0).max_retries == 0
    # The lazy names are the very classes of their home modules.
    assert FineTuningError is importlib.import_module("openai_finetunes.workflows").FineTuningError
    assert ArazzoError is importlib.import_module("openai_finetunes.arazzo").ArazzoError
    assert {FineTuningJobCancelled, FineTuningJobFailed} <= set(exported.values())


def test_a_bad_argument_to_a_workflow_is_caught_by_the_root() -> None:
    fake = FakeOpenAI(clock=ManualClock())
    client = connect("sk-fake-key", base_url=fake.base_url, transport=fake.transport())

    with pytest.raises(OpenAIFinetunesError) as caught:
        run_fine_tuning_job(
            DATA / "good" / "chat.jsonl",
            MODEL,
            client=client,
            hyperparameters={"n_epochs": 0},
            progress=False,
        )

    assert isinstance(caught.value, InvalidArgumentError)
    assert fake.jobs == ()


def test_an_http_404_from_the_fake_is_caught_by_the_root() -> None:
    fake = FakeOpenAI(clock=ManualClock())
    client = connect("sk-fake-key", base_url=fake.base_url, transport=fake.transport())

    with pytest.raises(OpenAIFinetunesError) as caught:
        retrieve_fine_tuning_job.sync("ftjob-doesnotexist", client=client)

    assert isinstance(caught.value, NotFoundError)
    assert caught.value.status_code == 404


def test_a_bad_training_file_is_caught_by_the_root() -> None:
    report = validate_training_file(DATA / "bad" / "missing_messages.jsonl")

    with pytest.raises(OpenAIFinetunesError) as caught:
        report.raise_for_problems()

    assert isinstance(caught.value, TrainingDataError)


def test_the_fakes_direct_helpers_raise_under_the_root() -> None:
    with pytest.raises(OpenAIFinetunesError, match="purpose"):
        FakeOpenAI().add_file(b"{}\n", purpose="bogus")


def test_an_arazzo_error_is_caught_by_the_root() -> None:
    arazzo = importlib.import_module("openai_finetunes.arazzo")

    with pytest.raises(OpenAIFinetunesError) as caught:
        arazzo.loads("{not: [valid")

    assert isinstance(caught.value, ArazzoError)
