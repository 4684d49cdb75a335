from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tuning_job_object import FineTuningJobObject
from ..models.fine_tuning_job_status import FineTuningJobStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fine_tune_method import FineTuneMethod
    from ..models.fine_tuning_job_error_type_0 import FineTuningJobErrorType0
    from ..models.fine_tuning_job_hyperparameters import FineTuningJobHyperparameters
    from ..models.fine_tuning_job_integration import FineTuningJobIntegration
    from ..models.metadata_type_0 import MetadataType0

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global FineTuneMethod
    global FineTuningJobErrorType0
    global FineTuningJobHyperparameters
    global FineTuningJobIntegration
    global MetadataType0
    from ..models.fine_tune_method import FineTuneMethod  # noqa: F401, PLC0415
    from ..models.fine_tuning_job_error_type_0 import FineTuningJobErrorType0  # noqa: F401, PLC0415
    from ..models.fine_tuning_job_hyperparameters import FineTuningJobHyperparameters  # noqa: F401, PLC0415
    from ..models.fine_tuning_job_integration import FineTuningJobIntegration  # noqa: F401, PLC0415
    from ..models.metadata_type_0 import MetadataType0  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="FineTuningJob")


@_attrs_define
class FineTuningJob:
    """
    Attributes:
        id (str):
        created_at (int):
        fine_tuned_model (None | str):
        finished_at (int | None):
        hyperparameters (FineTuningJobHyperparameters):
        model (str):
        object_ (FineTuningJobObject):
        organization_id (str):
        result_files (list[str] | None):
        status (FineTuningJobStatus):
        trained_tokens (int | None):
        training_file (str):
        validation_file (None | str):
        seed (int):
        error (FineTuningJobErrorType0 | None | Unset):
        integrations (list[FineTuningJobIntegration] | None | Unset):
        estimated_finish (int | None | Unset):
        method (FineTuneMethod | Unset):
        metadata (MetadataType0 | None | Unset):
    """

    id: str
    created_at: int
    fine_tuned_model: None | str
    finished_at: int | None
    hyperparameters: FineTuningJobHyperparameters
    model: str
    object_: FineTuningJobObject
    organization_id: str
    result_files: list[str] | None
    status: FineTuningJobStatus
    trained_tokens: int | None
    training_file: str
    validation_file: None | str
    seed: int
    error: FineTuningJobErrorType0 | None | Unset = UNSET
    integrations: list[FineTuningJobIntegration] | None | Unset = UNSET
    estimated_finish: int | None | Unset = UNSET
    method: FineTuneMethod | Unset = UNSET
    metadata: MetadataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        id = self.id

        created_at = self.created_at

        fine_tuned_model: None | str
        fine_tuned_model = self.fine_tuned_model

        finished_at: int | None
        finished_at = self.finished_at

        hyperparameters = self.hyperparameters.to_dict()

        model = self.model

        object_ = self.object_.value

        organization_id = self.organization_id

        result_files: list[str] | None
        if isinstance(self.result_files, list):
            result_files = self.result_files

        else:
            result_files = self.result_files

        status = self.status.value

        trained_tokens: int | None
        trained_tokens = self.trained_tokens

        training_file = self.training_file

        validation_file: None | str
        validation_file = self.validation_file

        seed = self.seed

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, FineTuningJobErrorType0):
            error = self.error.to_dict()
        else:
            error = self.error

        integrations: list[dict[str, Any]] | None | Unset
        if isinstance(self.integrations, Unset):
            integrations = UNSET
        elif isinstance(self.integrations, list):
            integrations = []
            for integrations_type_0_item_data in self.integrations:
                if not hasattr(integrations_type_0_item_data, "to_dict"):
                    integrations.append(integrations_type_0_item_data)
                    continue
                integrations_type_0_item = integrations_type_0_item_data.to_dict()
                integrations.append(integrations_type_0_item)

        else:
            integrations = self.integrations

        estimated_finish: int | None | Unset
        if isinstance(self.estimated_finish, Unset):
            estimated_finish = UNSET
        else:
            estimated_finish = self.estimated_finish

        method: dict[str, Any] | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.to_dict()

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, MetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "created_at": created_at,
                "fine_tuned_model": fine_tuned_model,
                "finished_at": finished_at,
                "hyperparameters": hyperparameters,
                "model": model,
                "object": object_,
                "organization_id": organization_id,
                "result_files": result_files,
                "status": status,
                "trained_tokens": trained_tokens,
                "training_file": training_file,
                "validation_file": validation_file,
                "seed": seed,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if integrations is not UNSET:
            field_dict["integrations"] = integrations
        if estimated_finish is not UNSET:
            field_dict["estimated_finish"] = estimated_finish
        if method is not UNSET:
            field_dict["method"] = method
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        id = d.pop("id")

        created_at = d.pop("created_at")

        def _parse_fine_tuned_model(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fine_tuned_model = _parse_fine_tuned_model(d.pop("fine_tuned_model"))

        def _parse_finished_at(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        hyperparameters = FineTuningJobHyperparameters.from_dict(d.pop("hyperparameters"))

        model = d.pop("model")

        object_ = FineTuningJobObject._lookup(d.pop("object"))

        organization_id = d.pop("organization_id")

        def _parse_result_files(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                result_files_type_0 = cast(list[str], data)

                return result_files_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        result_files = _parse_result_files(d.pop("result_files"))

        status = FineTuningJobStatus._lookup(d.pop("status"))

        def _parse_trained_tokens(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        trained_tokens = _parse_trained_tokens(d.pop("trained_tokens"))

        training_file = d.pop("training_file")

        def _parse_validation_file(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        validation_file = _parse_validation_file(d.pop("validation_file"))

        seed = d.pop("seed")

        def _parse_error(data: object) -> FineTuningJobErrorType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = FineTuningJobErrorType0.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuningJobErrorType0 | None | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_integrations(data: object) -> list[FineTuningJobIntegration] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                integrations_type_0 = []
                _integrations_type_0 = data
                for integrations_type_0_item_data in _integrations_type_0:
                    integrations_type_0_item = FineTuningJobIntegration.from_dict(integrations_type_0_item_data)

                    integrations_type_0.append(integrations_type_0_item)

                return integrations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[FineTuningJobIntegration] | None | Unset, data)

        integrations = _parse_integrations(d.pop("integrations", UNSET))

        def _parse_estimated_finish(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        estimated_finish = _parse_estimated_finish(d.pop("estimated_finish", UNSET))

        _method = d.pop("method", UNSET)
        method: FineTuneMethod | Unset
        if isinstance(_method, Unset):
            method = UNSET
        else:
            method = FineTuneMethod.from_dict(_method)

        def _parse_metadata(data: object) -> MetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_metadata_type_0 = MetadataType0.from_dict(data)

                return componentsschemas_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        fine_tuning_job = cls(
            id=id,
            created_at=created_at,
            fine_tuned_model=fine_tuned_model,
            finished_at=finished_at,
            hyperparameters=hyperparameters,
            model=model,
            object_=object_,
            organization_id=organization_id,
            result_files=result_files,
            status=status,
            trained_tokens=trained_tokens,
            training_file=training_file,
            validation_file=validation_file,
            seed=seed,
            error=error,
            integrations=integrations,
            estimated_finish=estimated_finish,
            method=method,
            metadata=metadata,
        )

        fine_tuning_job.additional_properties = d
        return fine_tuning_job

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
