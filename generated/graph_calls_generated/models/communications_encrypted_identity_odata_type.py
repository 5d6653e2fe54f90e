from typing import Literal

CommunicationsEncryptedIdentityOdataType = Literal["#microsoft.graph.communicationsEncryptedIdentity"]

COMMUNICATIONS_ENCRYPTED_IDENTITY_ODATA_TYPE_VALUES: set[CommunicationsEncryptedIdentityOdataType] = {
    "#microsoft.graph.communicationsEncryptedIdentity",
}


def check_communications_encrypted_identity_odata_type(
    value: str,
) -> CommunicationsEncryptedIdentityOdataType:
    if value in COMMUNICATIONS_ENCRYPTED_IDENTITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COMMUNICATIONS_ENCRYPTED_IDENTITY_ODATA_TYPE_VALUES!r}"
    )
