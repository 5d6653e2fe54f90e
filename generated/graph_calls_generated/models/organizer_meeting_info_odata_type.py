from typing import Literal

OrganizerMeetingInfoOdataType = Literal["#microsoft.graph.organizerMeetingInfo"]

ORGANIZER_MEETING_INFO_ODATA_TYPE_VALUES: set[OrganizerMeetingInfoOdataType] = {
    "#microsoft.graph.organizerMeetingInfo",
}


def check_organizer_meeting_info_odata_type(value: str) -> OrganizerMeetingInfoOdataType:
    if value in ORGANIZER_MEETING_INFO_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ORGANIZER_MEETING_INFO_ODATA_TYPE_VALUES!r}"
    )
