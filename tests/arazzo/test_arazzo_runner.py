"""The runner, request by request, against pytest-httpx (no fake service, no sleeping)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from openai_finetunes import AuthenticatedClient
from openai_finetunes.arazzo import (
    DocumentError,
    InputError,
    MissingDependencyError,
    StepRecord,
    WorkflowResult,
    load,
    run,
)
from tests.conftest import API_KEY, BASE_URL

Write = Callable[[str], Path]


class Clock:
    """A clock that only moves when the runner sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def execute(client: AuthenticatedClient, clock: Clock) -> Callable[..., WorkflowResult]:
    def execute(path: Path, inputs: dict[str, Any] | None = None, **kwargs: Any) -> WorkflowResult:
        kwargs.setdefault("sleep", clock.sleep)
        kwargs.setdefault("clock", clock)
        return run(path, inputs, client=client, **kwargs)

    return execute


def one_step(step: str, *, inputs: str = "", outputs: str = "", extra: str = "") -> str:
    """A document with one workflow ``w``; ``step`` is the YAML of its steps (indented 6)."""
    text = "workflows:\n  - workflowId: w\n"
    if inputs:
        text += "    inputs:\n" + inputs
    text += "    steps:\n" + step
    if outputs:
        text += "    outputs:\n" + outputs
    return text + extra


ITEM = f"{BASE_URL}/items/1"


def test_parameters_in_path_query_header_and_cookie(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        url=f"{BASE_URL}/items/a%20b%2Fc?expand=owner&expand=tags",
        json={"name": "Widget"},
        headers={"x-request-id": "req_1"},
    )
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters:\n"
        "          - {name: item_id, in: path, value: $inputs.id}\n"
        "          - {name: expand, in: query, value: [owner, tags]}\n"
        "          - {name: X-Trace, in: header, value: 'trace-{$inputs.id}'}\n"
        "          - {name: session, in: cookie, value: s1}\n"
        "          - {name: theme, in: cookie, value: dark}\n"
        "        successCriteria:\n"
        "          - condition: $statusCode == 200 && $method == 'GET'\n"
        "        outputs:\n"
        "          name: $response.body#/name\n"
        "          requestId: $response.header.X-Request-Id\n"
        "          url: $url\n"
        "          id: $request.path.item_id\n"
        "          trace: $request.header.x-trace\n"
        "          expand: $request.query.expand\n",
        outputs="      name: $steps.read.outputs.name\n      all: $steps.read.outputs\n",
    )
    result = execute(write_doc(doc), {"id": "a b/c"})
    assert result.succeeded, result.error
    request = httpx_mock.get_request()
    assert request is not None
    assert request.headers["x-trace"] == "trace-a b/c"
    assert request.headers["cookie"] == "session=s1; theme=dark"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["openai-organization"] == "org-acme"  # the client's own headers
    assert result.outputs["name"] == "Widget"
    assert result.outputs["all"] == {
        "name": "Widget",
        "requestId": "req_1",
        "url": f"{BASE_URL}/items/a%20b%2Fc?expand=owner&expand=tags",
        "id": "a b/c",
        "trace": "trace-a b/c",
        "expand": "tags",
    }
    (record,) = result.steps
    assert record == StepRecord(
        step_id="read",
        operation_id="getItem",
        method="GET",
        url=f"{BASE_URL}/items/a%20b%2Fc?expand=owner&expand=tags",
        status_code=200,
        succeeded=True,
        outputs=record.outputs,
    )


def test_json_payload_with_expressions_and_replacements(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="PUT", url=ITEM, json={"ok": True})
    doc = one_step(
        "      - stepId: write\n"
        "        operationId: putItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
        "        requestBody:\n"
        "          contentType: application/json\n"
        "          payload:\n"
        "            name: $inputs.name\n"
        "            label: 'item {$inputs.name}'\n"
        "            tags: [a]\n"
        "            nested: {count: 1, absent: $inputs.nothing}\n"
        "          replacements:\n"
        "            - {target: /nested/count, value: $inputs.n}\n"
        "            - {target: /tags/-, value: b}\n"
        "        outputs:\n"
        "          sent: $request.body#/nested/count\n",
        outputs="      sent: $steps.write.outputs.sent\n",
    )
    result = execute(write_doc(doc), {"name": "W", "n": 5})
    assert result.succeeded, result.error
    request = httpx_mock.get_request()
    assert request is not None
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {
        "name": "W",
        "label": "item W",
        "tags": ["a", "b"],
        "nested": {"count": 5},
    }
    assert result.outputs == {"sent": 5}


