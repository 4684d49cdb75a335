from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.upload_object import UploadObject
from ..models.upload_status import UploadStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_file import OpenAIFile

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global OpenAIFile
    from ..models.open_ai_file import OpenAIFile  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="Upload")


@_attrs_define
class Upload:
    """
    Attributes:
        id (str):
        created_at (int):
        filename (str):
        bytes_ (int):
        purpose (str):
        status (UploadStatus):
        expires_at (int):
        object_ (UploadObject | Unset):
        file (None | OpenAIFile | Unset):
    """

    id: str
    created_at: int
    filename: str
    bytes_: int
    purpose: str
    status: UploadStatus
    expires_at: int
    object_: UploadObject | Unset = UNSET
    file: None | OpenAIFile | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        id = self.id

        created_at = self.created_at

        filename = self.filename

        bytes_ = self.bytes_

        purpose = self.purpose

        status = self.status.value

        expires_at = self.expires_at

        object_: str | Unset = UNSET
        if not isinstance(self.object_, Unset):
            object_ = self.object_.value

        file: dict[str, Any] | None | Unset
        if isinstance(self.file, Unset):
            file = UNSET
        elif isinstance(self.file, OpenAIFile):
            file = self.file.to_dict()
        else:
            file = self.file

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "created_at": created_at,
                "filename": filename,
                "bytes": bytes_,
                "purpose": purpose,
                "status": status,
                "expires_at": expires_at,
            }
        )
        if object_ is not UNSET:
            field_dict["object"] = object_
        if file is not UNSET:
            field_dict["file"] = file

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        id = d.pop("id")

        created_at = d.pop("created_at")

        filename = d.pop("filename")

        bytes_ = d.pop("bytes")

        purpose = d.pop("purpose")

        status = UploadStatus._lookup(d.pop("status"))

        expires_at = d.pop("expires_at")

        _object_ = d.pop("object", UNSET)
        object_: UploadObject | Unset
        if isinstance(_object_, Unset):
            object_ = UNSET
        else:
            object_ = UploadObject._lookup(_object_)

        def _parse_file(data: object) -> None | OpenAIFile | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                file_type_0 = OpenAIFile.from_dict(data)

                return file_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OpenAIFile | Unset, data)

        file = _parse_file(d.pop("file", UNSET))

        upload = cls(
            id=id,
            created_at=created_at,
            filename=filename,
            bytes_=bytes_,
            purpose=purpose,
            status=status,
            expires_at=expires_at,
            object_=object_,
            file=file,
        )

        upload.additional_properties = d
        return upload

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
