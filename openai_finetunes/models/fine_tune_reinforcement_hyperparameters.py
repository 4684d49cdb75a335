from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tune_reinforcement_hyperparameters_batch_size_type_0 import (
    FineTuneReinforcementHyperparametersBatchSizeType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_compute_multiplier_type_0 import (
    FineTuneReinforcementHyperparametersComputeMultiplierType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_eval_interval_type_0 import (
    FineTuneReinforcementHyperparametersEvalIntervalType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_eval_samples_type_0 import (
    FineTuneReinforcementHyperparametersEvalSamplesType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_learning_rate_multiplier_type_0 import (
    FineTuneReinforcementHyperparametersLearningRateMultiplierType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_n_epochs_type_0 import (
    FineTuneReinforcementHyperparametersNEpochsType0,
)
from ..models.fine_tune_reinforcement_hyperparameters_reasoning_effort import (
    FineTuneReinforcementHyperparametersReasoningEffort,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="FineTuneReinforcementHyperparameters")


@_attrs_define
class FineTuneReinforcementHyperparameters:
    """
    Attributes:
        batch_size (FineTuneReinforcementHyperparametersBatchSizeType0 | int | Unset):  Default:
            FineTuneReinforcementHyperparametersBatchSizeType0.AUTO.
        learning_rate_multiplier (FineTuneReinforcementHyperparametersLearningRateMultiplierType0 | float | Unset):
            Default: FineTuneReinforcementHyperparametersLearningRateMultiplierType0.AUTO.
        n_epochs (FineTuneReinforcementHyperparametersNEpochsType0 | int | Unset):  Default:
            FineTuneReinforcementHyperparametersNEpochsType0.AUTO.
        reasoning_effort (FineTuneReinforcementHyperparametersReasoningEffort | Unset):  Default:
            FineTuneReinforcementHyperparametersReasoningEffort.DEFAULT.
        compute_multiplier (FineTuneReinforcementHyperparametersComputeMultiplierType0 | float | Unset):  Default:
            FineTuneReinforcementHyperparametersComputeMultiplierType0.AUTO.
        eval_interval (FineTuneReinforcementHyperparametersEvalIntervalType0 | int | Unset):  Default:
            FineTuneReinforcementHyperparametersEvalIntervalType0.AUTO.
        eval_samples (FineTuneReinforcementHyperparametersEvalSamplesType0 | int | Unset):  Default:
            FineTuneReinforcementHyperparametersEvalSamplesType0.AUTO.
    """

    batch_size: FineTuneReinforcementHyperparametersBatchSizeType0 | int | Unset = (
        FineTuneReinforcementHyperparametersBatchSizeType0.AUTO
    )
    learning_rate_multiplier: FineTuneReinforcementHyperparametersLearningRateMultiplierType0 | float | Unset = (
        FineTuneReinforcementHyperparametersLearningRateMultiplierType0.AUTO
    )
    n_epochs: FineTuneReinforcementHyperparametersNEpochsType0 | int | Unset = (
        FineTuneReinforcementHyperparametersNEpochsType0.AUTO
    )
    reasoning_effort: FineTuneReinforcementHyperparametersReasoningEffort | Unset = (
        FineTuneReinforcementHyperparametersReasoningEffort.DEFAULT
    )
    compute_multiplier: FineTuneReinforcementHyperparametersComputeMultiplierType0 | float | Unset = (
        FineTuneReinforcementHyperparametersComputeMultiplierType0.AUTO
    )
    eval_interval: FineTuneReinforcementHyperparametersEvalIntervalType0 | int | Unset = (
        FineTuneReinforcementHyperparametersEvalIntervalType0.AUTO
    )
    eval_samples: FineTuneReinforcementHyperparametersEvalSamplesType0 | int | Unset = (
        FineTuneReinforcementHyperparametersEvalSamplesType0.AUTO
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_size: int | str | Unset
        if isinstance(self.batch_size, Unset):
            batch_size = UNSET
        elif isinstance(self.batch_size, FineTuneReinforcementHyperparametersBatchSizeType0):
            batch_size = self.batch_size.value
        else:
            batch_size = self.batch_size

        learning_rate_multiplier: float | str | Unset
        if isinstance(self.learning_rate_multiplier, Unset):
            learning_rate_multiplier = UNSET
        elif isinstance(self.learning_rate_multiplier, FineTuneReinforcementHyperparametersLearningRateMultiplierType0):
            learning_rate_multiplier = self.learning_rate_multiplier.value
        else:
            learning_rate_multiplier = self.learning_rate_multiplier

        n_epochs: int | str | Unset
        if isinstance(self.n_epochs, Unset):
            n_epochs = UNSET
        elif isinstance(self.n_epochs, FineTuneReinforcementHyperparametersNEpochsType0):
            n_epochs = self.n_epochs.value
        else:
            n_epochs = self.n_epochs

        reasoning_effort: str | Unset = UNSET
        if not isinstance(self.reasoning_effort, Unset):
            reasoning_effort = self.reasoning_effort.value

        compute_multiplier: float | str | Unset
        if isinstance(self.compute_multiplier, Unset):
            compute_multiplier = UNSET
        elif isinstance(self.compute_multiplier, FineTuneReinforcementHyperparametersComputeMultiplierType0):
            compute_multiplier = self.compute_multiplier.value
        else:
            compute_multiplier = self.compute_multiplier

        eval_interval: int | str | Unset
        if isinstance(self.eval_interval, Unset):
            eval_interval = UNSET
        elif isinstance(self.eval_interval, FineTuneReinforcementHyperparametersEvalIntervalType0):
            eval_interval = self.eval_interval.value
        else:
            eval_interval = self.eval_interval

        eval_samples: int | str | Unset
        if isinstance(self.eval_samples, Unset):
            eval_samples = UNSET
        elif isinstance(self.eval_samples, FineTuneReinforcementHyperparametersEvalSamplesType0):
            eval_samples = self.eval_samples.value
        else:
            eval_samples = self.eval_samples

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if batch_size is not UNSET:
            field_dict["batch_size"] = batch_size
        if learning_rate_multiplier is not UNSET:
            field_dict["learning_rate_multiplier"] = learning_rate_multiplier
        if n_epochs is not UNSET:
            field_dict["n_epochs"] = n_epochs
        if reasoning_effort is not UNSET:
            field_dict["reasoning_effort"] = reasoning_effort
        if compute_multiplier is not UNSET:
            field_dict["compute_multiplier"] = compute_multiplier
        if eval_interval is not UNSET:
            field_dict["eval_interval"] = eval_interval
        if eval_samples is not UNSET:
            field_dict["eval_samples"] = eval_samples

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_batch_size(data: object) -> FineTuneReinforcementHyperparametersBatchSizeType0 | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                batch_size_type_0 = FineTuneReinforcementHyperparametersBatchSizeType0._lookup(data)

                return batch_size_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneReinforcementHyperparametersBatchSizeType0 | int | Unset, data)

        batch_size = _parse_batch_size(d.pop("batch_size", UNSET))

        def _parse_learning_rate_multiplier(
            data: object,
        ) -> FineTuneReinforcementHyperparametersLearningRateMultiplierType0 | float | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                learning_rate_multiplier_type_0 = (
                    FineTuneReinforcementHyperparametersLearningRateMultiplierType0._lookup(data)
                )

                return learning_rate_multiplier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneReinforcementHyperparametersLearningRateMultiplierType0 | float | Unset, data)

        learning_rate_multiplier = _parse_learning_rate_multiplier(d.pop("learning_rate_multiplier", UNSET))

        def _parse_n_epochs(data: object) -> FineTuneReinforcementHyperparametersNEpochsType0 | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                n_epochs_type_0 = FineTuneReinforcementHyperparametersNEpochsType0._lookup(data)

                return n_epochs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneReinforcementHyperparametersNEpochsType0 | int | Unset, data)

        n_epochs = _parse_n_epochs(d.pop("n_epochs", UNSET))

        _reasoning_effort = d.pop("reasoning_effort", UNSET)
        reasoning_effort: FineTuneReinforcementHyperparametersReasoningEffort | Unset
        if isinstance(_reasoning_effort, Unset):
            reasoning_effort = UNSET
        else:
            reasoning_effort = FineTuneReinforcementHyperparametersReasoningEffort._lookup(_reasoning_effort)

        def _parse_compute_multiplier(
            data: object,
        ) -> FineTuneReinforcementHyperparametersComputeMultiplierType0 | float | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                compute_multiplier_type_0 = FineTuneReinforcementHyperparametersComputeMultiplierType0._lookup(data)

                return compute_multiplier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneReinforcementHyperparametersComputeMultiplierType0 | float | Unset, data)

        compute_multiplier = _parse_compute_multiplier(d.pop("compute_multiplier", UNSET))

        def _parse_eval_interval(data: object) -> FineTuneReinforcementHyperparametersEvalIntervalType0 | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                eval_interval_type_0 = FineTuneReinforcementHyperparametersEvalIntervalType0._lookup(data)

                return eval_interval_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneReinforcementHyperparametersEvalIntervalType0 | int | Unset, data)

        eval_interval = _parse_eval_interval(d.pop("eval_interval", UNSET))

        def _parse_eval_samples(data: object) -> FineTuneReinforcementHyperparametersEvalSamplesType0 | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                eval_samples_type_0 = FineTuneReinforcementHyperparametersEvalSamplesType0._lookup(data)

                return eval_samples_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FineTuneReinforcementHyperparametersEvalSamplesType0 | int | Unset, data)

        eval_samples = _parse_eval_samples(d.pop("eval_samples", UNSET))

        fine_tune_reinforcement_hyperparameters = cls(
            batch_size=batch_size,
            learning_rate_multiplier=learning_rate_multiplier,
            n_epochs=n_epochs,
            reasoning_effort=reasoning_effort,
            compute_multiplier=compute_multiplier,
            eval_interval=eval_interval,
            eval_samples=eval_samples,
        )

        fine_tune_reinforcement_hyperparameters.additional_properties = d
        return fine_tune_reinforcement_hyperparameters

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
