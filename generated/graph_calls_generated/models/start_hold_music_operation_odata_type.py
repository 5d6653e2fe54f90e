from typing import Literal

StartHoldMusicOperationOdataType = Literal["#microsoft.graph.startHoldMusicOperation"]

START_HOLD_MUSIC_OPERATION_ODATA_TYPE_VALUES: set[StartHoldMusicOperationOdataType] = {
    "#microsoft.graph.startHoldMusicOperation",
}


def check_start_hold_music_operation_odata_type(value: str) -> StartHoldMusicOperationOdataType:
    if value in START_HOLD_MUSIC_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {START_HOLD_MUSIC_OPERATION_ODATA_TYPE_VALUES!r}"
    )
