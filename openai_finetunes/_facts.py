"""API facts read from openapi/openai-finetunes.yaml by openapi/facts.py. Do not edit."""

from typing import Any, Final

JOB_STATUSES: Final = ("validating_files", "queued", "running", "succeeded", "failed", "cancelled")
TERMINAL_JOB_STATUSES: Final = frozenset(("succeeded", "failed", "cancelled"))
# Any other status, including ones the API adds later (such as paused), is still active.
ACTIVE_JOB_STATUSES: Final = frozenset(("validating_files", "queued", "running"))

N_EPOCHS_RANGE: Final = (1, 50)
BATCH_SIZE_RANGE: Final = (1, 256)
LEARNING_RATE_MULTIPLIER_EXCLUSIVE_MINIMUM: Final = 0
SUFFIX_LENGTH_RANGE: Final = (1, 64)
SEED_RANGE: Final = (0, 2147483647)
METADATA_MAX_PAIRS: Final = 16
METADATA_MAX_KEY_LENGTH: Final = 64
METADATA_MAX_VALUE_LENGTH: Final = 512

# Job parameters as shapes: see openapi/facts.py. FineTuneMethod.type's enum;
# each method's settings (method[type]: hyperparameters, grader, ...);
# one entry of the create request's integrations list, and how many a job holds.
METHOD_TYPES: Final = ("supervised", "dpo", "reinforcement")
METHODS: Final[dict[str, Any]] = {
    "supervised": (
        {
            "type": "object",
            "required": (),
            "properties": {
                "hyperparameters": (
                    {
                        "type": "object",
                        "required": (),
                        "properties": {
                            "batch_size": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "integer", "minimum": 1, "maximum": 256},
                            ),
                            "learning_rate_multiplier": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "number", "exclusive_minimum": 0},
                            ),
                            "n_epochs": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "integer", "minimum": 1, "maximum": 50},
                            ),
                        },
                    },
                )
            },
        },
    ),
    "dpo": (
        {
            "type": "object",
            "required": (),
            "properties": {
                "hyperparameters": (
                    {
                        "type": "object",
                        "required": (),
                        "properties": {
                            "beta": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "number", "maximum": 2, "exclusive_minimum": 0},
                            ),
                            "batch_size": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "integer", "minimum": 1, "maximum": 256},
                            ),
                            "learning_rate_multiplier": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "number", "exclusive_minimum": 0},
                            ),
                            "n_epochs": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "integer", "minimum": 1, "maximum": 50},
                            ),
                        },
                    },
                )
            },
        },
    ),
    "reinforcement": (
        {
            "type": "object",
            "required": ("grader",),
            "properties": {
                "grader": (
                    {
                        "type": "object",
                        "required": ("type", "name", "input", "reference", "operation"),
                        "properties": {
                            "type": ({"type": "string", "enum": ("string_check",)},),
                            "name": ({"type": "string"},),
                            "input": ({"type": "string"},),
                            "reference": ({"type": "string"},),
                            "operation": ({"type": "string", "enum": ("eq", "ne", "like", "ilike")},),
                        },
                    },
                    {
                        "type": "object",
                        "required": ("type", "name", "input", "reference", "evaluation_metric"),
                        "properties": {
                            "type": ({"type": "string", "enum": ("text_similarity",)},),
                            "name": ({"type": "string"},),
                            "input": ({"type": "string"},),
                            "reference": ({"type": "string"},),
                            "evaluation_metric": (
                                {
                                    "type": "string",
                                    "enum": (
                                        "cosine",
                                        "fuzzy_match",
                                        "bleu",
                                        "gleu",
                                        "meteor",
                                        "rouge_1",
                                        "rouge_2",
                                        "rouge_3",
                                        "rouge_4",
                                        "rouge_5",
                                        "rouge_l",
                                    ),
                                },
                            ),
                        },
                    },
                    {
                        "type": "object",
                        "required": ("type", "name", "source"),
                        "properties": {
                            "type": ({"type": "string", "enum": ("python",)},),
                            "name": ({"type": "string"},),
                            "source": ({"type": "string"},),
                            "image_tag": ({"type": "string"},),
                        },
                    },
                    {
                        "type": "object",
                        "required": ("type", "name", "input", "model"),
                        "properties": {
                            "type": ({"type": "string", "enum": ("score_model",)},),
                            "name": ({"type": "string"},),
                            "model": ({"type": "string"},),
                            "sampling_params": ({"type": "object", "required": ()},),
                            "input": ({"type": "array"},),
                            "range": ({"type": "array"},),
                        },
                    },
                    {
                        "type": "object",
                        "required": ("name", "type", "graders", "calculate_output"),
                        "properties": {
                            "type": ({"type": "string", "enum": ("multi",)},),
                            "name": ({"type": "string"},),
                            "graders": (
                                {"type": "object", "required": ("type", "name", "input", "reference", "operation")},
                                {
                                    "type": "object",
                                    "required": ("type", "name", "input", "reference", "evaluation_metric"),
                                },
                                {"type": "object", "required": ("type", "name", "source")},
                                {"type": "object", "required": ("type", "name", "input", "model")},
                                {
                                    "type": "object",
                                    "required": ("type", "model", "input", "passing_labels", "labels", "name"),
                                },
                            ),
                            "calculate_output": ({"type": "string"},),
                        },
                    },
                ),
                "hyperparameters": (
                    {
                        "type": "object",
                        "required": (),
                        "properties": {
                            "batch_size": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "integer", "minimum": 1, "maximum": 256},
                            ),
                            "learning_rate_multiplier": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "number", "exclusive_minimum": 0},
                            ),
                            "n_epochs": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "integer", "minimum": 1, "maximum": 50},
                            ),
                            "reasoning_effort": ({"type": "string", "enum": ("default", "low", "medium", "high")},),
                            "compute_multiplier": (
                                {"type": "string", "enum": ("auto",)},
                                {"type": "number", "maximum": 10, "exclusive_minimum": 1e-05},
                            ),
                            "eval_interval": ({"type": "string", "enum": ("auto",)}, {"type": "integer", "minimum": 1}),
                            "eval_samples": ({"type": "string", "enum": ("auto",)}, {"type": "integer", "minimum": 1}),
                        },
                    },
                ),
            },
        },
    ),
}
INTEGRATION: Final[tuple[Any, ...]] = (
    {
        "type": "object",
        "required": ("type", "wandb"),
        "properties": {
            "type": ({"type": "string", "enum": ("wandb",)},),
            "wandb": (
                {
                    "type": "object",
                    "required": ("project",),
                    "properties": {
                        "project": ({"type": "string"},),
                        "name": ({"type": "string"}, {"type": "null"}),
                        "entity": ({"type": "string"}, {"type": "null"}),
                        "tags": ({"type": "array", "items": ({"type": "string"},)},),
                    },
                },
            ),
        },
    },
)
INTEGRATIONS_MAX_ITEMS: Final[int | None] = 5

