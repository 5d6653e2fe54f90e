from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.join_meeting_id_meeting_info_odata_type import (
    JoinMeetingIdMeetingInfoOdataType,
    check_join_meeting_id_meeting_info_odata_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="JoinMeetingIdMeetingInfo")


@_attrs_define
class JoinMeetingIdMeetingInfo:
    odata_type: JoinMeetingIdMeetingInfoOdataType = "#microsoft.graph.joinMeetingIdMeetingInfo"
    join_meeting_id: str | Unset = UNSET
    passcode: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type: str = self.odata_type

        join_meeting_id = self.join_meeting_id

        passcode: None | str | Unset
        if isinstance(self.passcode, Unset):
            passcode = UNSET
        else:
            passcode = self.passcode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@odata.type": odata_type,
            }
        )
        if join_meeting_id is not UNSET:
            field_dict["joinMeetingId"] = join_meeting_id
        if passcode is not UNSET:
            field_dict["passcode"] = passcode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = check_join_meeting_id_meeting_info_odata_type(d.pop("@odata.type"))

        join_meeting_id = d.pop("joinMeetingId", UNSET)

        passcode: None | str | Unset = d.pop("passcode", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is JoinMeetingIdMeetingInfo:
            join_meeting_id_meeting_info = cls(odata_type, join_meeting_id, passcode)
        else:
            join_meeting_id_meeting_info = cls(
                odata_type=odata_type,
                join_meeting_id=join_meeting_id,
                passcode=passcode,
            )

        join_meeting_id_meeting_info.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return join_meeting_id_meeting_info

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
