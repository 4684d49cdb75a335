from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.eval_message_object_role import EvalMessageObjectRole
from ..models.eval_message_object_type import EvalMessageObjectType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.input_audio import InputAudio
    from ..models.input_image import InputImage
    from ..models.input_text import InputText
    from ..models.output_text import OutputText

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global InputAudio
    global InputImage
    global InputText
    global OutputText
    from ..models.input_audio import InputAudio  # noqa: F401, PLC0415
    from ..models.input_image import InputImage  # noqa: F401, PLC0415
    from ..models.input_text import InputText  # noqa: F401, PLC0415
    from ..models.output_text import OutputText  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="EvalMessageObject")


@_attrs_define
class EvalMessageObject:
    """
    Attributes:
        role (EvalMessageObjectRole):
        content (InputAudio | InputImage | InputText | list[InputAudio | InputImage | InputText | OutputText | str] |
            OutputText | str):
        type_ (EvalMessageObjectType | Unset):
    """

    role: EvalMessageObjectRole
    content: (
        InputAudio
        | InputImage
        | InputText
        | list[InputAudio | InputImage | InputText | OutputText | str]
        | OutputText
        | str
    )
    type_: EvalMessageObjectType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        role = self.role.value

        content: dict[str, Any] | list[dict[str, Any] | str] | str
        if isinstance(self.content, InputText):
            content = self.content.to_dict()
        elif isinstance(self.content, OutputText):
            content = self.content.to_dict()
        elif isinstance(self.content, InputImage):
            content = self.content.to_dict()
        elif isinstance(self.content, InputAudio):
            content = self.content.to_dict()
        elif isinstance(self.content, list):
            content = []
            for componentsschemas_eval_item_content_array_item_data in self.content:
                componentsschemas_eval_item_content_array_item: dict[str, Any] | str
                if isinstance(componentsschemas_eval_item_content_array_item_data, InputText):
                    componentsschemas_eval_item_content_array_item = (
                        componentsschemas_eval_item_content_array_item_data.to_dict()
                    )
                elif isinstance(componentsschemas_eval_item_content_array_item_data, OutputText):
                    componentsschemas_eval_item_content_array_item = (
                        componentsschemas_eval_item_content_array_item_data.to_dict()
                    )
                elif isinstance(componentsschemas_eval_item_content_array_item_data, InputImage):
                    componentsschemas_eval_item_content_array_item = (
                        componentsschemas_eval_item_content_array_item_data.to_dict()
                    )
                elif isinstance(componentsschemas_eval_item_content_array_item_data, InputAudio):
                    componentsschemas_eval_item_content_array_item = (
                        componentsschemas_eval_item_content_array_item_data.to_dict()
                    )
                else:
                    componentsschemas_eval_item_content_array_item = componentsschemas_eval_item_content_array_item_data
                content.append(componentsschemas_eval_item_content_array_item)

        else:
            content = self.content

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
                "content": content,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        role = EvalMessageObjectRole._lookup(d.pop("role"))

        def _parse_content(
            data: object,
        ) -> (
            InputAudio
            | InputImage
            | InputText
            | list[InputAudio | InputImage | InputText | OutputText | str]
            | OutputText
            | str
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_item_content_item_type_1 = InputText.from_dict(data)

                return componentsschemas_eval_item_content_item_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_item_content_item_type_2 = OutputText.from_dict(data)

                return componentsschemas_eval_item_content_item_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_item_content_item_type_3 = InputImage.from_dict(data)

                return componentsschemas_eval_item_content_item_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_eval_item_content_item_type_4 = InputAudio.from_dict(data)

                return componentsschemas_eval_item_content_item_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_eval_item_content_type_1 = []
                _componentsschemas_eval_item_content_type_1 = data
                for componentsschemas_eval_item_content_array_item_data in _componentsschemas_eval_item_content_type_1:

                    def _parse_componentsschemas_eval_item_content_array_item(
                        data: object,
                    ) -> InputAudio | InputImage | InputText | OutputText | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_eval_item_content_item_type_1 = InputText.from_dict(data)

                            return componentsschemas_eval_item_content_item_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_eval_item_content_item_type_2 = OutputText.from_dict(data)

                            return componentsschemas_eval_item_content_item_type_2
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_eval_item_content_item_type_3 = InputImage.from_dict(data)

                            return componentsschemas_eval_item_content_item_type_3
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_eval_item_content_item_type_4 = InputAudio.from_dict(data)

                            return componentsschemas_eval_item_content_item_type_4
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(InputAudio | InputImage | InputText | OutputText | str, data)

                    componentsschemas_eval_item_content_array_item = (
                        _parse_componentsschemas_eval_item_content_array_item(
                            componentsschemas_eval_item_content_array_item_data
                        )
                    )

                    componentsschemas_eval_item_content_type_1.append(componentsschemas_eval_item_content_array_item)

                return componentsschemas_eval_item_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                InputAudio
                | InputImage
                | InputText
                | list[InputAudio | InputImage | InputText | OutputText | str]
                | OutputText
                | str,
                data,
            )

        content = _parse_content(d.pop("content"))

        _type_ = d.pop("type", UNSET)
        type_: EvalMessageObjectType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = EvalMessageObjectType._lookup(_type_)

        eval_message_object = cls(
            role=role,
            content=content,
            type_=type_,
        )

        eval_message_object.additional_properties = d
        return eval_message_object

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
