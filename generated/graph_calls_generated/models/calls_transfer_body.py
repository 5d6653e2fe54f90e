from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.invitation_participant_info import InvitationParticipantInfo
    from ..models.participant_info import ParticipantInfo


T = TypeVar("T", bound="CallsTransferBody")


@_attrs_define
class CallsTransferBody:
    transfer_target: InvitationParticipantInfo | None | Unset = UNSET
    transferee: None | ParticipantInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transfer_target: dict[str, Any] | None | Unset
        if isinstance(self.transfer_target, Unset):
            transfer_target = UNSET
        elif isinstance(self.transfer_target, InvitationParticipantInfo):
            transfer_target = self.transfer_target.to_dict()
        else:
            transfer_target = self.transfer_target

        transferee: dict[str, Any] | None | Unset
        if isinstance(self.transferee, Unset):
            transferee = UNSET
        elif isinstance(self.transferee, ParticipantInfo):
            transferee = self.transferee.to_dict()
        else:
            transferee = self.transferee

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if transfer_target is not UNSET:
            field_dict["transferTarget"] = transfer_target
        if transferee is not UNSET:
            field_dict["transferee"] = transferee

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        transfer_target: InvitationParticipantInfo | None | Unset = d.pop("transferTarget", UNSET)
        if transfer_target is not None and not isinstance(transfer_target, Unset):
            transfer_target = _parse_transfer_target(transfer_target)

        transferee: None | ParticipantInfo | Unset = d.pop("transferee", UNSET)
        if transferee is not None and not isinstance(transferee, Unset):
            transferee = _parse_transferee(transferee)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallsTransferBody:
            calls_transfer_body = cls(transfer_target, transferee)
        else:
            calls_transfer_body = cls(
                transfer_target=transfer_target,
                transferee=transferee,
            )

        calls_transfer_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return calls_transfer_body

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
def _parse_transfer_target(data: object) -> InvitationParticipantInfo | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        transfer_target_type_0 = InvitationParticipantInfo.from_dict(data)

        return transfer_target_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(InvitationParticipantInfo | None | Unset, data)


def _parse_transferee(data: object) -> None | ParticipantInfo | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        transferee_type_0 = ParticipantInfo.from_dict(data)

        return transferee_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | ParticipantInfo | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.invitation_participant_info import InvitationParticipantInfo
from ..models.participant_info import ParticipantInfo
