from typing import Literal

ScreenSharingRole = Literal["sharer", "viewer"]

SCREEN_SHARING_ROLE_VALUES: set[ScreenSharingRole] = {
    "sharer",
    "viewer",
}


def check_screen_sharing_role(value: str) -> ScreenSharingRole:
    if value in SCREEN_SHARING_ROLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCREEN_SHARING_ROLE_VALUES!r}")
