from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_expiration_policy_anchor import FileExpirationPolicyAnchor

T = TypeVar("T", bound="FileExpirationPolicy")


@_attrs_define
class FileExpirationPolicy:
    """
    Attributes:
        anchor (FileExpirationPolicyAnchor):
        seconds (int):
    """

    anchor: FileExpirationPolicyAnchor
    seconds: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        anchor = self.anchor.value

        seconds = self.seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "anchor": anchor,
                "seconds": seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        anchor = FileExpirationPolicyAnchor._lookup(d.pop("anchor"))

        seconds = d.pop("seconds")

        file_expiration_policy = cls(
            anchor=anchor,
            seconds=seconds,
        )

        file_expiration_policy.additional_properties = d
        return file_expiration_policy

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
