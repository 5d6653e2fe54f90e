from typing import Literal

EndpointType = Literal[
    "default", "skypeForBusiness", "skypeForBusinessVoipPhone", "unknownFutureValue", "voicemail"
]

ENDPOINT_TYPE_VALUES: set[EndpointType] = {
    "default",
    "skypeForBusiness",
    "skypeForBusinessVoipPhone",
    "unknownFutureValue",
    "voicemail",
}


def check_endpoint_type(value: str) -> EndpointType:
    if value in ENDPOINT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ENDPOINT_TYPE_VALUES!r}")
