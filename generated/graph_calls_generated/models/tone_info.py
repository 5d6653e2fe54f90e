from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.tone import Tone, check_tone
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

        def _parse_tone(data: object) -> None | str | Tone | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tone_type_0 = check_tone(data)

                return tone_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | str | Tone | Unset, data)

        tone = _parse_tone(d.pop("tone", UNSET))

        tone_info = cls(
            odata_type=odata_type,
            sequence_id=sequence_id,
            tone=tone,
        )

        tone_info.additional_properties = d
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
