from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.routing_mode import RoutingMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="AudioRoutingGroup")


@_attrs_define
class AudioRoutingGroup:
    odata_type: str | Unset = UNSET
    id: None | str | Unset = UNSET
    """ The unique identifier for an entity. Read-only. """
    receivers: list[None | str] | Unset = UNSET
    """ List of receiving participant ids. """
    routing_mode: None | RoutingMode | str | Unset = UNSET
    sources: list[None | str] | Unset = UNSET
    """ List of source participant ids. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        receivers: list[None | str] | Unset = UNSET
        if not isinstance(self.receivers, Unset):
            receivers = []
            for receivers_item_data in self.receivers:
                receivers_item: None | str
                receivers_item = receivers_item_data
                receivers.append(receivers_item)

        routing_mode: None | str | Unset
        if isinstance(self.routing_mode, Unset):
            routing_mode = UNSET
        elif isinstance(self.routing_mode, str):
            routing_mode = self.routing_mode
        else:
            routing_mode = self.routing_mode

        sources: list[None | str] | Unset = UNSET
        if not isinstance(self.sources, Unset):
            sources = []
            for sources_item_data in self.sources:
                sources_item: None | str
                sources_item = sources_item_data
                sources.append(sources_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if id is not UNSET:
            field_dict["id"] = id
        if receivers is not UNSET:
            field_dict["receivers"] = receivers
        if routing_mode is not UNSET:
            field_dict["routingMode"] = routing_mode
        if sources is not UNSET:
            field_dict["sources"] = sources

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        id: None | str | Unset = d.pop("id", UNSET)

        _receivers = d.pop("receivers", UNSET)
        receivers: list[None | str] | Unset = UNSET
        if _receivers is not UNSET:
            receivers = []
            for receivers_item_data in _receivers:
                receivers_item: None | str = receivers_item_data

                receivers.append(receivers_item)

        routing_mode: None | RoutingMode | str | Unset = d.pop("routingMode", UNSET)

        _sources = d.pop("sources", UNSET)
        sources: list[None | str] | Unset = UNSET
        if _sources is not UNSET:
            sources = []
            for sources_item_data in _sources:
                sources_item: None | str = sources_item_data

                sources.append(sources_item)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is AudioRoutingGroup:
            audio_routing_group = cls(odata_type, id, receivers, routing_mode, sources)
        else:
            audio_routing_group = cls(
                odata_type=odata_type,
                id=id,
                receivers=receivers,
                routing_mode=routing_mode,
                sources=sources,
            )

        audio_routing_group.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return audio_routing_group

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
