from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.media_direction import MediaDirection
from ..models.modality import Modality
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

        direction: MediaDirection | None | str | Unset = d.pop("direction", UNSET)

        label: None | str | Unset = d.pop("label", UNSET)

        media_type: Modality | None | str | Unset = d.pop("mediaType", UNSET)

        server_muted = d.pop("serverMuted", UNSET)

        source_id = d.pop("sourceId", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is MediaStream:
            media_stream = cls(odata_type, direction, label, media_type, server_muted, source_id)
        else:
            media_stream = cls(
                odata_type=odata_type,
                direction=direction,
                label=label,
                media_type=media_type,
                server_muted=server_muted,
                source_id=source_id,
            )

        media_stream.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
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
