from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.endpoint_type import EndpointType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.azure_communication_services_user_identity import AzureCommunicationServicesUserIdentity
    from ..models.communications_application_identity import CommunicationsApplicationIdentity
    from ..models.communications_application_instance_identity import (
        CommunicationsApplicationInstanceIdentity,
    )
    from ..models.communications_encrypted_identity import CommunicationsEncryptedIdentity
    from ..models.communications_guest_identity import CommunicationsGuestIdentity
    from ..models.communications_phone_identity import CommunicationsPhoneIdentity
    from ..models.communications_user_identity import CommunicationsUserIdentity
    from ..models.identity import Identity


T = TypeVar("T", bound="IdentitySet")


@_attrs_define
class IdentitySet:
    odata_type: str | Unset = UNSET
    application: CommunicationsApplicationIdentity | Identity | None | Unset = UNSET
    device: Identity | None | Unset = UNSET
    user: CommunicationsUserIdentity | Identity | None | Unset = UNSET
    application_instance: CommunicationsApplicationInstanceIdentity | Identity | None | Unset = UNSET
    asserted_identity: Identity | None | Unset = UNSET
    azure_communication_services_user: AzureCommunicationServicesUserIdentity | Identity | None | Unset = (
        UNSET
    )
    encrypted: CommunicationsEncryptedIdentity | Identity | None | Unset = UNSET
    endpoint_type: EndpointType | None | str | Unset = UNSET
    guest: CommunicationsGuestIdentity | Identity | None | Unset = UNSET
    on_premises: Identity | None | Unset = UNSET
    phone: CommunicationsPhoneIdentity | Identity | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        application: dict[str, Any] | None | Unset
        if isinstance(self.application, Unset):
            application = UNSET
        elif isinstance(self.application, CommunicationsApplicationIdentity):
            application = self.application.to_dict()
        elif isinstance(self.application, Identity):
            application = self.application.to_dict()
        else:
            application = self.application

        device: dict[str, Any] | None | Unset
        if isinstance(self.device, Unset):
            device = UNSET
        elif isinstance(self.device, Identity):
            device = self.device.to_dict()
        else:
            device = self.device

        user: dict[str, Any] | None | Unset
        if isinstance(self.user, Unset):
            user = UNSET
        elif isinstance(self.user, CommunicationsUserIdentity):
            user = self.user.to_dict()
        elif isinstance(self.user, Identity):
            user = self.user.to_dict()
        else:
            user = self.user

        application_instance: dict[str, Any] | None | Unset
        if isinstance(self.application_instance, Unset):
            application_instance = UNSET
        elif isinstance(self.application_instance, CommunicationsApplicationInstanceIdentity):
            application_instance = self.application_instance.to_dict()
        elif isinstance(self.application_instance, Identity):
            application_instance = self.application_instance.to_dict()
        else:
            application_instance = self.application_instance

        asserted_identity: dict[str, Any] | None | Unset
        if isinstance(self.asserted_identity, Unset):
            asserted_identity = UNSET
        elif isinstance(self.asserted_identity, Identity):
            asserted_identity = self.asserted_identity.to_dict()
        else:
            asserted_identity = self.asserted_identity

        azure_communication_services_user: dict[str, Any] | None | Unset
        if isinstance(self.azure_communication_services_user, Unset):
            azure_communication_services_user = UNSET
        elif isinstance(self.azure_communication_services_user, AzureCommunicationServicesUserIdentity):
            azure_communication_services_user = self.azure_communication_services_user.to_dict()
        elif isinstance(self.azure_communication_services_user, Identity):
            azure_communication_services_user = self.azure_communication_services_user.to_dict()
        else:
            azure_communication_services_user = self.azure_communication_services_user

        encrypted: dict[str, Any] | None | Unset
        if isinstance(self.encrypted, Unset):
            encrypted = UNSET
        elif isinstance(self.encrypted, CommunicationsEncryptedIdentity):
            encrypted = self.encrypted.to_dict()
        elif isinstance(self.encrypted, Identity):
            encrypted = self.encrypted.to_dict()
        else:
            encrypted = self.encrypted

        endpoint_type: None | str | Unset
        if isinstance(self.endpoint_type, Unset):
            endpoint_type = UNSET
        elif isinstance(self.endpoint_type, str):
            endpoint_type = self.endpoint_type
        else:
            endpoint_type = self.endpoint_type

        guest: dict[str, Any] | None | Unset
        if isinstance(self.guest, Unset):
            guest = UNSET
        elif isinstance(self.guest, CommunicationsGuestIdentity):
            guest = self.guest.to_dict()
        elif isinstance(self.guest, Identity):
            guest = self.guest.to_dict()
        else:
            guest = self.guest

        on_premises: dict[str, Any] | None | Unset
        if isinstance(self.on_premises, Unset):
            on_premises = UNSET
        elif isinstance(self.on_premises, Identity):
            on_premises = self.on_premises.to_dict()
        else:
            on_premises = self.on_premises

        phone: dict[str, Any] | None | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        elif isinstance(self.phone, CommunicationsPhoneIdentity):
            phone = self.phone.to_dict()
        elif isinstance(self.phone, Identity):
            phone = self.phone.to_dict()
        else:
            phone = self.phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if application is not UNSET:
            field_dict["application"] = application
        if device is not UNSET:
            field_dict["device"] = device
        if user is not UNSET:
            field_dict["user"] = user
        if application_instance is not UNSET:
            field_dict["applicationInstance"] = application_instance
        if asserted_identity is not UNSET:
            field_dict["assertedIdentity"] = asserted_identity
        if azure_communication_services_user is not UNSET:
            field_dict["azureCommunicationServicesUser"] = azure_communication_services_user
        if encrypted is not UNSET:
            field_dict["encrypted"] = encrypted
        if endpoint_type is not UNSET:
            field_dict["endpointType"] = endpoint_type
        if guest is not UNSET:
            field_dict["guest"] = guest
        if on_premises is not UNSET:
            field_dict["onPremises"] = on_premises
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        application: CommunicationsApplicationIdentity | Identity | None | Unset = d.pop("application", UNSET)
        if application is not None and not isinstance(application, Unset):
            application = _parse_application(application)

        device: Identity | None | Unset = d.pop("device", UNSET)
        if device is not None and not isinstance(device, Unset):
            device = _parse_device(device)

        user: CommunicationsUserIdentity | Identity | None | Unset = d.pop("user", UNSET)
        if user is not None and not isinstance(user, Unset):
            user = _parse_user(user)

        application_instance: CommunicationsApplicationInstanceIdentity | Identity | None | Unset = d.pop(
            "applicationInstance", UNSET
        )
        if application_instance is not None and not isinstance(application_instance, Unset):
            application_instance = _parse_application_instance(application_instance)

        asserted_identity: Identity | None | Unset = d.pop("assertedIdentity", UNSET)
        if asserted_identity is not None and not isinstance(asserted_identity, Unset):
            asserted_identity = _parse_asserted_identity(asserted_identity)

        azure_communication_services_user: (
            AzureCommunicationServicesUserIdentity | Identity | None | Unset
        ) = d.pop("azureCommunicationServicesUser", UNSET)
        if azure_communication_services_user is not None and not isinstance(
            azure_communication_services_user, Unset
        ):
            azure_communication_services_user = _parse_azure_communication_services_user(
                azure_communication_services_user
            )

        encrypted: CommunicationsEncryptedIdentity | Identity | None | Unset = d.pop("encrypted", UNSET)
        if encrypted is not None and not isinstance(encrypted, Unset):
            encrypted = _parse_encrypted(encrypted)

        endpoint_type: EndpointType | None | str | Unset = d.pop("endpointType", UNSET)

        guest: CommunicationsGuestIdentity | Identity | None | Unset = d.pop("guest", UNSET)
        if guest is not None and not isinstance(guest, Unset):
            guest = _parse_guest(guest)

        on_premises: Identity | None | Unset = d.pop("onPremises", UNSET)
        if on_premises is not None and not isinstance(on_premises, Unset):
            on_premises = _parse_on_premises(on_premises)

        phone: CommunicationsPhoneIdentity | Identity | None | Unset = d.pop("phone", UNSET)
        if phone is not None and not isinstance(phone, Unset):
            phone = _parse_phone(phone)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is IdentitySet:
            identity_set = cls(
                odata_type,
                application,
                device,
                user,
                application_instance,
                asserted_identity,
                azure_communication_services_user,
                encrypted,
                endpoint_type,
                guest,
                on_premises,
                phone,
            )
        else:
            identity_set = cls(
                odata_type=odata_type,
                application=application,
                device=device,
                user=user,
                application_instance=application_instance,
                asserted_identity=asserted_identity,
                azure_communication_services_user=azure_communication_services_user,
                encrypted=encrypted,
                endpoint_type=endpoint_type,
                guest=guest,
                on_premises=on_premises,
                phone=phone,
            )

        identity_set.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return identity_set

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
def _parse_application(data: object) -> CommunicationsApplicationIdentity | Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.communicationsApplicationIdentity":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            application_type_0 = CommunicationsApplicationIdentity.from_dict(data)

            return application_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        application_type_1 = Identity.from_dict(data)

        return application_type_1
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(CommunicationsApplicationIdentity | Identity | None | Unset, data)


