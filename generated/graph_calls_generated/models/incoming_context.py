from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.identity_set import IdentitySet


T = TypeVar("T", bound="IncomingContext")


@_attrs_define
class IncomingContext:
    odata_type: str | Unset = UNSET
    observed_participant_id: None | str | Unset = UNSET
    """ The ID of the participant that is under observation. Read-only. """
    on_behalf_of: IdentitySet | None | Unset = UNSET
    source_participant_id: None | str | Unset = UNSET
    """ The ID of the participant that triggered the incoming call. Read-only. """
    transferor: IdentitySet | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        observed_participant_id: None | str | Unset
        if isinstance(self.observed_participant_id, Unset):
            observed_participant_id = UNSET
        else:
            observed_participant_id = self.observed_participant_id

        on_behalf_of: dict[str, Any] | None | Unset
        if isinstance(self.on_behalf_of, Unset):
            on_behalf_of = UNSET
        elif isinstance(self.on_behalf_of, IdentitySet):
            on_behalf_of = self.on_behalf_of.to_dict()
        else:
            on_behalf_of = self.on_behalf_of

        source_participant_id: None | str | Unset
        if isinstance(self.source_participant_id, Unset):
            source_participant_id = UNSET
        else:
            source_participant_id = self.source_participant_id

        transferor: dict[str, Any] | None | Unset
        if isinstance(self.transferor, Unset):
            transferor = UNSET
        elif isinstance(self.transferor, IdentitySet):
            transferor = self.transferor.to_dict()
        else:
            transferor = self.transferor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if observed_participant_id is not UNSET:
            field_dict["observedParticipantId"] = observed_participant_id
        if on_behalf_of is not UNSET:
            field_dict["onBehalfOf"] = on_behalf_of
        if source_participant_id is not UNSET:
            field_dict["sourceParticipantId"] = source_participant_id
        if transferor is not UNSET:
            field_dict["transferor"] = transferor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        observed_participant_id: None | str | Unset = d.pop("observedParticipantId", UNSET)

        on_behalf_of: IdentitySet | None | Unset = d.pop("onBehalfOf", UNSET)
        if on_behalf_of is not None and not isinstance(on_behalf_of, Unset):
            on_behalf_of = _parse_on_behalf_of(on_behalf_of)

        source_participant_id: None | str | Unset = d.pop("sourceParticipantId", UNSET)

        transferor: IdentitySet | None | Unset = d.pop("transferor", UNSET)
        if transferor is not None and not isinstance(transferor, Unset):
            transferor = _parse_transferor(transferor)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is IncomingContext:
            incoming_context = cls(
                odata_type, observed_participant_id, on_behalf_of, source_participant_id, transferor
            )
        else:
            incoming_context = cls(
                odata_type=odata_type,
                observed_participant_id=observed_participant_id,
                on_behalf_of=on_behalf_of,
                source_participant_id=source_participant_id,
                transferor=transferor,
            )

        incoming_context.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return incoming_context

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
def _parse_on_behalf_of(data: object) -> IdentitySet | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        on_behalf_of_type_0 = IdentitySet.from_dict(data)

        return on_behalf_of_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(IdentitySet | None | Unset, data)


def _parse_transferor(data: object) -> IdentitySet | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        transferor_type_0 = IdentitySet.from_dict(data)

        return transferor_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(IdentitySet | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.identity_set import IdentitySet
