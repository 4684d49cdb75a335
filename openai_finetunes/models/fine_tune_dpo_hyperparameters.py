from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tune_dpo_hyperparameters_batch_size_type_0 import FineTuneDPOHyperparametersBatchSizeType0
from ..models.fine_tune_dpo_hyperparameters_beta_type_0 import FineTuneDPOHyperparametersBetaType0
from ..models.fine_tune_dpo_hyperparameters_learning_rate_multiplier_type_0 import (
    FineTuneDPOHyperparametersLearningRateMultiplierType0,
)
from ..models.fine_tune_dpo_hyperparameters_n_epochs_type_0 import FineTuneDPOHyperparametersNEpochsType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="FineTuneDPOHyperparameters")


@_attrs_define
class FineTuneDPOHyperparameters:
    """
    Attributes:
        beta (FineTuneDPOHyperparametersBetaType0 | float | Unset):  Default: FineTuneDPOHyperparametersBetaType0.AUTO.
        batch_size (FineTuneDPOHyperparametersBatchSizeType0 | int | Unset):  Default:
            FineTuneDPOHyperparametersBatchSizeType0.AUTO.
        learning_rate_multiplier (FineTuneDPOHyperparametersLearningRateMultiplierType0 | float | Unset):  Default:
            FineTuneDPOHyperparametersLearningRateMultiplierType0.AUTO.
        n_epochs (FineTuneDPOHyperparametersNEpochsType0 | int | Unset):  Default:
            FineTuneDPOHyperparametersNEpochsType0.AUTO.
    """

    beta: FineTuneDPOHyperparametersBetaType0 | float | Unset = FineTuneDPOHyperparametersBetaType0.AUTO
    batch_size: FineTuneDPOHyperparametersBatchSizeType0 | int | Unset = FineTuneDPOHyperparametersBatchSizeType0.AUTO
    learning_rate_multiplier: FineTuneDPOHyperparametersLearningRateMultiplierType0 | float | Unset = (
        FineTuneDPOHyperparametersLearningRateMultiplierType0.AUTO
    )
    n_epochs: FineTuneDPOHyperparametersNEpochsType0 | int | Unset = FineTuneDPOHyperparametersNEpochsType0.AUTO
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        beta: float | str | Unset
        if isinstance(self.beta, Unset):
            beta = UNSET
        elif isinstance(self.beta, FineTuneDPOHyperparametersBetaType0):
            beta = self.beta.value
        else:
            beta = self.beta

        batch_size: int | str | Unset
        if isinstance(self.batch_size, Unset):
            batch_size = UNSET
        elif isinstance(self.batch_size, FineTuneDPOHyperparametersBatchSizeType0):
            batch_size = self.batch_size.value
        else:
            batch_size = self.batch_size

        learning_rate_multiplier: float | str | Unset
        if isinstance(self.learning_rate_multiplier, Unset):
            learning_rate_multiplier = UNSET
        elif isinstance(self.learning_rate_multiplier, FineTuneDPOHyperparametersLearningRateMultiplierType0):
            learning_rate_multiplier = self.learning_rate_multiplier.value
        else:
            learning_rate_multiplier = self.learning_rate_multiplier

        n_epochs: int | str | Unset
        if isinstance(self.n_epochs, Unset):
            n_epochs = UNSET
        elif isinstance(self.n_epochs, FineTuneDPOHyperparametersNEpochsType0):
            n_epochs = self.n_epochs.value
        else:
            n_epochs = self.n_epochs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if beta is not UNSET:
            field_dict["beta"] = beta
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

        def _parse_beta(data: object) -> FineTuneDPOHyperparametersBetaType0 | float | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                beta_type_0 = FineTuneDPOHyperparametersBetaType0._lookup(data)

                return beta_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneDPOHyperparametersBetaType0 | float | Unset, data)

        beta = _parse_beta(d.pop("beta", UNSET))

        def _parse_batch_size(data: object) -> FineTuneDPOHyperparametersBatchSizeType0 | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                batch_size_type_0 = FineTuneDPOHyperparametersBatchSizeType0._lookup(data)

                return batch_size_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneDPOHyperparametersBatchSizeType0 | int | Unset, data)

        batch_size = _parse_batch_size(d.pop("batch_size", UNSET))

        def _parse_learning_rate_multiplier(
            data: object,
        ) -> FineTuneDPOHyperparametersLearningRateMultiplierType0 | float | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                learning_rate_multiplier_type_0 = FineTuneDPOHyperparametersLearningRateMultiplierType0._lookup(data)

                return learning_rate_multiplier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneDPOHyperparametersLearningRateMultiplierType0 | float | Unset, data)

        learning_rate_multiplier = _parse_learning_rate_multiplier(d.pop("learning_rate_multiplier", UNSET))

        def _parse_n_epochs(data: object) -> FineTuneDPOHyperparametersNEpochsType0 | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                n_epochs_type_0 = FineTuneDPOHyperparametersNEpochsType0._lookup(data)

                return n_epochs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneDPOHyperparametersNEpochsType0 | int | Unset, data)

        n_epochs = _parse_n_epochs(d.pop("n_epochs", UNSET))

        fine_tune_dpo_hyperparameters = cls(
            beta=beta,
            batch_size=batch_size,
            learning_rate_multiplier=learning_rate_multiplier,
            n_epochs=n_epochs,
        )

        fine_tune_dpo_hyperparameters.additional_properties = d
        return fine_tune_dpo_hyperparameters

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
