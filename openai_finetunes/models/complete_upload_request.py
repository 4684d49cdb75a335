from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompleteUploadRequest")


@_attrs_define
class CompleteUploadRequest:
    """
    Attributes:
        part_ids (list[str]):
        md5 (str | Unset):
    """

    part_ids: list[str]
    md5: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        part_ids = self.part_ids

        md5 = self.md5

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "part_ids": part_ids,
            }
        )
        if md5 is not UNSET:
            field_dict["md5"] = md5

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        part_ids = cast(list[str], d.pop("part_ids"))

        md5 = d.pop("md5", UNSET)

        complete_upload_request = cls(
            part_ids=part_ids,
            md5=md5,
        )

        return complete_upload_request
