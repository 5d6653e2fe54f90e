from typing import Literal

OutgoingCallOptionsOdataType = Literal["#microsoft.graph.outgoingCallOptions"]

OUTGOING_CALL_OPTIONS_ODATA_TYPE_VALUES: set[OutgoingCallOptionsOdataType] = {
    "#microsoft.graph.outgoingCallOptions",
}


def check_outgoing_call_options_odata_type(value: str) -> OutgoingCallOptionsOdataType:
    if value in OUTGOING_CALL_OPTIONS_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {OUTGOING_CALL_OPTIONS_ODATA_TYPE_VALUES!r}"
    )
