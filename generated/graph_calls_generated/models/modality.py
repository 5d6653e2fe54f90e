from typing import Literal

Modality = Literal["audio", "data", "unknownFutureValue", "video", "videoBasedScreenSharing"]

MODALITY_VALUES: set[Modality] = {
    "audio",
    "data",
    "unknownFutureValue",
    "video",
    "videoBasedScreenSharing",
}


def check_modality(value: str) -> Modality:
    if value in MODALITY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MODALITY_VALUES!r}")