CREATE_FILE_MAX_BYTES: Final = 536870912
UPLOAD_MAX_BYTES: Final = 8589934592
UPLOAD_PART_MAX_BYTES: Final = 67108864
FILE_PURPOSES: Final = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
UPLOAD_PURPOSES: Final = ("assistants", "batch", "fine-tune", "vision")

# operationId -> (method, path template)
OPERATIONS: Final = {
    "addUploadPart": ("POST", "/uploads/{upload_id}/parts"),
    "cancelFineTuningJob": ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/cancel"),
    "cancelUpload": ("POST", "/uploads/{upload_id}/cancel"),
    "completeUpload": ("POST", "/uploads/{upload_id}/complete"),
    "createFile": ("POST", "/files"),
    "createFineTuningCheckpointPermission": (
        "POST",
        "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions",
    ),
    "createFineTuningJob": ("POST", "/fine_tuning/jobs"),
    "createUpload": ("POST", "/uploads"),
    "deleteFile": ("DELETE", "/files/{file_id}"),
    "deleteFineTuningCheckpointPermission": (
        "DELETE",
        "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}",
    ),
    "deleteModel": ("DELETE", "/models/{model}"),
    "downloadFile": ("GET", "/files/{file_id}/content"),
    "listFiles": ("GET", "/files"),
    "listFineTuningCheckpointPermissions": (
        "GET",
        "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions",
    ),
    "listFineTuningEvents": ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events"),
    "listFineTuningJobCheckpoints": ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints"),
    "listModels": ("GET", "/models"),
    "listPaginatedFineTuningJobs": ("GET", "/fine_tuning/jobs"),
    "pauseFineTuningJob": ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/pause"),
    "resumeFineTuningJob": ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/resume"),
    "retrieveFile": ("GET", "/files/{file_id}"),
    "retrieveFineTuningJob": ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}"),
    "retrieveModel": ("GET", "/models/{model}"),
}
