from typing import Literal

MediaDirection = Literal["inactive", "receiveOnly", "sendOnly", "sendReceive"]

MEDIA_DIRECTION_VALUES: set[MediaDirection] = {
    "inactive",
    "receiveOnly",
    "sendOnly",
    "sendReceive",
}


def check_media_direction(value: str) -> MediaDirection:
    if value in MEDIA_DIRECTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_DIRECTION_VALUES!r}")
