from typing import Literal

RecordingStatus = Literal["failed", "notRecording", "recording", "unknown", "unknownFutureValue"]

RECORDING_STATUS_VALUES: set[RecordingStatus] = {
    "failed",
    "notRecording",
    "recording",
    "unknown",
    "unknownFutureValue",
}


def check_recording_status(value: str) -> RecordingStatus:
    if value in RECORDING_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RECORDING_STATUS_VALUES!r}")
