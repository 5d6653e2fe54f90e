from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.online_meeting_content_sharing_disabled_reason import (
    OnlineMeetingContentSharingDisabledReason,
)
from ..models.online_meeting_video_disabled_reason import (
    OnlineMeetingVideoDisabledReason,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="OnlineMeetingRestricted")


@_attrs_define
class OnlineMeetingRestricted:
    odata_type: str | Unset = UNSET
    content_sharing_disabled: None | OnlineMeetingContentSharingDisabledReason | str | Unset = UNSET
    video_disabled: None | OnlineMeetingVideoDisabledReason | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        content_sharing_disabled: None | str | Unset
        if isinstance(self.content_sharing_disabled, Unset):
            content_sharing_disabled = UNSET
        elif isinstance(self.content_sharing_disabled, str):
            content_sharing_disabled = self.content_sharing_disabled
        else:
            content_sharing_disabled = self.content_sharing_disabled

        video_disabled: None | str | Unset
        if isinstance(self.video_disabled, Unset):
            video_disabled = UNSET
        elif isinstance(self.video_disabled, str):
            video_disabled = self.video_disabled
        else:
            video_disabled = self.video_disabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if content_sharing_disabled is not UNSET:
            field_dict["contentSharingDisabled"] = content_sharing_disabled
        if video_disabled is not UNSET:
            field_dict["videoDisabled"] = video_disabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        content_sharing_disabled: None | OnlineMeetingContentSharingDisabledReason | str | Unset = d.pop(
            "contentSharingDisabled", UNSET
        )

        video_disabled: None | OnlineMeetingVideoDisabledReason | str | Unset = d.pop("videoDisabled", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is OnlineMeetingRestricted:
            online_meeting_restricted = cls(odata_type, content_sharing_disabled, video_disabled)
        else:
            online_meeting_restricted = cls(
                odata_type=odata_type,
                content_sharing_disabled=content_sharing_disabled,
                video_disabled=video_disabled,
            )

        online_meeting_restricted.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return online_meeting_restricted

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

    def __repr__(self) -> str:
        return set_fields_repr(self)
