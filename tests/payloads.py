"""Realistic OpenAI payloads, built once and shared by the tests."""

from __future__ import annotations

from typing import Any

JOB_ID = "ftjob-abc123DEF456ghi789JKL0"
FILE_ID = "file-Xy12ab34CD56ef78GH90ij"
RESULT_FILE_ID = "file-Res12ab34CD56ef78GH90i"
CHECKPOINT_ID = "ftckpt-zb8Y2nKc4F3v1qW0eR7t"
CHECKPOINT_MODEL = "ft:gpt-4o-mini-2024-07-18:org-acme:support:7q8mpxmy:ckpt-step-40"
UPLOAD_ID = "upload_abc123DEF456ghi789jk"
PART_ID = "part_def456GHI789jkl012mno3"
PERMISSION_ID = "cp_zH2k8F3v1qW0eR7tY6uI5oP4"
MODEL = "gpt-4o-mini-2024-07-18"
FT_MODEL = "ft:gpt-4o-mini-2024-07-18:org-acme:support:7q8mpxmy"


def job(**overrides: Any) -> dict[str, Any]:
    """A succeeded supervised job as the service returns it (no ``error`` key)."""
    body: dict[str, Any] = {
        "object": "fine_tuning.job",
        "id": JOB_ID,
        "model": MODEL,
        "created_at": 1721764800,
        "finished_at": 1721766000,
        "fine_tuned_model": FT_MODEL,
        "organization_id": "org-acme",
        "result_files": [RESULT_FILE_ID],
        "status": "succeeded",
        "validation_file": None,
        "training_file": FILE_ID,
        "hyperparameters": {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8},
        "trained_tokens": 12345,
        "integrations": [],
        "seed": 42,
        "estimated_finish": None,
        "method": {
            "type": "supervised",
            "supervised": {
                "hyperparameters": {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8}
            },
        },
        "metadata": {"team": "support"},
    }
    body.update(overrides)
    return body


def file(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "object": "file",
        "id": FILE_ID,
        "bytes": 140,
        "created_at": 1721764700,
        "filename": "train.jsonl",
        "purpose": "fine-tune",
        "status": "processed",
    }
    body.update(overrides)
    return body


def event(index: int, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "object": "fine_tuning.job.event",
        "id": f"ftevent-{index:024d}",
        "created_at": 1721764800 + index,
        "level": "info",
        "message": f"Step {index}/100: training loss=0.{index:03d}",
        "type": "metrics",
        "data": {
            "step": index,
            "total_steps": 100,
            "train_loss": 1.0 / (index + 1),
            "train_mean_token_accuracy": 0.5,
        },
    }
    body.update(overrides)
    return body


def checkpoint(step: int = 40) -> dict[str, Any]:
    return {
        "object": "fine_tuning.job.checkpoint",
        "id": CHECKPOINT_ID,
        "created_at": 1721765800,
        "fine_tuned_model_checkpoint": CHECKPOINT_MODEL,
        "fine_tuning_job_id": JOB_ID,
        "step_number": step,
        "metrics": {
            "step": float(step),
            "train_loss": 0.41,
            "train_mean_token_accuracy": 0.88,
            "valid_loss": 0.52,
            "valid_mean_token_accuracy": 0.85,
            "full_valid_loss": 0.5,
            "full_valid_mean_token_accuracy": 0.86,
        },
    }


def permission() -> dict[str, Any]:
    return {
        "object": "checkpoint.permission",
        "id": PERMISSION_ID,
        "created_at": 1721766000,
        "project_id": "proj_abc123",
    }


def model(model_id: str = FT_MODEL, owned_by: str = "org-acme") -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": 1721766000, "owned_by": owned_by}


def upload(status: str = "pending", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": UPLOAD_ID,
        "object": "upload",
        "bytes": 2147483648,
        "created_at": 1721764700,
        "filename": "big.jsonl",
        "purpose": "fine-tune",
        "status": status,
        "expires_at": 1721768300,
    }
    body.update(overrides)
    return body


def page(items: list[dict[str, Any]], has_more: bool = False, **extra: Any) -> dict[str, Any]:
    return {"object": "list", "data": items, "has_more": has_more, **extra}


def error(
    message: str,
    type_: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}
