"""Issue 15, item 3: every bad argument is refused as ``InvalidArgumentError`` before the
first request, and the job-parameter checks follow the spec without hand edits.

Each case runs against the embedded fake through a request recorder: the error must name
the argument (``.param``) and the recorder must have seen nothing, not even an upload.
"""

from __future__ import annotations

import copy
import io
import math
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from openai_finetunes import AuthenticatedClient
from openai_finetunes.testing import FakeOpenAI
from openai_finetunes.workflows import (
    InvalidArgumentError,
    JobSpec,
    _params,
    arun_fine_tuning_job,
    astart_fine_tuning_job,
    run_fine_tuning_job,
    start_fine_tuning_job,
)
from tests.conftest import ROOT
from tests.workflows import conftest as workflow
from tests.workflows.conftest import GOOD, MODEL, Recorder, StepClock

# The workflow tests' fixtures: the embedded fake behind a request recorder, a manual clock.
fake, recorder, api, clock = workflow.fake, workflow.recorder, workflow.api, workflow.clock

DATA = ROOT / "tests" / "data"
REINFORCEMENT_DATA = DATA / "good" / "reinforcement.jsonl"
SPEC = ROOT / "openapi" / "openai-finetunes.yaml"
FACTS = ROOT / "openapi" / "facts.py"

GRADER = {
    "type": "string_check",
    "name": "exact",
    "input": "{{sample.output_text}}",
    "reference": "{{item.reference_answer}}",
    "operation": "eq",
}
WANDB = {"type": "wandb", "wandb": {"project": "p"}}


def _reinforcement(**settings: Any) -> dict[str, Any]:
    return {"type": "reinforcement", "reinforcement": {"grader": GRADER, **settings}}


def _grader(**changes: Any) -> dict[str, Any]:
    grader = {**GRADER, **changes}
    return {"type": "reinforcement", "reinforcement": {"grader": grader}}


def _wandb(**settings: Any) -> list[dict[str, Any]]:
    return [{"type": "wandb", "wandb": settings}]


class _NoDisplay:
    update = "not callable"

    def close(self) -> None:
        pass


