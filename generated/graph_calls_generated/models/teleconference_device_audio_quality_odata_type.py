from typing import Literal

TeleconferenceDeviceAudioQualityOdataType = Literal["#microsoft.graph.teleconferenceDeviceAudioQuality"]

TELECONFERENCE_DEVICE_AUDIO_QUALITY_ODATA_TYPE_VALUES: set[TeleconferenceDeviceAudioQualityOdataType] = {
    "#microsoft.graph.teleconferenceDeviceAudioQuality",
}


def check_teleconference_device_audio_quality_odata_type(
    value: str,
) -> TeleconferenceDeviceAudioQualityOdataType:
    if value in TELECONFERENCE_DEVICE_AUDIO_QUALITY_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TELECONFERENCE_DEVICE_AUDIO_QUALITY_ODATA_TYPE_VALUES!r}"
    )