def test_a_json_payload_written_as_text(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="PUT", url=ITEM)
    doc = one_step(
        "      - stepId: write\n"
        "        operationId: putItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
        "        requestBody:\n"
        '          payload: \'{"name": "{$inputs.name}", "n": {$inputs.n}}\'\n'
    )
    assert execute(write_doc(doc), {"name": "W", "n": 2}).succeeded
    request = httpx_mock.get_request()
    assert request is not None
    assert json.loads(request.content) == {"name": "W", "n": 2}


def test_form_and_text_bodies(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/forms")
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/notes")
    doc = one_step(
        "      - stepId: form\n"
        "        operationId: postForm\n"
        "        requestBody:\n"
        "          payload: {a: 1, b: [x, y], flag: true}\n"
        "      - stepId: note\n"
        "        operationId: postNote\n"
        "        requestBody:\n"
        "          contentType: text/plain\n"
        "          payload: hello {$inputs.name}\n"
    )
    assert execute(write_doc(doc), {"name": "W"}).succeeded
    form, note = httpx_mock.get_requests()
    assert form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form.content == b"a=1&b=x&b=y&flag=true"
    assert note.headers["content-type"] == "text/plain"
    assert note.content == b"hello W"


def test_multipart_payload_with_a_file_path_and_bytes(
    write_doc: Write,
    execute: Callable[..., WorkflowResult],
    httpx_mock: HTTPXMock,
    training_file: Path,
) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/uploads", json={"id": "file-1"})
    httpx_mock.add_response(method="POST", url=f"{BASE_URL}/uploads", json={"id": "file-2"})
    doc = one_step(
        "      - stepId: up\n"
        "        operationId: upload\n"
        "        requestBody:\n"
        "          contentType: multipart/form-data\n"
        "          payload: {file: $inputs.data, purpose: fine-tune}\n"
        "        outputs: {sent: $request.body}\n"
        "      - stepId: fields\n"
        "        operationId: upload\n"
        "        requestBody:\n"
        "          payload: {file: $inputs.raw, note: only fields}\n",
        outputs="      sent: $steps.up.outputs.sent\n",
    )
    result = execute(write_doc(doc), {"data": training_file, "raw": b"{}\n"})
    assert result.succeeded, result.error
    assert result.outputs == {"sent": {"file": "train.jsonl", "purpose": "fine-tune"}}
    first, second = httpx_mock.get_requests()
    assert first.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="train.jsonl"' in first.content
    assert training_file.read_bytes() in first.content
    assert b'name="purpose"\r\n\r\nfine-tune' in first.content
    assert b'name="file"; filename="data.jsonl"' in second.content


def test_an_authorization_parameter_replaces_the_client_key_unless_its_input_is_absent(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=ITEM, is_reusable=True)
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters:\n"
        "          - {name: item_id, in: path, value: '1'}\n"
        "          - {name: Authorization, in: header, value: 'Bearer {$inputs.apiKey}'}\n",
        inputs="      type: object\n      required: [apiKey]\n"
        "      properties: {apiKey: {type: string}}\n",
    )
    path = write_doc(doc)
    assert execute(path, {"apiKey": "sk-from-input"}).succeeded
    assert execute(path).succeeded  # required, but only used for Authorization
    with_key, without = httpx_mock.get_requests()
    assert with_key.headers["authorization"] == "Bearer sk-from-input"
    assert without.headers["authorization"] == f"Bearer {API_KEY}"


def test_a_failed_criterion_fails_the_workflow_with_the_reason(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    body = {"error": {"message": "No such item", "type": "invalid_request_error"}, "id": "1"}
    httpx_mock.add_response(url=ITEM, status_code=404, json=body)
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
        "        successCriteria: [{condition: $statusCode == 200}]\n"
        "        outputs: {id: $response.body#/id}\n"
        "      - stepId: never\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '2'}]\n",
        outputs="      id: $steps.read.outputs.id\n      other: $steps.never.outputs\n",
    )
    result = execute(write_doc(doc))
    assert not result.succeeded
    assert result.error == (
        "step 'read' failed: successCriteria not met: $statusCode == 200 ($statusCode = 404)"
        " [HTTP 404: No such item]"
    )
    assert result.outputs == {"id": "1", "other": None}
    assert [r.succeeded for r in result.steps] == [False]


