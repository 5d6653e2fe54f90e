from typing import Literal

OperationStatus = Literal[
    "completed", "Completed", "failed", "Failed", "NotStarted", "notStarted", "Running", "running"
]

OPERATION_STATUS_VALUES: set[OperationStatus] = {
    "completed",
    "Completed",
    "failed",
    "Failed",
    "NotStarted",
    "notStarted",
    "Running",
    "running",
}


def check_operation_status(value: str) -> OperationStatus:
    if value in OPERATION_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OPERATION_STATUS_VALUES!r}")
