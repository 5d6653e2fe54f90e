from typing import Literal

MediaState = Literal["active", "inactive", "unknownFutureValue"]

MEDIA_STATE_VALUES: set[MediaState] = {
    "active",
    "inactive",
    "unknownFutureValue",
}


def check_media_state(value: str) -> MediaState:
    if value in MEDIA_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_STATE_VALUES!r}")
