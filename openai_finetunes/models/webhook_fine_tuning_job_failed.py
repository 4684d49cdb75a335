from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_fine_tuning_job_failed_object import WebhookFineTuningJobFailedObject
from ..models.webhook_fine_tuning_job_failed_type import WebhookFineTuningJobFailedType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_fine_tuning_job_failed_data import WebhookFineTuningJobFailedData

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global WebhookFineTuningJobFailedData
    from ..models.webhook_fine_tuning_job_failed_data import WebhookFineTuningJobFailedData  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="WebhookFineTuningJobFailed")


@_attrs_define
class WebhookFineTuningJobFailed:
    """
    Attributes:
        created_at (int):
        id (str):
        data (WebhookFineTuningJobFailedData):
        type_ (WebhookFineTuningJobFailedType):
        object_ (WebhookFineTuningJobFailedObject | Unset):
    """

    created_at: int
    id: str
    data: WebhookFineTuningJobFailedData
    type_: WebhookFineTuningJobFailedType
    object_: WebhookFineTuningJobFailedObject | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        created_at = self.created_at

        id = self.id

        data = self.data.to_dict()

        type_ = self.type_.value

        object_: str | Unset = UNSET
        if not isinstance(self.object_, Unset):
            object_ = self.object_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "data": data,
                "type": type_,
            }
        )
        if object_ is not UNSET:
            field_dict["object"] = object_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        created_at = d.pop("created_at")

        id = d.pop("id")

        data = WebhookFineTuningJobFailedData.from_dict(d.pop("data"))

        type_ = WebhookFineTuningJobFailedType._lookup(d.pop("type"))

        _object_ = d.pop("object", UNSET)
        object_: WebhookFineTuningJobFailedObject | Unset
        if isinstance(_object_, Unset):
            object_ = UNSET
        else:
            object_ = WebhookFineTuningJobFailedObject._lookup(_object_)

        webhook_fine_tuning_job_failed = cls(
            created_at=created_at,
            id=id,
            data=data,
            type_=type_,
            object_=object_,
        )

        webhook_fine_tuning_job_failed.additional_properties = d
        return webhook_fine_tuning_job_failed

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
