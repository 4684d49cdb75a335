"""Contains all the data models used in inputs/outputs.

openai-finetunes: models load on first use (PEP 562), so importing one model, or the
package, does not import all of them.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .add_upload_part_request import AddUploadPartRequest
    from .complete_upload_request import CompleteUploadRequest
    from .create_file_request import CreateFileRequest
    from .create_file_request_purpose import CreateFileRequestPurpose
    from .create_fine_tuning_checkpoint_permission_request import CreateFineTuningCheckpointPermissionRequest
    from .create_fine_tuning_job_request import CreateFineTuningJobRequest
    from .create_fine_tuning_job_request_hyperparameters import CreateFineTuningJobRequestHyperparameters
    from .create_fine_tuning_job_request_hyperparameters_batch_size_type_0 import (
        CreateFineTuningJobRequestHyperparametersBatchSizeType0,
    )
    from .create_fine_tuning_job_request_hyperparameters_learning_rate_multiplier_type_0 import (
        CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0,
    )
    from .create_fine_tuning_job_request_hyperparameters_n_epochs_type_0 import (
        CreateFineTuningJobRequestHyperparametersNEpochsType0,
    )
    from .create_fine_tuning_job_request_integrations_type_0_item import CreateFineTuningJobRequestIntegrationsType0Item
    from .create_fine_tuning_job_request_integrations_type_0_item_type_type_0 import (
        CreateFineTuningJobRequestIntegrationsType0ItemTypeType0,
    )
    from .create_fine_tuning_job_request_integrations_type_0_item_wandb import (
        CreateFineTuningJobRequestIntegrationsType0ItemWandb,
    )
    from .create_fine_tuning_job_request_model_type_1 import CreateFineTuningJobRequestModelType1
    from .create_upload_request import CreateUploadRequest
    from .create_upload_request_purpose import CreateUploadRequestPurpose
    from .delete_file_response import DeleteFileResponse
    from .delete_file_response_object import DeleteFileResponseObject
    from .delete_fine_tuning_checkpoint_permission_response import DeleteFineTuningCheckpointPermissionResponse
    from .delete_fine_tuning_checkpoint_permission_response_object import (
        DeleteFineTuningCheckpointPermissionResponseObject,
    )
    from .delete_model_response import DeleteModelResponse
    from .eval_message_object import EvalMessageObject
    from .eval_message_object_role import EvalMessageObjectRole
    from .eval_message_object_type import EvalMessageObjectType
    from .file_expiration_policy import FileExpirationPolicy
    from .file_expiration_policy_anchor import FileExpirationPolicyAnchor
    from .fine_tune_dpo_hyperparameters import FineTuneDPOHyperparameters
    from .fine_tune_dpo_hyperparameters_batch_size_type_0 import FineTuneDPOHyperparametersBatchSizeType0
    from .fine_tune_dpo_hyperparameters_beta_type_0 import FineTuneDPOHyperparametersBetaType0
    from .fine_tune_dpo_hyperparameters_learning_rate_multiplier_type_0 import (
        FineTuneDPOHyperparametersLearningRateMultiplierType0,
    )
    from .fine_tune_dpo_hyperparameters_n_epochs_type_0 import FineTuneDPOHyperparametersNEpochsType0
    from .fine_tune_dpo_method import FineTuneDPOMethod
    from .fine_tune_method import FineTuneMethod
    from .fine_tune_method_type import FineTuneMethodType
    from .fine_tune_reinforcement_hyperparameters import FineTuneReinforcementHyperparameters
    from .fine_tune_reinforcement_hyperparameters_batch_size_type_0 import (
        FineTuneReinforcementHyperparametersBatchSizeType0,
    )
    from .fine_tune_reinforcement_hyperparameters_compute_multiplier_type_0 import (
        FineTuneReinforcementHyperparametersComputeMultiplierType0,
    )
    from .fine_tune_reinforcement_hyperparameters_eval_interval_type_0 import (
        FineTuneReinforcementHyperparametersEvalIntervalType0,
    )
    from .fine_tune_reinforcement_hyperparameters_eval_samples_type_0 import (
        FineTuneReinforcementHyperparametersEvalSamplesType0,
    )
    from .fine_tune_reinforcement_hyperparameters_learning_rate_multiplier_type_0 import (
        FineTuneReinforcementHyperparametersLearningRateMultiplierType0,
    )
    from .fine_tune_reinforcement_hyperparameters_n_epochs_type_0 import (
        FineTuneReinforcementHyperparametersNEpochsType0,
    )
    from .fine_tune_reinforcement_hyperparameters_reasoning_effort import (
        FineTuneReinforcementHyperparametersReasoningEffort,
    )
    from .fine_tune_reinforcement_method import FineTuneReinforcementMethod
    from .fine_tune_supervised_hyperparameters import FineTuneSupervisedHyperparameters
    from .fine_tune_supervised_hyperparameters_batch_size_type_0 import FineTuneSupervisedHyperparametersBatchSizeType0
    from .fine_tune_supervised_hyperparameters_learning_rate_multiplier_type_0 import (
        FineTuneSupervisedHyperparametersLearningRateMultiplierType0,
    )
    from .fine_tune_supervised_hyperparameters_n_epochs_type_0 import FineTuneSupervisedHyperparametersNEpochsType0
    from .fine_tune_supervised_method import FineTuneSupervisedMethod
    from .fine_tuning_checkpoint_permission import FineTuningCheckpointPermission
    from .fine_tuning_checkpoint_permission_object import FineTuningCheckpointPermissionObject
    from .fine_tuning_job import FineTuningJob
    from .fine_tuning_job_checkpoint import FineTuningJobCheckpoint
    from .fine_tuning_job_checkpoint_metrics import FineTuningJobCheckpointMetrics
    from .fine_tuning_job_checkpoint_object import FineTuningJobCheckpointObject
    from .fine_tuning_job_error_type_0 import FineTuningJobErrorType0
    from .fine_tuning_job_event import FineTuningJobEvent
    from .fine_tuning_job_event_data import FineTuningJobEventData
    from .fine_tuning_job_event_level import FineTuningJobEventLevel
    from .fine_tuning_job_event_object import FineTuningJobEventObject
    from .fine_tuning_job_event_type import FineTuningJobEventType
    from .fine_tuning_job_hyperparameters import FineTuningJobHyperparameters
    from .fine_tuning_job_hyperparameters_batch_size_type_0_type_0 import (
        FineTuningJobHyperparametersBatchSizeType0Type0,
    )
    from .fine_tuning_job_hyperparameters_learning_rate_multiplier_type_0 import (
        FineTuningJobHyperparametersLearningRateMultiplierType0,
    )
    from .fine_tuning_job_hyperparameters_n_epochs_type_0 import FineTuningJobHyperparametersNEpochsType0
    from .fine_tuning_job_integration import FineTuningJobIntegration
    from .fine_tuning_job_integration_type import FineTuningJobIntegrationType
    from .fine_tuning_job_integration_wandb import FineTuningJobIntegrationWandb
    from .fine_tuning_job_object import FineTuningJobObject
    from .fine_tuning_job_status import FineTuningJobStatus
    from .input_audio import InputAudio
    from .input_audio_input_audio import InputAudioInputAudio
    from .input_audio_input_audio_format import InputAudioInputAudioFormat
    from .input_audio_type import InputAudioType
    from .input_image import InputImage
    from .input_image_type import InputImageType
    from .input_text import InputText
    from .input_text_type import InputTextType
    from .label_model_grader import LabelModelGrader
    from .label_model_grader_type import LabelModelGraderType
    from .list_files_order import ListFilesOrder
    from .list_files_response import ListFilesResponse
    from .list_fine_tuning_checkpoint_permission_response import ListFineTuningCheckpointPermissionResponse
    from .list_fine_tuning_checkpoint_permission_response_object import ListFineTuningCheckpointPermissionResponseObject
    from .list_fine_tuning_checkpoint_permissions_order import ListFineTuningCheckpointPermissionsOrder
    from .list_fine_tuning_job_checkpoints_response import ListFineTuningJobCheckpointsResponse
    from .list_fine_tuning_job_checkpoints_response_object import ListFineTuningJobCheckpointsResponseObject
    from .list_fine_tuning_job_events_response import ListFineTuningJobEventsResponse
    from .list_fine_tuning_job_events_response_object import ListFineTuningJobEventsResponseObject
    from .list_models_response import ListModelsResponse
    from .list_models_response_object import ListModelsResponseObject
    from .list_paginated_fine_tuning_jobs_metadata import ListPaginatedFineTuningJobsMetadata
    from .list_paginated_fine_tuning_jobs_response import ListPaginatedFineTuningJobsResponse
    from .list_paginated_fine_tuning_jobs_response_object import ListPaginatedFineTuningJobsResponseObject
    from .metadata_type_0 import MetadataType0
    from .model import Model
    from .model_object import ModelObject
    from .multi_grader import MultiGrader
    from .multi_grader_type import MultiGraderType
    from .open_ai_file import OpenAIFile
    from .open_ai_file_object import OpenAIFileObject
    from .open_ai_file_purpose import OpenAIFilePurpose
    from .open_ai_file_status import OpenAIFileStatus
    from .output_text import OutputText
    from .output_text_type import OutputTextType
    from .prompt_cache_breakpoint import PromptCacheBreakpoint
    from .prompt_cache_breakpoint_mode import PromptCacheBreakpointMode
    from .python_grader import PythonGrader
    from .python_grader_type import PythonGraderType
    from .reasoning_effort_type_0 import ReasoningEffortType0
    from .score_model_grader import ScoreModelGrader
    from .score_model_grader_sampling_params import ScoreModelGraderSamplingParams
    from .score_model_grader_type import ScoreModelGraderType
    from .string_check_grader import StringCheckGrader
    from .string_check_grader_operation import StringCheckGraderOperation
    from .string_check_grader_type import StringCheckGraderType
    from .text_similarity_grader import TextSimilarityGrader
    from .text_similarity_grader_evaluation_metric import TextSimilarityGraderEvaluationMetric
    from .text_similarity_grader_type import TextSimilarityGraderType
    from .upload import Upload
    from .upload_object import UploadObject
    from .upload_part import UploadPart
    from .upload_part_object import UploadPartObject
    from .upload_status import UploadStatus
    from .webhook_fine_tuning_job_cancelled import WebhookFineTuningJobCancelled
    from .webhook_fine_tuning_job_cancelled_data import WebhookFineTuningJobCancelledData
    from .webhook_fine_tuning_job_cancelled_object import WebhookFineTuningJobCancelledObject
    from .webhook_fine_tuning_job_cancelled_type import WebhookFineTuningJobCancelledType
    from .webhook_fine_tuning_job_failed import WebhookFineTuningJobFailed
    from .webhook_fine_tuning_job_failed_data import WebhookFineTuningJobFailedData
    from .webhook_fine_tuning_job_failed_object import WebhookFineTuningJobFailedObject
    from .webhook_fine_tuning_job_failed_type import WebhookFineTuningJobFailedType
    from .webhook_fine_tuning_job_succeeded import WebhookFineTuningJobSucceeded
    from .webhook_fine_tuning_job_succeeded_data import WebhookFineTuningJobSucceededData
    from .webhook_fine_tuning_job_succeeded_object import WebhookFineTuningJobSucceededObject
    from .webhook_fine_tuning_job_succeeded_type import WebhookFineTuningJobSucceededType

_MODULES = {
    "AddUploadPartRequest": ".add_upload_part_request",
    "CompleteUploadRequest": ".complete_upload_request",
    "CreateFileRequest": ".create_file_request",
    "CreateFileRequestPurpose": ".create_file_request_purpose",
    "CreateFineTuningCheckpointPermissionRequest": ".create_fine_tuning_checkpoint_permission_request",
    "CreateFineTuningJobRequest": ".create_fine_tuning_job_request",
    "CreateFineTuningJobRequestHyperparameters": ".create_fine_tuning_job_request_hyperparameters",
    "CreateFineTuningJobRequestHyperparametersBatchSizeType0": ".create_fine_tuning_job_request_hyperparameters_batch_size_type_0",
    "CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0": ".create_fine_tuning_job_request_hyperparameters_learning_rate_multiplier_type_0",
    "CreateFineTuningJobRequestHyperparametersNEpochsType0": ".create_fine_tuning_job_request_hyperparameters_n_epochs_type_0",
    "CreateFineTuningJobRequestIntegrationsType0Item": ".create_fine_tuning_job_request_integrations_type_0_item",
    "CreateFineTuningJobRequestIntegrationsType0ItemTypeType0": ".create_fine_tuning_job_request_integrations_type_0_item_type_type_0",
    "CreateFineTuningJobRequestIntegrationsType0ItemWandb": ".create_fine_tuning_job_request_integrations_type_0_item_wandb",
    "CreateFineTuningJobRequestModelType1": ".create_fine_tuning_job_request_model_type_1",
    "CreateUploadRequest": ".create_upload_request",
    "CreateUploadRequestPurpose": ".create_upload_request_purpose",
    "DeleteFileResponse": ".delete_file_response",
    "DeleteFileResponseObject": ".delete_file_response_object",
    "DeleteFineTuningCheckpointPermissionResponse": ".delete_fine_tuning_checkpoint_permission_response",
    "DeleteFineTuningCheckpointPermissionResponseObject": ".delete_fine_tuning_checkpoint_permission_response_object",
    "DeleteModelResponse": ".delete_model_response",
    "EvalMessageObject": ".eval_message_object",
    "EvalMessageObjectRole": ".eval_message_object_role",
    "EvalMessageObjectType": ".eval_message_object_type",
    "FileExpirationPolicy": ".file_expiration_policy",
    "FileExpirationPolicyAnchor": ".file_expiration_policy_anchor",
    "FineTuneDPOHyperparameters": ".fine_tune_dpo_hyperparameters",
    "FineTuneDPOHyperparametersBatchSizeType0": ".fine_tune_dpo_hyperparameters_batch_size_type_0",
    "FineTuneDPOHyperparametersBetaType0": ".fine_tune_dpo_hyperparameters_beta_type_0",
    "FineTuneDPOHyperparametersLearningRateMultiplierType0": ".fine_tune_dpo_hyperparameters_learning_rate_multiplier_type_0",
    "FineTuneDPOHyperparametersNEpochsType0": ".fine_tune_dpo_hyperparameters_n_epochs_type_0",
    "FineTuneDPOMethod": ".fine_tune_dpo_method",
    "FineTuneMethod": ".fine_tune_method",
    "FineTuneMethodType": ".fine_tune_method_type",
    "FineTuneReinforcementHyperparameters": ".fine_tune_reinforcement_hyperparameters",
    "FineTuneReinforcementHyperparametersBatchSizeType0": ".fine_tune_reinforcement_hyperparameters_batch_size_type_0",
    "FineTuneReinforcementHyperparametersComputeMultiplierType0": ".fine_tune_reinforcement_hyperparameters_compute_multiplier_type_0",
    "FineTuneReinforcementHyperparametersEvalIntervalType0": ".fine_tune_reinforcement_hyperparameters_eval_interval_type_0",
    "FineTuneReinforcementHyperparametersEvalSamplesType0": ".fine_tune_reinforcement_hyperparameters_eval_samples_type_0",
    "FineTuneReinforcementHyperparametersLearningRateMultiplierType0": ".fine_tune_reinforcement_hyperparameters_learning_rate_multiplier_type_0",
    "FineTuneReinforcementHyperparametersNEpochsType0": ".fine_tune_reinforcement_hyperparameters_n_epochs_type_0",
    "FineTuneReinforcementHyperparametersReasoningEffort": ".fine_tune_reinforcement_hyperparameters_reasoning_effort",
    "FineTuneReinforcementMethod": ".fine_tune_reinforcement_method",
    "FineTuneSupervisedHyperparameters": ".fine_tune_supervised_hyperparameters",
    "FineTuneSupervisedHyperparametersBatchSizeType0": ".fine_tune_supervised_hyperparameters_batch_size_type_0",
    "FineTuneSupervisedHyperparametersLearningRateMultiplierType0": ".fine_tune_supervised_hyperparameters_learning_rate_multiplier_type_0",
    "FineTuneSupervisedHyperparametersNEpochsType0": ".fine_tune_supervised_hyperparameters_n_epochs_type_0",
    "FineTuneSupervisedMethod": ".fine_tune_supervised_method",
    "FineTuningCheckpointPermission": ".fine_tuning_checkpoint_permission",
    "FineTuningCheckpointPermissionObject": ".fine_tuning_checkpoint_permission_object",
    "FineTuningJob": ".fine_tuning_job",
    "FineTuningJobCheckpoint": ".fine_tuning_job_checkpoint",
    "FineTuningJobCheckpointMetrics": ".fine_tuning_job_checkpoint_metrics",
    "FineTuningJobCheckpointObject": ".fine_tuning_job_checkpoint_object",
    "FineTuningJobErrorType0": ".fine_tuning_job_error_type_0",
    "FineTuningJobEvent": ".fine_tuning_job_event",
    "FineTuningJobEventData": ".fine_tuning_job_event_data",
    "FineTuningJobEventLevel": ".fine_tuning_job_event_level",
    "FineTuningJobEventObject": ".fine_tuning_job_event_object",
    "FineTuningJobEventType": ".fine_tuning_job_event_type",
    "FineTuningJobHyperparameters": ".fine_tuning_job_hyperparameters",
    "FineTuningJobHyperparametersBatchSizeType0Type0": ".fine_tuning_job_hyperparameters_batch_size_type_0_type_0",
    "FineTuningJobHyperparametersLearningRateMultiplierType0": ".fine_tuning_job_hyperparameters_learning_rate_multiplier_type_0",
    "FineTuningJobHyperparametersNEpochsType0": ".fine_tuning_job_hyperparameters_n_epochs_type_0",
    "FineTuningJobIntegration": ".fine_tuning_job_integration",
    "FineTuningJobIntegrationType": ".fine_tuning_job_integration_type",
    "FineTuningJobIntegrationWandb": ".fine_tuning_job_integration_wandb",
    "FineTuningJobObject": ".fine_tuning_job_object",
    "FineTuningJobStatus": ".fine_tuning_job_status",
    "InputAudio": ".input_audio",
    "InputAudioInputAudio": ".input_audio_input_audio",
    "InputAudioInputAudioFormat": ".input_audio_input_audio_format",
    "InputAudioType": ".input_audio_type",
    "InputImage": ".input_image",
    "InputImageType": ".input_image_type",
    "InputText": ".input_text",
    "InputTextType": ".input_text_type",
    "LabelModelGrader": ".label_model_grader",
    "LabelModelGraderType": ".label_model_grader_type",
    "ListFilesOrder": ".list_files_order",
    "ListFilesResponse": ".list_files_response",
    "ListFineTuningCheckpointPermissionResponse": ".list_fine_tuning_checkpoint_permission_response",
    "ListFineTuningCheckpointPermissionResponseObject": ".list_fine_tuning_checkpoint_permission_response_object",
    "ListFineTuningCheckpointPermissionsOrder": ".list_fine_tuning_checkpoint_permissions_order",
    "ListFineTuningJobCheckpointsResponse": ".list_fine_tuning_job_checkpoints_response",
    "ListFineTuningJobCheckpointsResponseObject": ".list_fine_tuning_job_checkpoints_response_object",
    "ListFineTuningJobEventsResponse": ".list_fine_tuning_job_events_response",
    "ListFineTuningJobEventsResponseObject": ".list_fine_tuning_job_events_response_object",
    "ListModelsResponse": ".list_models_response",
    "ListModelsResponseObject": ".list_models_response_object",
    "ListPaginatedFineTuningJobsMetadata": ".list_paginated_fine_tuning_jobs_metadata",
    "ListPaginatedFineTuningJobsResponse": ".list_paginated_fine_tuning_jobs_response",
    "ListPaginatedFineTuningJobsResponseObject": ".list_paginated_fine_tuning_jobs_response_object",
    "MetadataType0": ".metadata_type_0",
    "Model": ".model",
    "ModelObject": ".model_object",
    "MultiGrader": ".multi_grader",
    "MultiGraderType": ".multi_grader_type",
    "OpenAIFile": ".open_ai_file",
    "OpenAIFileObject": ".open_ai_file_object",
    "OpenAIFilePurpose": ".open_ai_file_purpose",
    "OpenAIFileStatus": ".open_ai_file_status",
    "OutputText": ".output_text",
    "OutputTextType": ".output_text_type",
    "PromptCacheBreakpoint": ".prompt_cache_breakpoint",
    "PromptCacheBreakpointMode": ".prompt_cache_breakpoint_mode",
    "PythonGrader": ".python_grader",
    "PythonGraderType": ".python_grader_type",
    "ReasoningEffortType0": ".reasoning_effort_type_0",
    "ScoreModelGrader": ".score_model_grader",
    "ScoreModelGraderSamplingParams": ".score_model_grader_sampling_params",
    "ScoreModelGraderType": ".score_model_grader_type",
    "StringCheckGrader": ".string_check_grader",
    "StringCheckGraderOperation": ".string_check_grader_operation",
    "StringCheckGraderType": ".string_check_grader_type",
    "TextSimilarityGrader": ".text_similarity_grader",
    "TextSimilarityGraderEvaluationMetric": ".text_similarity_grader_evaluation_metric",
    "TextSimilarityGraderType": ".text_similarity_grader_type",
    "Upload": ".upload",
    "UploadObject": ".upload_object",
    "UploadPart": ".upload_part",
    "UploadPartObject": ".upload_part_object",
    "UploadStatus": ".upload_status",
    "WebhookFineTuningJobCancelled": ".webhook_fine_tuning_job_cancelled",
    "WebhookFineTuningJobCancelledData": ".webhook_fine_tuning_job_cancelled_data",
    "WebhookFineTuningJobCancelledObject": ".webhook_fine_tuning_job_cancelled_object",
    "WebhookFineTuningJobCancelledType": ".webhook_fine_tuning_job_cancelled_type",
    "WebhookFineTuningJobFailed": ".webhook_fine_tuning_job_failed",
    "WebhookFineTuningJobFailedData": ".webhook_fine_tuning_job_failed_data",
    "WebhookFineTuningJobFailedObject": ".webhook_fine_tuning_job_failed_object",
    "WebhookFineTuningJobFailedType": ".webhook_fine_tuning_job_failed_type",
    "WebhookFineTuningJobSucceeded": ".webhook_fine_tuning_job_succeeded",
    "WebhookFineTuningJobSucceededData": ".webhook_fine_tuning_job_succeeded_data",
    "WebhookFineTuningJobSucceededObject": ".webhook_fine_tuning_job_succeeded_object",
    "WebhookFineTuningJobSucceededType": ".webhook_fine_tuning_job_succeeded_type",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})


__all__ = (
    "AddUploadPartRequest",
    "CompleteUploadRequest",
    "CreateFileRequest",
    "CreateFileRequestPurpose",
    "CreateFineTuningCheckpointPermissionRequest",
    "CreateFineTuningJobRequest",
    "CreateFineTuningJobRequestHyperparameters",
    "CreateFineTuningJobRequestHyperparametersBatchSizeType0",
    "CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0",
    "CreateFineTuningJobRequestHyperparametersNEpochsType0",
    "CreateFineTuningJobRequestIntegrationsType0Item",
    "CreateFineTuningJobRequestIntegrationsType0ItemTypeType0",
    "CreateFineTuningJobRequestIntegrationsType0ItemWandb",
    "CreateFineTuningJobRequestModelType1",
    "CreateUploadRequest",
    "CreateUploadRequestPurpose",
    "DeleteFileResponse",
    "DeleteFileResponseObject",
    "DeleteFineTuningCheckpointPermissionResponse",
    "DeleteFineTuningCheckpointPermissionResponseObject",
    "DeleteModelResponse",
    "EvalMessageObject",
    "EvalMessageObjectRole",
    "EvalMessageObjectType",
    "FileExpirationPolicy",
    "FileExpirationPolicyAnchor",
    "FineTuneDPOHyperparameters",
    "FineTuneDPOHyperparametersBatchSizeType0",
    "FineTuneDPOHyperparametersBetaType0",
    "FineTuneDPOHyperparametersLearningRateMultiplierType0",
    "FineTuneDPOHyperparametersNEpochsType0",
    "FineTuneDPOMethod",
    "FineTuneMethod",
    "FineTuneMethodType",
    "FineTuneReinforcementHyperparameters",
    "FineTuneReinforcementHyperparametersBatchSizeType0",
    "FineTuneReinforcementHyperparametersComputeMultiplierType0",
    "FineTuneReinforcementHyperparametersEvalIntervalType0",
    "FineTuneReinforcementHyperparametersEvalSamplesType0",
    "FineTuneReinforcementHyperparametersLearningRateMultiplierType0",
    "FineTuneReinforcementHyperparametersNEpochsType0",
    "FineTuneReinforcementHyperparametersReasoningEffort",
    "FineTuneReinforcementMethod",
    "FineTuneSupervisedHyperparameters",
    "FineTuneSupervisedHyperparametersBatchSizeType0",
    "FineTuneSupervisedHyperparametersLearningRateMultiplierType0",
    "FineTuneSupervisedHyperparametersNEpochsType0",
    "FineTuneSupervisedMethod",
    "FineTuningCheckpointPermission",
    "FineTuningCheckpointPermissionObject",
    "FineTuningJob",
    "FineTuningJobCheckpoint",
    "FineTuningJobCheckpointMetrics",
    "FineTuningJobCheckpointObject",
    "FineTuningJobErrorType0",
    "FineTuningJobEvent",
    "FineTuningJobEventData",
    "FineTuningJobEventLevel",
    "FineTuningJobEventObject",
    "FineTuningJobEventType",
    "FineTuningJobHyperparameters",
    "FineTuningJobHyperparametersBatchSizeType0Type0",
    "FineTuningJobHyperparametersLearningRateMultiplierType0",
    "FineTuningJobHyperparametersNEpochsType0",
    "FineTuningJobIntegration",
    "FineTuningJobIntegrationType",
    "FineTuningJobIntegrationWandb",
    "FineTuningJobObject",
    "FineTuningJobStatus",
    "InputAudio",
    "InputAudioInputAudio",
    "InputAudioInputAudioFormat",
    "InputAudioType",
    "InputImage",
    "InputImageType",
    "InputText",
    "InputTextType",
    "LabelModelGrader",
    "LabelModelGraderType",
    "ListFilesOrder",
    "ListFilesResponse",
    "ListFineTuningCheckpointPermissionResponse",
    "ListFineTuningCheckpointPermissionResponseObject",
    "ListFineTuningCheckpointPermissionsOrder",
    "ListFineTuningJobCheckpointsResponse",
    "ListFineTuningJobCheckpointsResponseObject",
    "ListFineTuningJobEventsResponse",
    "ListFineTuningJobEventsResponseObject",
    "ListModelsResponse",
    "ListModelsResponseObject",
    "ListPaginatedFineTuningJobsMetadata",
    "ListPaginatedFineTuningJobsResponse",
    "ListPaginatedFineTuningJobsResponseObject",
    "MetadataType0",
    "Model",
    "ModelObject",
    "MultiGrader",
    "MultiGraderType",
    "OpenAIFile",
    "OpenAIFileObject",
    "OpenAIFilePurpose",
    "OpenAIFileStatus",
    "OutputText",
    "OutputTextType",
    "PromptCacheBreakpoint",
    "PromptCacheBreakpointMode",
    "PythonGrader",
    "PythonGraderType",
    "ReasoningEffortType0",
    "ScoreModelGrader",
    "ScoreModelGraderSamplingParams",
    "ScoreModelGraderType",
    "StringCheckGrader",
    "StringCheckGraderOperation",
    "StringCheckGraderType",
    "TextSimilarityGrader",
    "TextSimilarityGraderEvaluationMetric",
    "TextSimilarityGraderType",
    "Upload",
    "UploadObject",
    "UploadPart",
    "UploadPartObject",
    "UploadStatus",
    "WebhookFineTuningJobCancelled",
    "WebhookFineTuningJobCancelledData",
    "WebhookFineTuningJobCancelledObject",
    "WebhookFineTuningJobCancelledType",
    "WebhookFineTuningJobFailed",
    "WebhookFineTuningJobFailedData",
    "WebhookFineTuningJobFailedObject",
    "WebhookFineTuningJobFailedType",
    "WebhookFineTuningJobSucceeded",
    "WebhookFineTuningJobSucceededData",
    "WebhookFineTuningJobSucceededObject",
    "WebhookFineTuningJobSucceededType",
)
