"""Criterion Objects: the simple grammar, regex, RFC 9535 JSONPath, and the seed form."""

from __future__ import annotations

from typing import Any

import pytest

from openai_finetunes.arazzo._criteria import (
    ConditionError,
    check,
    parse_simple,
    seed_jsonpath_suggestion,
)
from openai_finetunes.arazzo._expressions import MISSING, Expression

VALUES: dict[str, Any] = {
    "$statusCode": 200,
    "$response.body#/status": "Succeeded",
    "$response.body#/trained_tokens": 1472,
    "$response.body#/result_files": ["file-a", "file-b"],
    "$response.body#/done": True,
    "$response.body#/error": None,
    "$response.body": {"status": "queued", "data": [{"level": "error"}, {"level": "info"}]},
    "$response.header.x-count": "12",
}


def resolve(expression: Expression) -> Any:
    return VALUES.get(expression.text, MISSING)


def holds(condition: str) -> bool:
    return check({"condition": condition}, resolve).passed


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("$statusCode == 200", True),
        ("$statusCode != 200", False),
        ("$statusCode >= 200 && $statusCode < 300", True),
        ("$statusCode > 200 || $statusCode <= 199", False),
        ("$response.body#/status == 'succeeded'", True),  # string comparison ignores case
        ("$response.body#/status == 'SUCCEEDED'", True),
        ("$response.body#/status != 'failed'", True),
        ("$response.body#/status < 'T'", True),
        ("$response.body#/trained_tokens > 1000", True),
        ("$response.header.x-count > 9", True),  # a numeric string compares as a number
        ("$response.body#/done", True),
        ("!$response.body#/done", False),
        ("$response.body#/done == true", True),
        ("$response.body#/done == 'true'", False),
        ("$response.body#/error == null", True),
        ("$response.body#/absent == null", True),
        ("$response.body#/absent", False),
        ("$response.body#/result_files[1] == 'file-b'", True),
        ("($response.body#/result_files).length == 2", True),
        ("($statusCode == 404 || $statusCode == 200) && !($response.body#/done == false)", True),
        ("$statusCode == 404 || $statusCode == 200 && $response.body#/done", True),
        ("'it''s' == 'IT''S'", True),
        ("2.5e1 == 25", True),
    ],
)
def test_simple_conditions(condition: str, expected: bool) -> None:
    assert holds(condition) is expected


@pytest.mark.parametrize(
    "condition",
    [
        '$response.body#/status == "succeeded"',  # strings take single quotes
        "$.status == 'succeeded'",  # JSONPath is not a runtime expression
        "$statusCode ==",
        "($statusCode == 200",
        "$statusCode = 200",
        "$nope == 1",
    ],
)
def test_invalid_simple_conditions(condition: str) -> None:
    with pytest.raises(ConditionError):
        parse_simple(condition)
    outcome = check({"condition": condition}, resolve)
    assert not outcome.passed
    assert "invalid condition" in outcome.detail


def test_failure_details_show_the_values() -> None:
    outcome = check({"condition": "$response.body#/status == 'failed'"}, resolve)
    assert (
        outcome.detail
        == "$response.body#/status == 'failed' ($response.body#/status = 'Succeeded')"
    )


def test_regex_criteria_search_the_context_as_text() -> None:
    criterion = {"context": "$statusCode", "type": "regex", "condition": "^2\\d\\d$"}
    assert check(criterion, resolve).passed
    queued = {"context": "$response.body#/status", "type": "regex", "condition": "^succeeded$"}
    outcome = check(queued, resolve)  # regex is case-sensitive
    assert not outcome.passed
    assert outcome.detail == "$response.body#/status = 'Succeeded' does not match '^succeeded$'"
    absent = {"context": "$response.body#/absent", "type": "regex", "condition": ".*"}
    assert not check(absent, resolve).passed
    broken = {"context": "$statusCode", "type": "regex", "condition": "("}
    assert "invalid regular expression" in check(broken, resolve).detail


def test_jsonpath_criteria_hold_when_the_query_selects_something() -> None:
    def criterion(query: str) -> dict[str, Any]:
        return {"context": "$response.body", "type": "jsonpath", "condition": query}

    assert check(criterion("$.data[?@.level == 'error']"), resolve).passed
    assert not check(criterion("$.data[?@.level == 'warn']"), resolve).passed
    assert check(criterion("$[?@ == 'queued']"), resolve).passed
    assert not check(criterion("$.missing"), resolve).passed


def test_goessner_jsonpath_version_uses_the_non_strict_dialect() -> None:
    criterion = {
        "context": "$response.body",
        "type": {"type": "jsonpath", "version": "draft-goessner-dispatch-jsonpath-00"},
        "condition": "$.data[?(@.level == 'error')]",
    }
    assert check(criterion, resolve).passed


SEED_RUNNING = {
    "context": "$response.body",
    "type": "jsonpath",
    "condition": '$.status == "validating_files" || $.status == "queued" || $.status == "running"',
}


def test_seed_jsonpath_comparisons_run_only_in_lenient_mode() -> None:
    lenient = check(SEED_RUNNING, resolve, lenient=True)
    assert lenient.passed
    assert lenient.lenient_form
    strict = check(SEED_RUNNING, resolve, lenient=False)
    assert not strict.passed
    assert "not an RFC 9535 JSONPath query" in strict.detail
    done = dict(SEED_RUNNING, condition='$.status == "succeeded"')
    assert not check(done, resolve).passed


def test_suggestions_for_the_seed_form() -> None:
    assert seed_jsonpath_suggestion(SEED_RUNNING["condition"], "$response.body") == (
        "context: $response.body#/status, type: regex, condition: ^(validating_files|queued|running)$"
    )
    assert seed_jsonpath_suggestion('$.a.b == "x" && $.c != 2', "$response.body#/job") == (
        "condition: $response.body#/job/a/b == 'x' && $response.body#/job/c != 2"
    )
    assert seed_jsonpath_suggestion("$..[?", "$response.body") is None
