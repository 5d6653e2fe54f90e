from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.media_direction import MediaDirection, check_media_direction
from ..models.modality import Modality, check_modality
from ..types import UNSET, Unset

T = TypeVar("T", bound="MediaStream")


@_attrs_define
class MediaStream:
    odata_type: str | Unset = UNSET
    direction: MediaDirection | None | str | Unset = UNSET
    label: None | str | Unset = UNSET
    """ The media stream label. """
    media_type: Modality | None | str | Unset = UNSET
    server_muted: bool | Unset = UNSET
    """ If the media is muted by the server. """
    source_id: str | Unset = UNSET
    """ The source ID. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        direction: None | str | Unset
        if isinstance(self.direction, Unset):
            direction = UNSET
        elif isinstance(self.direction, str):
            direction = self.direction
        else:
            direction = self.direction

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        media_type: None | str | Unset
        if isinstance(self.media_type, Unset):
            media_type = UNSET
        elif isinstance(self.media_type, str):
            media_type = self.media_type
        else:
            media_type = self.media_type

        server_muted = self.server_muted

        source_id = self.source_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if direction is not UNSET:
            field_dict["direction"] = direction
        if label is not UNSET:
            field_dict["label"] = label
        if media_type is not UNSET:
            field_dict["mediaType"] = media_type
        if server_muted is not UNSET:
            field_dict["serverMuted"] = server_muted
        if source_id is not UNSET:
            field_dict["sourceId"] = source_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        def _parse_direction(data: object) -> MediaDirection | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                direction_type_0 = check_media_direction(data)

                return direction_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MediaDirection | None | str | Unset, data)

        direction = _parse_direction(d.pop("direction", UNSET))

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        def _parse_media_type(data: object) -> Modality | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                media_type_type_0 = check_modality(data)

                return media_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Modality | None | str | Unset, data)

        media_type = _parse_media_type(d.pop("mediaType", UNSET))

        server_muted = d.pop("serverMuted", UNSET)

        source_id = d.pop("sourceId", UNSET)

        media_stream = cls(
            odata_type=odata_type,
            direction=direction,
            label=label,
            media_type=media_type,
            server_muted=server_muted,
            source_id=source_id,
        )

        media_stream.additional_properties = d
        return media_stream

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