def test_without_criteria_an_error_status_fails_the_step(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=ITEM, status_code=500, text="oops")
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
    )
    result = execute(write_doc(doc))
    assert result.error == "step 'read' failed: HTTP 500"


POLL = one_step(
    "      - stepId: poll\n"
    "        operationId: getItem\n"
    "        parameters: [{name: item_id, in: path, value: '1'}]\n"
    "        successCriteria: [{condition: $statusCode == 200}]\n"
    "        outputs: {state: $response.body#/state}\n"
    "        onSuccess:\n"
    "          - name: done\n"
    "            type: end\n"
    "            criteria: [{condition: $response.body#/state == 'done'}]\n"
    "          - {name: again, type: goto, stepId: poll}\n"
    "      - stepId: unreachable\n"
    "        operationId: getItem\n"
    "        parameters: [{name: item_id, in: path, value: '2'}]\n",
    outputs="      state: $steps.poll.outputs.state\n",
)


def test_goto_to_a_step_that_ran_waits_the_poll_interval(
    write_doc: Write,
    execute: Callable[..., WorkflowResult],
    httpx_mock: HTTPXMock,
    clock: Clock,
) -> None:
    for state in ("queued", "running", "done"):
        httpx_mock.add_response(url=ITEM, json={"state": state})
    result = execute(write_doc(POLL), poll_interval=7.5)
    assert result.succeeded
    assert result.outputs == {"state": "done"}
    assert clock.sleeps == [7.5, 7.5]
    assert [r.action for r in result.steps] == ["again", "again", "done"]


def test_max_steps_and_timeout_bound_a_loop(
    write_doc: Write,
    execute: Callable[..., WorkflowResult],
    httpx_mock: HTTPXMock,
    clock: Clock,
) -> None:
    httpx_mock.add_response(url=ITEM, json={"state": "running"}, is_reusable=True)
    path = write_doc(POLL)
    bounded = execute(path, max_steps=4, timeout=None)
    assert not bounded.succeeded
    assert bounded.error == "stopped after 4 step executions (max_steps)"
    assert bounded.outputs == {"state": "running"}
    assert len(bounded.steps) == 4
    timed = execute(path, poll_interval=10, timeout=25)
    assert timed.error == "timed out: the next attempt, due in 10 s, would pass the 25 s timeout"
    assert len(timed.steps) == 3


def test_retry_waits_retry_after_and_a_retry_after_header_wins(
    write_doc: Write,
    execute: Callable[..., WorkflowResult],
    httpx_mock: HTTPXMock,
    clock: Clock,
) -> None:
    httpx_mock.add_response(url=ITEM, status_code=503)
    httpx_mock.add_response(url=ITEM, status_code=429, headers={"Retry-After": "7"})
    httpx_mock.add_response(url=ITEM, json={"ok": True})
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
        "        successCriteria: [{condition: $statusCode == 200}]\n"
        "        onFailure:\n"
        "          - {name: later, type: retry, retryAfter: 3, retryLimit: 2}\n"
    )
    result = execute(write_doc(doc))
    assert result.succeeded, result.error
    assert clock.sleeps == [3.0, 7.0]
    assert [r.status_code for r in result.steps] == [503, 429, 200]


def test_retry_gives_up_after_the_limit(
    write_doc: Write,
    execute: Callable[..., WorkflowResult],
    httpx_mock: HTTPXMock,
    clock: Clock,
) -> None:
    httpx_mock.add_response(url=ITEM, status_code=503, is_reusable=True)
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
        "        onFailure: [{name: once, type: retry}]\n"  # retryLimit defaults to 1
    )
    result = execute(write_doc(doc), poll_interval=2)
    assert result.error == "step 'read' failed: HTTP 503 (after 1 retries, the limit)"
    assert clock.sleeps == [2]


