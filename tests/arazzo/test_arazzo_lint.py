"""Semantic checks: ids, targets, operations, references, and the lenient-only forms."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from openai_finetunes.arazzo import LintMessage, lint
from tests.arazzo.conftest import WORKFLOWS

Write = Callable[[str], Path]


def codes(messages: list[LintMessage], severity: str | None = None) -> list[str]:
    return [m.code for m in messages if severity is None or m.severity == severity]


def only(messages: list[LintMessage], code: str) -> LintMessage:
    found = [m for m in messages if m.code == code]
    assert len(found) == 1, messages
    return found[0]


GOOD = """\
workflows:
  - workflowId: w
    inputs:
      type: object
      properties:
        id: {type: string}
    steps:
      - stepId: read
        operationId: getItem
        parameters:
          - {name: item_id, in: path, value: $inputs.id}
        successCriteria:
          - condition: $statusCode == 200
        outputs:
          name: $response.body#/name
    outputs:
      name: $steps.read.outputs.name
"""


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.arazzo.yaml")), ids=lambda p: p.name)
def test_the_project_documents_lint_clean_even_in_strict_mode(path: Path) -> None:
    assert lint(path, strict=True) == []


def test_a_clean_document_has_no_messages(write_doc: Write) -> None:
    assert lint(write_doc(GOOD)) == []


def test_duplicate_ids(write_doc: Write) -> None:
    text = GOOD.replace(
        "        outputs:\n          name",
        "      - stepId: read\n        operationId: getItem\n        parameters:\n          - {name: item_id, in: path, value: '1'}\n        outputs:\n          name",
    )
    text += text.replace("workflows:\n", "")
    messages = lint(write_doc(text))
    duplicates = [m.message for m in messages if m.code == "duplicate-id"]
    assert "stepId 'read' is used twice in workflow 'w'" in duplicates
    assert "workflowId 'w' is used twice" in duplicates


def test_targets_of_actions_and_dependencies_must_exist(write_doc: Write) -> None:
    text = GOOD.replace(
        "        outputs:\n          name: $response",
        "        onSuccess:\n"
        "          - {name: a, type: goto, stepId: nowhere}\n"
        "          - {name: b, type: goto, workflowId: nothing}\n"
        "        onFailure:\n"
        "          - {name: c, type: retry, retryAfter: 1, stepId: nowhere2}\n"
        "        outputs:\n          name: $response",
    ).replace("    steps:", "    dependsOn: [ghost]\n    steps:")
    messages = lint(write_doc(text))
    assert codes(messages, "error") == [
        "unknown-workflow",
        "unknown-step",
        "unknown-workflow",
        "unknown-step",
    ]
    assert "goes to step 'nowhere'" in messages[1].message


def test_operations_must_exist_in_the_source_description(write_doc: Write) -> None:
    messages = lint(write_doc(GOOD.replace("operationId: getItem", "operationId: getThing")))
    message = only(messages, "unknown-operation")
    assert message.message == "operationId 'getThing' is not in the source descriptions"
    assert message.line == 13


@pytest.mark.parametrize(
    ("operation_path", "problem"),
    [
        ("'{$sourceDescriptions.api.url}#/paths/~1items~1{item_id}/get'", None),
        (
            "'{$sourceDescriptions.api.url}#/paths/~1items~1{item_id}/delete'",
            "no DELETE /items/{item_id}",
        ),
        ("'{$sourceDescriptions.other.url}#/paths/~1items/get'", "names no source description"),
        ("'{$sourceDescriptions.api.url}#/components/x'", "#/paths/<path>/<method>"),
    ],
)
def test_operation_paths_are_resolved(
    write_doc: Write, operation_path: str, problem: str | None
) -> None:
    messages = lint(
        write_doc(GOOD.replace("operationId: getItem", f"operationPath: {operation_path}"))
    )
    if problem is None:
        assert messages == []
    else:
        assert problem in only(messages, "unknown-operation").message


def test_qualified_operation_ids(write_doc: Write) -> None:
    assert lint(write_doc(GOOD.replace("getItem", "$sourceDescriptions.api.getItem"))) == []
    messages = lint(write_doc(GOOD.replace("getItem", "$sourceDescriptions.nope.getItem")))
    assert "source description 'nope'" in only(messages, "unknown-operation").message


def test_references_to_steps_workflows_and_components_must_exist(write_doc: Write) -> None:
    text = GOOD.replace("$steps.read.outputs.name", "$steps.reed.outputs.name") + (
        "      other: $workflows.ghost.outputs.x\n"
        "      part: $components.parameters.ghost\n"
        "      src: $sourceDescriptions.ghost.url\n"
    )
    messages = lint(write_doc(text))
    refs = [m for m in messages if m.code == "unknown-reference"]
    assert [m.line for m in refs] == [21, 22, 23, 24]
    assert "refers to step 'reed', which is not in this workflow" in refs[0].message


def test_outputs_must_be_runtime_expressions(write_doc: Write) -> None:
    messages = lint(write_doc(GOOD.replace("$steps.read.outputs.name", "name")))
    assert "must start with '$'" in only(messages, "bad-expression").message


def test_path_parameters_must_match_the_template(write_doc: Write) -> None:
    messages = lint(write_doc(GOOD.replace("{name: item_id, in: path", "{name: id, in: path")))
    assert codes(messages, "error") == ["missing-path-parameter", "unknown-parameter"]
    assert "needs path parameter 'item_id'" in messages[0].message


def test_duplicate_parameters(write_doc: Write) -> None:
    text = GOOD.replace(
        "          - {name: item_id, in: path, value: $inputs.id}\n",
        "          - {name: item_id, in: path, value: $inputs.id}\n"
        "          - {name: X-A, in: header, value: '1'}\n"
        "          - {name: x-a, in: header, value: '2'}\n",
    )
    assert (
        "'x-a' in header is given twice"
        in only(lint(write_doc(text)), "duplicate-parameter").message
    )


def test_components_references_are_resolved(write_doc: Write) -> None:
    text = (
        GOOD.replace(
            "          - {name: item_id, in: path, value: $inputs.id}\n",
            "          - reference: $components.parameters.itemId\n            value: $inputs.id\n",
        )
        + "components:\n  parameters:\n    itemId: {name: item_id, in: path, value: 'x'}\n"
    )
    assert lint(write_doc(text)) == []
    broken = text.replace(
        "reference: $components.parameters.itemId", "reference: $components.parameters.nope"
    )
    messages = lint(write_doc(broken))
    assert sorted(codes(messages, "error")) == ["missing-path-parameter", "unknown-component"]


def test_bare_expressions_are_warnings_with_the_braced_form(write_doc: Write) -> None:
    text = GOOD.replace(
        "          - {name: item_id, in: path, value: $inputs.id}\n",
        "          - {name: item_id, in: path, value: $inputs.id}\n"
        "          - {name: Authorization, in: header, value: 'Bearer $inputs.id'}\n",
    )
    message = only(lint(write_doc(text)), "bare-expression")
    assert (message.line, message.severity) == (16, "warning")
    assert message.suggestion == "Bearer {$inputs.id}"
    assert "literal text under Arazzo 1.0.1" in message.message
    assert only(lint(write_doc(text), strict=True), "bare-expression").severity == "error"


def test_jsonpath_conditions_must_be_rfc_9535(write_doc: Write) -> None:
    def document(condition: str) -> Path:
        criterion = "          - {context: $response.body, type: jsonpath, condition: %s}\n"
        text = GOOD.replace(
            "          - condition: $statusCode == 200\n", criterion % json.dumps(condition)
        )
        return write_doc(text)

    assert lint(document("$[?@.name == 'x']")) == []
    seed_form = only(lint(document('$.name == "x"')), "jsonpath-comparison")
    assert seed_form.severity == "warning"
    assert seed_form.suggestion == "condition: $response.body#/name == 'x'"
    strict = lint(document('$.name == "x"'), strict=True)
    assert only(strict, "jsonpath-comparison").severity == "error"
    assert only(lint(document("$[?")), "invalid-condition").severity == "error"


@pytest.mark.parametrize(
    ("criterion", "fragment"),
    [
        ("{condition: '$statusCode = 200'}", "unexpected"),
        ("{condition: '$response.body.name == 1'}", "$response.body#/name"),
        ("{context: $statusCode, type: regex, condition: '('}", "not a valid regular expression"),
    ],
)
def test_invalid_conditions(write_doc: Write, criterion: str, fragment: str) -> None:
    text = GOOD.replace("          - condition: $statusCode == 200\n", f"          - {criterion}\n")
    assert fragment in only(lint(write_doc(text)), "invalid-condition").message


def test_xpath_is_reported_as_unsupported(write_doc: Write) -> None:
    text = GOOD.replace(
        "          - condition: $statusCode == 200\n",
        "          - {context: $response.body, type: xpath, condition: /a}\n",
    )
    assert only(lint(write_doc(text)), "unsupported-criterion").severity == "warning"


def test_undeclared_inputs_and_unusual_ids_are_warnings(write_doc: Write) -> None:
    text = GOOD.replace("value: $inputs.id", "value: $inputs.idd").replace(
        "stepId: read", "stepId: read item"
    )
    text = text.replace("$steps.read.outputs", "$steps.read item.outputs")
    messages = lint(write_doc(text))
    assert sorted(codes(messages, "warning")) == ["id-pattern", "unknown-input"]


def test_unreadable_source_falls_back_to_the_bundled_operations(write_doc: Write) -> None:
    text = GOOD.replace("operationId: getItem", "operationId: retrieveFineTuningJob").replace(
        "name: item_id", "name: fine_tuning_job_id"
    )
    path = write_doc(text)
    (path.parent / "spec.yaml").unlink()
    message = only(lint(path), "unresolved-source")
    assert (message.severity, message.line) == ("warning", 4)
    assert "openai_finetunes._facts.OPERATIONS" in message.message
    assert codes(lint(path, strict=True), "error") == ["unresolved-source"]
    unknown = write_doc(GOOD)  # getItem is not a fine-tuning operation
    (unknown.parent / "spec.yaml").unlink()
    assert "unknown-operation" in codes(lint(unknown), "error")


def test_fall_through_and_goto_loops_are_pointed_out(write_doc: Write) -> None:
    text = GOOD.replace(
        "        outputs:\n          name: $response",
        "        onSuccess:\n"
        "          - name: again\n"
        "            type: goto\n"
        "            stepId: read\n"
        "            criteria: [{condition: $statusCode == 202}]\n"
        "        outputs:\n          name: $response",
    ).replace(
        "    outputs:\n      name: $steps",
        "      - stepId: next\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
        "    outputs:\n      name: $steps",
    )
    messages = lint(write_doc(text))
    assert codes(messages) == ["fall-through", "goto-loop"]
    assert all(m.severity == "info" for m in messages)
    assert "continues with the next step 'next'" in messages[0].message


def test_unreadable_documents_are_reported_not_raised(tmp_path: Path) -> None:
    missing = lint(tmp_path / "nope.yaml")
    assert codes(missing) == ["syntax"]
    broken = tmp_path / "broken.yaml"
    broken.write_text("arazzo: 1.0.1\ninfo: [\n")
    (message,) = lint(broken)
    assert (message.code, message.line) == ("syntax", 3)
    duplicate = tmp_path / "dup.yaml"
    duplicate.write_text("arazzo: 1.0.1\narazzo: 1.0.0\n")
    assert only(lint(duplicate), "duplicate-key").line == 2
