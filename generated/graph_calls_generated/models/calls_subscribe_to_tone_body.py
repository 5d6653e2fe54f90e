from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

T = TypeVar("T", bound="CallsSubscribeToToneBody")


@_attrs_define
class CallsSubscribeToToneBody:
    client_context: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_context: None | str | Unset
        if isinstance(self.client_context, Unset):
            client_context = UNSET
        else:
            client_context = self.client_context

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if client_context is not UNSET:
            field_dict["clientContext"] = client_context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_context: None | str | Unset = d.pop("clientContext", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallsSubscribeToToneBody:
            calls_subscribe_to_tone_body = cls(client_context)
        else:
            calls_subscribe_to_tone_body = cls(
                client_context=client_context,
            )

        calls_subscribe_to_tone_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return calls_subscribe_to_tone_body

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
