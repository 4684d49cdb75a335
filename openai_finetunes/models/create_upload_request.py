from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.create_upload_request_purpose import CreateUploadRequestPurpose
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_expiration_policy import FileExpirationPolicy

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global FileExpirationPolicy
    from ..models.file_expiration_policy import FileExpirationPolicy  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="CreateUploadRequest")


@_attrs_define
class CreateUploadRequest:
    """
    Attributes:
        filename (str):
        purpose (CreateUploadRequestPurpose):
        bytes_ (int):
        mime_type (str):
        expires_after (FileExpirationPolicy | Unset):
    """

    filename: str
    purpose: CreateUploadRequestPurpose
    bytes_: int
    mime_type: str
    expires_after: FileExpirationPolicy | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        filename = self.filename

        purpose = self.purpose.value

        bytes_ = self.bytes_

        mime_type = self.mime_type

        expires_after: dict[str, Any] | Unset = UNSET
        if not isinstance(self.expires_after, Unset):
            expires_after = self.expires_after.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "filename": filename,
                "purpose": purpose,
                "bytes": bytes_,
                "mime_type": mime_type,
            }
        )
        if expires_after is not UNSET:
            field_dict["expires_after"] = expires_after

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        filename = d.pop("filename")

        purpose = CreateUploadRequestPurpose._lookup(d.pop("purpose"))

        bytes_ = d.pop("bytes")

        mime_type = d.pop("mime_type")

        _expires_after = d.pop("expires_after", UNSET)
        expires_after: FileExpirationPolicy | Unset
        if isinstance(_expires_after, Unset):
            expires_after = UNSET
        else:
            expires_after = FileExpirationPolicy.from_dict(_expires_after)

        create_upload_request = cls(
            filename=filename,
            purpose=purpose,
            bytes_=bytes_,
            mime_type=mime_type,
            expires_after=expires_after,
        )

        return create_upload_request
