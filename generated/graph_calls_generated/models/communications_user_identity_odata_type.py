from typing import Literal

CommunicationsUserIdentityOdataType = Literal["#microsoft.graph.communicationsUserIdentity"]

COMMUNICATIONS_USER_IDENTITY_ODATA_TYPE_VALUES: set[CommunicationsUserIdentityOdataType] = {
    "#microsoft.graph.communicationsUserIdentity",
}


def check_communications_user_identity_odata_type(value: str) -> CommunicationsUserIdentityOdataType:
    if value in COMMUNICATIONS_USER_IDENTITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COMMUNICATIONS_USER_IDENTITY_ODATA_TYPE_VALUES!r}"
    )
