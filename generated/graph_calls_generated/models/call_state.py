from typing import Literal

CallState = Literal[
    "established",
    "establishing",
    "hold",
    "incoming",
    "redirecting",
    "terminated",
    "terminating",
    "transferAccepted",
    "transferring",
    "unknownFutureValue",
]

CALL_STATE_VALUES: set[CallState] = {
    "established",
    "establishing",
    "hold",
    "incoming",
    "redirecting",
    "terminated",
    "terminating",
    "transferAccepted",
    "transferring",
    "unknownFutureValue",
}


def check_call_state(value: str) -> CallState:
    if value in CALL_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CALL_STATE_VALUES!r}")
