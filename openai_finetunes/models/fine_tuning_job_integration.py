from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tuning_job_integration_type import FineTuningJobIntegrationType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fine_tuning_job_integration_wandb import FineTuningJobIntegrationWandb

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global FineTuningJobIntegrationWandb
    from ..models.fine_tuning_job_integration_wandb import FineTuningJobIntegrationWandb  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="FineTuningJobIntegration")


@_attrs_define
class FineTuningJobIntegration:
    """
    Attributes:
        type_ (FineTuningJobIntegrationType):
        wandb (FineTuningJobIntegrationWandb | Unset):
    """

    type_: FineTuningJobIntegrationType
    wandb: FineTuningJobIntegrationWandb | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        type_ = self.type_.value

        wandb: dict[str, Any] | Unset = UNSET
        if not isinstance(self.wandb, Unset):
            wandb = self.wandb.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if wandb is not UNSET:
            field_dict["wandb"] = wandb

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        type_ = FineTuningJobIntegrationType._lookup(d.pop("type"))

        _wandb = d.pop("wandb", UNSET)
        wandb: FineTuningJobIntegrationWandb | Unset
        if isinstance(_wandb, Unset):
            wandb = UNSET
        else:
            wandb = FineTuningJobIntegrationWandb.from_dict(_wandb)

        fine_tuning_job_integration = cls(
            type_=type_,
            wandb=wandb,
        )

        fine_tuning_job_integration.additional_properties = d
        return fine_tuning_job_integration

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
