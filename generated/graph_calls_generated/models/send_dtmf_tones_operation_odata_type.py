from typing import Literal

SendDtmfTonesOperationOdataType = Literal["#microsoft.graph.sendDtmfTonesOperation"]

SEND_DTMF_TONES_OPERATION_ODATA_TYPE_VALUES: set[SendDtmfTonesOperationOdataType] = {
    "#microsoft.graph.sendDtmfTonesOperation",
}


def check_send_dtmf_tones_operation_odata_type(value: str) -> SendDtmfTonesOperationOdataType:
    if value in SEND_DTMF_TONES_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SEND_DTMF_TONES_OPERATION_ODATA_TYPE_VALUES!r}"
    )
