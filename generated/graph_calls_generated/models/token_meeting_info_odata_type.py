from typing import Literal

TokenMeetingInfoOdataType = Literal["#microsoft.graph.tokenMeetingInfo"]

TOKEN_MEETING_INFO_ODATA_TYPE_VALUES: set[TokenMeetingInfoOdataType] = {
    "#microsoft.graph.tokenMeetingInfo",
}


def check_token_meeting_info_odata_type(value: str) -> TokenMeetingInfoOdataType:
    if value in TOKEN_MEETING_INFO_ODATA_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TOKEN_MEETING_INFO_ODATA_TYPE_VALUES!r}")
