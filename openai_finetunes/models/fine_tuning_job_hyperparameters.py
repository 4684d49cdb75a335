from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tuning_job_hyperparameters_batch_size_type_0_type_0 import (
    FineTuningJobHyperparametersBatchSizeType0Type0,
)
from ..models.fine_tuning_job_hyperparameters_learning_rate_multiplier_type_0 import (
    FineTuningJobHyperparametersLearningRateMultiplierType0,
)
from ..models.fine_tuning_job_hyperparameters_n_epochs_type_0 import FineTuningJobHyperparametersNEpochsType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="FineTuningJobHyperparameters")


@_attrs_define
class FineTuningJobHyperparameters:
    """
    Attributes:
        batch_size (FineTuningJobHyperparametersBatchSizeType0Type0 | int | None | Unset):
        learning_rate_multiplier (FineTuningJobHyperparametersLearningRateMultiplierType0 | float | Unset):  Default:
            FineTuningJobHyperparametersLearningRateMultiplierType0.AUTO.
        n_epochs (FineTuningJobHyperparametersNEpochsType0 | int | Unset):  Default:
            FineTuningJobHyperparametersNEpochsType0.AUTO.
    """

    batch_size: FineTuningJobHyperparametersBatchSizeType0Type0 | int | None | Unset = UNSET
    learning_rate_multiplier: FineTuningJobHyperparametersLearningRateMultiplierType0 | float | Unset = (
        FineTuningJobHyperparametersLearningRateMultiplierType0.AUTO
    )
    n_epochs: FineTuningJobHyperparametersNEpochsType0 | int | Unset = FineTuningJobHyperparametersNEpochsType0.AUTO
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_size: int | None | str | Unset
        if isinstance(self.batch_size, Unset):
            batch_size = UNSET
        elif isinstance(self.batch_size, FineTuningJobHyperparametersBatchSizeType0Type0):
            batch_size = self.batch_size.value
        else:
            batch_size = self.batch_size

        learning_rate_multiplier: float | str | Unset
        if isinstance(self.learning_rate_multiplier, Unset):
            learning_rate_multiplier = UNSET
        elif isinstance(self.learning_rate_multiplier, FineTuningJobHyperparametersLearningRateMultiplierType0):
            learning_rate_multiplier = self.learning_rate_multiplier.value
        else:
            learning_rate_multiplier = self.learning_rate_multiplier

        n_epochs: int | str | Unset
        if isinstance(self.n_epochs, Unset):
            n_epochs = UNSET
        elif isinstance(self.n_epochs, FineTuningJobHyperparametersNEpochsType0):
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

        def _parse_batch_size(data: object) -> FineTuningJobHyperparametersBatchSizeType0Type0 | int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                batch_size_type_0_type_0 = FineTuningJobHyperparametersBatchSizeType0Type0._lookup(data)

                return batch_size_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuningJobHyperparametersBatchSizeType0Type0 | int | None | Unset, data)

        batch_size = _parse_batch_size(d.pop("batch_size", UNSET))

        def _parse_learning_rate_multiplier(
            data: object,
        ) -> FineTuningJobHyperparametersLearningRateMultiplierType0 | float | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                learning_rate_multiplier_type_0 = FineTuningJobHyperparametersLearningRateMultiplierType0._lookup(data)

                return learning_rate_multiplier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuningJobHyperparametersLearningRateMultiplierType0 | float | Unset, data)

        learning_rate_multiplier = _parse_learning_rate_multiplier(d.pop("learning_rate_multiplier", UNSET))

        def _parse_n_epochs(data: object) -> FineTuningJobHyperparametersNEpochsType0 | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                n_epochs_type_0 = FineTuningJobHyperparametersNEpochsType0._lookup(data)

                return n_epochs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuningJobHyperparametersNEpochsType0 | int | Unset, data)

        n_epochs = _parse_n_epochs(d.pop("n_epochs", UNSET))

        fine_tuning_job_hyperparameters = cls(
            batch_size=batch_size,
            learning_rate_multiplier=learning_rate_multiplier,
            n_epochs=n_epochs,
        )

        fine_tuning_job_hyperparameters.additional_properties = d
        return fine_tuning_job_hyperparameters

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
