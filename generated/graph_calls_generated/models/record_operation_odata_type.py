from typing import Literal

RecordOperationOdataType = Literal["#microsoft.graph.recordOperation"]

RECORD_OPERATION_ODATA_TYPE_VALUES: set[RecordOperationOdataType] = {
    "#microsoft.graph.recordOperation",
}


def check_record_operation_odata_type(value: str) -> RecordOperationOdataType:
    if value in RECORD_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RECORD_OPERATION_ODATA_TYPE_VALUES!r}")
