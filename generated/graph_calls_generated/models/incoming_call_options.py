from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.incoming_call_options_odata_type import (
    IncomingCallOptionsOdataType,
    check_incoming_call_options_odata_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="IncomingCallOptions")


@_attrs_define
class IncomingCallOptions:
    odata_type: IncomingCallOptionsOdataType = "#microsoft.graph.incomingCallOptions"
    hide_bot_after_escalation: bool | None | Unset = UNSET
    """ Indicates whether to hide the app after the call is escalated. """
    is_content_sharing_notification_enabled: bool | None | Unset = UNSET
    """ Indicates whether content sharing notifications should be enabled for the call. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type: str = self.odata_type

        hide_bot_after_escalation: bool | None | Unset
        if isinstance(self.hide_bot_after_escalation, Unset):
            hide_bot_after_escalation = UNSET
        else:
            hide_bot_after_escalation = self.hide_bot_after_escalation

        is_content_sharing_notification_enabled: bool | None | Unset
        if isinstance(self.is_content_sharing_notification_enabled, Unset):
            is_content_sharing_notification_enabled = UNSET
        else:
            is_content_sharing_notification_enabled = self.is_content_sharing_notification_enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@odata.type": odata_type,
            }
        )
        if hide_bot_after_escalation is not UNSET:
            field_dict["hideBotAfterEscalation"] = hide_bot_after_escalation
        if is_content_sharing_notification_enabled is not UNSET:
            field_dict["isContentSharingNotificationEnabled"] = is_content_sharing_notification_enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = check_incoming_call_options_odata_type(d.pop("@odata.type"))

        hide_bot_after_escalation: bool | None | Unset = d.pop("hideBotAfterEscalation", UNSET)

        is_content_sharing_notification_enabled: bool | None | Unset = d.pop(
            "isContentSharingNotificationEnabled", UNSET
        )

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is IncomingCallOptions:
            incoming_call_options = cls(
                odata_type, hide_bot_after_escalation, is_content_sharing_notification_enabled
            )
        else:
            incoming_call_options = cls(
                odata_type=odata_type,
                hide_bot_after_escalation=hide_bot_after_escalation,
                is_content_sharing_notification_enabled=is_content_sharing_notification_enabled,
            )

        incoming_call_options.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return incoming_call_options

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
