from typing import Literal

UpdateRecordingStatusOperationOdataType = Literal["#microsoft.graph.updateRecordingStatusOperation"]

UPDATE_RECORDING_STATUS_OPERATION_ODATA_TYPE_VALUES: set[UpdateRecordingStatusOperationOdataType] = {
    "#microsoft.graph.updateRecordingStatusOperation",
}


def check_update_recording_status_operation_odata_type(value: str) -> UpdateRecordingStatusOperationOdataType:
    if value in UPDATE_RECORDING_STATUS_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_RECORDING_STATUS_OPERATION_ODATA_TYPE_VALUES!r}"
    )
