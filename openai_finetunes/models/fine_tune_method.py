from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fine_tune_method_type import FineTuneMethodType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fine_tune_dpo_method import FineTuneDPOMethod
    from ..models.fine_tune_reinforcement_method import FineTuneReinforcementMethod
    from ..models.fine_tune_supervised_method import FineTuneSupervisedMethod

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global FineTuneDPOMethod
    global FineTuneReinforcementMethod
    global FineTuneSupervisedMethod
    from ..models.fine_tune_dpo_method import FineTuneDPOMethod  # noqa: F401, PLC0415
    from ..models.fine_tune_reinforcement_method import FineTuneReinforcementMethod  # noqa: F401, PLC0415
    from ..models.fine_tune_supervised_method import FineTuneSupervisedMethod  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="FineTuneMethod")


@_attrs_define
class FineTuneMethod:
    """
    Attributes:
        type_ (FineTuneMethodType):
        supervised (FineTuneSupervisedMethod | Unset):
        dpo (FineTuneDPOMethod | Unset):
        reinforcement (FineTuneReinforcementMethod | Unset):
    """

    type_: FineTuneMethodType
    supervised: FineTuneSupervisedMethod | Unset = UNSET
    dpo: FineTuneDPOMethod | Unset = UNSET
    reinforcement: FineTuneReinforcementMethod | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        type_ = self.type_.value

        supervised: dict[str, Any] | Unset = UNSET
        if not isinstance(self.supervised, Unset):
            supervised = self.supervised.to_dict()

        dpo: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dpo, Unset):
            dpo = self.dpo.to_dict()

        reinforcement: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reinforcement, Unset):
            reinforcement = self.reinforcement.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if supervised is not UNSET:
            field_dict["supervised"] = supervised
        if dpo is not UNSET:
            field_dict["dpo"] = dpo
        if reinforcement is not UNSET:
            field_dict["reinforcement"] = reinforcement

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        type_ = FineTuneMethodType._lookup(d.pop("type"))

        _supervised = d.pop("supervised", UNSET)
        supervised: FineTuneSupervisedMethod | Unset
        if isinstance(_supervised, Unset):
            supervised = UNSET
        else:
            supervised = FineTuneSupervisedMethod.from_dict(_supervised)

        _dpo = d.pop("dpo", UNSET)
        dpo: FineTuneDPOMethod | Unset
        if isinstance(_dpo, Unset):
            dpo = UNSET
        else:
            dpo = FineTuneDPOMethod.from_dict(_dpo)

        _reinforcement = d.pop("reinforcement", UNSET)
        reinforcement: FineTuneReinforcementMethod | Unset
        if isinstance(_reinforcement, Unset):
            reinforcement = UNSET
        else:
            reinforcement = FineTuneReinforcementMethod.from_dict(_reinforcement)

        fine_tune_method = cls(
            type_=type_,
            supervised=supervised,
            dpo=dpo,
            reinforcement=reinforcement,
        )

        fine_tune_method.additional_properties = d
        return fine_tune_method

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
