from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.call_transcription_state import CallTranscriptionState
from ..types import UNSET, Unset

T = TypeVar("T", bound="CallTranscriptionInfo")


@_attrs_define
class CallTranscriptionInfo:
    odata_type: str | Unset = UNSET
    last_modified_date_time: datetime.datetime | None | Unset = UNSET
    """ The state modified time in UTC. """
    state: CallTranscriptionState | None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        last_modified_date_time: None | str | Unset
        if isinstance(self.last_modified_date_time, Unset):
            last_modified_date_time = UNSET
        elif isinstance(self.last_modified_date_time, datetime.datetime):
            last_modified_date_time = self.last_modified_date_time.isoformat()
        else:
            last_modified_date_time = self.last_modified_date_time

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, str):
            state = self.state
        else:
            state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if last_modified_date_time is not UNSET:
            field_dict["lastModifiedDateTime"] = last_modified_date_time
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        last_modified_date_time: datetime.datetime | None | Unset = d.pop("lastModifiedDateTime", UNSET)
        if last_modified_date_time is not None and not isinstance(last_modified_date_time, Unset):
            last_modified_date_time = _parse_last_modified_date_time(last_modified_date_time)

        state: CallTranscriptionState | None | str | Unset = d.pop("state", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallTranscriptionInfo:
            call_transcription_info = cls(odata_type, last_modified_date_time, state)
        else:
            call_transcription_info = cls(
                odata_type=odata_type,
                last_modified_date_time=last_modified_date_time,
                state=state,
            )

        call_transcription_info.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return call_transcription_info

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
def _parse_last_modified_date_time(data: object) -> datetime.datetime | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, str):
            raise TypeError()
        last_modified_date_time_type_0 = datetime.datetime.fromisoformat(data)

        return last_modified_date_time_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(datetime.datetime | None | Unset, data)
