from typing import Literal

CommunicationsGuestIdentityOdataType = Literal["#microsoft.graph.communicationsGuestIdentity"]

COMMUNICATIONS_GUEST_IDENTITY_ODATA_TYPE_VALUES: set[CommunicationsGuestIdentityOdataType] = {
    "#microsoft.graph.communicationsGuestIdentity",
}


def check_communications_guest_identity_odata_type(value: str) -> CommunicationsGuestIdentityOdataType:
    if value in COMMUNICATIONS_GUEST_IDENTITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COMMUNICATIONS_GUEST_IDENTITY_ODATA_TYPE_VALUES!r}"
    )
