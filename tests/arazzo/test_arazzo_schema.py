"""The bundled Arazzo 1.0 JSON Schema and what it accepts and rejects."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

from openai_finetunes.arazzo._loader import Document, load
from openai_finetunes.arazzo._schema import SCHEMA_ID, arazzo_schema, schema_messages
from tests.arazzo.conftest import WORKFLOWS

MINIMAL: dict[str, Any] = {
    "arazzo": "1.0.1",
    "info": {"title": "t", "version": "1"},
    "sourceDescriptions": [{"name": "api", "url": "spec.yaml", "type": "openapi"}],
    "workflows": [
        {
            "workflowId": "w",
            "steps": [
                {
                    "stepId": "s",
                    "operationId": "getItem",
                    "parameters": [{"name": "item_id", "in": "path", "value": "1"}],
                    "successCriteria": [{"condition": "$statusCode == 200"}],
                }
            ],
        }
    ],
}


def test_the_schema_is_draft_2020_12_with_the_official_id_and_its_provenance() -> None:
    schema = arazzo_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID == "https://spec.openapis.org/arazzo/1.0/schema/2024-08-01"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "written by hand" in schema["$comment"]


def _messages(data: dict[str, Any]) -> list[str]:
    return [m.message for m in schema_messages(Document(data))]


def test_a_minimal_document_is_valid() -> None:
    assert _messages(MINIMAL) == []


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.arazzo.yaml")), ids=lambda p: p.name)
def test_the_project_documents_are_valid(path: Any) -> None:
    assert schema_messages(load(path)) == []


def _change(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    *parents, last = path.split("/")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is _DELETE:
        del target[int(last) if last.isdigit() else last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data


_DELETE = object()
STEP = "workflows/0/steps/0"


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("arazzo", "2.0.0", "does not match '^1\\\\.0\\\\.\\\\d+(-.+)?$'"),
        ("arazzo", "1.0", "does not match"),
        ("info/version", _DELETE, "'version' is a required property"),
        ("sourceDescriptions", [], "should be non-empty"),
        ("sourceDescriptions/0/name", "has space", "does not match"),
        ("sourceDescriptions/0/type", "asyncapi", "is not one of"),
        ("workflows/0/steps", [], "should be non-empty"),
        ("workflows/0/outputs", {"bad key!": "$inputs.x"}, "bad key!"),
        (f"{STEP}/operationId", _DELETE, "needs one of operationId, operationPath, workflowId"),
        (f"{STEP}/workflowId", "other", "only one of operationId, operationPath, workflowId"),
        (f"{STEP}/parameters", [{"name": "item_id", "value": "1"}], "'in' is a required property"),
        (f"{STEP}/parameters", [{"name": "x", "in": "body", "value": "1"}], "is not one of"),
        (
            f"{STEP}/successCriteria",
            [{"condition": "^2", "type": "regex"}],
            "'context' is a dependency",
        ),
        (
            f"{STEP}/successCriteria",
            [{"condition": "x", "context": "$statusCode", "type": "glob"}],
            "'glob' is not one of",
        ),
        (f"{STEP}/onSuccess", [{"name": "a", "type": "goto"}], "needs one of workflowId, stepId"),
        (f"{STEP}/onSuccess", [{"name": "a", "type": "retry"}], "is not one of"),
        (
            f"{STEP}/onFailure",
            [{"name": "a", "type": "retry", "retryAfter": -1}],
            "less than the minimum",
        ),
        (
            f"{STEP}/onFailure",
            [{"name": "a", "type": "retry", "retryLimit": 1.5}],
            "is not of type 'integer'",
        ),
        (
            f"{STEP}/onFailure",
            [{"name": "a", "type": "goto", "stepId": "s", "workflowId": "w"}],
            "only one of workflowId, stepId",
        ),
        (
            f"{STEP}/onFailure",
            [{"reference": "$components.failureActions.x", "name": "y"}],
            "'name' was unexpected",
        ),
        (f"{STEP}/unknown", 1, "Unevaluated properties are not allowed"),
    ],
)
def test_structural_errors_are_reported(path: str, value: Any, fragment: str) -> None:
    messages = _messages(_change(path, value))
    assert any(fragment in m for m in messages), messages


def test_extensions_and_reusable_objects_are_allowed() -> None:
    data = _change(f"{STEP}/x-note", "fine")
    data["x-generator"] = "me"
    data["components"] = {"parameters": {"id": {"name": "item_id", "in": "path", "value": "1"}}}
    data["workflows"][0]["steps"][0]["parameters"] = [
        {"reference": "$components.parameters.id", "value": "2"}
    ]
    data["workflows"][0]["steps"][0]["successCriteria"] = [
        {
            "context": "$response.body",
            "condition": "$.a",
            "type": {"type": "jsonpath", "version": "draft-goessner-dispatch-jsonpath-00"},
        }
    ]
    assert _messages(data) == []


def test_criterion_expression_type_versions_are_checked() -> None:
    data = _change(
        f"{STEP}/successCriteria",
        [
            {
                "context": "$response.body",
                "condition": "$",
                "type": {"type": "jsonpath", "version": "rfc9535"},
            }
        ],
    )
    assert _messages(data)


def test_schema_errors_carry_the_line_of_the_value(write_doc: Any) -> None:
    path = write_doc(
        "workflows:\n"
        "  - workflowId: w\n"
        "    steps:\n"
        "      - stepId: s\n"
        "        operationId: getItem\n"
        "        onFailure:\n"
        "          - name: again\n"
        "            type: retry\n"
        "            retryAfter: -5\n"
    )
    (message,) = schema_messages(load(path))
    assert message.line == 13
    assert message.pointer == "/workflows/0/steps/0/onFailure/0/retryAfter"
