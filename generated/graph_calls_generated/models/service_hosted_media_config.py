from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.service_hosted_media_config_odata_type import (
    ServiceHostedMediaConfigOdataType,
    check_service_hosted_media_config_odata_type,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_info import MediaInfo


T = TypeVar("T", bound="ServiceHostedMediaConfig")


@_attrs_define
class ServiceHostedMediaConfig:
    odata_type: ServiceHostedMediaConfigOdataType = "#microsoft.graph.serviceHostedMediaConfig"
    pre_fetch_media: list[MediaInfo] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type: str = self.odata_type

        pre_fetch_media: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.pre_fetch_media, Unset):
            pre_fetch_media = []
            for pre_fetch_media_item_data in self.pre_fetch_media:
                pre_fetch_media_item = pre_fetch_media_item_data.to_dict()
                pre_fetch_media.append(pre_fetch_media_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@odata.type": odata_type,
            }
        )
        if pre_fetch_media is not UNSET:
            field_dict["preFetchMedia"] = pre_fetch_media

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = check_service_hosted_media_config_odata_type(d.pop("@odata.type"))

        _pre_fetch_media = d.pop("preFetchMedia", UNSET)
        pre_fetch_media: list[MediaInfo] | Unset = UNSET
        if _pre_fetch_media is not UNSET:
            pre_fetch_media = []
            for pre_fetch_media_item_data in _pre_fetch_media:
                pre_fetch_media_item = MediaInfo.from_dict(pre_fetch_media_item_data)

                pre_fetch_media.append(pre_fetch_media_item)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is ServiceHostedMediaConfig:
            service_hosted_media_config = cls(odata_type, pre_fetch_media)
        else:
            service_hosted_media_config = cls(
                odata_type=odata_type,
                pre_fetch_media=pre_fetch_media,
            )

        service_hosted_media_config.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return service_hosted_media_config

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


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.media_info import MediaInfo
