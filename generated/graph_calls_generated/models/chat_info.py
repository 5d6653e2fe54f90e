from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatInfo")


@_attrs_define
class ChatInfo:
    odata_type: str | Unset = UNSET
    message_id: None | str | Unset = UNSET
    """ The unique identifier of a message in a Microsoft Teams channel. """
    reply_chain_message_id: None | str | Unset = UNSET
    """ The ID of the reply message. """
    thread_id: None | str | Unset = UNSET
    """ The unique identifier for a thread in Microsoft Teams. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        message_id: None | str | Unset
        if isinstance(self.message_id, Unset):
            message_id = UNSET
        else:
            message_id = self.message_id

        reply_chain_message_id: None | str | Unset
        if isinstance(self.reply_chain_message_id, Unset):
            reply_chain_message_id = UNSET
        else:
            reply_chain_message_id = self.reply_chain_message_id

        thread_id: None | str | Unset
        if isinstance(self.thread_id, Unset):
            thread_id = UNSET
        else:
            thread_id = self.thread_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if message_id is not UNSET:
            field_dict["messageId"] = message_id
        if reply_chain_message_id is not UNSET:
            field_dict["replyChainMessageId"] = reply_chain_message_id
        if thread_id is not UNSET:
            field_dict["threadId"] = thread_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        message_id: None | str | Unset = d.pop("messageId", UNSET)

        reply_chain_message_id: None | str | Unset = d.pop("replyChainMessageId", UNSET)

        thread_id: None | str | Unset = d.pop("threadId", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is ChatInfo:
            chat_info = cls(odata_type, message_id, reply_chain_message_id, thread_id)
        else:
            chat_info = cls(
                odata_type=odata_type,
                message_id=message_id,
                reply_chain_message_id=reply_chain_message_id,
                thread_id=thread_id,
            )

        chat_info.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return chat_info

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
