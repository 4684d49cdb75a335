from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fine_tune_reinforcement_hyperparameters import FineTuneReinforcementHyperparameters
    from ..models.multi_grader import MultiGrader
    from ..models.python_grader import PythonGrader
    from ..models.score_model_grader import ScoreModelGrader
    from ..models.string_check_grader import StringCheckGrader
    from ..models.text_similarity_grader import TextSimilarityGrader

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global FineTuneReinforcementHyperparameters
    global MultiGrader
    global PythonGrader
    global ScoreModelGrader
    global StringCheckGrader
    global TextSimilarityGrader
    from ..models.fine_tune_reinforcement_hyperparameters import FineTuneReinforcementHyperparameters  # noqa: F401, PLC0415
    from ..models.multi_grader import MultiGrader  # noqa: F401, PLC0415
    from ..models.python_grader import PythonGrader  # noqa: F401, PLC0415
    from ..models.score_model_grader import ScoreModelGrader  # noqa: F401, PLC0415
    from ..models.string_check_grader import StringCheckGrader  # noqa: F401, PLC0415
    from ..models.text_similarity_grader import TextSimilarityGrader  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="FineTuneReinforcementMethod")


@_attrs_define
class FineTuneReinforcementMethod:
    """
    Attributes:
        grader (MultiGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader):
        hyperparameters (FineTuneReinforcementHyperparameters | Unset):
    """

    grader: MultiGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader
    hyperparameters: FineTuneReinforcementHyperparameters | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        grader: dict[str, Any]
        if isinstance(self.grader, StringCheckGrader):
            grader = self.grader.to_dict()
        elif isinstance(self.grader, TextSimilarityGrader):
            grader = self.grader.to_dict()
        elif isinstance(self.grader, PythonGrader):
            grader = self.grader.to_dict()
        elif isinstance(self.grader, ScoreModelGrader):
            grader = self.grader.to_dict()
        else:
            grader = self.grader.to_dict()

        hyperparameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.hyperparameters, Unset):
            hyperparameters = self.hyperparameters.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grader": grader,
            }
        )
        if hyperparameters is not UNSET:
            field_dict["hyperparameters"] = hyperparameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)

        def _parse_grader(
            data: object,
        ) -> MultiGrader | PythonGrader | ScoreModelGrader | StringCheckGrader | TextSimilarityGrader:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                grader_type_0 = StringCheckGrader.from_dict(data)

                return grader_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                grader_type_1 = TextSimilarityGrader.from_dict(data)

                return grader_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                grader_type_2 = PythonGrader.from_dict(data)

                return grader_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                grader_type_3 = ScoreModelGrader.from_dict(data)

                return grader_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            grader_type_4 = MultiGrader.from_dict(data)

            return grader_type_4

        grader = _parse_grader(d.pop("grader"))

        _hyperparameters = d.pop("hyperparameters", UNSET)
        hyperparameters: FineTuneReinforcementHyperparameters | Unset
        if isinstance(_hyperparameters, Unset):
            hyperparameters = UNSET
        else:
            hyperparameters = FineTuneReinforcementHyperparameters.from_dict(_hyperparameters)

        fine_tune_reinforcement_method = cls(
            grader=grader,
            hyperparameters=hyperparameters,
        )

        fine_tune_reinforcement_method.additional_properties = d
        return fine_tune_reinforcement_method

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