def _parse_device(data: object) -> Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        device_type_0 = Identity.from_dict(data)

        return device_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(Identity | None | Unset, data)


def _parse_user(data: object) -> CommunicationsUserIdentity | Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.communicationsUserIdentity":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            user_type_0 = CommunicationsUserIdentity.from_dict(data)

            return user_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        user_type_1 = Identity.from_dict(data)

        return user_type_1
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(CommunicationsUserIdentity | Identity | None | Unset, data)


def _parse_application_instance(
    data: object,
) -> CommunicationsApplicationInstanceIdentity | Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.communicationsApplicationInstanceIdentity":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            application_instance_type_0 = CommunicationsApplicationInstanceIdentity.from_dict(data)

            return application_instance_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        application_instance_type_1 = Identity.from_dict(data)

        return application_instance_type_1
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(CommunicationsApplicationInstanceIdentity | Identity | None | Unset, data)


def _parse_asserted_identity(data: object) -> Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        asserted_identity_type_0 = Identity.from_dict(data)

        return asserted_identity_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(Identity | None | Unset, data)


def _parse_azure_communication_services_user(
    data: object,
) -> AzureCommunicationServicesUserIdentity | Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.azureCommunicationServicesUserIdentity":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            azure_communication_services_user_type_0 = AzureCommunicationServicesUserIdentity.from_dict(data)

            return azure_communication_services_user_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        azure_communication_services_user_type_1 = Identity.from_dict(data)

        return azure_communication_services_user_type_1
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(AzureCommunicationServicesUserIdentity | Identity | None | Unset, data)


