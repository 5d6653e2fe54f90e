from typing import Literal

JoinMeetingIdMeetingInfoOdataType = Literal["#microsoft.graph.joinMeetingIdMeetingInfo"]

JOIN_MEETING_ID_MEETING_INFO_ODATA_TYPE_VALUES: set[JoinMeetingIdMeetingInfoOdataType] = {
    "#microsoft.graph.joinMeetingIdMeetingInfo",
}


def check_join_meeting_id_meeting_info_odata_type(value: str) -> JoinMeetingIdMeetingInfoOdataType:
    if value in JOIN_MEETING_ID_MEETING_INFO_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {JOIN_MEETING_ID_MEETING_INFO_ODATA_TYPE_VALUES!r}"
    )
