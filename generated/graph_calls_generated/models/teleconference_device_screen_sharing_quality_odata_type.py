from typing import Literal

TeleconferenceDeviceScreenSharingQualityOdataType = Literal[
    "#microsoft.graph.teleconferenceDeviceScreenSharingQuality"
]

TELECONFERENCE_DEVICE_SCREEN_SHARING_QUALITY_ODATA_TYPE_VALUES: set[
    TeleconferenceDeviceScreenSharingQualityOdataType
] = {
    "#microsoft.graph.teleconferenceDeviceScreenSharingQuality",
}


def check_teleconference_device_screen_sharing_quality_odata_type(
    value: str,
) -> TeleconferenceDeviceScreenSharingQualityOdataType:
    if value in TELECONFERENCE_DEVICE_SCREEN_SHARING_QUALITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TELECONFERENCE_DEVICE_SCREEN_SHARING_QUALITY_ODATA_TYPE_VALUES!r}"
    )
