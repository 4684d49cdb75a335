"""API facts read from openapi/openai-finetunes.yaml by openapi/facts.py. Do not edit."""

from typing import Final

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
