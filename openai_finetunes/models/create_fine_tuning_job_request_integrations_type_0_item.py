from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_fine_tuning_job_request_integrations_type_0_item_type_type_0 import (
    CreateFineTuningJobRequestIntegrationsType0ItemTypeType0,
)

if TYPE_CHECKING:
    from ..models.create_fine_tuning_job_request_integrations_type_0_item_wandb import (
        CreateFineTuningJobRequestIntegrationsType0ItemWandb,
    )

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global CreateFineTuningJobRequestIntegrationsType0ItemWandb
    from ..models.create_fine_tuning_job_request_integrations_type_0_item_wandb import (
        CreateFineTuningJobRequestIntegrationsType0ItemWandb,  # noqa: F401, PLC0415
    )

    _lazy_loaded = True


T = TypeVar("T", bound="CreateFineTuningJobRequestIntegrationsType0Item")


@_attrs_define
class CreateFineTuningJobRequestIntegrationsType0Item:
    """
    Attributes:
        type_ (CreateFineTuningJobRequestIntegrationsType0ItemTypeType0):
        wandb (CreateFineTuningJobRequestIntegrationsType0ItemWandb):
    """

    type_: CreateFineTuningJobRequestIntegrationsType0ItemTypeType0
    wandb: CreateFineTuningJobRequestIntegrationsType0ItemWandb
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        type_: str
        if isinstance(self.type_, CreateFineTuningJobRequestIntegrationsType0ItemTypeType0):
            type_ = self.type_.value

        wandb = self.wandb.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "wandb": wandb,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)

        def _parse_type_(data: object) -> CreateFineTuningJobRequestIntegrationsType0ItemTypeType0:
            if not isinstance(data, str):
                raise TypeError()
            type_type_0 = CreateFineTuningJobRequestIntegrationsType0ItemTypeType0._lookup(data)

            return type_type_0

        type_ = _parse_type_(d.pop("type"))

        wandb = CreateFineTuningJobRequestIntegrationsType0ItemWandb.from_dict(d.pop("wandb"))

        create_fine_tuning_job_request_integrations_type_0_item = cls(
            type_=type_,
            wandb=wandb,
        )

        create_fine_tuning_job_request_integrations_type_0_item.additional_properties = d
        return create_fine_tuning_job_request_integrations_type_0_item

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
