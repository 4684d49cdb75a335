"""Run an Arazzo workflow against the API, through the project's configured client."""

from __future__ import annotations

import email.utils
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import httpx

from .._exceptions import APIError
from ._components import effective_actions, effective_parameters
from ._criteria import Outcome, check
from ._deps import require
from ._expressions import MISSING, Expression, ExpressionError, Scope, evaluate, evaluate_value
from ._lint import Analysis, analyse, inputs_schema
from ._loader import Document, load
from ._request import RequestError, prepare, send
from ._types import DocumentError, InputError, StepRecord, WorkflowResult

if TYPE_CHECKING:
    from ..client import AuthenticatedClient, Client

__all__ = ["DEFAULT_MAX_STEPS", "DEFAULT_POLL_INTERVAL", "DEFAULT_TIMEOUT", "run"]

#: Seconds to wait before running a step again that already ran (a poll).
DEFAULT_POLL_INTERVAL: Final = 5.0
#: Step executions per run, across nested workflows.
DEFAULT_MAX_STEPS: Final = 1000
#: Seconds a run may take in total.
DEFAULT_TIMEOUT: Final = 2 * 60 * 60.0
_MAX_DEPTH: Final = 32
_INPUT_REFERENCE: Final = re.compile(r"\$inputs\.([A-Za-z0-9_\-]+)")


def run(
    document: str | os.PathLike[str] | Document,
    inputs: Mapping[str, Any] | None = None,
    *,
    client: AuthenticatedClient | Client,
    workflow_id: str | None = None,
    base_url: str | None = None,
    strict: bool = False,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    max_steps: int = DEFAULT_MAX_STEPS,
    timeout: float | None = DEFAULT_TIMEOUT,
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    on_step: Callable[[StepRecord], object] | None = None,
) -> WorkflowResult:
    """Run a workflow of an Arazzo document and return its outputs.

    Requests go through ``client.get_httpx_client()``: the client's base URL (unless
    ``base_url`` is given), API key, retries and timeouts apply. A step's own
    ``Authorization`` header parameter replaces the client's key.

    ``inputs`` may hold `pathlib.Path` or bytes values for multipart file fields. The first
    workflow runs unless ``workflow_id`` names another. ``poll_interval`` is the wait before a
    step that already ran is run again by ``goto`` (a ``retry`` waits its ``retryAfter``, or
    the response's ``Retry-After``). ``sleep``/``clock`` are injectable for tests.

    Raises `DocumentError` when lint finds errors (in strict mode, also the seed documents'
    lenient forms) and `InputError` when ``inputs`` do not match the workflow's schema. A
    workflow that fails returns ``succeeded=False`` with ``error`` set.

    >>> from openai_finetunes import connect
    >>> from openai_finetunes.arazzo import run
    >>> result = run("workflows/cancel-fine-tuning-job.arazzo.yaml",
    ...              {"jobId": "ftjob-abc"}, client=connect())  # doctest: +SKIP
    >>> result.succeeded, result.outputs["finalStatus"]  # doctest: +SKIP
    (True, 'cancelled')
    """
    doc = load(document)
    analysis = analyse(doc, strict=strict)
    if analysis.errors:
        where = str(doc.path) if doc.path else "the document"
        raise DocumentError(f"{where} is not a runnable Arazzo document", analysis.messages)
    workflows = doc.workflows
    if workflow_id is None:
        workflow_id = str(workflows[0].get("workflowId"))
    elif doc.workflow(workflow_id) is None:
        known = ", ".join(str(w.get("workflowId")) for w in workflows)
        raise InputError(f"no workflow {workflow_id!r} in the document (it has: {known})")
    if max_steps < 1:
        raise ValueError("max_steps must be at least 1")
    http = client.get_httpx_client()
    execution = _Execution(
        analysis,
        http,
        base_url=base_url or str(http.base_url),
        options=_Options(poll_interval, max_steps, timeout, sleep, clock, on_step),
    )
    checked = check_inputs(doc, _workflow(doc, workflow_id), inputs or {})
    outcome = execution.run_workflow(workflow_id, checked, depth=0)
    return WorkflowResult(
        workflow_id=workflow_id,
        outputs=outcome.outputs,
        succeeded=outcome.succeeded,
        steps=tuple(execution.records),
        error=outcome.error,
        warnings=tuple(m for m in analysis.messages if m.severity == "warning"),
    )


