from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.tone import Tone
from ..types import UNSET, Unset

T = TypeVar("T", bound="ToneInfo")


@_attrs_define
class ToneInfo:
    odata_type: str | Unset = UNSET
    sequence_id: int | Unset = UNSET
    """ An incremental identifier used for ordering DTMF events. """
    tone: None | str | Tone | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        sequence_id = self.sequence_id

        tone: None | str | Unset
        if isinstance(self.tone, Unset):
            tone = UNSET
        elif isinstance(self.tone, str):
            tone = self.tone
        else:
            tone = self.tone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if sequence_id is not UNSET:
            field_dict["sequenceId"] = sequence_id
        if tone is not UNSET:
            field_dict["tone"] = tone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        sequence_id = d.pop("sequenceId", UNSET)

        tone: None | str | Tone | Unset = d.pop("tone", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is ToneInfo:
            tone_info = cls(odata_type, sequence_id, tone)
        else:
            tone_info = cls(
                odata_type=odata_type,
                sequence_id=sequence_id,
                tone=tone,
            )

        tone_info.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return tone_info

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
