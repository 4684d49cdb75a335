"""The stored objects and how each renders as the API's JSON."""

from __future__ import annotations

from typing import Any, Final

import attrs

from openai_finetunes import _facts

from ._blob import Blob
from ._ids import IdFactory
from ._lifecycle import Durations, PendingCheck, Plan

__all__ = [
    "PAUSED",
    "FileRecord",
    "JobRecord",
    "JobSpec",
    "ModelRecord",
    "PartRecord",
    "PermissionRecord",
    "UploadRecord",
]

#: The status a paused job reports (the spec's enum does not list it; the service does).
PAUSED: Final = "paused"
_TERMINAL: Final = _facts.TERMINAL_JOB_STATUSES


@attrs.define
class FileRecord:
    id: str
    filename: str
    purpose: str
    created_at: int
    blob: Blob
    expires_at: int | None = None
    #: Clock time at which processing ends (``uploaded`` until then, then ``processed``).
    processed_at: float = 0.0
    #: A status set by a test (`FakeOpenAI.set_file_status`), overriding the above.
    status: str | None = None
    status_details: str | None = None

    def to_json(self, now: float | None = None) -> dict[str, Any]:
        status = self.status
        if status is None:
            status = "uploaded" if now is not None and now < self.processed_at else "processed"
        data: dict[str, Any] = {
            "id": self.id,
            "object": "file",
            "bytes": self.blob.size,
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": status,
        }
        if self.expires_at is not None:
            data["expires_at"] = self.expires_at
        if self.status_details is not None:
            data["status_details"] = self.status_details
        return data


@attrs.define
class PartRecord:
    id: str
    upload_id: str
    created_at: int
    blob: Blob

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "upload.part",
            "created_at": self.created_at,
            "upload_id": self.upload_id,
        }


@attrs.define
class UploadRecord:
    id: str
    filename: str
    purpose: str
    bytes: int
    mime_type: str
    created_at: int
    expires_at: int
    status: str = "pending"
    parts: dict[str, PartRecord] = attrs.field(factory=dict)
    file: FileRecord | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "upload",
            "bytes": self.bytes,
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": self.status,
            "expires_at": self.expires_at,
            "file": None if self.file is None else self.file.to_json(),
        }


@attrs.define
class ModelRecord:
    id: str
    created: int
    owned_by: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "model",
            "created": self.created,
            "owned_by": self.owned_by,
        }


@attrs.define
class PermissionRecord:
    id: str
    project_id: str
    created_at: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "checkpoint.permission",
            "created_at": self.created_at,
            "project_id": self.project_id,
        }


@attrs.frozen
class JobSpec:
    """A validated create request."""

    model: str
    base_model: str
    training_file: str
    validation_file: str | None
    suffix: str | None
    seed: int | None
    method_type: str
    requested: dict[str, Any]  # hyperparameters, "auto" where not given
    grader: dict[str, Any] | None
    metadata: dict[str, str] | None
    integrations: list[dict[str, Any]]


@attrs.define(eq=False)
class JobRecord:
    id: str
    spec: JobSpec
    plan: Plan | None  # None while a large file is still being checked
    durations: Durations
    created: float
    seed: int
    model_name: str  # the fine-tuned model's name, decided up front
    ids: IdFactory
    cursor: int = 0
    status: str = "validating_files"
    started: bool = False
    progress_base: float = 0.0
    clock_base: float = 0.0
    finished_at: float | None = None
    fine_tuned_model: str | None = None
    result_files: list[str] = attrs.field(factory=list)
    error: dict[str, Any] | None = None
    events: list[dict[str, Any]] = attrs.field(factory=list)
    event_index: dict[str, int] = attrs.field(factory=dict)
    checkpoints: list[dict[str, Any]] = attrs.field(factory=list)
    version: int = 0
    #: The checks of the training and validation files, while they run in the background.
    pending: tuple[PendingCheck, PendingCheck | None] | None = None

    @property
    def terminal(self) -> bool:
        return self.status in _TERMINAL

    def progress(self, now: float, static: bool) -> float:
        if static or self.terminal or self.status == PAUSED:
            return self.progress_base
        return self.progress_base + max(0.0, now - self.clock_base)

    def ready_plan(self) -> Plan:
        assert self.plan is not None, "the job's plan is not ready"
        return self.plan

    def clock_at(self, progress: float) -> float:
        return self.clock_base + (progress - self.progress_base)
