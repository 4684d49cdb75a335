from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.string_check_grader_operation import StringCheckGraderOperation
from ..models.string_check_grader_type import StringCheckGraderType

T = TypeVar("T", bound="StringCheckGrader")


@_attrs_define
class StringCheckGrader:
    """
    Attributes:
        type_ (StringCheckGraderType):
        name (str):
        input_ (str):
        reference (str):
        operation (StringCheckGraderOperation):
    """

    type_: StringCheckGraderType
    name: str
    input_: str
    reference: str
    operation: StringCheckGraderOperation
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        name = self.name

        input_ = self.input_

        reference = self.reference

        operation = self.operation.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "name": name,
                "input": input_,
                "reference": reference,
                "operation": operation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = StringCheckGraderType._lookup(d.pop("type"))

        name = d.pop("name")

        input_ = d.pop("input")

        reference = d.pop("reference")

        operation = StringCheckGraderOperation._lookup(d.pop("operation"))

        string_check_grader = cls(
            type_=type_,
            name=name,
            input_=input_,
            reference=reference,
            operation=operation,
        )

        string_check_grader.additional_properties = d
        return string_check_grader

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
