from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.communications_application_identity_odata_type import (
    CommunicationsApplicationIdentityOdataType,
    check_communications_application_identity_odata_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommunicationsApplicationIdentity")


@_attrs_define
class CommunicationsApplicationIdentity:
    odata_type: CommunicationsApplicationIdentityOdataType = (
        "#microsoft.graph.communicationsApplicationIdentity"
    )
    display_name: None | str | Unset = UNSET
    """ The display name of the identity.For drive items, the display name might not always be available or up to
    date. For example, if a user changes their display name the API might show the new value in a future response,
    but the items associated with the user don't show up as changed when using delta. """
    id: None | str | Unset = UNSET
    """ Unique identifier for the identity or actor. For example, in the access reviews decisions API, this property
    might record the id of the principal, that is, the group, user, or application that's subject to review. """
    application_type: None | str | Unset = UNSET
    hidden: bool | None | Unset = UNSET
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

        application_type: None | str | Unset
        if isinstance(self.application_type, Unset):
            application_type = UNSET
        else:
            application_type = self.application_type

        hidden: bool | None | Unset
        if isinstance(self.hidden, Unset):
            hidden = UNSET
        else:
            hidden = self.hidden

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
        if application_type is not UNSET:
            field_dict["applicationType"] = application_type
        if hidden is not UNSET:
            field_dict["hidden"] = hidden

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = check_communications_application_identity_odata_type(d.pop("@odata.type"))

        display_name: None | str | Unset = d.pop("displayName", UNSET)

        id: None | str | Unset = d.pop("id", UNSET)

        application_type: None | str | Unset = d.pop("applicationType", UNSET)

        hidden: bool | None | Unset = d.pop("hidden", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CommunicationsApplicationIdentity:
            communications_application_identity = cls(odata_type, display_name, id, application_type, hidden)
        else:
            communications_application_identity = cls(
                odata_type=odata_type,
                display_name=display_name,
                id=id,
                application_type=application_type,
                hidden=hidden,
            )

        communications_application_identity.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return communications_application_identity

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