# (keyword arguments, the param the error names). Each is one distinct bad argument.
BAD: list[tuple[dict[str, Any], str]] = [
    # -- the method and its required parts -------------------------------------------
    ({"method": "reinforcement"}, "method.reinforcement.grader"),
    ({"method": {"type": "reinforcement", "reinforcement": {}}}, "method.reinforcement.grader"),
    (
        {"method": {"type": "reinforcement", "reinforcement": {"grader": "x"}}},
        "method.reinforcement.grader",
    ),
    (
        {"method": {"type": "reinforcement", "reinforcement": {"grader": None}}},
        "method.reinforcement.grader",
    ),
    ({"method": _grader(type="llm_judge")}, "method.reinforcement.grader.type"),
    ({"method": _grader(operation="contains")}, "method.reinforcement.grader.operation"),
    ({"method": _grader(weight=2)}, "method.reinforcement.grader.weight"),
    ({"method": _grader(name=7)}, "method.reinforcement.grader.name"),
    (
        {
            "method": {
                "type": "reinforcement",
                "reinforcement": {"grader": {"type": "python", "name": "g"}},
            }
        },
        "method.reinforcement.grader.source",
    ),
    ({"method": {"type": "supervised", "supervised": "x"}}, "method.supervised"),
    ({"method": {"type": "supervised", "supervised": None}}, "method.supervised"),
    ({"method": {"type": "supervised", "foo": 1}}, "method.foo"),
    ({"method": {"type": "dpo", "reinforcement": {}}}, "method.reinforcement"),
    (
        {"method": {"type": "supervised", "supervised": {"grader": GRADER}}},
        "method.supervised.grader",
    ),
    ({"method": {}}, "method"),
    ({"method": {"type": "distill"}}, "method"),
    ({"method": "Supervised"}, "method"),
    ({"method": 42}, "method"),
    ({"method": ["supervised"]}, "method"),
    ({"method": {"type": "supervised", "supervised": {"x": {1, 2}}}}, "method.supervised.x"),
    # -- hyperparameters: numbers finite and in range, enums, names per method ---------
    (
        {"method": _reinforcement(hyperparameters={"reasoning_effort": "extreme"})},
        "hyperparameters.reasoning_effort",
    ),
    (
        {"method": _reinforcement(hyperparameters={"reasoning_effort": 3})},
        "hyperparameters.reasoning_effort",
    ),
    (
        {"method": _reinforcement(hyperparameters={"compute_multiplier": 0})},
        "hyperparameters.compute_multiplier",
    ),
    (
        {"method": _reinforcement(hyperparameters={"compute_multiplier": 11})},
        "hyperparameters.compute_multiplier",
    ),
    (
        {"method": _reinforcement(hyperparameters={"eval_interval": 0})},
        "hyperparameters.eval_interval",
    ),
    (
        {"method": _reinforcement(hyperparameters={"eval_samples": 1.5})},
        "hyperparameters.eval_samples",
    ),
    ({"method": "dpo", "hyperparameters": {"beta": 2.5}}, "hyperparameters.beta"),
    ({"hyperparameters": {"beta": 0.1}}, "hyperparameters.beta"),
    ({"hyperparameters": {"reasoning_effort": "low"}}, "hyperparameters.reasoning_effort"),
    ({"hyperparameters": {"n_epochs": math.nan}}, "hyperparameters.n_epochs"),
    ({"hyperparameters": {"n_epochs": math.inf}}, "hyperparameters.n_epochs"),
    (
        {"hyperparameters": {"learning_rate_multiplier": math.inf}},
        "hyperparameters.learning_rate_multiplier",
    ),
    (
        {"hyperparameters": {"learning_rate_multiplier": -math.inf}},
        "hyperparameters.learning_rate_multiplier",
    ),
    (
        {"hyperparameters": {"learning_rate_multiplier": "0.1"}},
        "hyperparameters.learning_rate_multiplier",
    ),
    ({"hyperparameters": {"batch_size": True}}, "hyperparameters.batch_size"),
    ({"hyperparameters": {"batch_size": 8.0}}, "hyperparameters.batch_size"),
    ({"hyperparameters": {"n_epochs": "3"}}, "hyperparameters.n_epochs"),
    ({"hyperparameters": {"n_epochs": "AUTO"}}, "hyperparameters.n_epochs"),
    ({"hyperparameters": {"n_epochs": None}}, "hyperparameters.n_epochs"),
    ({"hyperparameters": {"n_epochs": 10**400}}, "hyperparameters.n_epochs"),
    ({"hyperparameters": [("n_epochs", 3)]}, "hyperparameters"),
    ({"hyperparameters": "auto"}, "hyperparameters"),
    ({"hyperparameters": {1: 3}}, "hyperparameters"),
    (
        {
            "hyperparameters": {"n_epochs": 3},
            "method": {"type": "supervised", "supervised": {"hyperparameters": {}}},
        },
        "hyperparameters",
    ),
    # -- seed ----------------------------------------------------------------------------
    ({"seed": True}, "seed"),
    ({"seed": 3.0}, "seed"),
    ({"seed": math.nan}, "seed"),
    ({"seed": "7"}, "seed"),
    # -- suffix: length and the characters of a model name --------------------------------
    ({"suffix": "a:b/c d..\n"}, "suffix"),
    ({"suffix": "ft:model"}, "suffix"),
    ({"suffix": "team/model"}, "suffix"),
    ({"suffix": "my model"}, "suffix"),
    ({"suffix": "tab\there"}, "suffix"),
    ({"suffix": "nul\x00"}, "suffix"),
    ({"suffix": "bell\x07"}, "suffix"),
    ({"suffix": "line\u2028break"}, "suffix"),
    ({"suffix": b"bytes"}, "suffix"),
    # -- metadata ------------------------------------------------------------------------
    ({"metadata": "abc"}, "metadata"),
    ({"metadata": [("team", "a")]}, "metadata"),
    ({"metadata": {"team": 5}}, "metadata.team"),
    ({"metadata": {5: "x"}}, "metadata"),
    # -- integrations (what the spec requires of an entry; its type enum) -----------------
    ({"integrations": [{"type": "wandb"}]}, "integrations[0].wandb"),
    ({"integrations": _wandb()}, "integrations[0].wandb.project"),
    ({"integrations": _wandb(project=3)}, "integrations[0].wandb.project"),
    ({"integrations": _wandb(project="p", tags="a")}, "integrations[0].wandb.tags"),
    ({"integrations": _wandb(project="p", tags=[1])}, "integrations[0].wandb.tags[0]"),
    ({"integrations": _wandb(project="p", colour="red")}, "integrations[0].wandb.colour"),
    ({"integrations": [{"type": "comet", "comet": {"project": "p"}}]}, "integrations[0].type"),
    ({"integrations": [{"wandb": {"project": "p"}}]}, "integrations[0].type"),
    ({"integrations": [{**WANDB, "extra": 1}]}, "integrations[0].extra"),
    ({"integrations": [WANDB, {"type": "wandb"}]}, "integrations[1].wandb"),
    ({"integrations": "wandb"}, "integrations"),
    ({"integrations": WANDB}, "integrations"),
    ({"integrations": ["wandb"]}, "integrations[0]"),
    ({"integrations": [WANDB] * 6}, "integrations"),
    # -- model, client, files, the wait options and flags ---------------------------------
    ({"model": None}, "model"),
    ({"model": 3}, "model"),
    ({"model": "gpt-4o\n"}, "model"),
    ({"client": "x"}, "client"),
    ({"client": httpx.Client()}, "client"),
    ({"validation_file": 123}, "validation_file"),
    ({"validation_file": io.StringIO("{}\n")}, "validation_file"),
    ({"validation_file": "file-bad id"}, "validation_file"),
    ({"training_file": 12345}, "training_file"),
    ({"training_file": "no/such/train.jsonl"}, "training_file"),
    ({"poll_interval": math.nan}, "poll_interval"),
    ({"poll_interval": math.inf}, "poll_interval"),
    ({"poll_interval": 1e300}, "poll_interval"),
    ({"poll_interval": "5"}, "poll_interval"),
    ({"timeout": "10"}, "timeout"),
    ({"timeout": math.nan}, "timeout"),
    ({"timeout": -1}, "timeout"),
    ({"on_event": "x"}, "on_event"),
    ({"progress": "yes"}, "progress"),
    ({"progress": _NoDisplay()}, "progress"),
    ({"clock": object()}, "clock"),
    ({"cancel_on_interrupt": "yes"}, "cancel_on_interrupt"),
    ({"validate": "no"}, "validate"),
    ({"attach": 1}, "attach"),
    ({"reuse_failed": None}, "reuse_failed"),
    ({"epochs": 3}, "epochs"),
]
IDS = [f"{i:03d}-{param}" for i, (_, param) in enumerate(BAD)]


