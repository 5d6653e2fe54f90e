from typing import Literal

AzureCommunicationServicesUserIdentityOdataType = Literal[
    "#microsoft.graph.azureCommunicationServicesUserIdentity"
]

AZURE_COMMUNICATION_SERVICES_USER_IDENTITY_ODATA_TYPE_VALUES: set[
    AzureCommunicationServicesUserIdentityOdataType
] = {
    "#microsoft.graph.azureCommunicationServicesUserIdentity",
}


def check_azure_communication_services_user_identity_odata_type(
    value: str,
) -> AzureCommunicationServicesUserIdentityOdataType:
    if value in AZURE_COMMUNICATION_SERVICES_USER_IDENTITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AZURE_COMMUNICATION_SERVICES_USER_IDENTITY_ODATA_TYPE_VALUES!r}"
    )
