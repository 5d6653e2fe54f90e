from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.teleconference_device_quality import TeleconferenceDeviceQuality


T = TypeVar("T", bound="CallsLogTeleconferenceDeviceQualityBody")


@_attrs_define
class CallsLogTeleconferenceDeviceQualityBody:
    quality: None | TeleconferenceDeviceQuality | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quality: dict[str, Any] | None | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        elif isinstance(self.quality, TeleconferenceDeviceQuality):
            quality = self.quality.to_dict()
        else:
            quality = self.quality

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if quality is not UNSET:
            field_dict["quality"] = quality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        quality: None | TeleconferenceDeviceQuality | Unset = d.pop("quality", UNSET)
        if quality is not None and not isinstance(quality, Unset):
            quality = _parse_quality(quality)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallsLogTeleconferenceDeviceQualityBody:
            calls_log_teleconference_device_quality_body = cls(quality)
        else:
            calls_log_teleconference_device_quality_body = cls(
                quality=quality,
            )

        calls_log_teleconference_device_quality_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return calls_log_teleconference_device_quality_body

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
def _parse_quality(data: object) -> None | TeleconferenceDeviceQuality | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        quality_type_0 = TeleconferenceDeviceQuality.from_dict(data)

        return quality_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | TeleconferenceDeviceQuality | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.teleconference_device_quality import TeleconferenceDeviceQuality
