"""Contains all the data models used in inputs/outputs"""

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
from .delete_fine_tuning_checkpoint_permission_response_object import DeleteFineTuningCheckpointPermissionResponseObject
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
from .fine_tune_reinforcement_hyperparameters_n_epochs_type_0 import FineTuneReinforcementHyperparametersNEpochsType0
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
from .fine_tuning_job_hyperparameters_batch_size_type_0_type_0 import FineTuningJobHyperparametersBatchSizeType0Type0
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
)