def _workflow(document: Document, workflow_id: str) -> dict[str, Any]:
    workflow = document.workflow(workflow_id)
    assert workflow is not None  # lint checked every reference
    return workflow


def _strings(value: Any, header: str | None = None) -> Iterator[tuple[str | None, str]]:
    """Every string in ``value`` with the header parameter it is the value of (if any)."""
    if isinstance(value, str):
        yield header, value
    elif isinstance(value, Mapping):
        if value.get("in") == "header" and isinstance(value.get("name"), str):
            for _, text in _strings(value.get("value")):
                yield value["name"].lower(), text
            for key, item in value.items():
                if key != "value":
                    yield from _strings(item)
            return
        for item in value.values():
            yield from _strings(item, header)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, header)


def credential_inputs(workflow: Mapping[str, Any]) -> set[str]:
    """Inputs used only inside ``Authorization`` header values: the client's key stands in.

    >>> step = {"parameters": [{"name": "Authorization", "in": "header",
    ...                         "value": "Bearer {$inputs.apiKey}"}]}
    >>> sorted(credential_inputs({"steps": [step], "outputs": {"m": "$inputs.model"}}))
    ['apiKey']
    """
    in_auth: set[str] = set()
    elsewhere: set[str] = set()
    for header, text in _strings({k: v for k, v in workflow.items() if k != "inputs"}):
        names = set(_INPUT_REFERENCE.findall(text))
        (in_auth if header == "authorization" else elsewhere).update(names)
    return in_auth - elsewhere


def _placeholder(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | os.PathLike) or hasattr(value, "read"):
        return os.fspath(value) if isinstance(value, os.PathLike) else "<bytes>"
    return value


def check_inputs(
    document: Document, workflow: Mapping[str, Any], inputs: Mapping[str, Any]
) -> dict[str, Any]:
    """Validate ``inputs`` against the workflow's inputs schema; raise `InputError`.

    A required input used only in ``Authorization`` headers may be left out: the client's
    API key is used instead. Files (paths, bytes) count as strings.
    """
    schema = dict(inputs_schema(document, workflow))
    if not schema:
        return dict(inputs)
    credentials = credential_inputs(workflow)
    if isinstance(schema.get("required"), list):
        schema["required"] = [
            r for r in schema["required"] if not (r in credentials and r not in inputs)
        ]
    components = document.data.get("components")
    if isinstance(components, Mapping):
        schema.setdefault("components", components)
    jsonschema = require("jsonschema")
    validator = jsonschema.Draft202012Validator(schema)
    values = {k: _placeholder(v) for k, v in inputs.items()}
    problems = sorted(
        validator.iter_errors(values), key=lambda e: (list(map(str, e.path)), e.message)
    )
    if problems:
        lines = "".join(
            f"\n  {'/'.join(map(str, e.path)) or 'inputs'}: {e.message}" for e in problems
        )
        raise InputError(f"inputs of workflow {workflow.get('workflowId')!r} are invalid:{lines}")
    return dict(inputs)


@attrs.frozen
class _Options:
    poll_interval: float
    max_steps: int
    timeout: float | None
    sleep: Callable[[float], object]
    clock: Callable[[], float]
    on_step: Callable[[StepRecord], object] | None


@attrs.frozen
class _Outcome:
    succeeded: bool
    outputs: dict[str, Any]
    error: str | None = None


class _Stop(Exception):
    """The run must stop: max steps, timeout, or nesting too deep."""


