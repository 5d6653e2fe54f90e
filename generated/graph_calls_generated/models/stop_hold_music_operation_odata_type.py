from typing import Literal

StopHoldMusicOperationOdataType = Literal["#microsoft.graph.stopHoldMusicOperation"]

STOP_HOLD_MUSIC_OPERATION_ODATA_TYPE_VALUES: set[StopHoldMusicOperationOdataType] = {
    "#microsoft.graph.stopHoldMusicOperation",
}


def check_stop_hold_music_operation_odata_type(value: str) -> StopHoldMusicOperationOdataType:
    if value in STOP_HOLD_MUSIC_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STOP_HOLD_MUSIC_OPERATION_ODATA_TYPE_VALUES!r}"
    )