def _parse_encrypted(data: object) -> CommunicationsEncryptedIdentity | Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.communicationsEncryptedIdentity":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            encrypted_type_0 = CommunicationsEncryptedIdentity.from_dict(data)

            return encrypted_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        encrypted_type_1 = Identity.from_dict(data)

        return encrypted_type_1
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(CommunicationsEncryptedIdentity | Identity | None | Unset, data)


def _parse_guest(data: object) -> CommunicationsGuestIdentity | Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.communicationsGuestIdentity":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            guest_type_0 = CommunicationsGuestIdentity.from_dict(data)

            return guest_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        guest_type_1 = Identity.from_dict(data)

        return guest_type_1
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(CommunicationsGuestIdentity | Identity | None | Unset, data)


def _parse_on_premises(data: object) -> Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        on_premises_type_0 = Identity.from_dict(data)

        return on_premises_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(Identity | None | Unset, data)


def _parse_phone(data: object) -> CommunicationsPhoneIdentity | Identity | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.communicationsPhoneIdentity":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            phone_type_0 = CommunicationsPhoneIdentity.from_dict(data)

            return phone_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        phone_type_1 = Identity.from_dict(data)

        return phone_type_1
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(CommunicationsPhoneIdentity | Identity | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.azure_communication_services_user_identity import AzureCommunicationServicesUserIdentity
from ..models.communications_application_identity import CommunicationsApplicationIdentity
from ..models.communications_application_instance_identity import CommunicationsApplicationInstanceIdentity
from ..models.communications_encrypted_identity import CommunicationsEncryptedIdentity
from ..models.communications_guest_identity import CommunicationsGuestIdentity
from ..models.communications_phone_identity import CommunicationsPhoneIdentity
from ..models.communications_user_identity import CommunicationsUserIdentity
from ..models.identity import Identity