ENTRIES: dict[str, Any] = {
    "run": run_fine_tuning_job,
    "start": start_fine_tuning_job,
    "arun": arun_fine_tuning_job,
    "astart": astart_fine_tuning_job,
}


def _call(entry: str, kwargs: dict[str, Any], api: AuthenticatedClient, clock: StepClock) -> Any:
    arguments = {"client": api, "clock": clock, "progress": False, **kwargs}
    training_file = arguments.pop("training_file", GOOD)
    return ENTRIES[entry](training_file, arguments.pop("model", MODEL), **arguments)


def _assert_refused(error: InvalidArgumentError, param: str, recorder: Recorder) -> None:
    assert error.param == param, str(error)
    assert str(error).startswith(f"{param}: ")
    assert recorder.requests == []


def test_the_corpus_has_at_least_40_distinct_bad_arguments() -> None:
    distinct = {repr(sorted(kwargs.items())) for kwargs, _ in BAD}
    assert len(distinct) == len(BAD) >= 40


@pytest.mark.parametrize(("kwargs", "param"), BAD, ids=IDS)
@pytest.mark.parametrize("entry", ["run", "start"])
def test_bad_argument_is_refused_before_any_request(
    entry: str,
    kwargs: dict[str, Any],
    param: str,
    api: AuthenticatedClient,
    clock: StepClock,
    recorder: Recorder,
) -> None:
    with pytest.raises(InvalidArgumentError) as raised:
        _call(entry, kwargs, api, clock)
    _assert_refused(raised.value, param, recorder)


ASYNC_CASES = BAD[::7]


@pytest.mark.parametrize(("kwargs", "param"), ASYNC_CASES, ids=IDS[::7])
@pytest.mark.parametrize("entry", ["arun", "astart"])
async def test_the_async_twins_refuse_them_too(
    entry: str,
    kwargs: dict[str, Any],
    param: str,
    api: AuthenticatedClient,
    clock: StepClock,
    recorder: Recorder,
) -> None:
    with pytest.raises(InvalidArgumentError) as raised:
        await _call(entry, kwargs, api, clock)
    _assert_refused(raised.value, param, recorder)


