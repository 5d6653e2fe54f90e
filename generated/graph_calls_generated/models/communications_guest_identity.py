from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.communications_guest_identity_odata_type import (
    CommunicationsGuestIdentityOdataType,
    check_communications_guest_identity_odata_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommunicationsGuestIdentity")


@_attrs_define
class CommunicationsGuestIdentity:
    odata_type: CommunicationsGuestIdentityOdataType = "#microsoft.graph.communicationsGuestIdentity"
    display_name: None | str | Unset = UNSET
    """ The display name of the identity.For drive items, the display name might not always be available or up to
    date. For example, if a user changes their display name the API might show the new value in a future response,
    but the items associated with the user don't show up as changed when using delta. """
    id: None | str | Unset = UNSET
    """ Unique identifier for the identity or actor. For example, in the access reviews decisions API, this property
    might record the id of the principal, that is, the group, user, or application that's subject to review. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type: str = self.odata_type

        display_name: None | str | Unset
        if isinstance(self.display_name, Unset):
            display_name = UNSET
        else:
            display_name = self.display_name

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@odata.type": odata_type,
            }
        )
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = check_communications_guest_identity_odata_type(d.pop("@odata.type"))

        display_name: None | str | Unset = d.pop("displayName", UNSET)

        id: None | str | Unset = d.pop("id", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CommunicationsGuestIdentity:
            communications_guest_identity = cls(odata_type, display_name, id)
        else:
            communications_guest_identity = cls(
                odata_type=odata_type,
                display_name=display_name,
                id=id,
            )

        communications_guest_identity.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return communications_guest_identity

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
