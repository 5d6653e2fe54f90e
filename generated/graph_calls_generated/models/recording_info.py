from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.recording_status import RecordingStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.identity_set import IdentitySet


T = TypeVar("T", bound="RecordingInfo")


@_attrs_define
class RecordingInfo:
    odata_type: str | Unset = UNSET
    initiator: IdentitySet | None | Unset = UNSET
    recording_status: None | RecordingStatus | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        initiator: dict[str, Any] | None | Unset
        if isinstance(self.initiator, Unset):
            initiator = UNSET
        elif isinstance(self.initiator, IdentitySet):
            initiator = self.initiator.to_dict()
        else:
            initiator = self.initiator

        recording_status: None | str | Unset
        if isinstance(self.recording_status, Unset):
            recording_status = UNSET
        elif isinstance(self.recording_status, str):
            recording_status = self.recording_status
        else:
            recording_status = self.recording_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if initiator is not UNSET:
            field_dict["initiator"] = initiator
        if recording_status is not UNSET:
            field_dict["recordingStatus"] = recording_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        initiator: IdentitySet | None | Unset = d.pop("initiator", UNSET)
        if initiator is not None and not isinstance(initiator, Unset):
            initiator = _parse_initiator(initiator)

        recording_status: None | RecordingStatus | str | Unset = d.pop("recordingStatus", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is RecordingInfo:
            recording_info = cls(odata_type, initiator, recording_status)
        else:
            recording_info = cls(
                odata_type=odata_type,
                initiator=initiator,
                recording_status=recording_status,
            )

        recording_info.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return recording_info

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
def _parse_initiator(data: object) -> IdentitySet | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        initiator_type_0 = IdentitySet.from_dict(data)

        return initiator_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(IdentitySet | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.identity_set import IdentitySet
