from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.label_model_grader_type import LabelModelGraderType

if TYPE_CHECKING:
    from ..models.eval_message_object import EvalMessageObject

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global EvalMessageObject
    from ..models.eval_message_object import EvalMessageObject  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="LabelModelGrader")


@_attrs_define
class LabelModelGrader:
    """
    Attributes:
        type_ (LabelModelGraderType):
        name (str):
        model (str):
        input_ (list[EvalMessageObject]):
        labels (list[str]):
        passing_labels (list[str]):
    """

    type_: LabelModelGraderType
    name: str
    model: str
    input_: list[EvalMessageObject]
    labels: list[str]
    passing_labels: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        type_ = self.type_.value

        name = self.name

        model = self.model

        input_ = []
        for input_item_data in self.input_:
            if not hasattr(input_item_data, "to_dict"):
                input_.append(input_item_data)
                continue
            input_item = input_item_data.to_dict()
            input_.append(input_item)

        labels = self.labels

        passing_labels = self.passing_labels

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "name": name,
                "model": model,
                "input": input_,
                "labels": labels,
                "passing_labels": passing_labels,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        type_ = LabelModelGraderType._lookup(d.pop("type"))

        name = d.pop("name")

        model = d.pop("model")

        input_ = []
        _input_ = d.pop("input")
        for input_item_data in _input_:
            input_item = EvalMessageObject.from_dict(input_item_data)

            input_.append(input_item)

        labels = cast(list[str], d.pop("labels"))

        passing_labels = cast(list[str], d.pop("passing_labels"))

        label_model_grader = cls(
            type_=type_,
            name=name,
            model=model,
            input_=input_,
            labels=labels,
            passing_labels=passing_labels,
        )

        label_model_grader.additional_properties = d
        return label_model_grader

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
