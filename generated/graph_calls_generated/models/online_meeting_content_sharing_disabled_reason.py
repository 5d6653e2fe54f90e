from typing import Literal

OnlineMeetingContentSharingDisabledReason = Literal["unknownFutureValue", "watermarkProtection"]

ONLINE_MEETING_CONTENT_SHARING_DISABLED_REASON_VALUES: set[OnlineMeetingContentSharingDisabledReason] = {
    "unknownFutureValue",
    "watermarkProtection",
}


def check_online_meeting_content_sharing_disabled_reason(
    value: str,
) -> OnlineMeetingContentSharingDisabledReason:
    if value in ONLINE_MEETING_CONTENT_SHARING_DISABLED_REASON_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ONLINE_MEETING_CONTENT_SHARING_DISABLED_REASON_VALUES!r}"
    )
