from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.routing_type import RoutingType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.identity_set import IdentitySet


T = TypeVar("T", bound="CallRoute")


@_attrs_define
class CallRoute:
    odata_type: str | Unset = UNSET
    final: IdentitySet | None | Unset = UNSET
    original: IdentitySet | None | Unset = UNSET
    routing_type: None | RoutingType | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        final: dict[str, Any] | None | Unset
        if isinstance(self.final, Unset):
            final = UNSET
        elif isinstance(self.final, IdentitySet):
            final = self.final.to_dict()
        else:
            final = self.final

        original: dict[str, Any] | None | Unset
        if isinstance(self.original, Unset):
            original = UNSET
        elif isinstance(self.original, IdentitySet):
            original = self.original.to_dict()
        else:
            original = self.original

        routing_type: None | str | Unset
        if isinstance(self.routing_type, Unset):
            routing_type = UNSET
        elif isinstance(self.routing_type, str):
            routing_type = self.routing_type
        else:
            routing_type = self.routing_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if final is not UNSET:
            field_dict["final"] = final
        if original is not UNSET:
            field_dict["original"] = original
        if routing_type is not UNSET:
            field_dict["routingType"] = routing_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        final: IdentitySet | None | Unset = d.pop("final", UNSET)
        if final is not None and not isinstance(final, Unset):
            final = _parse_final(final)

        original: IdentitySet | None | Unset = d.pop("original", UNSET)
        if original is not None and not isinstance(original, Unset):
            original = _parse_original(original)

        routing_type: None | RoutingType | str | Unset = d.pop("routingType", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallRoute:
            call_route = cls(odata_type, final, original, routing_type)
        else:
            call_route = cls(
                odata_type=odata_type,
                final=final,
                original=original,
                routing_type=routing_type,
            )

        call_route.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return call_route

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
def _parse_final(data: object) -> IdentitySet | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        final_type_0 = IdentitySet.from_dict(data)

        return final_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(IdentitySet | None | Unset, data)


def _parse_original(data: object) -> IdentitySet | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        original_type_0 = IdentitySet.from_dict(data)

        return original_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(IdentitySet | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.identity_set import IdentitySet
