from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_fine_tuning_job_request_hyperparameters_batch_size_type_0 import (
    CreateFineTuningJobRequestHyperparametersBatchSizeType0,
)
from ..models.create_fine_tuning_job_request_hyperparameters_learning_rate_multiplier_type_0 import (
    CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0,
)
from ..models.create_fine_tuning_job_request_hyperparameters_n_epochs_type_0 import (
    CreateFineTuningJobRequestHyperparametersNEpochsType0,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateFineTuningJobRequestHyperparameters")


@_attrs_define
class CreateFineTuningJobRequestHyperparameters:
    """
    Attributes:
        batch_size (CreateFineTuningJobRequestHyperparametersBatchSizeType0 | int | Unset):  Default:
            CreateFineTuningJobRequestHyperparametersBatchSizeType0.AUTO.
        learning_rate_multiplier (CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0 | float | Unset):
            Default: CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0.AUTO.
        n_epochs (CreateFineTuningJobRequestHyperparametersNEpochsType0 | int | Unset):  Default:
            CreateFineTuningJobRequestHyperparametersNEpochsType0.AUTO.
    """

    batch_size: CreateFineTuningJobRequestHyperparametersBatchSizeType0 | int | Unset = (
        CreateFineTuningJobRequestHyperparametersBatchSizeType0.AUTO
    )
    learning_rate_multiplier: CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0 | float | Unset = (
        CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0.AUTO
    )
    n_epochs: CreateFineTuningJobRequestHyperparametersNEpochsType0 | int | Unset = (
        CreateFineTuningJobRequestHyperparametersNEpochsType0.AUTO
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_size: int | str | Unset
        if isinstance(self.batch_size, Unset):
            batch_size = UNSET
        elif isinstance(self.batch_size, CreateFineTuningJobRequestHyperparametersBatchSizeType0):
            batch_size = self.batch_size.value
        else:
            batch_size = self.batch_size

        learning_rate_multiplier: float | str | Unset
        if isinstance(self.learning_rate_multiplier, Unset):
            learning_rate_multiplier = UNSET
        elif isinstance(
            self.learning_rate_multiplier, CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0
        ):
            learning_rate_multiplier = self.learning_rate_multiplier.value
        else:
            learning_rate_multiplier = self.learning_rate_multiplier

        n_epochs: int | str | Unset
        if isinstance(self.n_epochs, Unset):
            n_epochs = UNSET
        elif isinstance(self.n_epochs, CreateFineTuningJobRequestHyperparametersNEpochsType0):
            n_epochs = self.n_epochs.value
        else:
            n_epochs = self.n_epochs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if batch_size is not UNSET:
            field_dict["batch_size"] = batch_size
        if learning_rate_multiplier is not UNSET:
            field_dict["learning_rate_multiplier"] = learning_rate_multiplier
        if n_epochs is not UNSET:
            field_dict["n_epochs"] = n_epochs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_batch_size(data: object) -> CreateFineTuningJobRequestHyperparametersBatchSizeType0 | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                batch_size_type_0 = CreateFineTuningJobRequestHyperparametersBatchSizeType0._lookup(data)

                return batch_size_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateFineTuningJobRequestHyperparametersBatchSizeType0 | int | Unset, data)

        batch_size = _parse_batch_size(d.pop("batch_size", UNSET))

        def _parse_learning_rate_multiplier(
            data: object,
        ) -> CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0 | float | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                learning_rate_multiplier_type_0 = (
                    CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0._lookup(data)
                )

                return learning_rate_multiplier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateFineTuningJobRequestHyperparametersLearningRateMultiplierType0 | float | Unset, data)

        learning_rate_multiplier = _parse_learning_rate_multiplier(d.pop("learning_rate_multiplier", UNSET))

        def _parse_n_epochs(data: object) -> CreateFineTuningJobRequestHyperparametersNEpochsType0 | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                n_epochs_type_0 = CreateFineTuningJobRequestHyperparametersNEpochsType0._lookup(data)

                return n_epochs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateFineTuningJobRequestHyperparametersNEpochsType0 | int | Unset, data)

        n_epochs = _parse_n_epochs(d.pop("n_epochs", UNSET))

        create_fine_tuning_job_request_hyperparameters = cls(
            batch_size=batch_size,
            learning_rate_multiplier=learning_rate_multiplier,
            n_epochs=n_epochs,
        )

        create_fine_tuning_job_request_hyperparameters.additional_properties = d
        return create_fine_tuning_job_request_hyperparameters

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
