from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.multi_grader_type import MultiGraderType

if TYPE_CHECKING:
    from ..models.label_model_grader import LabelModelGrader
    from ..models.python_grader import PythonGrader
    from ..models.score_model_grader import ScoreModelGrader
    from ..models.string_check_grader import StringCheckGrader
    from ..models.text_similarity_grader import TextSimilarityGrader

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global LabelModelGrader
    global PythonGrader
    global ScoreModelGrader
    global StringCheckGrader
    global TextSimilarityGrader
    from ..models.label_model_grader import LabelModelGrader  # noqa: F401, PLC0415
    from ..models.python_grader import PythonGrader  # noqa: F401, PLC0415
    from ..models.score_model_grader import ScoreModelGrader  # noqa: F401, PLC0415
    from ..models.string_check_grader import StringCheckGrader  # noqa: F401, PLC0415
    from ..models.text_similarity_grader import TextSimilarityGrader  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="MultiGrader")


@_attrs_define
class MultiGrader:
    """
    Attributes:
        type_ (MultiGraderType):  Default: MultiGraderType.MULTI.
        name (str):
        graders (LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader):
        calculate_output (str):
    """

    name: str
    graders: LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader
    calculate_output: str
    type_: MultiGraderType = MultiGraderType.MULTI
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        type_ = self.type_.value

        name = self.name

        graders: dict[str, Any]
        if isinstance(self.graders, StringCheckGrader):
            graders = self.graders.to_dict()
        elif isinstance(self.graders, TextSimilarityGrader):
            graders = self.graders.to_dict()
        elif isinstance(self.graders, PythonGrader):
            graders = self.graders.to_dict()
        elif isinstance(self.graders, ScoreModelGrader):
            graders = self.graders.to_dict()
        else:
            graders = self.graders.to_dict()

        calculate_output = self.calculate_output

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "name": name,
                "graders": graders,
                "calculate_output": calculate_output,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        type_ = MultiGraderType._lookup(d.pop("type"))

        name = d.pop("name")

        def _parse_graders(
            data: object,
        ) -> LabelModelGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                graders_type_0 = StringCheckGrader.from_dict(data)

                return graders_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                graders_type_1 = TextSimilarityGrader.from_dict(data)

                return graders_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                graders_type_2 = PythonGrader.from_dict(data)

                return graders_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                graders_type_3 = ScoreModelGrader.from_dict(data)

                return graders_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            graders_type_4 = LabelModelGrader.from_dict(data)

            return graders_type_4

        graders = _parse_graders(d.pop("graders"))

        calculate_output = d.pop("calculate_output")

        multi_grader = cls(
            type_=type_,
            name=name,
            graders=graders,
            calculate_output=calculate_output,
        )

        multi_grader.additional_properties = d
        return multi_grader

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
