from typing import Literal

CommunicationsApplicationIdentityOdataType = Literal["#microsoft.graph.communicationsApplicationIdentity"]

COMMUNICATIONS_APPLICATION_IDENTITY_ODATA_TYPE_VALUES: set[CommunicationsApplicationIdentityOdataType] = {
    "#microsoft.graph.communicationsApplicationIdentity",
}


def check_communications_application_identity_odata_type(
    value: str,
) -> CommunicationsApplicationIdentityOdataType:
    if value in COMMUNICATIONS_APPLICATION_IDENTITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COMMUNICATIONS_APPLICATION_IDENTITY_ODATA_TYPE_VALUES!r}"
    )
