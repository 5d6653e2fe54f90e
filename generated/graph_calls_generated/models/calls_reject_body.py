from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.reject_reason import RejectReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="CallsRejectBody")


@_attrs_define
class CallsRejectBody:
    reason: None | RejectReason | str | Unset = UNSET
    callback_uri: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        elif isinstance(self.reason, str):
            reason = self.reason
        else:
            reason = self.reason

        callback_uri: None | str | Unset
        if isinstance(self.callback_uri, Unset):
            callback_uri = UNSET
        else:
            callback_uri = self.callback_uri

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reason is not UNSET:
            field_dict["reason"] = reason
        if callback_uri is not UNSET:
            field_dict["callbackUri"] = callback_uri

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason: None | RejectReason | str | Unset = d.pop("reason", UNSET)

        callback_uri: None | str | Unset = d.pop("callbackUri", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallsRejectBody:
            calls_reject_body = cls(reason, callback_uri)
        else:
            calls_reject_body = cls(
                reason=reason,
                callback_uri=callback_uri,
            )

        calls_reject_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return calls_reject_body

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