def test_workflow_level_parameters_and_actions_with_step_overrides(
    write_doc: Write,
    execute: Callable[..., WorkflowResult],
    httpx_mock: HTTPXMock,
    clock: Clock,
) -> None:
    httpx_mock.add_response(url=ITEM, status_code=503)
    httpx_mock.add_response(url=ITEM, json={"v": 1})
    httpx_mock.add_response(url=f"{BASE_URL}/items/2", json={"v": 2})
    doc = (
        "workflows:\n"
        "  - workflowId: w\n"
        "    parameters:\n"
        "      - {name: X-Team, in: header, value: core}\n"
        "      - {name: X-Env, in: header, value: test}\n"
        "    successActions:\n"
        "      - {name: stop, type: end, criteria: [{condition: $response.body#/v == 2}]}\n"
        "    failureActions:\n"
        "      - {name: again, type: retry, retryAfter: 1, retryLimit: 3}\n"
        "    steps:\n"
        "      - stepId: one\n"
        "        operationId: getItem\n"
        "        parameters:\n"
        "          - {name: item_id, in: path, value: '1'}\n"
        "          - {name: x-env, in: header, value: override}\n"
        "      - stepId: two\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '2'}]\n"
        "      - stepId: three\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '3'}]\n"
    )
    result = execute(write_doc(doc))
    assert result.succeeded, result.error
    assert [r.step_id for r in result.steps] == ["one", "one", "two"]
    assert [r.action for r in result.steps] == ["again", None, "stop"]
    first, _, second = httpx_mock.get_requests()
    assert (first.headers["x-team"], first.headers["x-env"]) == ("core", "override")
    assert (second.headers["x-team"], second.headers["x-env"]) == ("core", "test")
    assert clock.sleeps == [1.0]


def test_components_are_referenced_and_their_values_overridden(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=f"{BASE_URL}/items/7", status_code=500)
    httpx_mock.add_response(url=f"{BASE_URL}/items/7", json={})
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters:\n"
        "          - {reference: $components.parameters.item, value: '7'}\n"
        "        onFailure:\n"
        "          - reference: $components.failureActions.retryNow\n",
        outputs="      param: $components.parameters.item#/name\n"
        "      source: $sourceDescriptions.api.url\n",
        extra="components:\n"
        "  parameters:\n"
        "    item: {name: item_id, in: path, value: '1'}\n"
        "  failureActions:\n"
        "    retryNow: {name: retryNow, type: retry, retryAfter: 0}\n",
    )
    result = execute(write_doc(doc))
    assert result.succeeded, result.error
    assert result.outputs == {"param": "item_id", "source": "spec.yaml"}


def test_workflows_calling_workflows(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    for item, body in (("1", {"name": "base"}), ("base-x", {"v": 2}), ("3", {"v": 3})):
        httpx_mock.add_response(url=f"{BASE_URL}/items/{item}", json=body)
    doc = (
        "workflows:\n"
        "  - workflowId: main\n"
        "    dependsOn: [prepare]\n"
        "    steps:\n"
        "      - stepId: call\n"
        "        workflowId: child\n"
        "        parameters:\n"
        "          - {name: id, value: '{$workflows.prepare.outputs.name}-x'}\n"
        "        successCriteria: [{condition: $outputs.v == 2}]\n"
        "        outputs: {v: $outputs.v}\n"
        "        onSuccess: [{name: onwards, type: goto, workflowId: finale}]\n"
        "    outputs:\n"
        "      v: $steps.call.outputs.v\n"
        "      prepared: $workflows.prepare.outputs.name\n"
        "      last: $workflows.finale.outputs.v\n"
        "  - workflowId: prepare\n"
        "    steps:\n"
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
        "        outputs: {name: $response.body#/name}\n"
        "    outputs: {name: $steps.read.outputs.name}\n"
        "  - workflowId: child\n"
        "    inputs: {type: object, required: [id], properties: {id: {type: string}}}\n"
        "    steps:\n"
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: $inputs.id}]\n"
        "        outputs: {v: $response.body#/v}\n"
        "    outputs: {v: $steps.read.outputs.v}\n"
        "  - workflowId: finale\n"
        "    steps:\n"
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '3'}]\n"
        "        outputs: {v: $response.body#/v}\n"
        "    outputs: {v: $steps.read.outputs.v}\n"
    )
    result = execute(write_doc(doc))
    assert result.succeeded, result.error
    assert result.outputs == {"v": 2, "prepared": "base", "last": 3}
    assert [(r.step_id, r.workflow_id) for r in result.steps] == [
        ("read", None),
        ("read", None),
        ("call", "child"),
        ("read", None),
    ]


def test_outputs_of_the_running_workflow_are_visible_to_later_steps(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=ITEM, json={"next": "9"})
    httpx_mock.add_response(url=f"{BASE_URL}/items/9", json={})
    doc = one_step(
        "      - stepId: one\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
        "        outputs: {next: $response.body#/next}\n"
        "      - stepId: two\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: $outputs.following}]\n",
        outputs="      following: $steps.one.outputs.next\n",
    )
    assert execute(write_doc(doc)).succeeded


