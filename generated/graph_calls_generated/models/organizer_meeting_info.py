from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.organizer_meeting_info_odata_type import (
    OrganizerMeetingInfoOdataType,
    check_organizer_meeting_info_odata_type,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.identity_set import IdentitySet


T = TypeVar("T", bound="OrganizerMeetingInfo")


@_attrs_define
class OrganizerMeetingInfo:
    odata_type: OrganizerMeetingInfoOdataType = "#microsoft.graph.organizerMeetingInfo"
    organizer: IdentitySet | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type: str = self.odata_type

        organizer: dict[str, Any] | None | Unset
        if isinstance(self.organizer, Unset):
            organizer = UNSET
        elif isinstance(self.organizer, IdentitySet):
            organizer = self.organizer.to_dict()
        else:
            organizer = self.organizer

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@odata.type": odata_type,
            }
        )
        if organizer is not UNSET:
            field_dict["organizer"] = organizer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = check_organizer_meeting_info_odata_type(d.pop("@odata.type"))

        organizer: IdentitySet | None | Unset = d.pop("organizer", UNSET)
        if organizer is not None and not isinstance(organizer, Unset):
            organizer = _parse_organizer(organizer)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is OrganizerMeetingInfo:
            organizer_meeting_info = cls(odata_type, organizer)
        else:
            organizer_meeting_info = cls(
                odata_type=odata_type,
                organizer=organizer,
            )

        organizer_meeting_info.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return organizer_meeting_info

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


# from_dict's field parsers, defined once (graph_calls_spec.model_parsers).
def _parse_organizer(data: object) -> IdentitySet | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        organizer_type_0 = IdentitySet.from_dict(data)

        return organizer_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(IdentitySet | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.identity_set import IdentitySet
