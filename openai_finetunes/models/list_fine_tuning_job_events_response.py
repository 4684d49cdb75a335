from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_fine_tuning_job_events_response_object import ListFineTuningJobEventsResponseObject

if TYPE_CHECKING:
    from ..models.fine_tuning_job_event import FineTuningJobEvent

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global FineTuningJobEvent
    from ..models.fine_tuning_job_event import FineTuningJobEvent  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="ListFineTuningJobEventsResponse")


@_attrs_define
class ListFineTuningJobEventsResponse:
    """
    Attributes:
        data (list[FineTuningJobEvent]):
        object_ (ListFineTuningJobEventsResponseObject):
        has_more (bool):
    """

    data: list[FineTuningJobEvent]
    object_: ListFineTuningJobEventsResponseObject
    has_more: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        data = []
        for data_item_data in self.data:
            if not hasattr(data_item_data, "to_dict"):
                data.append(data_item_data)
                continue
            data_item = data_item_data.to_dict()
            data.append(data_item)

        object_ = self.object_.value

        has_more = self.has_more

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "object": object_,
                "has_more": has_more,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = FineTuningJobEvent.from_dict(data_item_data)

            data.append(data_item)

        object_ = ListFineTuningJobEventsResponseObject._lookup(d.pop("object"))

        has_more = d.pop("has_more")

        list_fine_tuning_job_events_response = cls(
            data=data,
            object_=object_,
            has_more=has_more,
        )

        list_fine_tuning_job_events_response.additional_properties = d
        return list_fine_tuning_job_events_response

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
