from typing import Literal

CallTranscriptionState = Literal["active", "inactive", "notStarted", "unknownFutureValue"]

CALL_TRANSCRIPTION_STATE_VALUES: set[CallTranscriptionState] = {
    "active",
    "inactive",
    "notStarted",
    "unknownFutureValue",
}


def check_call_transcription_state(value: str) -> CallTranscriptionState:
    if value in CALL_TRANSCRIPTION_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CALL_TRANSCRIPTION_STATE_VALUES!r}")
