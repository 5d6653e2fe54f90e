from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.media_prompt_odata_type import MediaPromptOdataType, check_media_prompt_odata_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_info import MediaInfo


T = TypeVar("T", bound="MediaPrompt")


@_attrs_define
class MediaPrompt:
    odata_type: MediaPromptOdataType = "#microsoft.graph.mediaPrompt"
    media_info: MediaInfo | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type: str = self.odata_type

        media_info: dict[str, Any] | None | Unset
        if isinstance(self.media_info, Unset):
            media_info = UNSET
        elif isinstance(self.media_info, MediaInfo):
            media_info = self.media_info.to_dict()
        else:
            media_info = self.media_info

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@odata.type": odata_type,
            }
        )
        if media_info is not UNSET:
            field_dict["mediaInfo"] = media_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = check_media_prompt_odata_type(d.pop("@odata.type"))

        media_info: MediaInfo | None | Unset = d.pop("mediaInfo", UNSET)
        if media_info is not None and not isinstance(media_info, Unset):
            media_info = _parse_media_info(media_info)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is MediaPrompt:
            media_prompt = cls(odata_type, media_info)
        else:
            media_prompt = cls(
                odata_type=odata_type,
                media_info=media_info,
            )

        media_prompt.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return media_prompt

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
def _parse_media_info(data: object) -> MediaInfo | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        media_info_type_0 = MediaInfo.from_dict(data)

        return media_info_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(MediaInfo | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.media_info import MediaInfo
