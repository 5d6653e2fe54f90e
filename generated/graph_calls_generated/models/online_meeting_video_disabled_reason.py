from typing import Literal

OnlineMeetingVideoDisabledReason = Literal["unknownFutureValue", "watermarkProtection"]

ONLINE_MEETING_VIDEO_DISABLED_REASON_VALUES: set[OnlineMeetingVideoDisabledReason] = {
    "unknownFutureValue",
    "watermarkProtection",
}


def check_online_meeting_video_disabled_reason(value: str) -> OnlineMeetingVideoDisabledReason:
    if value in ONLINE_MEETING_VIDEO_DISABLED_REASON_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ONLINE_MEETING_VIDEO_DISABLED_REASON_VALUES!r}"
    )
