from typing import Literal

IncomingCallOptionsOdataType = Literal["#microsoft.graph.incomingCallOptions"]

INCOMING_CALL_OPTIONS_ODATA_TYPE_VALUES: set[IncomingCallOptionsOdataType] = {
    "#microsoft.graph.incomingCallOptions",
}


def check_incoming_call_options_odata_type(value: str) -> IncomingCallOptionsOdataType:
    if value in INCOMING_CALL_OPTIONS_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {INCOMING_CALL_OPTIONS_ODATA_TYPE_VALUES!r}"
    )
