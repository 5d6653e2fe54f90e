from typing import Literal

CancelMediaProcessingOperationOdataType = Literal["#microsoft.graph.cancelMediaProcessingOperation"]

CANCEL_MEDIA_PROCESSING_OPERATION_ODATA_TYPE_VALUES: set[CancelMediaProcessingOperationOdataType] = {
    "#microsoft.graph.cancelMediaProcessingOperation",
}


def check_cancel_media_processing_operation_odata_type(value: str) -> CancelMediaProcessingOperationOdataType:
    if value in CANCEL_MEDIA_PROCESSING_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CANCEL_MEDIA_PROCESSING_OPERATION_ODATA_TYPE_VALUES!r}"
    )
