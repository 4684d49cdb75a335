from __future__ import annotations

import json
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..models.create_file_request_purpose import CreateFileRequestPurpose
from ..types import UNSET, File, Unset

if TYPE_CHECKING:
    from ..models.file_expiration_policy import FileExpirationPolicy

_lazy_loaded = False


def _load_lazy_imports() -> None:
    global _lazy_loaded
    global FileExpirationPolicy
    from ..models.file_expiration_policy import FileExpirationPolicy  # noqa: F401, PLC0415

    _lazy_loaded = True


T = TypeVar("T", bound="CreateFileRequest")


@_attrs_define
class CreateFileRequest:
    """
    Attributes:
        file (File):
        purpose (CreateFileRequestPurpose):
        expires_after (FileExpirationPolicy | Unset):
    """

    file: File
    purpose: CreateFileRequestPurpose
    expires_after: FileExpirationPolicy | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_loaded:
            _load_lazy_imports()
        file = self.file.to_tuple()

        purpose = self.purpose.value

        expires_after: dict[str, Any] | Unset = UNSET
        if not isinstance(self.expires_after, Unset):
            expires_after = self.expires_after.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file": file,
                "purpose": purpose,
            }
        )
        if expires_after is not UNSET:
            field_dict["expires_after"] = expires_after

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        if not _lazy_loaded:
            _load_lazy_imports()
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        files.append(("purpose", (None, str(self.purpose.value).encode(), "text/plain")))

        if not isinstance(self.expires_after, Unset):
            for key, value in self.expires_after.to_dict().items():
                files.append(
                    (
                        "expires_after" + f"[{key}]",
                        (None, (value if isinstance(value, str) else json.dumps(value)).encode(), "text/plain"),
                    )
                )

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _lazy_loaded:
            _load_lazy_imports()
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        purpose = CreateFileRequestPurpose._lookup(d.pop("purpose"))

        _expires_after = d.pop("expires_after", UNSET)
        expires_after: FileExpirationPolicy | Unset
        if isinstance(_expires_after, Unset):
            expires_after = UNSET
        else:
            expires_after = FileExpirationPolicy.from_dict(_expires_after)

        create_file_request = cls(
            file=file,
            purpose=purpose,
            expires_after=expires_after,
        )

        return create_file_request
