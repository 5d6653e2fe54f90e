from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.invitation_participant_info import InvitationParticipantInfo


T = TypeVar("T", bound="ParticipantsInviteBody")


@_attrs_define
class ParticipantsInviteBody:
    participants: list[InvitationParticipantInfo] | Unset = UNSET
    client_context: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        participants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.participants, Unset):
            participants = []
            for participants_item_data in self.participants:
                participants_item = participants_item_data.to_dict()
                participants.append(participants_item)

        client_context: None | str | Unset
        if isinstance(self.client_context, Unset):
            client_context = UNSET
        else:
            client_context = self.client_context

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if participants is not UNSET:
            field_dict["participants"] = participants
        if client_context is not UNSET:
            field_dict["clientContext"] = client_context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _participants = d.pop("participants", UNSET)
        participants: list[InvitationParticipantInfo] | Unset = UNSET
        if _participants is not UNSET:
            participants = []
            for participants_item_data in _participants:
                participants_item = InvitationParticipantInfo.from_dict(participants_item_data)

                participants.append(participants_item)

        client_context: None | str | Unset = d.pop("clientContext", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is ParticipantsInviteBody:
            participants_invite_body = cls(participants, client_context)
        else:
            participants_invite_body = cls(
                participants=participants,
                client_context=client_context,
            )

        participants_invite_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return participants_invite_body

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
from ..models.invitation_participant_info import InvitationParticipantInfo
