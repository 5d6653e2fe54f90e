from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.identity_set import IdentitySet


T = TypeVar("T", bound="InvitationParticipantInfo")


@_attrs_define
class InvitationParticipantInfo:
    odata_type: str | Unset = UNSET
    hidden: bool | None | Unset = UNSET
    """ Optional. Whether to hide the participant from the roster. """
    identity: IdentitySet | None | Unset = UNSET
    participant_id: None | str | Unset = UNSET
    """ Optional. The ID of the target participant. """
    remove_from_default_audio_routing_group: bool | None | Unset = UNSET
    """ Optional. Whether to remove them from the main mixer. """
    replaces_call_id: None | str | Unset = UNSET
    """ Optional. The call which the target identity is currently a part of. For peer-to-peer case, the call will be
    dropped once the participant is added successfully. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        hidden: bool | None | Unset
        if isinstance(self.hidden, Unset):
            hidden = UNSET
        else:
            hidden = self.hidden

        identity: dict[str, Any] | None | Unset
        if isinstance(self.identity, Unset):
            identity = UNSET
        elif isinstance(self.identity, IdentitySet):
            identity = self.identity.to_dict()
        else:
            identity = self.identity

        participant_id: None | str | Unset
        if isinstance(self.participant_id, Unset):
            participant_id = UNSET
        else:
            participant_id = self.participant_id

        remove_from_default_audio_routing_group: bool | None | Unset
        if isinstance(self.remove_from_default_audio_routing_group, Unset):
            remove_from_default_audio_routing_group = UNSET
        else:
            remove_from_default_audio_routing_group = self.remove_from_default_audio_routing_group

        replaces_call_id: None | str | Unset
        if isinstance(self.replaces_call_id, Unset):
            replaces_call_id = UNSET
        else:
            replaces_call_id = self.replaces_call_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if hidden is not UNSET:
            field_dict["hidden"] = hidden
        if identity is not UNSET:
            field_dict["identity"] = identity
        if participant_id is not UNSET:
            field_dict["participantId"] = participant_id
        if remove_from_default_audio_routing_group is not UNSET:
            field_dict["removeFromDefaultAudioRoutingGroup"] = remove_from_default_audio_routing_group
        if replaces_call_id is not UNSET:
            field_dict["replacesCallId"] = replaces_call_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        hidden: bool | None | Unset = d.pop("hidden", UNSET)

        identity: IdentitySet | None | Unset = d.pop("identity", UNSET)
        if identity is not None and not isinstance(identity, Unset):
            identity = _parse_identity(identity)

        participant_id: None | str | Unset = d.pop("participantId", UNSET)

        remove_from_default_audio_routing_group: bool | None | Unset = d.pop(
            "removeFromDefaultAudioRoutingGroup", UNSET
        )

        replaces_call_id: None | str | Unset = d.pop("replacesCallId", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is InvitationParticipantInfo:
            invitation_participant_info = cls(
                odata_type,
                hidden,
                identity,
                participant_id,
                remove_from_default_audio_routing_group,
                replaces_call_id,
            )
        else:
            invitation_participant_info = cls(
                odata_type=odata_type,
                hidden=hidden,
                identity=identity,
                participant_id=participant_id,
                remove_from_default_audio_routing_group=remove_from_default_audio_routing_group,
                replaces_call_id=replaces_call_id,
            )

        invitation_participant_info.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return invitation_participant_info

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
def _parse_identity(data: object) -> IdentitySet | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        identity_type_0 = IdentitySet.from_dict(data)

        return identity_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(IdentitySet | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.identity_set import IdentitySet
