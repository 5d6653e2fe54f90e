from typing import Literal

CommunicationsPhoneIdentityOdataType = Literal["#microsoft.graph.communicationsPhoneIdentity"]

COMMUNICATIONS_PHONE_IDENTITY_ODATA_TYPE_VALUES: set[CommunicationsPhoneIdentityOdataType] = {
    "#microsoft.graph.communicationsPhoneIdentity",
}


def check_communications_phone_identity_odata_type(value: str) -> CommunicationsPhoneIdentityOdataType:
    if value in COMMUNICATIONS_PHONE_IDENTITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COMMUNICATIONS_PHONE_IDENTITY_ODATA_TYPE_VALUES!r}"
    )
