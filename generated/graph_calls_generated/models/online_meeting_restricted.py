from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.online_meeting_content_sharing_disabled_reason import (
    OnlineMeetingContentSharingDisabledReason,
    check_online_meeting_content_sharing_disabled_reason,
)
from ..models.online_meeting_video_disabled_reason import (
    OnlineMeetingVideoDisabledReason,
    check_online_meeting_video_disabled_reason,
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

        def _parse_content_sharing_disabled(
            data: object,
        ) -> None | OnlineMeetingContentSharingDisabledReason | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                content_sharing_disabled_type_0 = check_online_meeting_content_sharing_disabled_reason(data)

                return content_sharing_disabled_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OnlineMeetingContentSharingDisabledReason | str | Unset, data)

        content_sharing_disabled = _parse_content_sharing_disabled(d.pop("contentSharingDisabled", UNSET))

        def _parse_video_disabled(data: object) -> None | OnlineMeetingVideoDisabledReason | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                video_disabled_type_0 = check_online_meeting_video_disabled_reason(data)

                return video_disabled_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OnlineMeetingVideoDisabledReason | str | Unset, data)

        video_disabled = _parse_video_disabled(d.pop("videoDisabled", UNSET))

        online_meeting_restricted = cls(
            odata_type=odata_type,
            content_sharing_disabled=content_sharing_disabled,
            video_disabled=video_disabled,
        )

        online_meeting_restricted.additional_properties = d
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
