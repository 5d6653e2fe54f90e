from typing import Literal

TeleconferenceDeviceVideoQualityOdataType = Literal[
    "#microsoft.graph.teleconferenceDeviceScreenSharingQuality",
    "#microsoft.graph.teleconferenceDeviceVideoQuality",
]

TELECONFERENCE_DEVICE_VIDEO_QUALITY_ODATA_TYPE_VALUES: set[TeleconferenceDeviceVideoQualityOdataType] = {
    "#microsoft.graph.teleconferenceDeviceScreenSharingQuality",
    "#microsoft.graph.teleconferenceDeviceVideoQuality",
}


def check_teleconference_device_video_quality_odata_type(
    value: str,
) -> TeleconferenceDeviceVideoQualityOdataType:
    if value in TELECONFERENCE_DEVICE_VIDEO_QUALITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TELECONFERENCE_DEVICE_VIDEO_QUALITY_ODATA_TYPE_VALUES!r}"
    )
