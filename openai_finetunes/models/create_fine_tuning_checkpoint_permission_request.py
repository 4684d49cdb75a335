from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="CreateFineTuningCheckpointPermissionRequest")


@_attrs_define
class CreateFineTuningCheckpointPermissionRequest:
    """
    Attributes:
        project_ids (list[str]):
    """

    project_ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        project_ids = self.project_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "project_ids": project_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        project_ids = cast(list[str], d.pop("project_ids"))

        create_fine_tuning_checkpoint_permission_request = cls(
            project_ids=project_ids,
        )

        return create_fine_tuning_checkpoint_permission_request
