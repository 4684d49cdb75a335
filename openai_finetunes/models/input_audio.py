from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.input_audio_type import InputAudioType

if TYPE_CHECKING:
    from ..models.input_audio_input_audio import InputAudioInputAudio

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global InputAudioInputAudio
    from ..models.input_audio_input_audio import InputAudioInputAudio  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="InputAudio")


@_attrs_define
class InputAudio:
    """
    Attributes:
        type_ (InputAudioType):
        input_audio (InputAudioInputAudio):
    """

    type_: InputAudioType
    input_audio: InputAudioInputAudio
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        type_ = self.type_.value

        input_audio = self.input_audio.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "input_audio": input_audio,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        type_ = InputAudioType._lookup(d.pop("type"))

        input_audio = InputAudioInputAudio.from_dict(d.pop("input_audio"))

        input_audio = cls(
            type_=type_,
            input_audio=input_audio,
        )

        input_audio.additional_properties = d
        return input_audio

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
