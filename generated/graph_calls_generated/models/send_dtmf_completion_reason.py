from typing import Literal

SendDtmfCompletionReason = Literal[
    "completedSuccessfully", "mediaOperationCanceled", "unknown", "unknownFutureValue"
]

SEND_DTMF_COMPLETION_REASON_VALUES: set[SendDtmfCompletionReason] = {
    "completedSuccessfully",
    "mediaOperationCanceled",
    "unknown",
    "unknownFutureValue",
}


def check_send_dtmf_completion_reason(value: str) -> SendDtmfCompletionReason:
    if value in SEND_DTMF_COMPLETION_REASON_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SEND_DTMF_COMPLETION_REASON_VALUES!r}")