def test_messages_say_what_is_expected() -> None:
    def message(**kwargs: Any) -> str:
        arguments = {"method": None, "hyperparameters": None, "suffix": None, "seed": None}
        arguments |= {"metadata": None, "integrations": None, **kwargs}
        with pytest.raises(InvalidArgumentError) as raised:
            JobSpec.build(MODEL, **arguments)
        return str(raised.value)

    assert "'default', 'low', 'medium', 'high'" in message(
        method=_reinforcement(hyperparameters={"reasoning_effort": "x"})
    )
    assert "greater than 1e-05 and at most 10" in message(
        method=_reinforcement(hyperparameters={"compute_multiplier": 0})
    )
    assert "'auto' or a whole number from 1 to 50, got nan" in message(
        hyperparameters={"n_epochs": math.nan}
    )
    assert "unknown key (expected: batch_size" in message(hyperparameters={"beta": 1})
    assert "':'" in message(suffix="a:b/c d..\n")
    assert "'string_check', 'text_similarity', 'python', 'score_model', 'multi'" in message(
        method=_grader(type="x")
    )
    assert "requires it" in message(method="reinforcement")


def test_good_arguments_reach_the_service(
    api: AuthenticatedClient, clock: StepClock, recorder: Recorder, fake: FakeOpenAI
) -> None:
    """The controls: everything the checks accept is accepted by the (fake) service."""
    hyperparameters = {
        "n_epochs": 2,
        "batch_size": "auto",
        "learning_rate_multiplier": 0.5,
        "reasoning_effort": "low",
        "compute_multiplier": 1.5,
        "eval_interval": 3,
        "eval_samples": "auto",
    }
    handle = start_fine_tuning_job(
        REINFORCEMENT_DATA,
        MODEL,
        client=api,
        clock=clock,
        progress=False,
        method=_reinforcement(hyperparameters=hyperparameters),
        suffix="Support-bot_v1.2",
        seed=0,
        metadata={"team": "ml"},
        integrations=[{"type": "wandb", "wandb": {"project": "p", "name": None, "tags": ["a"]}}],
    )
    assert "POST /fine_tuning/jobs" in recorder.requests
    (job,) = fake.jobs
    assert job["id"] == handle.id
    assert job["method"]["reinforcement"]["grader"] == GRADER
    assert job["integrations"][0]["wandb"]["project"] == "p"
    assert ":Support-bot_v1.2:" in str(handle.result().fine_tuned_model)


# -- the checks follow the spec: no hand-written lists ----------------------------------


def _derive(spec: dict[str, Any], tmp_path: Path) -> types.ModuleType:
    """Run openapi/facts.py on ``spec`` (as ``make generate`` does) and load its output."""
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    source = subprocess.run(
        [sys.executable, str(FACTS), str(path)], check=True, capture_output=True, text=True
    ).stdout
    module = types.ModuleType("derived_facts")
    exec(compile(source, "derived_facts", "exec"), module.__dict__)
    return module


@pytest.fixture
def changed_spec() -> dict[str, Any]:
    """The committed subset plus what a later upstream might add: a hyperparameter, a method
    type with a required part, a reasoning effort, an integration type."""
    spec = copy.deepcopy(yaml.safe_load(SPEC.read_text(encoding="utf-8")))
    schemas = spec["components"]["schemas"]
    schemas["FineTuneSupervisedHyperparameters"]["properties"]["warmup_ratio"] = {
        "oneOf": [
            {"type": "string", "enum": ["auto"]},
            {"type": "number", "minimum": 0, "maximum": 0.5},
        ]
    }
    schemas["FineTuneMethod"]["properties"]["type"]["enum"].append("distillation")
    schemas["FineTuneMethod"]["properties"]["distillation"] = {
        "$ref": "#/components/schemas/FineTuneDistillationMethod"
    }
    schemas["FineTuneDistillationMethod"] = {
        "type": "object",
        "required": ["teacher"],
        "properties": {
            "teacher": {"type": "string"},
            "hyperparameters": {
                "type": "object",
                "properties": {"temperature": {"type": "number", "exclusiveMinimum": 0}},
            },
        },
    }
    effort = schemas["FineTuneReinforcementHyperparameters"]["properties"]["reasoning_effort"]
    effort["enum"].append("xhigh")
    item = schemas["CreateFineTuningJobRequest"]["properties"]["integrations"]["items"]
    item["properties"]["type"]["oneOf"][0]["enum"].append("comet")
    return spec