def test_a_connection_failure_fails_the_step(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"), url=ITEM)
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
    )
    result = execute(write_doc(doc))
    assert not result.succeeded
    assert result.error is not None
    assert result.error.startswith(f"step 'read' failed: no response to GET {ITEM}: ")
    assert result.steps[0].status_code is None


def test_base_url_override_and_step_callback(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url="http://127.0.0.1:9/v2/items/1")
    seen: list[StepRecord] = []
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
    )
    result = execute(write_doc(doc), base_url="http://127.0.0.1:9/v2/", on_step=seen.append)
    assert result.succeeded
    assert seen == list(result.steps)


def test_inputs_are_checked_against_the_schema(
    write_doc: Write, execute: Callable[..., WorkflowResult]
) -> None:
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: $inputs.id}]\n",
        inputs="      type: object\n      required: [id]\n"
        "      properties: {id: {type: string}, n: {type: integer}}\n",
    )
    path = write_doc(doc)
    with pytest.raises(InputError, match="'id' is a required property"):
        execute(path, {})
    with pytest.raises(InputError, match="n: 'x' is not of type 'integer'"):
        execute(path, {"id": "1", "n": "x"})
    with pytest.raises(InputError, match="no workflow 'other'"):
        execute(path, {"id": "1"}, workflow_id="other")


def test_lenient_forms_run_by_default_and_strict_mode_refuses_them(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=ITEM)
    doc = one_step(
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters:\n"
        "          - {name: item_id, in: path, value: '1'}\n"
        "          - {name: X-Who, in: header, value: 'user $inputs.who'}\n"
    )
    path = write_doc(doc)
    result = execute(path, {"who": "ann"})
    assert result.succeeded
    assert [w.code for w in result.warnings] == ["bare-expression"]
    request = httpx_mock.get_request()
    assert request is not None
    assert request.headers["x-who"] == "user ann"
    with pytest.raises(DocumentError, match=r"line 12: error \[bare-expression\]"):
        execute(path, {"who": "ann"}, strict=True)


def test_documents_with_errors_are_not_run(
    write_doc: Write, execute: Callable[..., WorkflowResult]
) -> None:
    doc = one_step("      - stepId: read\n        operationId: nothing\n")
    with pytest.raises(DocumentError) as raised:
        execute(write_doc(doc))
    assert [m.code for m in raised.value.messages] == ["unknown-operation"]


def test_a_missing_extra_names_the_install_command(
    write_doc: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_doc(one_step("      - stepId: s\n        operationId: getItem\n"))
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'openai-finetunes\[arazzo\]'"):
        load(path)


def test_retry_can_run_a_workflow_first_and_a_failed_dependency_stops_the_run(
    write_doc: Write, execute: Callable[..., WorkflowResult], httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=ITEM, status_code=401)
    httpx_mock.add_response(url=f"{BASE_URL}/items/login", json={"token": "t2"})
    httpx_mock.add_response(url=ITEM, json={"ok": True})
    doc = (
        "workflows:\n"
        "  - workflowId: main\n"
        "    steps:\n"
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters:\n"
        "          - {name: item_id, in: path, value: '1'}\n"
        "        successCriteria: [{condition: $statusCode == 200}]\n"
        "        onFailure:\n"
        "          - name: relogin\n"
        "            type: retry\n"
        "            retryAfter: 0\n"
        "            workflowId: login\n"
        "            criteria: [{condition: $statusCode == 401}]\n"
        "    outputs: {token: $workflows.login.outputs.token}\n"
        "  - workflowId: login\n"
        "    steps:\n"
        "      - stepId: auth\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: login}]\n"
        "        outputs: {token: $response.body#/token}\n"
        "    outputs: {token: $steps.auth.outputs.token}\n"
        "  - workflowId: needsLogin\n"
        "    dependsOn: [login]\n"
        "    steps:\n"
        "      - stepId: read\n"
        "        operationId: getItem\n"
        "        parameters: [{name: item_id, in: path, value: '1'}]\n"
    )
    path = write_doc(doc)
    result = execute(path)
    assert result.succeeded, result.error
    assert result.outputs == {"token": "t2"}
    assert [r.step_id for r in result.steps] == ["read", "auth", "read"]
    httpx_mock.add_response(url=f"{BASE_URL}/items/login", status_code=403)
    failed = execute(path, workflow_id="needsLogin")
    assert failed.error == "dependency 'login' failed: step 'auth' failed: HTTP 403"
