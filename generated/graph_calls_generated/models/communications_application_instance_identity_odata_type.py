from typing import Literal

CommunicationsApplicationInstanceIdentityOdataType = Literal[
    "#microsoft.graph.communicationsApplicationInstanceIdentity"
]

COMMUNICATIONS_APPLICATION_INSTANCE_IDENTITY_ODATA_TYPE_VALUES: set[
    CommunicationsApplicationInstanceIdentityOdataType
] = {
    "#microsoft.graph.communicationsApplicationInstanceIdentity",
}


def check_communications_application_instance_identity_odata_type(
    value: str,
) -> CommunicationsApplicationInstanceIdentityOdataType:
    if value in COMMUNICATIONS_APPLICATION_INSTANCE_IDENTITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COMMUNICATIONS_APPLICATION_INSTANCE_IDENTITY_ODATA_TYPE_VALUES!r}"
    )
