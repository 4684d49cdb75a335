from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.python_grader_type import PythonGraderType
from ..types import UNSET, Unset

T = TypeVar("T", bound="PythonGrader")


@_attrs_define
class PythonGrader:
    """
    Attributes:
        type_ (PythonGraderType):
        name (str):
        source (str):
        image_tag (str | Unset):
    """

    type_: PythonGraderType
    name: str
    source: str
    image_tag: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        name = self.name

        source = self.source

        image_tag = self.image_tag

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "name": name,
                "source": source,
            }
        )
        if image_tag is not UNSET:
            field_dict["image_tag"] = image_tag

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = PythonGraderType._lookup(d.pop("type"))

        name = d.pop("name")

        source = d.pop("source")

        image_tag = d.pop("image_tag", UNSET)

        python_grader = cls(
            type_=type_,
            name=name,
            source=source,
            image_tag=image_tag,
        )

        python_grader.additional_properties = d
        return python_grader

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
