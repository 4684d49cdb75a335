"""Runtime expressions: the Arazzo 1.0.1 grammar, evaluation, and expressions in strings."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from openai_finetunes.arazzo._expressions import (
    MISSING,
    Exchange,
    ExpressionError,
    Scope,
    bare_expressions,
    evaluate,
    evaluate_value,
    parse,
    render_text,
)


def _scope(**kwargs: Any) -> Scope:
    exchange = Exchange(
        method="POST",
        url="https://api.test.invalid/v1/fine_tuning/jobs/ftjob-1/cancel",
        request_headers=httpx.Headers({"Authorization": "Bearer sk-x", "X-Trace": "t1"}),
        query={"limit": "10"},
        path_params={"fine_tuning_job_id": "ftjob-1"},
        request_body={"model": "m", "hyper": {"n_epochs": 3}},
        status_code=200,
        response_headers=httpx.Headers({"Retry-After": "7", "content-type": "application/json"}),
        response_body={"id": "ftjob-1", "status": "cancelled", "result_files": ["file-a"]},
    )
    defaults: dict[str, Any] = {
        "inputs": {"model": "gpt", "customer": {"id": 7}, "a/b": {"c~d": 1}},
        "steps": {"createJob": {"jobId": "ftjob-1", "meta": {"tags": ["x", "y"]}}},
        "workflows": {"upload": {"inputs": {"f": "train.jsonl"}, "outputs": {"fileId": "file-1"}}},
        "outputs": {"jobId": "ftjob-1"},
        "source_descriptions": {"api": {"name": "api", "url": "spec.yaml", "type": "openapi"}},
        "components": {"parameters": {"auth": {"name": "Authorization", "in": "header"}}},
        "exchange": exchange,
    }
    defaults.update(kwargs)
    return Scope(**defaults)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("$url", "https://api.test.invalid/v1/fine_tuning/jobs/ftjob-1/cancel"),
        ("$method", "POST"),
        ("$statusCode", 200),
        ("$request.header.x-trace", "t1"),
        ("$request.query.limit", "10"),
        ("$request.path.fine_tuning_job_id", "ftjob-1"),
        ("$request.body", {"model": "m", "hyper": {"n_epochs": 3}}),
        ("$request.body#/hyper/n_epochs", 3),
        ("$response.header.retry-after", "7"),
        ("$response.body#/status", "cancelled"),
        ("$response.body#/result_files/0", "file-a"),
        ("$inputs.model", "gpt"),
        ("$inputs.customer#/id", 7),
        ("$inputs.customer.id", 7),
        ("$outputs.jobId", "ftjob-1"),
        ("$steps.createJob.outputs.jobId", "ftjob-1"),
        ("$steps.createJob.outputs.meta#/tags/1", "y"),
        ("$steps.createJob.outputs", {"jobId": "ftjob-1", "meta": {"tags": ["x", "y"]}}),
        ("$workflows.upload.outputs.fileId", "file-1"),
        ("$workflows.upload.inputs.f", "train.jsonl"),
        ("$sourceDescriptions.api.url", "spec.yaml"),
        ("$components.parameters.auth#/name", "Authorization"),
    ],
)
def test_every_expression_source_evaluates(expression: str, expected: Any) -> None:
    assert evaluate(expression, _scope()) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "$response.body#/missing",
        "$steps.neverRan.outputs.x",
        "$inputs.absent",
        "$workflows.notRun.outputs.x",
        "$response.body#/result_files/9",
    ],
)
def test_absent_things_are_missing_not_errors(expression: str) -> None:
    assert evaluate(expression, _scope()) is MISSING


def test_message_expressions_are_missing_before_a_request() -> None:
    assert evaluate("$statusCode", _scope(exchange=None)) is MISSING


def test_pointer_tokens_are_unescaped() -> None:
    scope = Scope(inputs={"x": {"a/b": {"c~d": 1}}})
    assert evaluate("$inputs.x#/a~1b/c~0d", scope) == 1


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("inputs.x", "must start with '$'"),
        ("$input.x", "unknown expression source"),
        ("$statusCode.x", "takes no further name"),
        ("$response.body.status", "$response.body#/status"),
        ("$response.cookie.x", "header|query|path"),
        ("$steps.a.result", "$steps.<stepId>.outputs"),
        ("$workflows.w.steps", "inputs|outputs"),
        ("$components.schemas.x", "$components.<"),
        ("$inputs", "needs a name"),
        ("$response.header.x#/a", "only $response.body"),
        ("$url#/a", "does not take"),
        ("$inputs.x#a", "must start with '/'"),
    ],
)
def test_invalid_expressions_are_rejected_with_a_hint(text: str, hint: str) -> None:
    with pytest.raises(ExpressionError, match=re.escape(hint)):
        parse(text)


def test_embedded_expressions_are_substituted_with_braces() -> None:
    scope = _scope()
    assert render_text("Bearer {$inputs.model}", scope) == "Bearer gpt"
    assert render_text("job {$response.body#/id} is {$statusCode}", scope) == "job ftjob-1 is 200"
    assert render_text("{$inputs.customer}", scope) == '{"id": 7}'


def test_a_string_embedding_something_absent_is_absent() -> None:
    assert render_text("Bearer {$inputs.apiKey}", _scope()) is MISSING


def test_bare_expressions_in_strings_are_literal_unless_lenient() -> None:
    assert render_text("Bearer $inputs.model", _scope(lenient=False)) == "Bearer $inputs.model"
    assert render_text("Bearer $inputs.model", _scope(lenient=True)) == "Bearer gpt"


def test_bare_expression_detection() -> None:
    found = [e for _, _, e in bare_expressions("use $inputs.a and $steps.s.outputs.b.")]
    assert found == ["$inputs.a", "$steps.s.outputs.b"]
    assert list(bare_expressions("costs $5 or {$inputs.a}")) == []
    assert list(bare_expressions("$inputs.a")) == []  # a whole expression, not embedded


def test_values_keep_their_type_and_absent_entries_are_dropped() -> None:
    value = {
        "model": "$inputs.model",
        "n": "$request.body#/hyper/n_epochs",
        "files": ["$response.body#/result_files/0", "$inputs.absent"],
        "note": "run {$inputs.model}",
        "skip": "$inputs.absent",
        "literal": 3,
    }
    assert evaluate_value(value, _scope()) == {
        "model": "gpt",
        "n": 3,
        "files": ["file-a"],
        "note": "run gpt",
        "literal": 3,
    }
