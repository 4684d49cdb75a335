"""Result and error types of the Arazzo runner: lint messages, step records, workflow results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeAlias

import attrs

from .._exceptions import OpenAIFinetunesError

__all__ = [
    "ArazzoError",
    "DocumentError",
    "InputError",
    "LintMessage",
    "Severity",
    "StepRecord",
    "WorkflowResult",
]

Severity: TypeAlias = Literal["error", "warning", "info"]


@attrs.frozen(kw_only=True)
class LintMessage:
    """One finding about a document, with the line it is on (1-based) when known.

    >>> m = LintMessage(line=12, severity="warning", code="bare-expression",
    ...                 message="'$inputs.apiKey' inside a string is a literal",
    ...                 suggestion="Bearer {$inputs.apiKey}")
    >>> str(m)
    "line 12: warning [bare-expression] '$inputs.apiKey' inside a string is a literal (spec-correct: Bearer {$inputs.apiKey})"
    """

    line: int | None
    severity: Severity
    code: str
    message: str
    suggestion: str | None = None
    #: JSON Pointer of the offending value in the document ("" for the root).
    pointer: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "document"
        text = f"{where}: {self.severity} [{self.code}] {self.message}"
        if self.suggestion:
            text += f" (spec-correct: {self.suggestion})"
        return text


class ArazzoError(OpenAIFinetunesError):
    """Base class of the errors raised by `openai_finetunes.arazzo`."""


class DocumentError(ArazzoError, ValueError):
    """The document cannot be run: unreadable, or lint found errors (see ``messages``)."""

    def __init__(self, message: str, messages: Iterable[LintMessage] = ()) -> None:
        self.messages: tuple[LintMessage, ...] = tuple(messages)
        errors = [m for m in self.messages if m.severity == "error"]
        if errors:
            message += "".join(f"\n  {m}" for m in errors)
        super().__init__(message)


class InputError(ArazzoError, ValueError):
    """The workflow inputs do not match the workflow's ``inputs`` schema, or are malformed."""


@attrs.frozen(kw_only=True)
class StepRecord:
    """One execution of one step (a step that is polled or retried has one record per run)."""

    step_id: str
    #: The operation called, or None for a step that runs another workflow.
    operation_id: str | None
    #: The workflow run by a ``workflowId`` step.
    workflow_id: str | None = None
    method: str | None = None
    url: str | None = None
    #: None when no answer arrived (connection failure) or for a workflow step.
    status_code: int | None = None
    succeeded: bool = False
    outputs: Mapping[str, Any] = attrs.field(factory=dict)
    #: The name of the onSuccess/onFailure action taken, if any.
    action: str | None = None


@attrs.frozen(kw_only=True)
class WorkflowResult:
    """What a workflow run returned.

    ``outputs`` are evaluated even when the workflow failed, so that values such as a job's
    id and status are available; outputs whose step did not run are None.
    """

    workflow_id: str
    outputs: Mapping[str, Any]
    succeeded: bool
    steps: tuple[StepRecord, ...] = ()
    error: str | None = None
    #: Lenient-mode lint warnings about the document (empty for a clean document).
    warnings: tuple[LintMessage, ...] = ()
