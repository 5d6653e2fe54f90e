from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.tone import Tone
from ..types import UNSET, Unset

T = TypeVar("T", bound="CallsSendDtmfTonesBody")


@_attrs_define
class CallsSendDtmfTonesBody:
    tones: list[str | Tone] | Unset = UNSET
    delay_between_tones_ms: int | None | Unset = UNSET
    client_context: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tones: list[str] | Unset = UNSET
        if not isinstance(self.tones, Unset):
            tones = []
            for tones_item_data in self.tones:
                tones_item: str
                if isinstance(tones_item_data, str):
                    tones_item = tones_item_data
                else:
                    tones_item = tones_item_data
                tones.append(tones_item)

        delay_between_tones_ms: int | None | Unset
        if isinstance(self.delay_between_tones_ms, Unset):
            delay_between_tones_ms = UNSET
        else:
            delay_between_tones_ms = self.delay_between_tones_ms

        client_context: None | str | Unset
        if isinstance(self.client_context, Unset):
            client_context = UNSET
        else:
            client_context = self.client_context

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if tones is not UNSET:
            field_dict["tones"] = tones
        if delay_between_tones_ms is not UNSET:
            field_dict["delayBetweenTonesMs"] = delay_between_tones_ms
        if client_context is not UNSET:
            field_dict["clientContext"] = client_context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _tones = d.pop("tones", UNSET)
        tones: list[str | Tone] | Unset = UNSET
        if _tones is not UNSET:
            tones = []
            for tones_item_data in _tones:
                tones_item: str | Tone = tones_item_data

                tones.append(tones_item)

        delay_between_tones_ms: int | None | Unset = d.pop("delayBetweenTonesMs", UNSET)

        client_context: None | str | Unset = d.pop("clientContext", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallsSendDtmfTonesBody:
            calls_send_dtmf_tones_body = cls(tones, delay_between_tones_ms, client_context)
        else:
            calls_send_dtmf_tones_body = cls(
                tones=tones,
                delay_between_tones_ms=delay_between_tones_ms,
                client_context=client_context,
            )

        calls_send_dtmf_tones_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return calls_send_dtmf_tones_body

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