@pytest.fixture
def derived(
    changed_spec: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> types.ModuleType:
    facts = _derive(changed_spec, tmp_path)
    monkeypatch.setattr(_params, "_facts", facts)
    return facts


def _build(**kwargs: Any) -> JobSpec:
    arguments: dict[str, Any] = {"method": None, "hyperparameters": None, "suffix": None}
    arguments |= {"seed": None, "metadata": None, "integrations": None, **kwargs}
    return JobSpec.build(MODEL, **arguments)


def test_what_the_spec_adds_is_derived_and_accepted(derived: types.ModuleType) -> None:
    assert "distillation" in derived.METHOD_TYPES
    supervised = derived.METHODS["supervised"][0]["properties"]["hyperparameters"][0]
    assert "warmup_ratio" in supervised["properties"]

    spec = _build(hyperparameters={"warmup_ratio": 0.1, "n_epochs": 3})
    assert spec.method["supervised"]["hyperparameters"] == {"warmup_ratio": 0.1, "n_epochs": 3}
    request = spec.request("file-abc", None, "k").to_dict()
    assert request["method"]["supervised"]["hyperparameters"]["warmup_ratio"] == 0.1

    method = {"type": "distillation", "distillation": {"teacher": "gpt-4.1"}}
    assert _build(method=method, hyperparameters={"temperature": 0.5}).method_type == "distillation"
    assert _build(method=_reinforcement(hyperparameters={"reasoning_effort": "xhigh"}))
    assert _build(integrations=[{"type": "comet", "wandb": {"project": "p"}}])


def test_what_the_spec_adds_is_checked_too(derived: types.ModuleType) -> None:
    refused = [
        ({"hyperparameters": {"warmup_ratio": 0.9}}, "hyperparameters.warmup_ratio"),
        ({"hyperparameters": {"warmup_ratio": math.nan}}, "hyperparameters.warmup_ratio"),
        ({"method": "distillation"}, "method.distillation.teacher"),
        (
            {"method": {"type": "distillation", "distillation": {"teacher": 1}}},
            "method.distillation.teacher",
        ),
        (
            {
                "method": {"type": "distillation", "distillation": {"teacher": "t"}},
                "hyperparameters": {"temperature": 0},
            },
            "hyperparameters.temperature",
        ),
        (
            {"method": _reinforcement(hyperparameters={"reasoning_effort": "max"})},
            "hyperparameters.reasoning_effort",
        ),
        (
            {"integrations": [{"type": "neptune", "wandb": {"project": "p"}}]},
            "integrations[0].type",
        ),
    ]
    for kwargs, param in refused:
        with pytest.raises(InvalidArgumentError) as raised:
            _build(**kwargs)
        assert raised.value.param == param, (kwargs, str(raised.value))


def test_without_the_change_the_same_values_are_refused() -> None:
    """The committed spec does not know them: the acceptance above is the spec's doing."""
    for kwargs, param in [
        ({"hyperparameters": {"warmup_ratio": 0.1}}, "hyperparameters.warmup_ratio"),
        ({"method": "distillation"}, "method"),
        (
            {"method": _reinforcement(hyperparameters={"reasoning_effort": "xhigh"})},
            "hyperparameters.reasoning_effort",
        ),
        ({"integrations": [{"type": "comet", "wandb": {"project": "p"}}]}, "integrations[0].type"),
    ]:
        with pytest.raises(InvalidArgumentError) as raised:
            _build(**kwargs)
        assert raised.value.param == param


def test_the_committed_facts_are_the_derivation_of_the_committed_spec(tmp_path: Path) -> None:
    from openai_finetunes import _facts

    facts = _derive(yaml.safe_load(SPEC.read_text(encoding="utf-8")), tmp_path)
    assert facts.METHOD_TYPES == _facts.METHOD_TYPES
    assert facts.METHODS == _facts.METHODS
    assert facts.INTEGRATION == _facts.INTEGRATION
    assert facts.INTEGRATIONS_MAX_ITEMS == _facts.INTEGRATIONS_MAX_ITEMS