class _Outputs(Mapping[str, Any]):
    """A workflow's outputs, evaluated when read (so ``$outputs.x`` works mid-run)."""

    def __init__(self, expressions: Mapping[str, Any], scope: Callable[[], Scope]) -> None:
        self._expressions = expressions
        self._scope = scope
        self._busy: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        if name not in self._expressions or name in self._busy:
            raise KeyError(name)
        self._busy.add(name)
        try:
            return _evaluate_output(self._expressions[name], self._scope())
        finally:
            self._busy.discard(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._expressions)

    def __len__(self) -> int:
        return len(self._expressions)

    def snapshot(self) -> dict[str, Any]:
        return {name: _json(self.get(name, None)) for name in self._expressions}


def _evaluate_output(expression: Any, scope: Scope) -> Any:
    try:
        return evaluate(str(expression), scope)
    except ExpressionError:
        return MISSING


def _json(value: Any) -> Any:
    return None if value is MISSING else value


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Execution:
    def __init__(
        self, analysis: Analysis, http: httpx.Client, *, base_url: str, options: _Options
    ) -> None:
        self.analysis = analysis
        self.document = analysis.document
        self.lenient = not analysis.strict
        self.http = http
        self.base_url = base_url
        self.options = options
        components = self.document.data.get("components")
        self.components: Mapping[str, Any] = components if isinstance(components, Mapping) else {}
        self.sources = {
            str(s.get("name")): s
            for s in self.document.data.get("sourceDescriptions") or []
            if isinstance(s, Mapping)
        }
        self.workflows: dict[str, dict[str, Any]] = {}
        self.records: list[StepRecord] = []
        self.count = 0
        self.deadline = options.clock() + options.timeout if options.timeout is not None else None

    # -- limits and waiting

    def tick(self) -> None:
        self.count += 1
        if self.count > self.options.max_steps:
            raise _Stop(f"stopped after {self.options.max_steps} step executions (max_steps)")
        if self.deadline is not None and self.options.clock() >= self.deadline:
            raise _Stop(f"timed out after {self.options.timeout:g} s")

    def wait(self, seconds: float) -> None:
        if seconds <= 0:
            return
        if self.deadline is not None and self.options.clock() + seconds > self.deadline:
            raise _Stop(
                f"timed out: the next attempt, due in {seconds:g} s, would pass the "
                f"{self.options.timeout:g} s timeout"
            )
        self.options.sleep(seconds)

    # -- workflows

    def run_workflow(self, workflow_id: str, inputs: dict[str, Any], *, depth: int) -> _Outcome:
        workflow = _workflow(self.document, workflow_id)
        wi = self.document.workflow_index(workflow_id)
        assert wi is not None
        state: dict[str, Any] = {"inputs": inputs, "outputs": {}}
        self.workflows[workflow_id] = state
        step_outputs: dict[str, dict[str, Any]] = {}
        outputs = _Outputs(workflow.get("outputs") or {}, lambda: scope())

        def scope() -> Scope:
            return Scope(
                inputs=inputs,
                steps=step_outputs,
                workflows=self.workflows,
                outputs=outputs,
                source_descriptions=self.sources,
                components=self.components,
                lenient=self.lenient,
            )

        def finish(succeeded: bool, error: str | None = None) -> _Outcome:
            state["outputs"] = outputs.snapshot()
            state["succeeded"] = succeeded
            return _Outcome(succeeded, state["outputs"], error)

        try:
            if depth > _MAX_DEPTH:
                raise _Stop(f"workflows nest deeper than {_MAX_DEPTH} levels")
            for dependency in workflow.get("dependsOn") or []:
                done = self.workflows.get(dependency, {}).get("succeeded")
                if not done:
                    outcome = self.run_nested(dependency, inputs, depth)
                    if not outcome.succeeded:
                        return finish(False, f"dependency {dependency!r} failed: {outcome.error}")
            return self.run_steps(wi, workflow, scope, step_outputs, finish, depth)
        except _Stop as stop:
            outcome = finish(False, str(stop))
            if depth == 0:
                return outcome
            raise

    def run_nested(self, workflow_id: str, inputs: Mapping[str, Any], depth: int) -> _Outcome:
        try:
            checked = check_inputs(self.document, _workflow(self.document, workflow_id), inputs)
        except InputError as exc:
            return _Outcome(False, {}, str(exc))
        return self.run_workflow(workflow_id, checked, depth=depth + 1)

    def run_steps(
        self,
        wi: int,
        workflow: Mapping[str, Any],
        scope: Callable[[], Scope],
        step_outputs: dict[str, dict[str, Any]],
        finish: Callable[[bool, str | None], _Outcome],
        depth: int,
    ) -> _Outcome:
        steps = [s for s in workflow.get("steps") or [] if isinstance(s, Mapping)]
        index = {str(s.get("stepId")): i for i, s in enumerate(steps)}
        ran: set[str] = set()
        retries: dict[str, int] = {}
        pending_delay: float | None = None
        i = 0
        while i < len(steps):
            step = steps[i]
            step_id = str(step.get("stepId"))
            self.tick()
            delay = pending_delay if pending_delay is not None else 0.0
            if pending_delay is None and step_id in ran:
                delay = self.options.poll_interval
            self.wait(delay)
            pending_delay = None
            ran.add(step_id)
            result = self.execute(wi, i, workflow, step, scope(), depth)
            step_outputs[step_id] = result.outputs
            actions = effective_actions(workflow, step, self.components, success=result.succeeded)
            action = self.choose(actions, result.scope)
            self.record(result, action)
            name = action.get("name") if action else None
            kind = action.get("type") if action else None
            if result.succeeded:
                retries.pop(step_id, None)
                if action is None:
                    i += 1
                elif kind == "end":
                    return finish(True, None)
            else:
                failure = f"step {step_id!r} failed: {result.reason}"
                if action is None:
                    return finish(False, failure)
                if kind == "end":
                    return finish(False, f"{failure}; action {name!r} ended the workflow")
                if kind == "retry":
                    attempts = retries.get(step_id, 0)
                    limit = int(action.get("retryLimit", 1))
                    if attempts >= limit:
                        return finish(False, f"{failure} (after {attempts} retries, the limit)")
                    retries[step_id] = attempts + 1
                    header = (
                        _retry_after(result.scope.exchange.response_headers)
                        if result.scope.exchange is not None
                        else None
                    )
                    after = action.get("retryAfter")
                    pending_delay = (
                        header
                        if header is not None
                        else float(after)
                        if after is not None
                        else self.options.poll_interval
                    )
                    if action.get("workflowId") is not None:
                        outcome = self.run_nested(str(action["workflowId"]), scope().inputs, depth)
                        if not outcome.succeeded:
                            return finish(False, f"{failure}; {outcome.error}")
                    if action.get("stepId") is not None:
                        i = index[str(action["stepId"])]
                    continue
            if action is not None and kind == "goto":
                if action.get("workflowId") is not None:
                    target = str(action["workflowId"])
                    outcome = self.run_nested(target, scope().inputs, depth)
                    error = (
                        None
                        if outcome.succeeded
                        else f"workflow {target!r} failed: {outcome.error}"
                    )
                    return finish(outcome.succeeded, error)
                i = index[str(action["stepId"])]
        return finish(True, None)

    def choose(self, actions: list[dict[str, Any]], scope: Scope) -> dict[str, Any] | None:
        """The first action whose criteria all hold."""
        for action in actions:
            criteria = action.get("criteria") or []
            if all(self.check(c, scope).passed for c in criteria):
                return action
        return None

    def check(self, criterion: Mapping[str, Any], scope: Scope) -> Outcome:
        def resolve(expression: Expression) -> Any:
            try:
                return evaluate(expression, scope)
            except ExpressionError:
                return MISSING

        return check(criterion, resolve, lenient=self.lenient)

    # -- steps

    def execute(
        self,
        wi: int,
        si: int,
        workflow: Mapping[str, Any],
        step: Mapping[str, Any],
        scope: Scope,
        depth: int,
    ) -> _StepResult:
        parameters = effective_parameters(workflow, step, self.components)
        step_id = str(step.get("stepId"))
        operation = self.analysis.operations.get((wi, si))
        if operation is None:  # a step that runs a workflow
            target = str(step.get("workflowId"))
            values = {
                str(p.get("name")): evaluate_value(p.get("value"), scope)
                for p in parameters
                if p.get("in") is None
            }
            outcome = self.run_nested(
                target, {k: v for k, v in values.items() if v is not MISSING}, depth
            )
            step_scope = attrs.evolve(scope, outputs=outcome.outputs)
            reason = None if outcome.succeeded else f"workflow {target!r} failed: {outcome.error}"
            return self.judge(step, step_id, None, target, step_scope, outcome.succeeded, reason)
        try:
            prepared = prepare(operation, parameters, step.get("requestBody"), scope, self.base_url)
        except (RequestError, ExpressionError) as exc:
            return _StepResult(step_id, operation.operation_id, None, scope, False, str(exc), {})
        response: httpx.Response | None = None
        error: str | None = None
        try:
            response = send(self.http, prepared)
        except (APIError, httpx.HTTPError, OSError) as exc:
            error = f"no response to {prepared.method} {prepared.url}: {exc}"
        step_scope = attrs.evolve(scope, exchange=prepared.exchange(response))
        return self.judge(
            step, step_id, operation.operation_id, None, step_scope, error is None, error
        )

    def judge(
        self,
        step: Mapping[str, Any],
        step_id: str,
        operation_id: str | None,
        workflow_id: str | None,
        scope: Scope,
        succeeded: bool,
        reason: str | None,
    ) -> _StepResult:
        """Apply successCriteria (default: a 2xx/3xx answer) and evaluate the step's outputs."""
        exchange = scope.exchange
        if succeeded:
            criteria = step.get("successCriteria") or []
            for criterion in criteria:
                outcome = self.check(criterion, scope)
                if not outcome.passed:
                    succeeded, reason = False, f"successCriteria not met: {outcome.detail}"
                    break
            if not criteria and exchange is not None and (exchange.status_code or 0) >= 400:
                succeeded, reason = False, f"HTTP {exchange.status_code}"
            if not succeeded and exchange is not None:
                reason = f"{reason}{_api_message(exchange.response_body, exchange.status_code)}"
        outputs = {
            str(name): _json(_evaluate_output(value, scope))
            for name, value in (step.get("outputs") or {}).items()
        }
        return _StepResult(step_id, operation_id, workflow_id, scope, succeeded, reason, outputs)

    def record(self, result: _StepResult, action: Mapping[str, Any] | None) -> None:
        exchange = result.scope.exchange
        record = StepRecord(
            step_id=result.step_id,
            operation_id=result.operation_id,
            workflow_id=result.workflow_id,
            method=exchange.method if exchange else None,
            url=exchange.url if exchange else None,
            status_code=exchange.status_code if exchange else None,
            succeeded=result.succeeded,
            outputs=result.outputs,
            action=str(action.get("name")) if action else None,
        )
        self.records.append(record)
        if self.options.on_step is not None:
            self.options.on_step(record)


def _api_message(body: Any, status: int | None) -> str:
    error = body.get("error") if isinstance(body, Mapping) else None
    message = error.get("message") if isinstance(error, Mapping) else None
    if not isinstance(message, str) or not message:
        return ""
    return f" [HTTP {status}: {message}]" if (status or 0) >= 400 else f" (error: {message})"


@attrs.frozen
class _StepResult:
    step_id: str
    operation_id: str | None
    workflow_id: str | None
    scope: Scope
    succeeded: bool
    reason: str | None
    outputs: dict[str, Any]
