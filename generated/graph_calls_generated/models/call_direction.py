from typing import Literal

CallDirection = Literal["incoming", "outgoing"]

CALL_DIRECTION_VALUES: set[CallDirection] = {
    "incoming",
    "outgoing",
}


def check_call_direction(value: str) -> CallDirection:
    if value in CALL_DIRECTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CALL_DIRECTION_VALUES!r}")
