from typing import Literal

RejectReason = Literal["busy", "forbidden", "none", "unknownFutureValue"]

REJECT_REASON_VALUES: set[RejectReason] = {
    "busy",
    "forbidden",
    "none",
    "unknownFutureValue",
}


def check_reject_reason(value: str) -> RejectReason:
    if value in REJECT_REASON_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {REJECT_REASON_VALUES!r}")
