from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_fine_tuning_job_request_model_type_1 import CreateFineTuningJobRequestModelType1
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_fine_tuning_job_request_hyperparameters import CreateFineTuningJobRequestHyperparameters
    from ..models.create_fine_tuning_job_request_integrations_type_0_item import (
        CreateFineTuningJobRequestIntegrationsType0Item,
    )
    from ..models.fine_tune_method import FineTuneMethod
    from ..models.metadata_type_0 import MetadataType0

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global CreateFineTuningJobRequestHyperparameters
    global CreateFineTuningJobRequestIntegrationsType0Item
    global FineTuneMethod
    global MetadataType0
    from ..models.create_fine_tuning_job_request_hyperparameters import CreateFineTuningJobRequestHyperparameters  # noqa: F401, PLC0415
    from ..models.create_fine_tuning_job_request_integrations_type_0_item import (
        CreateFineTuningJobRequestIntegrationsType0Item,  # noqa: F401, PLC0415
    )
    from ..models.fine_tune_method import FineTuneMethod  # noqa: F401, PLC0415
    from ..models.metadata_type_0 import MetadataType0  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="CreateFineTuningJobRequest")


@_attrs_define
class CreateFineTuningJobRequest:
    """
    Attributes:
        model (CreateFineTuningJobRequestModelType1 | str):
        training_file (str):
        hyperparameters (CreateFineTuningJobRequestHyperparameters | Unset):
        suffix (None | str | Unset):
        validation_file (None | str | Unset):
        integrations (list[CreateFineTuningJobRequestIntegrationsType0Item] | None | Unset):
        seed (int | None | Unset):
        method (FineTuneMethod | Unset):
        metadata (MetadataType0 | None | Unset):
    """

    model: CreateFineTuningJobRequestModelType1 | str
    training_file: str
    hyperparameters: CreateFineTuningJobRequestHyperparameters | Unset = UNSET
    suffix: None | str | Unset = UNSET
    validation_file: None | str | Unset = UNSET
    integrations: list[CreateFineTuningJobRequestIntegrationsType0Item] | None | Unset = UNSET
    seed: int | None | Unset = UNSET
    method: FineTuneMethod | Unset = UNSET
    metadata: MetadataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        model: str
        if isinstance(self.model, CreateFineTuningJobRequestModelType1):
            model = self.model.value
        else:
            model = self.model

        training_file = self.training_file

        hyperparameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.hyperparameters, Unset):
            hyperparameters = self.hyperparameters.to_dict()

        suffix: None | str | Unset
        if isinstance(self.suffix, Unset):
            suffix = UNSET
        else:
            suffix = self.suffix

        validation_file: None | str | Unset
        if isinstance(self.validation_file, Unset):
            validation_file = UNSET
        else:
            validation_file = self.validation_file

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

        seed: int | None | Unset
        if isinstance(self.seed, Unset):
            seed = UNSET
        else:
            seed = self.seed

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
                "model": model,
                "training_file": training_file,
            }
        )
        if hyperparameters is not UNSET:
            field_dict["hyperparameters"] = hyperparameters
        if suffix is not UNSET:
            field_dict["suffix"] = suffix
        if validation_file is not UNSET:
            field_dict["validation_file"] = validation_file
        if integrations is not UNSET:
            field_dict["integrations"] = integrations
        if seed is not UNSET:
            field_dict["seed"] = seed
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

        def _parse_model(data: object) -> CreateFineTuningJobRequestModelType1 | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_type_1 = CreateFineTuningJobRequestModelType1._lookup(data)

                return model_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateFineTuningJobRequestModelType1 | str, data)

        model = _parse_model(d.pop("model"))

        training_file = d.pop("training_file")

        _hyperparameters = d.pop("hyperparameters", UNSET)
        hyperparameters: CreateFineTuningJobRequestHyperparameters | Unset
        if isinstance(_hyperparameters, Unset):
            hyperparameters = UNSET
        else:
            hyperparameters = CreateFineTuningJobRequestHyperparameters.from_dict(_hyperparameters)

        def _parse_suffix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        suffix = _parse_suffix(d.pop("suffix", UNSET))

        def _parse_validation_file(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        validation_file = _parse_validation_file(d.pop("validation_file", UNSET))

        def _parse_integrations(data: object) -> list[CreateFineTuningJobRequestIntegrationsType0Item] | None | Unset:
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
                    integrations_type_0_item = CreateFineTuningJobRequestIntegrationsType0Item.from_dict(
                        integrations_type_0_item_data
                    )

                    integrations_type_0.append(integrations_type_0_item)

                return integrations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CreateFineTuningJobRequestIntegrationsType0Item] | None | Unset, data)

        integrations = _parse_integrations(d.pop("integrations", UNSET))

        def _parse_seed(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        seed = _parse_seed(d.pop("seed", UNSET))

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

        create_fine_tuning_job_request = cls(
            model=model,
            training_file=training_file,
            hyperparameters=hyperparameters,
            suffix=suffix,
            validation_file=validation_file,
            integrations=integrations,
            seed=seed,
            method=method,
            metadata=metadata,
        )

        create_fine_tuning_job_request.additional_properties = d
        return create_fine_tuning_job_request

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
