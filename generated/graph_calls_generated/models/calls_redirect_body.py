from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.invitation_participant_info import InvitationParticipantInfo


T = TypeVar("T", bound="CallsRedirectBody")


@_attrs_define
class CallsRedirectBody:
    targets: list[InvitationParticipantInfo] | Unset = UNSET
    timeout: int | None | Unset = UNSET
    callback_uri: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        targets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.targets, Unset):
            targets = []
            for targets_item_data in self.targets:
                targets_item = targets_item_data.to_dict()
                targets.append(targets_item)

        timeout: int | None | Unset
        if isinstance(self.timeout, Unset):
            timeout = UNSET
        else:
            timeout = self.timeout

        callback_uri: None | str | Unset
        if isinstance(self.callback_uri, Unset):
            callback_uri = UNSET
        else:
            callback_uri = self.callback_uri

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if targets is not UNSET:
            field_dict["targets"] = targets
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if callback_uri is not UNSET:
            field_dict["callbackUri"] = callback_uri

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _targets = d.pop("targets", UNSET)
        targets: list[InvitationParticipantInfo] | Unset = UNSET
        if _targets is not UNSET:
            targets = []
            for targets_item_data in _targets:
                targets_item = InvitationParticipantInfo.from_dict(targets_item_data)

                targets.append(targets_item)

        timeout: int | None | Unset = d.pop("timeout", UNSET)

        callback_uri: None | str | Unset = d.pop("callbackUri", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallsRedirectBody:
            calls_redirect_body = cls(targets, timeout, callback_uri)
        else:
            calls_redirect_body = cls(
                targets=targets,
                timeout=timeout,
                callback_uri=callback_uri,
            )

        calls_redirect_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return calls_redirect_body

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
