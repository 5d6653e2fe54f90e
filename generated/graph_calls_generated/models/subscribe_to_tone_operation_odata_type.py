from typing import Literal

SubscribeToToneOperationOdataType = Literal["#microsoft.graph.subscribeToToneOperation"]

SUBSCRIBE_TO_TONE_OPERATION_ODATA_TYPE_VALUES: set[SubscribeToToneOperationOdataType] = {
    "#microsoft.graph.subscribeToToneOperation",
}


def check_subscribe_to_tone_operation_odata_type(value: str) -> SubscribeToToneOperationOdataType:
    if value in SUBSCRIBE_TO_TONE_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SUBSCRIBE_TO_TONE_OPERATION_ODATA_TYPE_VALUES!r}"
    )
