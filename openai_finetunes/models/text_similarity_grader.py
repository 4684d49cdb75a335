from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.text_similarity_grader_evaluation_metric import TextSimilarityGraderEvaluationMetric
from ..models.text_similarity_grader_type import TextSimilarityGraderType

T = TypeVar("T", bound="TextSimilarityGrader")


@_attrs_define
class TextSimilarityGrader:
    """
    Attributes:
        type_ (TextSimilarityGraderType):  Default: TextSimilarityGraderType.TEXT_SIMILARITY.
        name (str):
        input_ (str):
        reference (str):
        evaluation_metric (TextSimilarityGraderEvaluationMetric):
    """

    name: str
    input_: str
    reference: str
    evaluation_metric: TextSimilarityGraderEvaluationMetric
    type_: TextSimilarityGraderType = TextSimilarityGraderType.TEXT_SIMILARITY
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        name = self.name

        input_ = self.input_

        reference = self.reference

        evaluation_metric = self.evaluation_metric.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "name": name,
                "input": input_,
                "reference": reference,
                "evaluation_metric": evaluation_metric,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = TextSimilarityGraderType._lookup(d.pop("type"))

        name = d.pop("name")

        input_ = d.pop("input")

        reference = d.pop("reference")

        evaluation_metric = TextSimilarityGraderEvaluationMetric._lookup(d.pop("evaluation_metric"))

        text_similarity_grader = cls(
            type_=type_,
            name=name,
            input_=input_,
            reference=reference,
            evaluation_metric=evaluation_metric,
        )

        text_similarity_grader.additional_properties = d
        return text_similarity_grader

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
